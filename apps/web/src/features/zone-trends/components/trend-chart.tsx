/**
 * Line chart of one trend. Loaded lazily: recharts is large. Quarters without a value (withheld,
 * too few to conclude, missing) are gaps in the line, never 0.
 */
import { figureKind } from '@equity/shared';
import { CartesianGrid, Legend, Line, LineChart, ReferenceLine, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { formatValue } from '../../../lib/format';
import { t } from '../../../lib/i18n';
import type { Trend } from '../utils/series';

export default function TrendChart({ trend, ariaLabel }: { trend: Trend; ariaLabel: string }) {
  const data = trend.points.map((p) => ({ period: p.period, value: p.value ?? undefined, trajectory: p.trajectory ?? undefined }));
  const format = (v: unknown) => (typeof v === 'number' ? formatValue(v, trend.figure) : String(v));
  const values = [...data.map((d) => d.value), ...data.map((d) => d.trajectory), trend.reference].filter((v): v is number => typeof v === 'number');
  // Round ticks (1, 2 or 5 × a power of ten) that include the reference line.
  const max = Math.max(...values);
  const min = Math.min(...values);
  const span = Math.max(max - min, figureKind(trend.figure) === 'share' ? 0.02 : 0.2);
  const raw = span / 4;
  const power = 10 ** Math.floor(Math.log10(raw));
  const step = ([1, 2, 5, 10].find((m) => m * power >= raw) ?? 10) * power;
  const low = Math.max(0, Math.floor(min / step) * step);
  const high = Math.ceil(max / step) * step;
  const ticks: number[] = [];
  for (let v = low; v <= high + step / 2; v += step) ticks.push(Number(v.toFixed(6)));
  const domain: [number, number] = [ticks[0] ?? low, ticks.at(-1) ?? high];

  return (
    <figure className="chart chart--trend" role="img" aria-label={ariaLabel}>
      <ResponsiveContainer width="100%" height={260}>
        <LineChart data={data} margin={{ top: 8, right: 16, bottom: 4, left: 4 }}>
          <CartesianGrid strokeDasharray="3 3" stroke="#d9dde3" />
          <XAxis dataKey="period" fontSize={11.5} tickLine={false} interval="preserveStartEnd" />
          <YAxis domain={domain} ticks={ticks} tickFormatter={(v: number) => format(v)} width={56} fontSize={12} />
          <Tooltip formatter={(v) => format(v)} />
          <Legend wrapperStyle={{ fontSize: 13 }} formatter={(value: unknown) => <span className="chart__legend-text">{String(value)}</span>} />
          {trend.reference !== null && (
            <ReferenceLine
              y={trend.reference}
              stroke="#D55E00"
              strokeDasharray="6 4"
              label={{ value: t('zone.chart.fourFifths'), position: 'insideBottomRight', fontSize: 11.5, fill: '#8a3a00' }}
            />
          )}
          <Line
            type="linear"
            dataKey="value"
            name={t('zone.chart.value')}
            stroke="#0072B2"
            strokeWidth={2.5}
            dot={{ r: 3 }}
            connectNulls={false}
            isAnimationActive={false}
          />
          {trend.hasTrajectory && (
            <Line
              type="linear"
              dataKey="trajectory"
              name={t('zone.chart.trajectory')}
              stroke="#E69F00"
              strokeWidth={2}
              strokeDasharray="6 4"
              dot={false}
              isAnimationActive={false}
            />
          )}
        </LineChart>
      </ResponsiveContainer>
    </figure>
  );
}
