/**
 * One target's course quarter by quarter, as its chart draws it, its table lists it and its CSV
 * holds it: the actual value, the straight trajectory (from the API up to the latest data, then
 * continued to the deadline with the same shared rule), the gap, the status and, for
 * representation targets, the flow projection.
 */
import { periodIndex, periodRange, trajectory, type NoValueReason, type TargetProgressDto, type TargetStatus } from '@equity/shared';
import { formatDifference, formatValue } from '../../../lib/format';
import { t } from '../../../lib/i18n';
import { targetFigureText } from '../../../lib/target-text';

export interface DetailRow {
  period: string;
  actual: number | null;
  /** Why there is no actual value although the quarter has data (suppressed, too few to conclude). */
  unavailable: NoValueReason | null;
  trajectory: number | null;
  gap: number | null;
  /** Null for quarters still to come. */
  status: TargetStatus | null;
  flow: number | null;
}

export function detailRows(target: TargetProgressDto): DetailRow[] {
  const rows: DetailRow[] = target.points.map((p) => ({ period: p.period, actual: p.actual, unavailable: p.unavailable ?? null, trajectory: p.trajectory, gap: p.gap, status: p.status, flow: null }));
  const flow = new Map((target.flowProjection ?? []).map((f) => [f.period, f.representation]));
  const start = target.points.find((p) => p.trajectory !== null);
  const last = rows.at(-1)?.period ?? target.baselinePeriod;
  if (periodIndex(target.deadlinePeriod) > periodIndex(last)) {
    for (const period of periodRange(last, target.deadlinePeriod).slice(1)) {
      rows.push({
        period,
        actual: null,
        unavailable: null,
        trajectory: start && target.baselineValue !== null ? trajectory(target.baselineValue, target.value, start.period, target.deadlinePeriod, period) : null,
        gap: null,
        status: null,
        flow: flow.get(period) ?? null,
      });
    }
  }
  return rows;
}

export const hasFlow = (rows: DetailRow[]): boolean => rows.some((r) => r.flow !== null);

/** Actual − trajectory: in percentage points for shares, in ratio units for the impact ratio; signed. */
export function gapText(gap: number | null, target: Pick<TargetProgressDto, 'metric'>): string {
  return gap === null ? t('value.none') : formatDifference(gap, target.metric);
}

/** The texts of one row, the same in the table and the CSV. */
export function rowTexts(row: DetailRow, target: TargetProgressDto) {
  const kind = target.metric;
  const future = row.status === null;
  return {
    period: row.period,
    actual: future ? t('targets.detail.future') : targetFigureText(row.actual, target.metric, row.unavailable),
    trajectory: row.trajectory === null ? t('value.none') : formatValue(row.trajectory, kind),
    gap: gapText(row.gap, target),
    status: row.status === null ? t('value.none') : t(`target.${row.status}`),
    flow: row.flow === null ? t('value.none') : formatValue(row.flow, kind),
  };
}

/** Exactly the table: header and one line per quarter. */
export function detailCsv(rows: DetailRow[], target: TargetProgressDto): string[][] {
  const flow = hasFlow(rows);
  const header = [t('zone.table.period'), t('targets.detail.actual'), t('targets.detail.trajectory'), t('targets.detail.gap'), t('targets.detail.status')];
  if (flow) header.push(t('targets.detail.flow'));
  return [
    header,
    ...rows.map((row) => {
      const texts = rowTexts(row, target);
      const line = [texts.period, texts.actual, texts.trajectory, texts.gap, texts.status];
      if (flow) line.push(texts.flow);
      return line;
    }),
  ];
}
