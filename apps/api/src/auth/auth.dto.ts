import { ApiProperty } from '@nestjs/swagger';
import type { LoginRequest } from '@equity/shared';
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
