import { fisherExactLess, fisherExactTwoSided, linearFit, wilsonInterval } from './statistics.js';

// ---------------------------------------------------------------------------------------------
// Exact oracle for Fisher's test: the hypergeometric weights C(col1, i)·C(col2, row1 − i) as
// BigInt, R's rule "probability ≤ observed × (1 + 1e-7)" applied in exact integer arithmetic
// (w·10⁷ ≤ w_obs·(10⁷ + 1)), and one final division. No floating point until the last step.
// ---------------------------------------------------------------------------------------------
function binomial(n: number, k: number): bigint {
  let result = 1n;
  for (let j = 1; j <= k; j++) result = (result * BigInt(n - k + j)) / BigInt(j);
  return result;
}

function bigRatio(num: bigint, den: bigint): number {
  if (num === 0n) return 0;
  const shift = den.toString(2).length - num.toString(2).length + 64;
  return shift >= 0 ? Number((num << BigInt(shift)) / den) * 2 ** -shift : Number(num / den);
}

function exactFisher(a: number, b: number, c: number, d: number): { twoSided: number; less: number } {
  const row1 = a + b;
  const col1 = a + c;
  const col2 = b + d;
  const lo = Math.max(0, row1 - col2);
  const hi = Math.min(row1, col1);
  const weights: bigint[] = [];
  let w = binomial(col1, lo) * binomial(col2, row1 - lo);
  for (let i = lo; i <= hi; i++) {
    weights.push(w);
    // W(i+1)·(i+1)·(col2 − row1 + i + 1) = W(i)·(col1 − i)·(row1 − i), so the division is exact.
    w = (w * BigInt(col1 - i) * BigInt(row1 - i)) / (BigInt(i + 1) * BigInt(col2 - row1 + i + 1));
  }
  const total = weights.reduce((s, x) => s + x, 0n);
  const observed = weights[a - lo] ?? 0n;
  const twoSided = weights.filter((x) => x * 10_000_000n <= observed * 10_000_001n).reduce((s, x) => s + x, 0n);
  const less = weights.slice(0, a - lo + 1).reduce((s, x) => s + x, 0n);
  return { twoSided: bigRatio(twoSided, total), less: bigRatio(less, total) };
}

/** |actual − expected| ≤ rel·expected. */
function expectRelativelyClose(actual: number, expected: number, rel = 1e-9): void {
  expect(Number.isFinite(actual)).toBe(true);
  expect(Math.abs(actual - expected)).toBeLessThanOrEqual(rel * Math.abs(expected));
}

