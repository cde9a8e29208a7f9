import { type Count, protectCount, type Rate, type RateDto, type Served, WITHHELD_COMPARISON } from '@equity/shared';

function isRate(v: unknown): v is Rate {
  return typeof v === 'object' && v !== null && 'numerator' in v && 'denominator' in v && 'value' in v && 'interval' in v;
}

/** A rate as a caller with threshold k may see it: small counts suppressed, and then no value or interval. */
export function serveRate(r: Rate, k: number): RateDto {
  if (k <= 1) return r;
  // NaN is a count the protected tables withhold (ProtectedCounts).
  const protect = (n: number): Count => (Number.isFinite(n) ? protectCount(n, k) : { suppressed: true });
  const numerator: Count = protect(r.numerator);
  const denominator: Count = protect(r.denominator);
  const hidden = typeof numerator !== 'number' || typeof denominator !== 'number';
  return hidden ? { value: null, numerator, denominator, interval: null } : r;
}

/** True when a served rate withholds its value because of disclosure control. */
export function withheld(r: RateDto): boolean {
  return typeof r.numerator !== 'number' || typeof r.denominator !== 'number';
}

/**
 * Serves every rate inside a result for threshold k, and clears what would leak a withheld rate:
 * a comparison's ratio and p-value when either side is withheld (its verdict becomes `suppressed`,
 * WITHHELD_COMPARISON: withheld, not "too few to conclude"). Other numbers derived from withheld
 * rates are cleared by the caller (AnalyticsService.serveMetrics).
 */
export function serve<T>(value: T, k: number): Served<T> {
  const walk = (v: unknown): unknown => {
    if (isRate(v)) return serveRate(v, k);
    if (typeof v === 'number' && !Number.isFinite(v)) return null;
    if (Array.isArray(v)) return v.map(walk);
    if (typeof v === 'object' && v !== null) {
      const out: Record<string, unknown> = {};
      for (const [key, child] of Object.entries(v)) out[key] = walk(child);
      if ('impactRatio' in out && isServedRate(out['group']) && isServedRate(out['reference'])) {
        if (withheld(out['group']) || withheld(out['reference'])) {
          Object.assign(out, WITHHELD_COMPARISON);
        }
      }
      return out;
    }
    return v;
  };
  return walk(value) as Served<T>;
}

function isServedRate(v: unknown): v is RateDto {
  return typeof v === 'object' && v !== null && 'numerator' in v && 'denominator' in v;
}
