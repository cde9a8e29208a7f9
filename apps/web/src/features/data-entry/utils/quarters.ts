import { addQuarters, isPeriod, lastEndedPeriod, periodIndex, periodOf, type ReturnSummaryDto } from '@equity/shared';

/** The last `count` quarters up to the current one, plus any older quarter that has data; newest first. */
export function quarterChoices(returns: ReturnSummaryDto[], count = 16, now = new Date()): string[] {
  const current = periodOf(now);
  const periods = new Set<string>();
  for (let i = 0; i < count; i++) periods.add(addQuarters(current, -i));
  for (const r of returns) if (isPeriod(r.period)) periods.add(r.period);
  return [...periods].sort((a, b) => periodIndex(b) - periodIndex(a));
}

/** A quarter the zone owes a return for, and where it stands. */
export interface DueQuarter {
  period: string;
  /** none: no return yet; open: entered, not signed off; signed_off: done. */
  state: 'none' | 'open' | 'signed_off';
  revision: number | null;
}

/**
 * "What is due": the last `count` quarters that have ended (the one due first, `lastEndedPeriod`,
 * whether or not it has data yet), newest first, each with its state — a return not entered yet,
 * entered but not signed off, or signed off.
 */
export function dueQuarters(returns: ReturnSummaryDto[], count = 4, now = new Date()): DueQuarter[] {
  const byPeriod = new Map(returns.map((r) => [r.period, r]));
  return Array.from({ length: count }, (_, i) => {
    const period = addQuarters(lastEndedPeriod(now), -i);
    const summary = byPeriod.get(period);
    if (!summary || summary.currentRevision === null) return { period, state: 'none' as const, revision: null };
    return { period, state: summary.status, revision: summary.currentRevision };
  });
}
