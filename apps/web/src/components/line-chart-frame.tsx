/**
 * What the dashboard's line charts share (compare, target, trend): a labelled figure, the quarters
 * along the bottom, the grid, the value axis, the tooltip and the legend. The lines and reference
 * lines are the children. Only the lazily loaded chart modules import it (recharts is large).
 */
import type { FigureCode, FigureKind } from '@equity/shared';
import type { ReactNode } from 'react';
import { CartesianGrid, Legend, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis, type YAxisProps } from 'recharts';
import { formatValue } from '../lib/format';

/** The measured values: a solid blue line, a gap where a quarter has none. */
export const VALUE_LINE = { type: 'linear', stroke: '#0072B2', strokeWidth: 2.5, dot: { r: 3 }, connectNulls: false, isAnimationActive: false } as const;
/** The trajectory towards a target: a dashed orange line. */
export const TRAJECTORY_LINE = { type: 'linear', stroke: '#E69F00', strokeWidth: 2, strokeDasharray: '6 4', dot: false, isAnimationActive: false } as const;

const MARGIN = { top: 8, right: 16, bottom: 4, left: 4 };

export function LineChartFrame({
  className,
  ariaLabel,
  height,
  margin = MARGIN,
  data,
  kind,
  yAxis,
  children,
}: {
  /** The chart's own class, beside `chart`. */
  className: string;
  ariaLabel: string;
  height: number;
  margin?: typeof MARGIN;
  /** One point per quarter, by `period`. */
  data: Record<string, unknown>[];
  /** How the tooltip writes a value. */
  kind: FigureCode | FigureKind;
  yAxis: Pick<YAxisProps, 'domain' | 'ticks' | 'tickFormatter' | 'width'>;
  children: ReactNode;
}) {
  return (
    <figure className={`chart ${className}`} role="img" aria-label={ariaLabel}>
      <ResponsiveContainer width="100%" height={height}>
        <LineChart data={data} margin={margin}>
          <CartesianGrid strokeDasharray="3 3" stroke="#d9dde3" />
          <XAxis dataKey="period" fontSize={11.5} tickLine={false} interval="preserveStartEnd" />
          <YAxis {...yAxis} fontSize={12} />
          <Tooltip formatter={(v) => (typeof v === 'number' ? formatValue(v, kind) : String(v))} />
          <Legend wrapperStyle={{ fontSize: 13 }} formatter={(value: unknown) => <span className="chart__legend-text">{String(value)}</span>} />
          {children}
        </LineChart>
      </ResponsiveContainer>
    </figure>
  );
}
