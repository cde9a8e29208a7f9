/** A quarter, written `2025-Q3`. */
export type Period = string;

const PERIOD_RE = /^(\d{4})-Q([1-4])$/;

export function isPeriod(value: string): boolean {
  const m = PERIOD_RE.exec(value);
  return m !== null && Number(m[1]) >= 1990 && Number(m[1]) <= 2100;
}

export function parsePeriod(value: string): { year: number; quarter: number } {
  const m = PERIOD_RE.exec(value);
  if (!m || !isPeriod(value)) throw new Error(`"${value}" is not a quarter like 2025-Q3`);
  return { year: Number(m[1]), quarter: Number(m[2]) };
}

/** Sequential index of a quarter (year × 4 + quarter − 1): consecutive quarters differ by 1. */
export function periodIndex(value: Period): number {
  const { year, quarter } = parsePeriod(value);
  return year * 4 + quarter - 1;
}

export function periodFromIndex(index: number): Period {
  return `${Math.floor(index / 4)}-Q${(index % 4) + 1}`;
}

export function addQuarters(value: Period, n: number): Period {
  return periodFromIndex(periodIndex(value) + n);
}

export function previousPeriod(value: Period): Period {
  return addQuarters(value, -1);
}

/** Inclusive list of quarters from `first` to `last`. */
export function periodRange(first: Period, last: Period): Period[] {
  const out: Period[] = [];
  for (let i = periodIndex(first); i <= periodIndex(last); i++) out.push(periodFromIndex(i));
  return out;
}

/** The `quarters` quarters ending with `last` (a window of figures: hires over the four quarters to q). */
export function periodsTo(last: Period, quarters: number): Period[] {
  return periodRange(addQuarters(last, -(quarters - 1)), last);
}

/** The quarter containing a date (UTC). */
export function periodOf(date: Date): Period {
  return `${date.getUTCFullYear()}-Q${Math.floor(date.getUTCMonth() / 3) + 1}`;
}

/**
 * The latest quarter that is over on `today` (UTC): the one before the quarter `today` is in. Its
 * return is the one due; pages open on it (`defaultPeriod`). The one definition of "ended": the
 * API's SQL takes it as a parameter (AnalyticsRepository.latestPeriods), the web its due quarters.
 */
export function lastEndedPeriod(today: Date = new Date()): Period {
  return addQuarters(periodOf(today), -1);
}

/** Whether a quarter is over on `today` (UTC): `lastEndedPeriod` and every quarter before it. */
export function hasEnded(period: Period, today: Date = new Date()): boolean {
  return periodIndex(period) <= periodIndex(lastEndedPeriod(today));
}

/** The last day of a quarter, as 2026-12-31. */
export function lastDayOf(period: Period): string {
  const { year, quarter } = parsePeriod(period);
  return new Date(Date.UTC(year, quarter * 3, 0)).toISOString().slice(0, 10);
}

/**
 * The quarter a page opens on, of those with data: the latest that has ended. A quarter still
 * running holds the counts so far, so it is shown only when chosen, or when no quarter has ended.
 */
export function defaultPeriod(periods: readonly Period[], today: Date = new Date()): Period | undefined {
  const sorted = [...periods].sort().reverse();
  return sorted.find((p) => hasEnded(p, today)) ?? sorted[0];
}
