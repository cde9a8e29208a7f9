/**
 * The ways a figure can have no value, marked the same on every page, each with its explanation
 * one hover, focus or click away:
 * - "no data": a measure behind it was not supplied by the zone (verdict `no_data`, a rate with
 *   `noData`) — nothing is hidden, and it never stands for a withheld value;
 * - "suppressed": withheld by disclosure control (a count behind it is withheld; verdict
 *   `suppressed`);
 * - "too few to conclude": the counts are shown, but too small for a reliable test (verdict
 *   `too_few_to_conclude`).
 * The words come from the locales; the rules from libs/shared (analytics.ts, `Verdict`).
 */
import { MIN_EVENTS, MIN_GROUP_BASE, type Verdict } from '@equity/shared';
import { createContext, useContext, type ReactNode } from 'react';
import { t } from '../lib/i18n';
import { ExplainedTerm } from './explained-term';

/** The caller's disclosure threshold k on the page (null: not known there), for the explanation. */
const ThresholdContext = createContext<number | null>(null);

/** Gives the marks inside the caller's threshold, so the explanation can name it. */
export function DisclosureThreshold({ k, children }: { k: number | null | undefined; children: ReactNode }) {
  return <ThresholdContext.Provider value={k ?? null}>{children}</ThresholdContext.Provider>;
}

/** Why a value is withheld, in words: "Withheld to protect anonymity: …". */
export function suppressedExplanation(k: number | null): string {
  return k !== null && k > 1 ? t('suppressed.explain', { k }) : t('suppressed.explainAny');
}

/** Why "too few to conclude", in words: the counts are shown, but too small for a reliable test. */
export function tooFewExplanation(): string {
  return t('inconclusive.explain', { base: MIN_GROUP_BASE, events: MIN_EVENTS });
}

/** "suppressed" (the marker of every withheld count or value), with why. */
export function SuppressedMark({ label }: { label?: string }) {
  const k = useContext(ThresholdContext);
  return <ExplainedTerm className="suppressed" term={label ?? t('suppressed.marker')} explanation={suppressedExplanation(k)} />;
}

/** "no data" (a measure behind the figure was not supplied), with why. */
export function NoDataMark({ label }: { label?: string }) {
  return <ExplainedTerm className="no-data" term={label ?? t('value.noData')} explanation={t('value.noDataExplain')} />;
}

/** "Too few to conclude", with why. */
export function TooFewMark() {
  return <ExplainedTerm className="inconclusive" term={t('verdict.too_few_to_conclude')} explanation={tooFewExplanation()} />;
}

/** A verdict in words; the two that conclude nothing carry their explanation. */
export function VerdictText({ verdict }: { verdict: Verdict }) {
  if (verdict === 'suppressed') return <SuppressedMark label={t('verdict.suppressed')} />;
  if (verdict === 'too_few_to_conclude') return <TooFewMark />;
  if (verdict === 'no_data') return <NoDataMark label={t('verdict.no_data')} />;
  return <>{t(`verdict.${verdict}`)}</>;
}

/** "pending" (the zone's protections are being computed), with why. */
export function PendingMark() {
  return <ExplainedTerm className="suppressed" term={t('suppressed.pending')} explanation={t('suppressed.pendingTitle')} />;
}
