import { AsyncLocalStorage } from 'node:async_hooks';
import type { AdmissionLoad } from '@equity/shared';
import type { NextFunction, Request, Response } from 'express';
import { refusalBody } from './problems.js';

/**
 * A bounded number of API requests at work per instance (MAX_IN_FLIGHT); the rest wait in a FIFO
 * queue before any work is done for them (no session lookup, no query, no rows held), and only
 * beyond MAX_QUEUED waiting requests is the answer 503 with `Retry-After`. Under a burst, memory then
 * stays that of MAX_IN_FLIGHT requests instead of growing with every queued one, and the database
 * pool is not oversubscribed. A request whose client leaves while queued is dropped from the queue.
 * The health check is never queued. It stands behind the admission gate (core/admission.ts): a
 * request reaches it, and so counts, only once its body has arrived.
 */
/** The admitted request's release from its place (`InFlightLimiter`), in its async context. */
const admitted = new AsyncLocalStorage<() => void>();

/**
 * Gives the current request's place at work to the next one waiting: for a request that now only
 * waits for work another request does (`SharedWork`: a national table being computed) and then
 * sends what that work produced. It holds no query, connection or rows of its own meanwhile. When
 * a publication made the national table be computed again (≈ 0.5 s under load at scale L), the
 * requests asking for it meanwhile held every place, and every other page waited behind them.
 * Does nothing outside a request, or when called again.
 */
export function stepAside(): void {
  admitted.getStore()?.();
}

export class InFlightLimiter {
  private running = 0;
  private readonly queue: (() => void)[] = [];

  constructor(
    readonly maxInFlight: number,
    readonly maxQueued: number,
    readonly retryAfterSeconds = 1,
  ) {}

  get inFlight(): number {
    return this.running;
  }

  get queued(): number {
    return this.queue.length;
  }

  /** Saturation for /api/health: `full` when the next request would be refused (503). */
  get load(): AdmissionLoad {
    const full = this.running >= this.maxInFlight && this.queue.length >= this.maxQueued;
    const status = full ? 'full' : this.queue.length > 0 ? 'queueing' : 'ok';
    return { status, inFlight: this.running, queued: this.queue.length, maxInFlight: this.maxInFlight, maxQueued: this.maxQueued };
  }

  readonly middleware = (req: Request, res: Response, next: NextFunction): void => {
    if (!req.path.startsWith('/api/') || req.path === '/api/health') return next();
    const start = () => {
      this.running += 1;
      let released = false;
      const release = () => {
        if (released) return;
        released = true;
        this.running -= 1;
        this.queue.shift()?.();
      };
      res.once('finish', release);
      res.once('close', release);
      admitted.run(release, next);
    };
    if (this.running < this.maxInFlight) return start();
    if (this.queue.length >= this.maxQueued) {
      res
        .status(503)
        .set('Retry-After', String(this.retryAfterSeconds))
        .json({ ...refusalBody(503, 'Service Unavailable', 'The server is busy; retry in a moment.', { code: 'busy' }), retryAfterSeconds: this.retryAfterSeconds });
      return;
    }
    this.queue.push(start);
    res.once('close', () => {
      const i = this.queue.indexOf(start);
      if (i >= 0) this.queue.splice(i, 1);
    });
  };
}
