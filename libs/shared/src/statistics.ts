// Small-sample statistics behind the impact-ratio and target metrics (docs/domain.md, "Metrics"):
// Wilson score intervals on rates, Fisher's exact test on 2×2 tables, ordinary least squares
// for trends. Pure, synchronous and browser-safe: used by the API and the web app alike.
import gammaln from '@stdlib/math-base-special-gammaln';

export interface Interval {
  low: number;
  high: number;
}

/** Two-sided 95% normal quantile, qnorm(0.975). */
const Z_95 = 1.959963984540054;

/** log of R's fisher.test tolerance `relErr = 1 + 1e-7` for "as or less probable than observed". */
const LOG_REL_ERR = Math.log1p(1e-7);

function assertCount(value: number, name: string): void {
  if (!Number.isSafeInteger(value) || value < 0) {
    throw new RangeError(`${name} must be a non-negative integer, got ${value}`);
  }
}

/**
 * Wilson score interval for a binomial proportion x/n (default 95%, z = 1.959963984540054).
 * null when n = 0. Clamped to [0, 1].
 *
 *   centre = (x + z²/2) / (n + z²),  half-width = z / (n + z²) · √(x(n − x)/n + z²/4)
 */
export function wilsonInterval(x: number, n: number, z: number = Z_95): Interval | null {
  assertCount(x, 'x');
  assertCount(n, 'n');
  if (x > n) throw new RangeError(`x (${x}) must not exceed n (${n})`);
  if (!Number.isFinite(z) || z <= 0) throw new RangeError(`z must be a positive finite number, got ${z}`);
  if (n === 0) return null;
  const z2 = z * z;
  const denominator = n + z2;
  const centre = (x + z2 / 2) / denominator;
  const half = (z / denominator) * Math.sqrt((x * (n - x)) / n + z2 / 4);
  // At x = 0 (x = n) the bound is 0 (1) exactly; say so rather than trust the rounding.
  const low = x === 0 ? 0 : centre - half;
  const high = x === n ? 1 : centre + half;
  return { low: Math.min(1, Math.max(0, low)), high: Math.min(1, Math.max(0, high)) };
}

/** log of sum(exp(values)), without overflow or underflow. -Infinity for an empty list. */
function logSumExp(values: readonly number[]): number {
  let max = -Infinity;
  for (const v of values) if (v > max) max = v;
  if (max === -Infinity) return -Infinity;
  let sum = 0;
  for (const v of values) sum += Math.exp(v - max);
  return max + Math.log(sum);
}

/**
 * The conditional (central hypergeometric) distribution of the top-left cell of [[a, b], [c, d]]
 * given all four margins, as log-probabilities up to a common constant, over its support lo..hi.
 */
function hypergeometricSupport(a: number, b: number, c: number, d: number): { lo: number; logWeights: number[] } {
  assertCount(a, 'a');
  assertCount(b, 'b');
  assertCount(c, 'c');
  assertCount(d, 'd');
  const row1 = a + b;
  const col1 = a + c;
  const col2 = b + d;
  const lo = Math.max(0, row1 - col2);
  const hi = Math.min(row1, col1);
  // log[C(col1, i) · C(col2, row1 − i)] minus terms that do not depend on i; the omitted
  // constant log C(n, row1) cancels when the weights are normalised.
  const logWeights: number[] = [];
  for (let i = lo; i <= hi; i++) {
    logWeights.push(-gammaln(i + 1) - gammaln(col1 - i + 1) - gammaln(row1 - i + 1) - gammaln(col2 - row1 + i + 1));
  }
  return { lo, logWeights };
}

/** Sum of the selected probabilities over the whole support, computed in log space. */
function normalisedSum(logWeights: readonly number[], selected: readonly number[]): number {
  if (selected.length === 0) return 0;
  const p = Math.exp(logSumExp(selected) - logSumExp(logWeights));
  return Math.min(1, Math.max(0, p));
}

/**
 * Two-sided p-value of Fisher's exact test on the 2×2 table [[a, b], [c, d]], as R's
 * fisher.test: the total probability of all tables with the same margins whose probability is
 * ≤ the observed one × (1 + 1e-7). Returns 1 for degenerate margins (a zero row or column).
 * Log-space throughout, so exact and stable for counts in the tens of thousands.
 */
export function fisherExactTwoSided(a: number, b: number, c: number, d: number): number {
  const { lo, logWeights } = hypergeometricSupport(a, b, c, d);
  if (logWeights.length <= 1) return 1;
  const observed = logWeights[a - lo];
  if (observed === undefined) throw new Error('observed table outside its own support');
  const threshold = observed + LOG_REL_ERR;
  return normalisedSum(
    logWeights,
    logWeights.filter((w) => w <= threshold),
  );
}

/**
 * One-sided p-value of Fisher's exact test, alternative "less" (odds ratio < 1, i.e. a is
 * small), as R's fisher.test(alternative = "less"): P(A ≤ a) given the margins.
 */
export function fisherExactLess(a: number, b: number, c: number, d: number): number {
  const { lo, logWeights } = hypergeometricSupport(a, b, c, d);
  if (logWeights.length <= 1) return 1;
  return normalisedSum(logWeights, logWeights.slice(0, a - lo + 1));
}

/**
 * Ordinary least squares of y on x: slope, intercept and the number of points.
 * null when there are fewer than 2 points or all x are equal.
 */
export function linearFit(points: { x: number; y: number }[]): { slope: number; intercept: number; n: number } | null {
  const n = points.length;
  const first = points[0];
  if (n < 2 || first === undefined || points.every((p) => p.x === first.x)) return null;
  let meanX = 0;
  let meanY = 0;
  for (const p of points) {
    meanX += p.x;
    meanY += p.y;
  }
  meanX /= n;
  meanY /= n;
  // Centred sums: numerically safer than Σxy − n·x̄ȳ for x values like quarter indexes (~8,100).
  let sxx = 0;
  let sxy = 0;
  for (const p of points) {
    const dx = p.x - meanX;
    sxx += dx * dx;
    sxy += dx * (p.y - meanY);
  }
  if (!(sxx > 0)) return null;
  const slope = sxy / sxx;
  return { slope, intercept: meanY - slope * meanX, n };
}
