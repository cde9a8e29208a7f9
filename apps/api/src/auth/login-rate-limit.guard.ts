import { type CanActivate, type ExecutionContext, Inject, Injectable } from '@nestjs/common';
import type { Request } from 'express';
import { APP_CONFIG } from '../config/config.module.js';
import type { AppConfig } from '../config/config.js';
import { TooManyRequestsException } from '../core/too-many-requests.js';
import { SlidingWindowRateLimiter } from './rate-limiter.js';

/** The per-address limiter of sign-in attempts (one per application, in memory). */
@Injectable()
export class LoginRateLimiter extends SlidingWindowRateLimiter {
  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    super(config.loginRateLimit, 60_000);
  }
}

/**
 * At most LOGIN_RATE_LIMIT sign-in attempts per client address per minute, counted before the body
 * is even read (guards run before validation). The address is the socket's, or the one reported by
 * TRUST_PROXY trusted proxies.
 */
@Injectable()
export class LoginRateLimitGuard implements CanActivate {
  constructor(private readonly limiter: LoginRateLimiter) {}

  canActivate(context: ExecutionContext): boolean {
    const req = context.switchToHttp().getRequest<Request>();
    const decision = this.limiter.hit(req.ip ?? req.socket.remoteAddress ?? 'unknown');
    if (!decision.allowed) {
      const s = decision.retryAfterSeconds;
      throw new TooManyRequestsException(
        `Too many sign-in attempts from your network address. Please wait ${s === 1 ? '1 second' : `${s} seconds`} and try again.`,
        s,
      );
    }
    return true;
  }
}
