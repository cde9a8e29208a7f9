import type { Count, RateDto, SeriesPoint, TargetProgressDto, Verdict } from '@equity/shared';
import { rateBase, type ValueKind } from '../../../components/rate-value';
import type { MessageId } from '../../../lib/i18n';

export interface TrendPoint {
  period: string;
  value: number | null;
  rate: RateDto | null;
  base: Count | null;
  verdict: Verdict | null;
  trajectory: number | null;
}

export interface Trend {
  id: string;
  title: MessageId;
  kind: ValueKind;
  points: TrendPoint[];
  /** A horizontal reference line (the four-fifths rule for impact ratios). */
  reference: number | null;
  hasTrajectory: boolean;
}

const fromRate = (rate: RateDto) => ({ value: rate.value, rate, base: rateBase(rate), verdict: null });

/** The four trend series of a zone; the representation target's trajectory drawn with representation. */
export function trends(points: SeriesPoint[], representationTarget: TargetProgressDto | undefined): Trend[] {
  const trajectory = new Map((representationTarget?.points ?? []).map((p) => [p.period, p.trajectory]));
  return [
    {
      id: 'representation',
      title: 'zone.chart.representation',
      kind: 'percent',
      reference: null,
      hasTrajectory: representationTarget !== undefined,
      points: points.map((p) => ({ period: p.period, ...fromRate(p.representation), trajectory: trajectory.get(p.period) ?? null })),
    },
    {
      id: 'hiring',
      title: 'zone.chart.hiringShare',
      kind: 'percent',
      reference: null,
      hasTrajectory: false,
      points: points.map((p) => ({ period: p.period, ...fromRate(p.hiringShare), trajectory: null })),
    },
    {
      id: 'promotion',
      title: 'zone.chart.promotion',
      kind: 'ratio',
      reference: 0.8,
      hasTrajectory: false,
      points: points.map((p) => ({ period: p.period, value: p.promotionImpactRatio, rate: null, base: null, verdict: p.promotionVerdict, trajectory: null })),
    },
    {
      id: 'retention',
      title: 'zone.chart.retention',
      kind: 'percent',
      reference: null,
      hasTrajectory: false,
      points: points.map((p) => ({ period: p.period, ...fromRate(p.retention), trajectory: null })),
    },
  ];
}
