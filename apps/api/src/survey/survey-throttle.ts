import { type CallHandler, type ExecutionContext, Inject, Injectable, type NestInterceptor } from '@nestjs/common';
import type { Request } from 'express';
import { catchError, type Observable, throwError } from 'rxjs';
import { SlidingWindowRateLimiter } from '../auth/rate-limiter.js';
import { APP_CONFIG } from '../config/config.module.js';
import type { AppConfig } from '../config/config.js';
import { ValidationProblemsException } from '../core/problems.js';
import { TooManyRequestsException } from '../core/too-many-requests.js';

/** Wrong survey codes per client address within 10 minutes, in memory only (never stored or logged). */
@Injectable()
export class SurveyCodeLimiter extends SlidingWindowRateLimiter {
  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    super(config.surveyCodeRateLimit, 10 * 60_000);
  }
}

/** 422 for a code that is not one of any campaign's; counts as a guess. */
export class UnknownSurveyCodeException extends ValidationProblemsException {
  constructor() {
    const message = 'This code is not known. Check that you typed it exactly as printed on your slip: 12 letters and digits, such as ABCD-EFGH-JKMN.';
    super([{ row: null, column: 'code', code: 'survey_code_unknown', message }], [], message);
  }
}

/**
 * Throttles code guessing: an address that entered SURVEY_CODE_RATE_LIMIT wrong codes within 10
 * minutes gets 429 (with Retry-After) for every code, right or wrong, until the window passes, so a
 * guesser cannot tell a hit while blocked. Right codes are not counted: many colleagues answering
 * from one office network are not slowed down.
 */
@Injectable()
export class SurveyCodeThrottle implements NestInterceptor {
  constructor(private readonly limiter: SurveyCodeLimiter) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const req = context.switchToHttp().getRequest<Request>();
    const address = req.ip ?? req.socket.remoteAddress ?? 'unknown';
    const state = this.limiter.check(address);
    if (!state.allowed) throw tooMany(state.retryAfterSeconds);
    return next.handle().pipe(
      catchError((err: unknown) => {
        if (err instanceof UnknownSurveyCodeException) {
          const d = this.limiter.hit(address);
          if (!d.allowed) return throwError(() => tooMany(d.retryAfterSeconds));
        }
        return throwError(() => err);
      }),
    );
  }
}

function tooMany(s: number): TooManyRequestsException {
  const minutes = Math.ceil(s / 60);
  return new TooManyRequestsException(
    `Too many wrong codes were entered from your network address. Please wait ${minutes === 1 ? '1 minute' : `${minutes} minutes`} and try again.`,
    s,
  );
}
