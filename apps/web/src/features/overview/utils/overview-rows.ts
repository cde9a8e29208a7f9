import type { Count, NationalDto, NationalMetric, NationalRow, RateDto, TargetMetric, TargetProgressDto, TargetStatus, Verdict, ZoneDto } from '@equity/shared';
import { rateBase } from '../../../lib/value-text';
import { findTarget, statusIn } from '../../../lib/api/get-targets';
import { label } from '../../../lib/i18n';

export const OVERVIEW_METRICS = ['representation', 'hiring', 'promotion', 'retention'] as const;
export type OverviewMetric = (typeof OVERVIEW_METRICS)[number];

/** The national metric behind each column, and the target metric whose status it shows. */
export const METRIC_SOURCE = {
  representation: { national: 'representation', target: 'representation' },
  hiring: { national: 'hiring_ratio', target: 'hiring_share' },
  promotion: { national: 'promotion_impact_ratio', target: 'promotion_impact_ratio' },
  retention: { national: 'retention', target: 'retention' },
} as const satisfies Record<OverviewMetric, { national: NationalMetric; target: TargetMetric }>;

export interface MetricCell {
  value: number | null;
  rate: RateDto | null;
  base: Count | null;
  verdict: Verdict | null;
  /** The zone's disclosure protections are not computed yet: withheld for now (NationalRow.pending). */
  pending?: boolean;
  target: { status: TargetStatus; value: number; metric: TargetMetric; deadline: string } | null;
}

export interface OverviewRow {
  zone: string;
  zoneName: string;
  metrics: Record<OverviewMetric, MetricCell>;
}

/** Every zone together (NationalDto.total): how many zones, and each column's figure (no target). */
export interface OverviewTotal {
  zones: number;
  metrics: Record<OverviewMetric, MetricCell>;
}

const emptyCell: MetricCell = { value: null, rate: null, base: null, verdict: null, target: null };

/** A cell from a figure of the national comparison (a zone's row or the total). */
const cellOf = (figure: Pick<NationalRow, 'value' | 'rate' | 'verdict' | 'pending'>, target: MetricCell['target']): MetricCell => ({
  value: figure.value,
  rate: figure.rate,
  base: rateBase(figure.rate),
  verdict: figure.verdict,
  ...(figure.pending ? { pending: true } : {}),
  target,
});

/** One row per zone of the national comparison, with each column's value, base and target status. */
export function overviewRows(
  national: Record<OverviewMetric, NationalDto>,
  zones: ZoneDto[],
  targets: TargetProgressDto[],
  period: string,
  group: string,
): OverviewRow[] {
  const names = new Map(zones.map((z) => [z.code, label(z.names) || z.name]));
  const order: string[] = [];
  for (const metric of OVERVIEW_METRICS) for (const row of national[metric].rows) if (!order.includes(row.zone)) order.push(row.zone);
  return order.map((zone) => {
    const metrics = {} as Record<OverviewMetric, MetricCell>;
    let zoneName = names.get(zone);
    for (const metric of OVERVIEW_METRICS) {
      const row = national[metric].rows.find((r) => r.zone === zone);
      zoneName ??= row?.zoneName;
      const source = METRIC_SOURCE[metric];
      const target = findTarget(targets, zone, group, source.target);
      metrics[metric] = row
        ? cellOf(row, target ? { status: statusIn(target, period), value: target.value, metric: target.metric, deadline: target.deadlinePeriod } : null)
        : emptyCell;
    }
    return { zone, zoneName: zoneName ?? zone, metrics };
  });
}

/** The total row: every zone of the comparison together, each column from its metric's total. */
export function overviewTotal(national: Record<OverviewMetric, NationalDto>): OverviewTotal {
  const metrics = {} as Record<OverviewMetric, MetricCell>;
  for (const metric of OVERVIEW_METRICS) metrics[metric] = cellOf(national[metric].total, null);
  return { zones: national.representation.total.zones, metrics };
}
