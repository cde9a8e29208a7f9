import { Body, Controller, Get, HttpCode, Param, Post, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiParam, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { ManagedUserDto, RevokeSessionsResponse, UnlockResponse } from '@equity/shared';
import type { AuthUser } from '../auth/auth-user.js';
import { CurrentUser, Roles } from '../auth/auth.decorators.js';
import { ApiOk } from '../openapi/response-schemas.js';
import { CreateUserDto, SetPasswordDto, UpdateUserDto } from './users.dto.js';
import { UsersService } from './users.service.js';

const invalid = ApiResponse({ status: 422, description: 'Every problem at once, by field; nothing was changed.', schema: { $ref: '#/components/schemas/ValidationError' } });
const username = ApiParam({ name: 'username', example: 'hr.gent' });

/** Account administration: administrators only (checked by the global AuthGuard). */
@ApiTags('users')
@ApiBearerAuth()
@Roles('admin')
@Controller('v1/users')
export class UsersController {
  constructor(private readonly users: UsersService) {}

  @Get()
  @ApiOperation({ summary: 'Every account with its role, zones, status, lock and open sessions (administrators only).' })
  @ApiOk('ManagedUser', { isArray: true })
  list(): Promise<ManagedUserDto[]> {
    return this.users.list();
  }

  @Get(':username')
  @username
  @ApiOperation({ summary: 'One account (administrators only).' })
  @ApiOk('ManagedUser')
  get(@Param('username') name: string): Promise<ManagedUserDto> {
    return this.users.get(name);
  }

  @Post()
  @ApiOperation({ summary: 'Create an account (administrators only). HR officers need at least one zone; other roles none.' })
  @ApiOk('ManagedUser', { status: 201 })
  @invalid
  create(@CurrentUser() actor: AuthUser, @Body() body: CreateUserDto): Promise<ManagedUserDto> {
    return this.users.create(actor, body);
  }

  @Put(':username')
  @username
  @ApiOperation({ summary: 'Change display name, role, zones or active (administrators only). A new role or a deactivation ends the user’s sessions.' })
  @ApiOk('ManagedUser')
  @invalid
  update(@CurrentUser() actor: AuthUser, @Param('username') name: string, @Body() body: UpdateUserDto): Promise<ManagedUserDto> {
    return this.users.update(actor, name, body);
  }

  @Post(':username/password')
  @HttpCode(204)
  @username
  @ApiOperation({ summary: 'Set a new password for the account (administrators only): its sessions end and any sign-in lock is lifted.' })
  @invalid
  async setPassword(@CurrentUser() actor: AuthUser, @Param('username') name: string, @Body() body: SetPasswordDto): Promise<void> {
    await this.users.setPassword(actor, name, body.password);
  }

  @Post(':username/revoke-sessions')
  @HttpCode(200)
  @username
  @ApiOperation({ summary: 'End every open session of the account at once (administrators only).' })
  @ApiOk('RevokeSessions')
  async revokeSessions(@CurrentUser() actor: AuthUser, @Param('username') name: string): Promise<RevokeSessionsResponse> {
    return { revoked: await this.users.revokeSessions(actor, name) };
  }

  @Post(':username/unlock')
  @HttpCode(200)
  @username
  @ApiOperation({
    summary:
      'Lift the sign-in lock of the account (after 5 failed attempts within 15 minutes) and forget its counted failures, without changing its password (administrators only).',
  })
  @ApiOk('Unlock')
  unlock(@CurrentUser() actor: AuthUser, @Param('username') name: string): Promise<UnlockResponse> {
    return this.users.unlock(actor, name);
  }
}
