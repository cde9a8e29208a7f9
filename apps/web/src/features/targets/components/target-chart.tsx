/**
 * A target's trajectory against its actual values. Loaded lazily (recharts is large). Quarters
 * without an actual value (withheld, too few, missing, or still to come) are gaps, never 0.
 */
import type { TargetProgressDto } from '@equity/shared';
import { Line, ReferenceLine } from 'recharts';
import { LineChartFrame, TRAJECTORY_LINE, VALUE_LINE } from '../../../components/line-chart-frame';
import { roundTicks } from '../../../lib/chart-ticks';
import { formatValue } from '../../../lib/format';
import { t } from '../../../lib/i18n';
import { metricKind, targetValueText } from '../../../lib/target-text';
import { hasFlow, type DetailRow } from '../utils/detail-rows';

export default function TargetChart({ target, rows, ariaLabel }: { target: TargetProgressDto; rows: DetailRow[]; ariaLabel: string }) {
  const kind = metricKind(target.metric);
  const data = rows.map((r) => ({ period: r.period, actual: r.actual ?? undefined, trajectory: r.trajectory ?? undefined, flow: r.flow ?? undefined }));
  const values = [...rows.flatMap((r) => [r.actual, r.trajectory, r.flow]), target.value].filter((v): v is number => v !== null);
  const yAxis = { ...roundTicks(values, kind === 'share' ? 0.02 : 0.2), tickFormatter: (v: number) => formatValue(v, kind), width: 56 };

  return (
    <LineChartFrame className="chart--target" ariaLabel={ariaLabel} height={280} margin={{ top: 12, right: 24, bottom: 4, left: 4 }} data={data} kind={kind} yAxis={yAxis}>
      <ReferenceLine y={target.value} stroke="#555" strokeDasharray="2 3" label={{ value: t('targets.chart.goal', { value: targetValueText(target) }), position: 'insideTopLeft', fontSize: 11.5, fill: '#333' }} />
      <ReferenceLine x={target.deadlinePeriod} stroke="#555" strokeDasharray="2 3" label={{ value: t('targets.chart.deadline'), position: 'insideTopRight', fontSize: 11.5, fill: '#333' }} />
      <Line {...VALUE_LINE} dataKey="actual" name={t('targets.detail.actual')} />
      <Line {...TRAJECTORY_LINE} dataKey="trajectory" name={t('targets.detail.trajectory')} />
      {hasFlow(rows) && (
        <Line type="linear" dataKey="flow" name={t('targets.detail.flow')} stroke="#009E73" strokeWidth={2} strokeDasharray="2 3" dot={{ r: 2 }} isAnimationActive={false} />
      )}
    </LineChartFrame>
  );
}
