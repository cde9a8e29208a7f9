/**
 * A small in-memory sliding-window rate limiter: at most `limit` hits per key within `windowMs`.
 * Used per client address on the login endpoint. State lives in this process only, which is fine
 * for a per-minute limit (the per-account lockout, which must survive restarts, is in the database).
 *
 * `@nestjs/throttler` 6.7 declares NestJS 12 as a peer but is CommonJS requiring the ESM-only
 * `@nestjs/common`, which the test runner cannot load on Node 20; hence this.
 */
export interface RateLimitDecision {
  allowed: boolean;
  /** Whole seconds until the next hit would be allowed (0 when allowed). */
  retryAfterSeconds: number;
  remaining: number;
}

export class SlidingWindowRateLimiter {
  private readonly hits = new Map<string, number[]>();
  private lastSweep = 0;

  constructor(
    readonly limit: number,
    readonly windowMs: number,
    /** Upper bound on tracked keys; beyond it the oldest keys are dropped (memory stays bounded). */
    private readonly maxKeys = 50_000,
  ) {
    if (!Number.isInteger(limit) || limit < 1) throw new Error('limit must be a whole number ≥ 1');
    if (!(windowMs > 0)) throw new Error('windowMs must be > 0');
  }

  /** Counts a hit for `key` unless the limit is reached; refused hits are not counted. */
  hit(key: string, now = Date.now()): RateLimitDecision {
    this.sweep(now);
    const since = now - this.windowMs;
    const recent = (this.hits.get(key) ?? []).filter((t) => t > since);
    if (recent.length >= this.limit) {
      this.hits.set(key, recent);
      const retryAfterMs = recent[0]! + this.windowMs - now;
      return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil(retryAfterMs / 1000)), remaining: 0 };
    }
    recent.push(now);
    this.hits.delete(key); // re-insert so Map order is least recently used first
    this.hits.set(key, recent);
    if (this.hits.size > this.maxKeys) {
      const oldest = this.hits.keys().next().value;
      if (oldest !== undefined) this.hits.delete(oldest);
    }
    return { allowed: true, retryAfterSeconds: 0, remaining: this.limit - recent.length };
  }

  /** Whether a hit for `key` would be allowed now, without counting one. */
  check(key: string, now = Date.now()): RateLimitDecision {
    const since = now - this.windowMs;
    const recent = (this.hits.get(key) ?? []).filter((t) => t > since);
    if (recent.length >= this.limit) {
      return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil((recent[0]! + this.windowMs - now) / 1000)), remaining: 0 };
    }
    return { allowed: true, retryAfterSeconds: 0, remaining: this.limit - recent.length };
  }

  /** Number of keys currently tracked (for tests). */
  get size(): number {
    return this.hits.size;
  }

  /** Forgets keys whose hits are all older than the window; at most once per window. */
  private sweep(now: number): void {
    if (now - this.lastSweep < this.windowMs) return;
    this.lastSweep = now;
    const since = now - this.windowMs;
    for (const [key, times] of this.hits) {
      if (!times.some((t) => t > since)) this.hits.delete(key);
    }
  }
}