describe('fisherExactTwoSided', () => {
  it("gives R's p for the tea-tasting table [[3, 1], [1, 3]]", () => {
    // R: fisher.test(matrix(c(3,1,1,3),2))$p.value = 0.4857142857.
    // Margins 4,4 / 4,4, n = 8: P(a = k) = C(4,k)·C(4,4−k)/C(8,4) = 1, 16, 36, 16, 1 (/70) for k = 0..4.
    // Observed k = 3 (16/70); tables as or less likely: k = 0, 1, 3, 4 → 34/70 = 0.485714285714…
    expect(fisherExactTwoSided(3, 1, 1, 3)).toBeCloseTo(34 / 70, 12);
    expect(fisherExactTwoSided(3, 1, 1, 3)).toBeCloseTo(0.4857142857, 10);
  });

  it('gives the classic [[1, 9], [11, 3]] example p = 0.002759456', () => {
    // R: fisher.test(matrix(c(1,9,11,3),2)) = [[1, 11], [9, 3]] → p-value = 0.002759 (the
    // textbook dieting example, also on Wikipedia's "Fisher's exact test" page, two-sided 0.002759).
    // Rows 12/12, columns 10/14, n = 24, C(24,12) = 2,704,156; P(a = i) ∝ C(10,i)·C(14,12−i):
    //   i = 0: 1·91 = 91;  i = 1: 10·364 = 3,640;  i = 9: 10·364 = 3,640;  i = 10: 1·91 = 91;
    //   every other i is more likely (i = 2: 45·2002, i = 8: 45·1001 = 45,045, …).
    // p = (91 + 3640 + 3640 + 91) / 2,704,156 = 7,462 / 2,704,156 = 0.0027594561852…
    expect(fisherExactTwoSided(1, 11, 9, 3)).toBeCloseTo(7462 / 2704156, 14);
    expect(fisherExactTwoSided(1, 11, 9, 3)).toBeCloseTo(0.002759456, 9);
    // Either orientation of the same data (R's column-major matrix(c(1,9,11,3),2) or its transpose).
    expect(fisherExactTwoSided(1, 9, 11, 3)).toBeCloseTo(7462 / 2704156, 14);
  });

  it('gives p = 2 / C(20, 10) = 1.082509e-05 for [[10, 0], [0, 10]]', () => {
    // R: fisher.test(matrix(c(10,0,0,10),2))$p.value = 1.082509e-05.
    // Margins 10/10, n = 20: only a = 0 and a = 10 have probability 1/C(20,10) = 1/184,756.
    expectRelativelyClose(fisherExactTwoSided(10, 0, 0, 10), 2 / 184756);
    expect(fisherExactTwoSided(10, 0, 0, 10)).toBeCloseTo(1.082509e-5, 11);
  });

  it('returns 1 when a margin is zero, or the table is empty', () => {
    expect(fisherExactTwoSided(0, 0, 3, 5)).toBe(1); // empty first row
    expect(fisherExactTwoSided(3, 5, 0, 0)).toBe(1); // empty second row
    expect(fisherExactTwoSided(0, 4, 0, 7)).toBe(1); // empty first column
    expect(fisherExactTwoSided(4, 0, 7, 0)).toBe(1); // empty second column
    expect(fisherExactTwoSided(0, 0, 0, 0)).toBe(1);
  });

  it('is invariant under transposing the table and swapping rows or columns', () => {
    for (const [a, b, c, d] of [
      [1, 11, 9, 3],
      [7, 2, 12, 30],
      [0, 5, 9, 1],
      [40, 60, 55, 45],
    ] as const) {
      const p = fisherExactTwoSided(a, b, c, d);
      expectRelativelyClose(fisherExactTwoSided(a, c, b, d), p, 1e-12); // transpose
      expectRelativelyClose(fisherExactTwoSided(c, d, a, b), p, 1e-12); // swap rows
      expectRelativelyClose(fisherExactTwoSided(b, a, d, c), p, 1e-12); // swap columns
    }
  });

  it('is finite and exact for large counts, and agrees with the chi-square approximation', () => {
    // 1,200 of 5,000 vs 1,500 of 5,000 (24% vs 30%). Reference by exact rational enumeration of
    // all 2,701 tables with these margins using arbitrary-precision integers (Python's
    // math.comb + fractions; also the BigInt oracle above): p = 1.5834970631324285e-11.
    const p = fisherExactTwoSided(1200, 3800, 1500, 3500);
    expect(p).toBeGreaterThan(0);
    expect(p).toBeLessThan(1);
    expectRelativelyClose(p, 1.5834970631324285e-11, 1e-8);
    expectRelativelyClose(p, exactFisher(1200, 3800, 1500, 3500).twoSided, 1e-8);

    // Pearson's X² = n(ad − bc)² / (r1·r2·c1·c2) = 10⁴·(4.2e6 − 5.7e6)² / (5000²·2700·7300)
    //             = 45.662100456…; its 1-df p-value is 2·(1 − Φ(√X²)), bracketed by Mills' ratio
    // φ(x)·x/(1 + x²) < 1 − Φ(x) < φ(x)/x (x = 6.757…, bracket ≈ [1.4040e-11, 1.4347e-11]).
    const n = 10000;
    const chiSquare = (n * (1200 * 3500 - 3800 * 1500) ** 2) / (5000 * 5000 * 2700 * 7300);
    expect(chiSquare).toBeCloseTo(45.662100456621, 9);
    const x = Math.sqrt(chiSquare);
    const phi = Math.exp(-chiSquare / 2) / Math.sqrt(2 * Math.PI);
    const chiLow = (2 * phi * x) / (1 + x * x);
    const chiHigh = (2 * phi) / x;
    expect(p).toBeGreaterThan(chiLow / 10);
    expect(p).toBeLessThan(chiHigh * 10);
  });

  it('counts ties within 1e-7 at tens of thousands (symmetric margins: two-sided = 2 × one-sided)', () => {
    // Margins all 50,000 (n = 100,000): the null distribution of a is symmetric about 25,000, so
    // the mirror table a' = 50,000 − a is exactly as likely as the observed one and must be
    // counted; floating-point noise in the log-probabilities must not drop it.
    const less = fisherExactLess(24600, 25400, 25400, 24600);
    const twoSided = fisherExactTwoSided(24600, 25400, 25400, 24600);
    expect(less).toBeGreaterThan(0);
    expect(less).toBeLessThan(0.5);
    expectRelativelyClose(twoSided, 2 * less, 1e-9);
  });

  it('matches exact enumeration on every small table and on medium ones', () => {
    const values = [0, 1, 2, 5, 7, 12];
    for (const a of values)
      for (const b of values)
        for (const c of values)
          for (const d of values) {
            const exact = exactFisher(a, b, c, d);
            expectRelativelyClose(fisherExactTwoSided(a, b, c, d), exact.twoSided, 1e-10);
            expectRelativelyClose(fisherExactLess(a, b, c, d), exact.less, 1e-10);
          }
    for (const [a, b, c, d] of [
      [40, 60, 55, 45],
      [0, 30, 12, 18],
      [3, 200, 17, 180],
      [490, 510, 510, 490],
      [123, 4567, 210, 3999],
    ] as const) {
      const exact = exactFisher(a, b, c, d);
      expectRelativelyClose(fisherExactTwoSided(a, b, c, d), exact.twoSided, 1e-9);
      expectRelativelyClose(fisherExactLess(a, b, c, d), exact.less, 1e-9);
    }
  });

  it('rejects counts that are negative or not integers', () => {
    expect(() => fisherExactTwoSided(-1, 2, 3, 4)).toThrow(RangeError);
    expect(() => fisherExactTwoSided(1.5, 2, 3, 4)).toThrow(RangeError);
    expect(() => fisherExactLess(1, 2, Number.NaN, 4)).toThrow(RangeError);
  });
});

