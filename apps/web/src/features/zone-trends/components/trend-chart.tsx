/**
 * Line chart of one trend. Loaded lazily: recharts is large. Quarters without a value (withheld,
 * too few to conclude, missing) are gaps in the line, never 0.
 */
import { figureKind } from '@equity/shared';
import { Line, ReferenceLine } from 'recharts';
import { LineChartFrame, TRAJECTORY_LINE, VALUE_LINE } from '../../../components/line-chart-frame';
import { roundTicks } from '../../../lib/chart-ticks';
import { formatValue } from '../../../lib/format';
import { t } from '../../../lib/i18n';
import type { Trend } from '../utils/series';

export default function TrendChart({ trend, ariaLabel }: { trend: Trend; ariaLabel: string }) {
  const data = trend.points.map((p) => ({ period: p.period, value: p.value ?? undefined, trajectory: p.trajectory ?? undefined }));
  const values = [...data.map((d) => d.value), ...data.map((d) => d.trajectory), trend.reference].filter((v): v is number => typeof v === 'number');
  // Round ticks that include the reference line.
  const yAxis = { ...roundTicks(values, figureKind(trend.figure) === 'share' ? 0.02 : 0.2), tickFormatter: (v: number) => formatValue(v, trend.figure), width: 56 };

  return (
    <LineChartFrame className="chart--trend" ariaLabel={ariaLabel} height={260} data={data} kind={trend.figure} yAxis={yAxis}>
      {trend.reference !== null && <ReferenceLine y={trend.reference} stroke="#D55E00" strokeDasharray="6 4" label={{ value: t('zone.chart.fourFifths'), position: 'insideBottomRight', fontSize: 11.5, fill: '#8a3a00' }} />}
      <Line {...VALUE_LINE} dataKey="value" name={t('zone.chart.value')} />
      {trend.hasTrajectory && <Line {...TRAJECTORY_LINE} dataKey="trajectory" name={t('zone.chart.trajectory')} />}
    </LineChartFrame>
  );
}
