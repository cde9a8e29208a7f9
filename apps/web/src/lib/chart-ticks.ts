/**
 * The value axis of a line chart: round ticks (1, 2 or 5 × a power of ten, about four steps) from
 * the lowest value to the highest, never below 0; steps are no finer than a quarter of `minSpan`, so
 * a nearly flat line is not magnified into noise. Give it every value the chart draws, reference
 * lines included.
 */
export function roundTicks(values: number[], minSpan: number): { ticks: number[]; domain: [number, number] } {
  const max = Math.max(...values);
  const min = Math.min(...values);
  const span = Math.max(max - min, minSpan);
  const raw = span / 4;
  const power = 10 ** Math.floor(Math.log10(raw));
  const step = ([1, 2, 5, 10].find((m) => m * power >= raw) ?? 10) * power;
  const low = Math.max(0, Math.floor(min / step) * step);
  const high = Math.ceil(max / step) * step;
  const ticks: number[] = [];
  for (let v = low; v <= high + step / 2; v += step) ticks.push(Number(v.toFixed(6)));
  return { ticks, domain: [ticks[0] ?? low, ticks.at(-1) ?? high] };
}
