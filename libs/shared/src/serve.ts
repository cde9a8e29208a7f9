/**
 * Serving figures to a caller under disclosure control (threshold k): every rate's small counts
 * suppressed, and what would give a withheld count back cleared with it. The one source of served
 * figures for every path (a zone's metrics, the national comparison, targets, exports), so that a
 * figure withheld on one path is withheld on all.
 */
import { type Rate, WITHHELD_COMPARISON, WITHHELD_HIRING, type ZoneMetrics } from './analytics.js';
import type { Count, RateDto, Served } from './contracts.js';
import { protectCount } from './disclosure.js';

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

/** True when a served rate withholds a count (and so its value) because of disclosure control. */
export function isWithheldRate(r: RateDto): boolean {
  return typeof r.numerator !== 'number' || typeof r.denominator !== 'number';
}

function isServedRate(v: unknown): v is RateDto {
  return typeof v === 'object' && v !== null && 'numerator' in v && 'denominator' in v;
}

/**
 * Serves every rate inside a result for threshold k, and clears what would leak a withheld rate:
 * a comparison's ratio and p-value when either side is withheld (its verdict becomes `suppressed`,
 * WITHHELD_COMPARISON: withheld, not "too few to conclude"). Other numbers derived from withheld
 * rates are cleared by `serveMetrics`.
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
        if (isWithheldRate(out['group']) || isWithheldRate(out['reference'])) {
          Object.assign(out, WITHHELD_COMPARISON);
        }
      }
      return out;
    }
    return v;
  };
  return walk(value) as Served<T>;
}

/**
 * A zone's (or a total's) metrics as a caller with threshold k may see them (`serve`), with what
 * is derived from a withheld rate withheld too: the changes of a withheld representation, the
 * hiring ratio of a withheld share (withheld, not "too few to conclude": that would tell its size),
 * and retention and separations per 1,000 of a withheld separation rate (retention is its
 * complement: shown, it would give the count back).
 */
export function serveMetrics(metrics: ZoneMetrics, k: number): Served<ZoneMetrics> {
  const served = serve(metrics, k);
  if (isWithheldRate(served.representation.ofDeclared)) Object.assign(served.representation, { changeQuarter: null, changeYear: null });
  if (isWithheldRate(served.hiring.share) || isWithheldRate(served.hiring.workforceShare)) Object.assign(served.hiring, WITHHELD_HIRING);
  for (const side of ['group', 'reference'] as const) {
    if (!isWithheldRate(served.separation[side])) continue;
    served.separation[side === 'group' ? 'groupPer1000' : 'referencePer1000'] = null;
    served.separation.retention[side] = { ...served.separation.retention[side], value: null, numerator: { suppressed: true }, interval: null };
    Object.assign(served.separation.retention, WITHHELD_COMPARISON);
  }
  return served;
}
