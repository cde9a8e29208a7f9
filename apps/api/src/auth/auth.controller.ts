import { Body, Controller, Get, HttpCode, Post, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { LoginResponse, UserDto } from '@equity/shared';
import type { Request } from 'express';
import { type AuthUser, toUserDto } from './auth-user.js';
import { CurrentUser } from './auth.decorators.js';
import { ChangePasswordDto, LoginRequestDto } from './auth.dto.js';
import { bearerToken } from './auth.guard.js';
import { AuthService } from './auth.service.js';
import { LoginEndpoint } from './login-endpoint.js';

@ApiTags('auth')
@Controller('v1/auth')
export class AuthController {
  constructor(private readonly auth: AuthService) {}

  @Post('login')
  @HttpCode(200)
  @LoginEndpoint(
    {
      summary: 'Log in with a local account; returns a bearer token.',
      description:
        'After 5 failed attempts for one user name within 15 minutes, that name is locked for 15 minutes (even the right password is refused). ' +
        'Each client address may try at most LOGIN_RATE_LIMIT times a minute (default 20). Both answer 429 with a Retry-After header.',
    },
    {
      401: 'Wrong user name or password (the same answer for an account that does not exist).',
      429: 'Locked user name or too many attempts from this address; `Retry-After` says when to try again.',
    },
  )
  login(@Body() body: LoginRequestDto): Promise<LoginResponse> {
    return this.auth.login(body.username, body.password);
  }

  @Post('logout')
  @HttpCode(204)
  @ApiBearerAuth()
  @ApiOperation({ summary: 'End this session: the token stops working at once.' })
  async logout(@Req() req: Request, @CurrentUser() user: AuthUser): Promise<void> {
    const token = bearerToken(req);
    if (token) await this.auth.logout(token, user);
  }

  @Post('password')
  @HttpCode(204)
  @ApiBearerAuth()
  @ApiOperation({ summary: 'Change your own password. Every other session of your account ends; this one stays.' })
  @ApiResponse({ status: 422, description: 'Wrong current password and/or a new password that breaks the policy, every problem at once.', schema: { $ref: '#/components/schemas/ValidationError' } })
  async changePassword(@Req() req: Request, @CurrentUser() user: AuthUser, @Body() body: ChangePasswordDto): Promise<void> {
    await this.auth.changePassword(user, bearerToken(req) ?? '', body.currentPassword, body.newPassword);
  }

  @Get('me')
  @ApiBearerAuth()
  @ApiOperation({ summary: 'The logged-in account, its role and zones.' })
  me(@CurrentUser() user: AuthUser): UserDto {
    return toUserDto(user);
  }
}
