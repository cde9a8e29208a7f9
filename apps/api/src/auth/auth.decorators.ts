import { createParamDecorator, type ExecutionContext, SetMetadata } from '@nestjs/common';
import type { Role } from '@equity/shared';
import type { AuthUser } from './auth-user.js';

export const IS_PUBLIC = 'equity:isPublic';
export const ROLES = 'equity:roles';
export const PUBLIC_READ = 'equity:publicRead';

/** The endpoint needs no login. */
export const Public = () => SetMetadata(IS_PUBLIC, true);

/**
 * Also open without a login, at researcher level (threshold k), when PUBLIC_ACCESS is on:
 * the aggregated, disclosure-controlled outputs only.
 */
export const PublicRead = () => SetMetadata(PUBLIC_READ, true);

/** Only these roles may call the endpoint (checked by the global AuthGuard). */
export const Roles = (...roles: Role[]) => SetMetadata(ROLES, roles);

export const CurrentUser = createParamDecorator((_data: unknown, ctx: ExecutionContext): AuthUser => {
  const req = ctx.switchToHttp().getRequest<{ user?: AuthUser }>();
  if (!req.user) throw new Error('CurrentUser used on a public endpoint');
  return req.user;
});
