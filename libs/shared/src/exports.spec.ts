import { quarterStatus } from './exports.js';

describe('quarterStatus (the exports’ quarter_status column)', () => {
  const today = new Date(Date.UTC(2026, 11, 5)); // 5 December 2026: 2026-Q4 is running
  it('is the return’s status once the quarter has ended', () => {
    expect(quarterStatus('2026-Q3', 'signed_off', today)).toBe('signed_off');
    expect(quarterStatus('2026-Q3', 'open', today)).toBe('open');
  });
  it('is not_ended while the quarter runs, whatever the status', () => {
    expect(quarterStatus('2026-Q4', 'open', today)).toBe('not_ended');
    expect(quarterStatus('2026-Q4', 'signed_off', today)).toBe('not_ended');
    expect(quarterStatus('2026-Q4', 'open', new Date(Date.UTC(2027, 0, 1)))).toBe('open');
  });
});