describe('fisherExactLess', () => {
  it("gives R's one-sided p for the tea-tasting tables", () => {
    // R: fisher.test(matrix(c(3,1,1,3),2), alternative = "less")$p.value = 0.9857143
    //    P(a ≤ 3) = (1 + 16 + 36 + 16)/70 = 69/70.
    expect(fisherExactLess(3, 1, 1, 3)).toBeCloseTo(69 / 70, 12);
    expect(fisherExactLess(3, 1, 1, 3)).toBeCloseTo(0.9857143, 7);
    // R: fisher.test(matrix(c(1,3,3,1),2), alternative = "less")$p.value = 0.2428571
    //    P(a ≤ 1) = (1 + 16)/70 = 17/70.
    expect(fisherExactLess(1, 3, 3, 1)).toBeCloseTo(17 / 70, 12);
    expect(fisherExactLess(1, 3, 3, 1)).toBeCloseTo(0.2428571, 7);
  });

  it('gives half the two-sided p on the [[1, 11], [9, 3]] example', () => {
    // P(a ≤ 1) = (91 + 3,640) / 2,704,156 = 3,731 / 2,704,156 = 0.0013797280926…
    expect(fisherExactLess(1, 11, 9, 3)).toBeCloseTo(3731 / 2704156, 14);
  });

  it('is 1 when a is as large as the margins allow, and for degenerate margins', () => {
    expect(fisherExactLess(4, 0, 0, 4)).toBe(1);
    expect(fisherExactLess(0, 0, 3, 5)).toBe(1);
    expect(fisherExactLess(0, 0, 0, 0)).toBe(1);
    // [[10, 0], [0, 10]] at the top of its support; [[0, 10], [10, 0]] at the bottom: 1/C(20,10).
    expect(fisherExactLess(10, 0, 0, 10)).toBe(1);
    expectRelativelyClose(fisherExactLess(0, 10, 10, 0), 1 / 184756);
  });

  it('is exact for large counts (same 1,200/5,000 vs 1,500/5,000 table)', () => {
    // Exact rational enumeration: P(a ≤ 1,200) = 7.917485315662142e-12.
    const p = fisherExactLess(1200, 3800, 1500, 3500);
    expectRelativelyClose(p, 7.917485315662142e-12, 1e-8);
    // The other direction is near-certain.
    expect(fisherExactLess(1500, 3500, 1200, 3800)).toBeCloseTo(1, 10);
  });
});

