import { addQuarters, isPeriod, periodIndex, periodOf, type ReturnSummaryDto } from '@equity/shared';

/** The last `count` quarters up to the current one, plus any older quarter that has data; newest first. */
export function quarterChoices(returns: ReturnSummaryDto[], count = 16, now = new Date()): string[] {
  const current = periodOf(now);
  const periods = new Set<string>();
  for (let i = 0; i < count; i++) periods.add(addQuarters(current, -i));
  for (const r of returns) if (isPeriod(r.period)) periods.add(r.period);
  return [...periods].sort((a, b) => periodIndex(b) - periodIndex(a));
}

/** The quarter to open first: the newest with data, else the last completed quarter. */
export function defaultQuarter(returns: ReturnSummaryDto[], now = new Date()): string {
  const newest = returns.find((r) => isPeriod(r.period));
  return newest?.period ?? addQuarters(periodOf(now), -1);
}
