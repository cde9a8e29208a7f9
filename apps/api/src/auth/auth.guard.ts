import { type CanActivate, type ExecutionContext, Inject, Injectable } from '@nestjs/common';
import { RefusalException } from '../core/problems.js';
import { Reflector } from '@nestjs/core';
import type { Role } from '@equity/shared';
import type { Request } from 'express';
import { APP_CONFIG } from '../config/config.module.js';
import type { AppConfig } from '../config/config.js';
import { type AuthUser, PUBLIC_CALLER } from './auth-user.js';
import { IS_PUBLIC, PUBLIC_READ, ROLES } from './auth.decorators.js';
import { AuthService } from './auth.service.js';

export function bearerToken(req: Request): string | null {
  const header = req.headers.authorization ?? '';
  const m = /^Bearer\s+(\S+)$/i.exec(header);
  return m?.[1] ?? null;
}

/** Global guard: every endpoint needs a valid bearer token unless marked @Public(); @Roles() narrows it. */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly auth: AuthService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, targets)) return true;
    const req = context.switchToHttp().getRequest<Request & { user?: AuthUser }>();
    const token = bearerToken(req);
    let user: AuthUser | null;
    if (!token && this.config.publicAccess && this.reflector.getAllAndOverride<boolean>(PUBLIC_READ, targets)) {
      user = PUBLIC_CALLER;
    } else {
      if (!token) throw new RefusalException(401, 'login_required', 'Please log in: this page needs an account.');
      user = await this.auth.resolve(token);
      if (!user) throw new RefusalException(401, 'session_expired', 'Your session has expired or was ended. Please log in again.');
    }
    req.user = user;
    const roles = this.reflector.getAllAndOverride<Role[] | undefined>(ROLES, targets);
    if (roles && !(roles as string[]).includes(user.role)) {
      throw new RefusalException(403, 'role_forbidden', `Your role (${user.role}) may not do this.`, { role: user.role });
    }
    return true;
  }
}
