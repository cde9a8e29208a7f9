import type { Count, FigureCode, RateDto, SeriesPoint, TargetProgressDto, Verdict } from '@equity/shared';
import { rateBase } from '../../../lib/value-text';
import { figureLabel } from '../../../lib/format';
import { t } from '../../../lib/i18n';

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
  /** The figure drawn (its name and how its values are written come from the registry). */
  figure: FigureCode;
  /** Over the four quarters to date (a flow), or at the quarter's end (a stock). */
  windowed: boolean;
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
      figure: 'representation',
      windowed: false,
      reference: null,
      hasTrajectory: representationTarget !== undefined,
      points: points.map((p) => ({ period: p.period, ...fromRate(p.representation), trajectory: trajectory.get(p.period) ?? null })),
    },
    {
      id: 'hiring',
      figure: 'hiring_share',
      windowed: true,
      reference: null,
      hasTrajectory: false,
      points: points.map((p) => ({ period: p.period, ...fromRate(p.hiringShare), trajectory: null })),
    },
    {
      id: 'promotion',
      figure: 'promotion_impact_ratio',
      windowed: true,
      reference: 0.8,
      hasTrajectory: false,
      points: points.map((p) => ({ period: p.period, value: p.promotionImpactRatio, rate: null, base: null, verdict: p.promotionVerdict, trajectory: null })),
    },
    {
      id: 'retention',
      figure: 'retention',
      windowed: true,
      reference: null,
      hasTrajectory: false,
      points: points.map((p) => ({ period: p.period, ...fromRate(p.retention), trajectory: null })),
    },
  ];
}

/** A trend's title: the figure's name, among declared staff or over the four quarters to date. */
export function trendTitle(trend: Pick<Trend, 'figure' | 'windowed'>): string {
  return t(trend.windowed ? 'zone.chart.window' : 'zone.chart.declared', { figure: figureLabel(trend.figure) });
}
