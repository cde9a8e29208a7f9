import { HttpException, HttpStatus } from '@nestjs/common';

/**
 * 429 with a `Retry-After` header (set by HttpExceptionFilter) and the same figures in the body:
 * `retryAfterSeconds` and `retryAt` (ISO time).
 */
export class TooManyRequestsException extends HttpException {
  constructor(
    message: string,
    readonly retryAfterSeconds: number,
  ) {
    const retryAt = new Date(Date.now() + retryAfterSeconds * 1000).toISOString();
    super({ statusCode: 429, error: 'Too Many Requests', message, retryAfterSeconds, retryAt }, HttpStatus.TOO_MANY_REQUESTS);
  }
}
