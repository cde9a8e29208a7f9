import { describe, expect, it } from '@jest/globals';
import { lastEndedPeriod, type ReturnSummaryDto } from '@equity/shared';
import { dueQuarters } from './quarters';

const summary = (period: string, status: ReturnSummaryDto['status'], currentRevision: number | null): ReturnSummaryDto => ({
  zone: '5415',
  period,
  status,
  currentRevision,
  updatedAt: null,
  updatedBy: null,
  signedOffAt: null,
  signedOffBy: null,
});

describe('dueQuarters', () => {
  const today = new Date('2026-12-06T10:00:00Z');

  it('lists the last four ended quarters, newest first, each with its state', () => {
    const returns = [summary('2026-Q3', 'open', 2), summary('2026-Q2', 'signed_off', 1), summary('2026-Q4', 'open', 1), summary('2025-Q1', 'signed_off', 3)];
    expect(dueQuarters(returns, 4, today)).toEqual([
      { period: '2026-Q3', state: 'open', revision: 2 },
      { period: '2026-Q2', state: 'signed_off', revision: 1 },
      { period: '2026-Q1', state: 'none', revision: null },
      { period: '2025-Q4', state: 'none', revision: null },
    ]);
  });

  it('starts from the quarter that is due (the last one ended), not the running one', () => {
    expect(dueQuarters([], 1, today)[0]!.period).toBe(lastEndedPeriod(today));
    expect(lastEndedPeriod(today)).toBe('2026-Q3');
    expect(dueQuarters([], 2, new Date('2027-01-01T00:00:00Z')).map((q) => q.period)).toEqual(['2026-Q4', '2026-Q3']);
  });

  it('a return row without a revision is not entered', () => {
    expect(dueQuarters([summary('2026-Q3', 'open', null)], 1, today)).toEqual([{ period: '2026-Q3', state: 'none', revision: null }]);
  });
});
