import { addQuarters, isPeriod, periodIndex, periodOf, type ReturnSummaryDto } from '@equity/shared';

/** The last `count` quarters up to the current one, plus any older quarter that has data; newest first. */
export function quarterChoices(returns: ReturnSummaryDto[], count = 16, now = new Date()): string[] {
  const current = periodOf(now);
  const periods = new Set<string>();
  for (let i = 0; i < count; i++) periods.add(addQuarters(current, -i));
  for (const r of returns) if (isPeriod(r.period)) periods.add(r.period);
  return [...periods].sort((a, b) => periodIndex(b) - periodIndex(a));
}

/**
 * The quarter to open first: the one that is due — the last quarter that has ended (its return is
 * entered once it is over), whether or not it has data yet; not the newest entered, which may be a
 * quarter still running or an older one.
 */
export function defaultQuarter(now = new Date()): string {
  return addQuarters(periodOf(now), -1);
}
