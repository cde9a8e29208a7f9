import { isSuppressed } from './contracts.js';
import { protectCount } from './disclosure.js';

const S = { suppressed: true };

describe('protectCount', () => {
  it('suppresses 1 … k−1 and publishes 0 and k and above', () => {
    expect(protectCount(0, 10)).toBe(0);
    expect(protectCount(1, 10)).toEqual(S);
    expect(protectCount(9, 10)).toEqual(S);
    expect(protectCount(10, 10)).toBe(10);
    expect(protectCount(250, 10)).toBe(250);
    expect(protectCount(2, 3)).toEqual(S);
    expect(protectCount(3, 3)).toBe(3);
  });

  it('marks a suppressed value as such, not as a number', () => {
    const v = protectCount(4, 5);
    expect(isSuppressed(v)).toBe(true);
    expect(typeof v).toBe('object');
  });

  it('suppresses nothing with k = 1', () => {
    expect(protectCount(1, 1)).toBe(1);
    expect(protectCount(0, 1)).toBe(0);
  });
});
