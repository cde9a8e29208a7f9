/**
 * One metric of several zones over the quarters, one line per zone. Loaded lazily (recharts is
 * large). Lines differ by colour (Okabe–Ito), dash pattern and marker, so they can be told apart
 * without colour. Quarters without a value are gaps, never 0.
 */
import type { FigureKind } from '@equity/shared';
import { CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { formatBareValue, formatValue } from '../../../lib/format';
import { OKABE_ITO } from '../../../lib/palette';
import type { CompareRow } from '../utils/compare-rows';

const DASHES = ['', '6 3', '2 3', '10 4 2 4', '4 4', '12 3'];
const MARKERS = ['circle', 'square', 'triangle', 'diamond', 'cross', 'star'] as const;

export default function CompareChart({ rows, quarters, kind, ariaLabel }: { rows: CompareRow[]; quarters: string[]; kind: FigureKind; ariaLabel: string }) {
  const data = quarters.map((period, i) => Object.fromEntries([['period', period], ...rows.map((r) => [r.zone, r.cells[i]?.value ?? undefined])]));
  const format = (v: unknown) => (typeof v === 'number' ? formatValue(v, kind) : String(v));
  return (
    <figure className="chart chart--compare" role="img" aria-label={ariaLabel}>
      <ResponsiveContainer width="100%" height={320}>
        <LineChart data={data} margin={{ top: 8, right: 16, bottom: 4, left: 4 }}>
          <CartesianGrid strokeDasharray="3 3" stroke="#d9dde3" />
          <XAxis dataKey="period" fontSize={11.5} tickLine={false} interval="preserveStartEnd" />
          <YAxis tickFormatter={(v: number) => formatBareValue(v, kind)} width={60} fontSize={12} />
          <Tooltip formatter={(v) => format(v)} />
          <Legend wrapperStyle={{ fontSize: 13 }} formatter={(value: unknown) => <span className="chart__legend-text">{String(value)}</span>} />
          {rows.map((r, i) => (
            <Line
              key={r.zone}
              type="linear"
              dataKey={r.zone}
              name={r.zoneName}
              stroke={OKABE_ITO[i % OKABE_ITO.length]}
              strokeWidth={2.25}
              strokeDasharray={DASHES[i % DASHES.length]}
              dot={{ r: 3.5 }}
              legendType={MARKERS[i % MARKERS.length]}
              connectNulls={false}
              isAnimationActive={false}
            />
          ))}
        </LineChart>
      </ResponsiveContainer>
    </figure>
  );
}
