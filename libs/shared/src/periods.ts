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
