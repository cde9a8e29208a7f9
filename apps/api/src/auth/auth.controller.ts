import { Body, Controller, Get, HttpCode, Post, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { LoginResponse, UserDto } from '@equity/shared';
import type { Request } from 'express';
import { type AuthUser, toUserDto } from './auth-user.js';
import { CurrentUser, Public } from './auth.decorators.js';
import { LoginRequestDto } from './auth.dto.js';
import { bearerToken } from './auth.guard.js';
import { AuthService } from './auth.service.js';

@ApiTags('auth')
@Controller('v1/auth')
export class AuthController {
  constructor(private readonly auth: AuthService) {}

  @Public()
  @Post('login')
  @HttpCode(200)
  @ApiOperation({ summary: 'Log in with a local account; returns a bearer token.' })
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

  @Get('me')
  @ApiBearerAuth()
  @ApiOperation({ summary: 'The logged-in account, its role and zones.' })
  me(@CurrentUser() user: AuthUser): UserDto {
    return toUserDto(user);
  }
}
