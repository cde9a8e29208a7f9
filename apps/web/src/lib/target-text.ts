/**
 * How targets read everywhere (targets page, quarterly report, CSV): the metric's name and the
 * goal's value (both from the registry of figures), the projection in words. One place, so the
 * page and the report never disagree.
 */
import { FIGURES, type NoValueReason, type Projection, type TargetMetric, type TargetProgressDto } from '@equity/shared';
import { figureLabel, formatValue } from './format';
import { t } from './i18n';

/** Shares are percentages; the impact ratio is a ratio (1 = parity): the figure's kind in the registry. */
export const metricKind = (metric: TargetMetric): (typeof FIGURES)[TargetMetric]['kind'] => FIGURES[metric].kind;

export const metricName = (metric: TargetMetric): string => figureLabel(metric);

/** The goal as text: "17.0%" or "0.90". */
export const targetValueText = (target: Pick<TargetProgressDto, 'metric' | 'value'>): string => formatValue(target.value, target.metric);

/**
 * A metric value of a target (actual, trajectory), or words when there is none (never 0):
 * "suppressed" or "Too few to conclude" when the API says why (TargetPoint.unavailable), else
 * "not available".
 */
export function targetFigureText(value: number | null, metric: TargetMetric, unavailable: NoValueReason | null = null): string {
  if (value !== null) return formatValue(value, metric);
  if (unavailable === 'suppressed') return t('suppressed.marker');
  if (unavailable === 'too_few_to_conclude') return t('verdict.too_few_to_conclude');
  return t('targets.value.unavailable');
}

/** "Reached in 2027-Q2", "Reached in 2029-Q1, after the deadline", "Not at this pace", "Already reached (2026-Q3)". */
export function projectionText(projection: Projection | null): string {
  if (projection === null) return t('targets.projection.none');
  if (projection.reached) return t('targets.projection.reached', { period: projection.period });
  if ('notAtThisPace' in projection) return t('targets.projection.notAtThisPace');
  return projection.afterDeadline
    ? t('targets.projection.afterDeadline', { period: projection.period })
    : t('targets.projection.inTime', { period: projection.period });
}

/** Whether the projection is good news, bad news or nothing to say (for styling, with words). */
export function projectionTone(projection: Projection | null): 'good' | 'bad' | 'none' {
  if (projection === null) return 'none';
  if (projection.reached) return 'good';
  if ('notAtThisPace' in projection || projection.afterDeadline) return 'bad';
  return 'good';
}
