/**
 * Stacked bar chart of a cross-tab. Loaded lazily: recharts is large and only needed here.
 * Suppressed cells are left out (not drawn as 0); the panel names them below the chart.
 */
import { isSuppressed } from '@equity/shared';
import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { formatNumber } from '../../../lib/format';
import { label } from '../../../lib/i18n';
import { valueColours } from '../../../lib/palette';
import type { Pivot } from '../utils/breakdown';

type Datum = Record<string, string | number | undefined>;

/** Splits a long category name over lines of about `width` characters. */
function wrap(text: string, width = 12): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/)) {
    if (line !== '' && (line + ' ' + word).length > width) {
      lines.push(line);
      line = word;
    } else {
      line = line === '' ? word : `${line} ${word}`;
    }
  }
  if (line !== '') lines.push(line);
  return lines;
}

interface TickProps {
  x?: number | string;
  y?: number | string;
  payload?: { value?: unknown };
}

function CategoryTick({ x = 0, y = 0, payload }: TickProps) {
  const lines = wrap(String(payload?.value ?? ''));
  return (
    <text x={Number(x)} y={Number(y) + 12} textAnchor="middle" fill="#333" fontSize={11.5}>
      {lines.map((line, i) => (
        <tspan key={i} x={Number(x)} dy={i === 0 ? 0 : 13}>
          {line}
        </tspan>
      ))}
    </text>
  );
}

export default function BreakdownChart({ pivot, ariaLabel }: { pivot: Pivot; ariaLabel: string }) {
  const colours = valueColours(pivot.dimension);
  const data: Datum[] = pivot.rows.map((row) => {
    const datum: Datum = { name: row.label };
    for (const value of pivot.values) {
      const count = row.counts[value.code];
      datum[value.code] = isSuppressed(count) ? undefined : (count ?? 0);
    }
    return datum;
  });

  return (
    <figure className="chart" role="img" aria-label={ariaLabel}>
      <ResponsiveContainer width="100%" height={340}>
        <BarChart data={data} margin={{ top: 8, right: 16, bottom: 8, left: 0 }}>
          <CartesianGrid strokeDasharray="3 3" vertical={false} stroke="#d9dde3" />
          <XAxis dataKey="name" interval={0} height={60} tick={<CategoryTick />} tickLine={false} />
          <YAxis allowDecimals={false} tickFormatter={(v: number) => formatNumber(v)} width={48} fontSize={12} />
          <Tooltip formatter={(v) => (typeof v === 'number' ? formatNumber(v) : String(v))} />
          <Legend
            itemSorter={null}
            wrapperStyle={{ fontSize: 13 }}
            formatter={(value: unknown) => <span className="chart__legend-text">{String(value)}</span>}
          />
          {pivot.values.map((value) => (
            <Bar
              key={value.code}
              dataKey={value.code}
              name={label(value.label)}
              stackId="stack"
              fill={colours.get(value.code) ?? '#777'}
              stroke="#fff"
              strokeWidth={0.5}
              isAnimationActive={false}
            />
          ))}
        </BarChart>
      </ResponsiveContainer>
    </figure>
  );
}
