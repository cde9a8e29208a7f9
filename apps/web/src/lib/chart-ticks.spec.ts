import { describe, expect, it } from '@jest/globals';
import { roundTicks } from './chart-ticks';

describe('roundTicks', () => {
  it('steps by 1, 2 or 5 × a power of ten from below the lowest value to above the highest', () => {
    expect(roundTicks([0.31, 0.38, 0.42], 0.02)).toEqual({ ticks: [0.3, 0.35, 0.4, 0.45], domain: [0.3, 0.45] });
    expect(roundTicks([0.8, 1.4], 0.2)).toEqual({ ticks: [0.8, 1, 1.2, 1.4], domain: [0.8, 1.4] });
  });

  it('steps no finer than a quarter of the minimum span on a nearly flat line', () => {
    expect(roundTicks([1, 1.8], 0).ticks).toEqual([1, 1.2, 1.4, 1.6, 1.8]);
    expect(roundTicks([1, 1.8], 2)).toEqual({ ticks: [1, 1.5, 2], domain: [1, 2] });
    expect(roundTicks([1, 1], 0.2)).toEqual({ ticks: [1], domain: [1, 1] });
  });

  it('never goes below 0', () => {
    const { ticks, domain } = roundTicks([0.01, 0.9], 0.02);
    expect(ticks[0]).toBe(0);
    expect(domain).toEqual([0, 1]);
  });

  it('gives ticks without floating-point dust', () => {
    const { ticks } = roundTicks([0.1, 0.7], 0.02);
    expect(ticks).toEqual([0, 0.2, 0.4, 0.6, 0.8]);
  });
});
