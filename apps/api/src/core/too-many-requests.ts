import { HttpException, HttpStatus } from '@nestjs/common';
import { refusalBody } from './problems.js';

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

/**
 * 503 `busy` with a `Retry-After` header (set by HttpExceptionFilter): the instance has too much of
 * one kind of work under way (exports/export-runner.ts) and refuses more before doing any of it.
 */
export class ServiceBusyException extends HttpException {
  constructor(
    message: string,
    readonly retryAfterSeconds: number,
  ) {
    super(
      { ...refusalBody(503, 'Service Unavailable', message, { code: 'busy' }), retryAfterSeconds },
      HttpStatus.SERVICE_UNAVAILABLE,
    );
  }
}
