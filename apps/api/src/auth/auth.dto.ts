import { ApiProperty } from '@nestjs/swagger';
import type { ChangePasswordRequest, LoginRequest } from '@equity/shared';
import { IsString, MaxLength, MinLength } from 'class-validator';

export class LoginRequestDto implements LoginRequest {
  @ApiProperty({ example: 'hr.gent', description: 'Account name (case-insensitive).' })
  @IsString()
  @MinLength(1)
  @MaxLength(100)
  username!: string;

  @ApiProperty({ example: 'equity-demo' })
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  password!: string;
}

export class ChangePasswordDto implements ChangePasswordRequest {
  @ApiProperty({ description: 'The password you use now.' })
  @IsString()
  @MaxLength(200)
  currentPassword!: string;

  @ApiProperty({
    example: 'a-longer-pass-2026',
    description: 'At least 12 characters, not only letters, not containing your user name, not one of the most common passwords.',
  })
  @IsString()
  newPassword!: string;
}
