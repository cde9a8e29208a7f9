import { applyDecorators, UseGuards } from '@nestjs/common';
import { ApiOperation, ApiResponse } from '@nestjs/swagger';
import { Public } from './auth.decorators.js';
import { LoginRateLimitGuard } from './login-rate-limit.guard.js';

/**
 * An endpoint that signs someone in (local login, OpenID Connect start and callback): public, counted
 * by the per-address login limit (LoginRateLimitGuard), and documented with its answers by status.
 */
export function LoginEndpoint(operation: { summary: string; description: string }, responses: Record<number, string>): MethodDecorator & ClassDecorator {
  return applyDecorators(
    Public(),
    UseGuards(LoginRateLimitGuard),
    ApiOperation(operation),
    ...Object.entries(responses).map(([status, description]) => ApiResponse({ status: Number(status), description })),
  );
}
