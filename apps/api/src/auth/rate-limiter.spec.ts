import { SlidingWindowRateLimiter } from './rate-limiter.js';

describe('SlidingWindowRateLimiter', () => {
  it('allows `limit` hits per window per key, then refuses with the seconds to wait', () => {
    const limiter = new SlidingWindowRateLimiter(3, 60_000);
    const t0 = 1_000_000;
    expect(limiter.hit('a', t0)).toEqual({ allowed: true, retryAfterSeconds: 0, remaining: 2 });
    expect(limiter.hit('a', t0 + 10_000).allowed).toBe(true);
    expect(limiter.hit('a', t0 + 20_000)).toMatchObject({ allowed: true, remaining: 0 });
    // The oldest hit leaves the window at t0 + 60 s: 30 s from now.
    expect(limiter.hit('a', t0 + 30_000)).toEqual({ allowed: false, retryAfterSeconds: 30, remaining: 0 });
    // Another key has its own budget.
    expect(limiter.hit('b', t0 + 30_000).allowed).toBe(true);
  });

  it('slides: one slot frees when the oldest hit is a window old, and refused hits do not count', () => {
    const limiter = new SlidingWindowRateLimiter(2, 1000);
    expect(limiter.hit('a', 0).allowed).toBe(true);
    expect(limiter.hit('a', 500).allowed).toBe(true);
    expect(limiter.hit('a', 900)).toMatchObject({ allowed: false, retryAfterSeconds: 1 });
    expect(limiter.hit('a', 999).allowed).toBe(false);
    expect(limiter.hit('a', 1000).allowed).toBe(true); // the hit at 0 left the window
    expect(limiter.hit('a', 1001).allowed).toBe(false); // hits at 500 and 1000 remain
    expect(limiter.hit('a', 1500).allowed).toBe(true);
  });

  it('forgets idle keys and never tracks more than maxKeys', () => {
    const limiter = new SlidingWindowRateLimiter(1, 1000, 3);
    for (const key of ['a', 'b', 'c', 'd', 'e']) limiter.hit(key, 0);
    expect(limiter.size).toBe(3);
    expect(limiter.hit('e', 10).allowed).toBe(false); // the most recent keys are kept
    limiter.hit('z', 5000); // a window later: everything idle is swept
    expect(limiter.size).toBe(1);
  });

  it('check tells whether a hit would be allowed without counting one', () => {
    const limiter = new SlidingWindowRateLimiter(2, 1000);
    expect(limiter.check('a', 0)).toEqual({ allowed: true, retryAfterSeconds: 0, remaining: 2 });
    limiter.hit('a', 0);
    limiter.hit('a', 100);
    for (let i = 0; i < 5; i++) expect(limiter.check('a', 200)).toEqual({ allowed: false, retryAfterSeconds: 1, remaining: 0 });
    expect(limiter.check('a', 1001).allowed).toBe(true);
    expect(limiter.check('b', 200).remaining).toBe(2);
  });

  it('rejects nonsensical settings', () => {
    expect(() => new SlidingWindowRateLimiter(0, 1000)).toThrow(/limit/);
    expect(() => new SlidingWindowRateLimiter(1, 0)).toThrow(/windowMs/);
  });
});
