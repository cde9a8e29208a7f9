import { addQuarters, defaultPeriod, hasEnded, isPeriod, lastDayOf, lastEndedPeriod, parsePeriod, periodFromIndex, periodIndex, periodOf, periodRange, previousPeriod } from './periods.js';

describe('isPeriod', () => {
  it('accepts quarters written YYYY-Qn within 1990–2100', () => {
    expect(isPeriod('2025-Q3')).toBe(true);
    expect(isPeriod('1990-Q1')).toBe(true);
    expect(isPeriod('2100-Q4')).toBe(true);
  });

  it('rejects other spellings, quarter numbers and years out of range', () => {
    for (const bad of ['2025-Q0', '2025-Q5', '2025-q3', '2025Q3', '2025-3', ' 2025-Q3', '2025-Q3 ', '25-Q3', '1989-Q4', '2101-Q1', '', 'Q3-2025']) {
      expect(isPeriod(bad)).toBe(false);
    }
  });
});

describe('parsePeriod', () => {
  it('splits year and quarter', () => {
    expect(parsePeriod('2025-Q3')).toEqual({ year: 2025, quarter: 3 });
    expect(parsePeriod('1990-Q1')).toEqual({ year: 1990, quarter: 1 });
  });

  it('throws on anything that is not a quarter, naming the value', () => {
    expect(() => parsePeriod('2025-Q5')).toThrow('"2025-Q5" is not a quarter like 2025-Q3');
    expect(() => parsePeriod('1800-Q1')).toThrow(/1800-Q1/);
    expect(() => parsePeriod('')).toThrow();
  });
});

describe('periodIndex / periodFromIndex', () => {
  it('numbers quarters year × 4 + quarter − 1', () => {
    expect(periodIndex('2025-Q1')).toBe(8100);
    expect(periodIndex('2025-Q4')).toBe(8103);
    expect(periodIndex('2026-Q1')).toBe(8104);
  });

  it('gives consecutive quarters consecutive indexes, across a year boundary', () => {
    expect(periodIndex('2025-Q1') - periodIndex('2024-Q4')).toBe(1);
    expect(periodIndex('2025-Q3') - periodIndex('2023-Q3')).toBe(8);
  });

  it('round-trips', () => {
    for (const p of ['1990-Q1', '2024-Q4', '2025-Q2', '2100-Q4']) expect(periodFromIndex(periodIndex(p))).toBe(p);
    expect(periodFromIndex(8103)).toBe('2025-Q4');
    expect(periodFromIndex(8104)).toBe('2026-Q1');
  });
});

describe('addQuarters / previousPeriod', () => {
  it('moves forward and backward across years', () => {
    expect(addQuarters('2025-Q3', 1)).toBe('2025-Q4');
    expect(addQuarters('2025-Q4', 1)).toBe('2026-Q1');
    expect(addQuarters('2025-Q1', -1)).toBe('2024-Q4');
    expect(addQuarters('2025-Q2', -8)).toBe('2023-Q2');
    expect(addQuarters('2025-Q2', 10)).toBe('2027-Q4');
    expect(addQuarters('2025-Q2', 0)).toBe('2025-Q2');
  });

  it('previousPeriod is one quarter back', () => {
    expect(previousPeriod('2025-Q3')).toBe('2025-Q2');
    expect(previousPeriod('2025-Q1')).toBe('2024-Q4');
  });

  it('rejects an invalid start quarter', () => {
    expect(() => addQuarters('2025-Q9', 1)).toThrow();
    expect(() => previousPeriod('nonsense')).toThrow();
  });
});

describe('periodRange', () => {
  it('lists quarters inclusively across a year boundary', () => {
    expect(periodRange('2024-Q3', '2025-Q2')).toEqual(['2024-Q3', '2024-Q4', '2025-Q1', '2025-Q2']);
  });

  it('is a single quarter when first = last', () => {
    expect(periodRange('2025-Q2', '2025-Q2')).toEqual(['2025-Q2']);
  });

  it('is empty when first comes after last', () => {
    expect(periodRange('2025-Q3', '2025-Q2')).toEqual([]);
  });

  it('covers twelve quarters for three years', () => {
    const r = periodRange('2023-Q1', '2025-Q4');
    expect(r).toHaveLength(12);
    expect(r[0]).toBe('2023-Q1');
    expect(r[11]).toBe('2025-Q4');
  });
});

describe('periodOf', () => {
  it('maps months to quarters in UTC', () => {
    expect(periodOf(new Date(Date.UTC(2025, 0, 1)))).toBe('2025-Q1');
    expect(periodOf(new Date(Date.UTC(2025, 2, 31, 23, 59, 59)))).toBe('2025-Q1');
    expect(periodOf(new Date(Date.UTC(2025, 3, 1)))).toBe('2025-Q2');
    expect(periodOf(new Date(Date.UTC(2025, 6, 15)))).toBe('2025-Q3');
    expect(periodOf(new Date(Date.UTC(2025, 11, 31, 23, 59, 59)))).toBe('2025-Q4');
  });

  it('uses the UTC date, not the local one', () => {
    // 31 March 22:30 in UTC−2 is 1 April 00:30 UTC.
    expect(periodOf(new Date('2025-03-31T22:30:00-02:00'))).toBe('2025-Q2');
    // 1 January 00:30 in UTC+2 is still 31 December UTC.
    expect(periodOf(new Date('2026-01-01T00:30:00+02:00'))).toBe('2025-Q4');
  });
});

describe('lastEndedPeriod / hasEnded / lastDayOf / defaultPeriod', () => {
  const today = new Date(Date.UTC(2026, 11, 5)); // 5 December 2026: 2026-Q4 is running
  it('the latest ended quarter is the one before today’s, in UTC', () => {
    expect(lastEndedPeriod(today)).toBe('2026-Q3');
    expect(lastEndedPeriod(new Date(Date.UTC(2027, 0, 1)))).toBe('2026-Q4');
    expect(lastEndedPeriod(new Date(Date.UTC(2026, 11, 31, 23, 59, 59)))).toBe('2026-Q3');
    // 1 January 00:30 in UTC+2 is still 31 December UTC.
    expect(lastEndedPeriod(new Date('2027-01-01T00:30:00+02:00'))).toBe('2026-Q3');
    expect(hasEnded(lastEndedPeriod(today), today)).toBe(true);
    expect(hasEnded(addQuarters(lastEndedPeriod(today), 1), today)).toBe(false);
  });
  it('a quarter has ended once the next one has begun', () => {
    expect(hasEnded('2026-Q3', today)).toBe(true);
    expect(hasEnded('2026-Q4', today)).toBe(false);
    expect(hasEnded('2027-Q1', today)).toBe(false);
    expect(hasEnded('2026-Q4', new Date(Date.UTC(2027, 0, 1)))).toBe(true);
  });
  it('names the last day of each quarter, leap years included', () => {
    expect(['2024-Q1', '2024-Q2', '2024-Q3', '2024-Q4', '2025-Q1'].map(lastDayOf)).toEqual(['2024-03-31', '2024-06-30', '2024-09-30', '2024-12-31', '2025-03-31']);
  });
  it('opens on the latest ended quarter, the running one only when nothing has ended', () => {
    expect(defaultPeriod(['2026-Q4', '2026-Q3', '2026-Q2'], today)).toBe('2026-Q3');
    expect(defaultPeriod(['2026-Q2', '2026-Q4', '2026-Q3'], today)).toBe('2026-Q3');
    expect(defaultPeriod(['2026-Q4'], today)).toBe('2026-Q4');
    expect(defaultPeriod([], today)).toBeUndefined();
  });
});