describe('wilsonInterval', () => {
  // Closed form: centre = (x + z²/2)/(n + z²), half-width = z/(n + z²)·√(x(n − x)/n + z²/4),
  // z = 1.959963984540054, z² = 3.8414588206941…, so for n = 10: n + z² = 13.8414588206941.
  it('gives [0, z²/(n + z²)] = [0, 0.2775328] for 0 of 10', () => {
    // x = 0: centre = half-width = (z²/2)/(n + z²), so low = 0, high = 3.84145882/13.84145882.
    const ci = wilsonInterval(0, 10);
    expect(ci).not.toBeNull();
    expect(ci?.low).toBe(0);
    expect(ci?.high).toBeCloseTo(0.2775328, 7);
    expect(ci?.high).toBeCloseTo(3.8414588206941254 / 13.841458820694125, 14);
  });

  it('gives [n/(n + z²), 1] = [0.7224672, 1] for 10 of 10', () => {
    const ci = wilsonInterval(10, 10);
    expect(ci?.low).toBeCloseTo(0.7224672, 7);
    expect(ci?.low).toBeCloseTo(10 / 13.841458820694125, 14);
    expect(ci?.high).toBe(1);
  });

  it('gives [0.2365931, 0.7634069] for 5 of 10', () => {
    // centre = 0.5; half-width = (1.959964/13.841459)·√(2.5 + 0.960365) = 0.141601·1.860205
    //        = 0.2634069.
    const ci = wilsonInterval(5, 10);
    expect(ci?.low).toBeCloseTo(0.2365931, 7);
    expect(ci?.high).toBeCloseTo(0.7634069, 7);
  });

  it("reproduces Newcombe (1998)'s 81 of 263 example: [0.2553, 0.3662]", () => {
    // centre = (81 + 1.920729)/266.841459 = 0.310749; half-width = (1.959964/266.841459)
    //        · √(81·182/263 + 0.960365) = 0.0073451·7.5507 = 0.055460 → [0.25529, 0.36621].
    const ci = wilsonInterval(81, 263);
    expect(ci?.low).toBeCloseTo(0.2553, 4);
    expect(ci?.high).toBeCloseTo(0.3662, 4);
  });

  it('is null when n = 0', () => {
    expect(wilsonInterval(0, 0)).toBeNull();
  });

  it('stays within [0, 1], contains x/n and narrows as z falls', () => {
    for (const [x, n] of [
      [0, 1],
      [1, 1],
      [1, 3],
      [49999, 50000],
      [1, 50000],
    ] as const) {
      const ci = wilsonInterval(x, n);
      expect(ci).not.toBeNull();
      if (!ci) continue;
      expect(ci.low).toBeGreaterThanOrEqual(0);
      expect(ci.high).toBeLessThanOrEqual(1);
      expect(ci.low).toBeLessThanOrEqual(x / n);
      expect(ci.high).toBeGreaterThanOrEqual(x / n);
      const narrower = wilsonInterval(x, n, 1);
      expect(narrower?.high ?? 2).toBeLessThanOrEqual(ci.high);
      expect(narrower?.low ?? -1).toBeGreaterThanOrEqual(ci.low);
    }
  });

  it('rejects impossible counts and z', () => {
    expect(() => wilsonInterval(11, 10)).toThrow(RangeError);
    expect(() => wilsonInterval(-1, 10)).toThrow(RangeError);
    expect(() => wilsonInterval(1.5, 10)).toThrow(RangeError);
    expect(() => wilsonInterval(1, 10, 0)).toThrow(RangeError);
  });
});

describe('linearFit', () => {
  it('recovers an exact line', () => {
    const fit = linearFit([
      { x: 0, y: 1 },
      { x: 1, y: 3 },
      { x: 2, y: 5 },
      { x: 5, y: 11 },
    ]);
    expect(fit).not.toBeNull();
    expect(fit?.slope).toBeCloseTo(2, 12);
    expect(fit?.intercept).toBeCloseTo(1, 12);
    expect(fit?.n).toBe(4);
  });

  it('fits (1,2), (2,4), (3,5) with slope 1.5 and intercept 2/3', () => {
    // x̄ = 2, ȳ = 11/3; Sxx = 1 + 0 + 1 = 2; Sxy = (−1)(2 − 11/3) + 0 + (1)(5 − 11/3) = 5/3 + 4/3 = 3;
    // slope = 3/2; intercept = 11/3 − 1.5·2 = 2/3 = 0.6667.
    const fit = linearFit([
      { x: 1, y: 2 },
      { x: 2, y: 4 },
      { x: 3, y: 5 },
    ]);
    expect(fit?.slope).toBeCloseTo(1.5, 12);
    expect(fit?.intercept).toBeCloseTo(2 / 3, 12);
    expect(fit?.intercept).toBeCloseTo(0.6667, 4);
    expect(fit?.n).toBe(3);
  });

  it('is accurate on quarter indexes (x ≈ 8,100) and ignores point order', () => {
    const points = [8103, 8100, 8107, 8101, 8105].map((x) => ({ x, y: 0.3 + 0.01 * (x - 8100) }));
    const fit = linearFit(points);
    expect(fit?.slope).toBeCloseTo(0.01, 12);
    expect(fit?.intercept).toBeCloseTo(0.3 - 81, 8);
  });

  it('is null for fewer than 2 points or when all x are equal', () => {
    expect(linearFit([])).toBeNull();
    expect(linearFit([{ x: 1, y: 2 }])).toBeNull();
    expect(
      linearFit([
        { x: 3, y: 1 },
        { x: 3, y: 5 },
        { x: 3, y: 9 },
      ]),
    ).toBeNull();
    expect(
      linearFit([
        { x: 0.1, y: 1 },
        { x: 0.1, y: 2 },
        { x: 0.1, y: 4 },
      ]),
    ).toBeNull();
  });

  it('gives slope 0 for a flat series', () => {
    const fit = linearFit([
      { x: 1, y: 4 },
      { x: 2, y: 4 },
      { x: 3, y: 4 },
    ]);
    expect(fit?.slope).toBe(0);
    expect(fit?.intercept).toBe(4);
  });
});
