import { type ArgumentsHost, Catch, type ExceptionFilter, HttpException, HttpStatus, Logger } from '@nestjs/common';
import type { Response } from 'express';
import { DATABASE_RETRY_AFTER_SECONDS, databaseUnavailableBody, isDatabaseUnavailable } from '../db/database-state.js';
import { TooManyRequestsException } from './too-many-requests.js';

/**
 * Every error leaves as JSON with `statusCode`, `error` and a `message` a person can read.
 * Unexpected errors are logged server-side and answered with a generic 500: no stack traces out.
 * A database that cannot be reached (down, restarting) is a 503 `database_unavailable` with Retry-After.
 */
@Catch()
export class HttpExceptionFilter implements ExceptionFilter {
  private readonly logger = new Logger('HTTP');

  catch(exception: unknown, host: ArgumentsHost): void {
    const res = host.switchToHttp().getResponse<Response>();
    if (exception instanceof HttpException) {
      const status = exception.getStatus();
      const body = exception.getResponse();
      if (exception instanceof TooManyRequestsException) res.setHeader('Retry-After', String(exception.retryAfterSeconds));
      if (typeof body === 'object' && body !== null) {
        const b = body as Record<string, unknown>;
        res.status(status).json({ ...b, statusCode: status, message: humanMessage(status, b['message']) });
      } else {
        res.status(status).json({ statusCode: status, error: HttpStatus[status] ?? 'Error', message: String(body) });
      }
      return;
    }
    const payloadTooLarge = (exception as { type?: string })?.type === 'entity.too.large';
    if (payloadTooLarge) {
      res.status(413).json({ statusCode: 413, error: 'Payload Too Large', message: 'The request is too large.' });
      return;
    }
    const parseFailed = (exception as { type?: string })?.type === 'entity.parse.failed';
    if (parseFailed) {
      res.status(400).json({ statusCode: 400, error: 'Bad Request', message: 'The request body is not valid JSON.' });
      return;
    }
    if (isDatabaseUnavailable(exception)) {
      // The database is down or restarting (db/database-state.ts): worth a retry, not a 500.
      this.logger.warn(`Database unavailable: ${exception instanceof Error ? exception.message : String(exception)}`);
      res.setHeader('Retry-After', String(DATABASE_RETRY_AFTER_SECONDS));
      res.status(503).json(databaseUnavailableBody());
      return;
    }
    this.logger.error(exception instanceof Error ? (exception.stack ?? exception.message) : String(exception));
    res.status(500).json({
      statusCode: 500,
      error: 'Internal Server Error',
      message: 'Something went wrong on our side. Nothing was saved. Please try again or contact the administrator.',
    });
  }
}

function humanMessage(status: number, message: unknown): string {
  if (Array.isArray(message)) return message.join('; ');
  if (typeof message === 'string' && message) return message;
  return HttpStatus[status] ?? 'Error';
}
