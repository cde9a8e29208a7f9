import { type RefusalBody, refusalBody } from '../core/problems.js';
import type { NextFunction, Request, Response } from 'express';
import type { EmbeddedState } from './embedded-postgres.js';

/**
 * What the application knows of its database beyond its connection pool: the state of the
 * embedded PostgreSQL it supervises (main.ts), absent with DATABASE_URL.
 */
export interface DatabaseMonitor {
  readonly state: EmbeddedState;
  readonly restarts: number;
}

export const DATABASE_MONITOR = Symbol('DATABASE_MONITOR');

/** Seconds a client is asked to wait (Retry-After) while the database is unavailable. */
export const DATABASE_RETRY_AFTER_SECONDS = 2;

/** Node socket errors of a connection that could not be made or was lost. */
const SOCKET_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'ENOTFOUND', 'EAI_AGAIN']);
/** PostgreSQL: admin_shutdown, crash_shutdown, cannot_connect_now (starting up, recovering), too_many_connections. */
const SERVER_CODES = new Set(['57P01', '57P02', '57P03', '53300']);
/** pg's own errors of a lost or unobtainable connection (they have no code). */
const MESSAGES = [
  'Connection terminated',
  'connection terminated',
  'Client has encountered a connection error and is not queryable',
  'timeout exceeded when trying to connect',
  'Client was closed and is not queryable',
  'Connection is not established',
];

/**
 * Whether an error means the database cannot be reached (down, restarting, connection lost),
 * as opposed to a failed query: then the request is answered 503, not 500. Looks through
 * TypeORM's QueryFailedError (`driverError`) and `cause`.
 */
export function isDatabaseUnavailable(err: unknown, depth = 0): boolean {
  if (typeof err !== 'object' || err === null || depth > 3) return false;
  const e = err as { code?: unknown; message?: unknown; driverError?: unknown; cause?: unknown; errors?: unknown };
  if (typeof e.code === 'string' && (SOCKET_CODES.has(e.code) || SERVER_CODES.has(e.code) || e.code.startsWith('08'))) return true;
  if (typeof e.message === 'string' && MESSAGES.some((m) => (e.message as string).includes(m))) return true;
  // AggregateError (a connection to several addresses, all refused).
  if (Array.isArray(e.errors) && e.errors.some((x) => isDatabaseUnavailable(x, depth + 1))) return true;
  return isDatabaseUnavailable(e.driverError, depth + 1) || isDatabaseUnavailable(e.cause, depth + 1);
}

/** The one error shape (`errors[]`, core/problems.ts) of a request refused while the database is unavailable. */
export function databaseUnavailableBody(): RefusalBody & { retryAfterSeconds: number } {
  const message = 'The database is unavailable for a moment (it is being restarted). Nothing was saved. Please try again in a few seconds.';
  return { ...refusalBody(503, 'Service Unavailable', message, { code: 'database_unavailable' }), retryAfterSeconds: DATABASE_RETRY_AFTER_SECONDS };
}

/**
 * Middleware: while the supervised database is not running, API requests are refused with 503
 * before any work (the pool would fail each one anyway); `/api/health` still answers, with the state.
 */
export function refuseWhileDatabaseDown(monitor: DatabaseMonitor) {
  return (req: Request, res: Response, next: NextFunction): void => {
    if (monitor.state === 'running' || !req.path.startsWith('/api/') || req.path === '/api/health') return next();
    res.setHeader('Retry-After', String(DATABASE_RETRY_AFTER_SECONDS));
    res.status(503).json(databaseUnavailableBody());
  };
}
