import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { type CreateUserRequest, ROLES, type Role, type SetPasswordRequest, type UpdateUserRequest } from '@equity/shared';
import { ArrayMaxSize, IsArray, IsBoolean, IsOptional, IsString } from 'class-validator';

// Only the types are checked here; what the values mean (pattern, role, zones, password policy,
// user name taken) is checked by the service, so that every such problem is reported at once.

const PASSWORD_RULES = 'At least 12 characters, not only letters, not containing the user name, not one of the most common passwords.';

export class CreateUserDto implements CreateUserRequest {
  @ApiProperty({ example: 'hr.leuven', description: '3–64 characters: lower-case letters, digits, dots, hyphens, underscores (stored in lower case).' })
  @IsString()
  username!: string;

  @ApiProperty({ example: 'Lotte (HR Leuven)', maxLength: 100 })
  @IsString()
  displayName!: string;

  @ApiProperty({ enum: ROLES })
  @IsString()
  role!: Role;

  @ApiPropertyOptional({ type: [String], example: ['5388'], description: 'Zone codes: at least one for hr, none for other roles.' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(500)
  @IsString({ each: true })
  zones?: string[];

  @ApiProperty({ example: 'a-long-first-pass-2026', description: PASSWORD_RULES })
  @IsString()
  password!: string;
}

export class UpdateUserDto implements UpdateUserRequest {
  @ApiPropertyOptional({ maxLength: 100 })
  @IsOptional()
  @IsString()
  displayName?: string;

  @ApiPropertyOptional({ enum: ROLES, description: 'A change of role ends the user’s sessions.' })
  @IsOptional()
  @IsString()
  role?: Role;

  @ApiPropertyOptional({ type: [String], description: 'Replaces the zones (hr only). Leaving the hr role clears them.' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(500)
  @IsString({ each: true })
  zones?: string[];

  @ApiPropertyOptional({ description: 'false deactivates the account and ends its sessions.' })
  @IsOptional()
  @IsBoolean()
  active?: boolean;
}

export class SetPasswordDto implements SetPasswordRequest {
  @ApiProperty({ example: 'a-new-pass-for-you-2026', description: PASSWORD_RULES })
  @IsString()
  password!: string;
}
