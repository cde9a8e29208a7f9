/**
 * One metric of several zones over the quarters, one line per zone. Loaded lazily (recharts is
 * large). Lines differ by colour (Okabe–Ito), dash pattern and marker, so they can be told apart
 * without colour. Quarters without a value are gaps, never 0.
 */
import type { FigureKind } from '@equity/shared';
import { Line } from 'recharts';
import { LineChartFrame } from '../../../components/line-chart-frame';
import { formatBareValue } from '../../../lib/format';
import { OKABE_ITO } from '../../../lib/palette';
import type { CompareRow } from '../utils/compare-rows';

const DASHES = ['', '6 3', '2 3', '10 4 2 4', '4 4', '12 3'];
const MARKERS = ['circle', 'square', 'triangle', 'diamond', 'cross', 'star'] as const;

export default function CompareChart({ rows, quarters, kind, ariaLabel }: { rows: CompareRow[]; quarters: string[]; kind: FigureKind; ariaLabel: string }) {
  const data = quarters.map((period, i) => Object.fromEntries([['period', period], ...rows.map((r) => [r.zone, r.cells[i]?.value ?? undefined])]));
  return (
    <LineChartFrame className="chart--compare" ariaLabel={ariaLabel} height={320} data={data} kind={kind} yAxis={{ tickFormatter: (v: number) => formatBareValue(v, kind), width: 60 }}>
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
    </LineChartFrame>
  );
}
