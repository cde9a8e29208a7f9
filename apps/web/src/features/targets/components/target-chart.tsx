/**
 * A target's trajectory against its actual values. Loaded lazily (recharts is large). Quarters
 * without an actual value (withheld, too few, missing, or still to come) are gaps, never 0.
 */
import type { TargetProgressDto } from '@equity/shared';
import { CartesianGrid, Legend, Line, LineChart, ReferenceLine, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { formatValue } from '../../../lib/format';
import { t } from '../../../lib/i18n';
import { metricKind, targetValueText } from '../../../lib/target-text';
import { hasFlow, type DetailRow } from '../utils/detail-rows';

export default function TargetChart({ target, rows, ariaLabel }: { target: TargetProgressDto; rows: DetailRow[]; ariaLabel: string }) {
  const kind = metricKind(target.metric);
  const data = rows.map((r) => ({ period: r.period, actual: r.actual ?? undefined, trajectory: r.trajectory ?? undefined, flow: r.flow ?? undefined }));
  const values = [...rows.flatMap((r) => [r.actual, r.trajectory, r.flow]), target.value].filter((v): v is number => v !== null);
  const span = Math.max(Math.max(...values) - Math.min(...values), kind === 'share' ? 0.02 : 0.2);
  const raw = span / 4;
  const power = 10 ** Math.floor(Math.log10(raw));
  const step = ([1, 2, 5, 10].find((m) => m * power >= raw) ?? 10) * power;
  const low = Math.max(0, Math.floor(Math.min(...values) / step) * step);
  const high = Math.ceil(Math.max(...values) / step) * step;
  const ticks: number[] = [];
  for (let v = low; v <= high + step / 2; v += step) ticks.push(Number(v.toFixed(6)));
  const format = (v: unknown) => (typeof v === 'number' ? formatValue(v, kind) : String(v));

  return (
    <figure className="chart chart--target" role="img" aria-label={ariaLabel}>
      <ResponsiveContainer width="100%" height={280}>
        <LineChart data={data} margin={{ top: 12, right: 24, bottom: 4, left: 4 }}>
          <CartesianGrid strokeDasharray="3 3" stroke="#d9dde3" />
          <XAxis dataKey="period" fontSize={11.5} tickLine={false} interval="preserveStartEnd" />
          <YAxis domain={[ticks[0] ?? low, ticks.at(-1) ?? high]} ticks={ticks} tickFormatter={(v: number) => format(v)} width={56} fontSize={12} />
          <Tooltip formatter={(v) => format(v)} />
          <Legend wrapperStyle={{ fontSize: 13 }} formatter={(value: unknown) => <span className="chart__legend-text">{String(value)}</span>} />
          <ReferenceLine
            y={target.value}
            stroke="#555"
            strokeDasharray="2 3"
            label={{ value: t('targets.chart.goal', { value: targetValueText(target) }), position: 'insideTopLeft', fontSize: 11.5, fill: '#333' }}
          />
          <ReferenceLine
            x={target.deadlinePeriod}
            stroke="#555"
            strokeDasharray="2 3"
            label={{ value: t('targets.chart.deadline'), position: 'insideTopRight', fontSize: 11.5, fill: '#333' }}
          />
          <Line type="linear" dataKey="actual" name={t('targets.detail.actual')} stroke="#0072B2" strokeWidth={2.5} dot={{ r: 3 }} connectNulls={false} isAnimationActive={false} />
          <Line type="linear" dataKey="trajectory" name={t('targets.detail.trajectory')} stroke="#E69F00" strokeWidth={2} strokeDasharray="6 4" dot={false} isAnimationActive={false} />
          {hasFlow(rows) && (
            <Line type="linear" dataKey="flow" name={t('targets.detail.flow')} stroke="#009E73" strokeWidth={2} strokeDasharray="2 3" dot={{ r: 2 }} isAnimationActive={false} />
          )}
        </LineChart>
      </ResponsiveContainer>
    </figure>
  );
}
