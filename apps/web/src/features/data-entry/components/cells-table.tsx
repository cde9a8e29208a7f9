import { MEASURE_CODES, MEASURES, type Classes, type ClassificationProfile, type Count, type MeasureCode } from '@equity/shared';
import { CountText } from '../../../components/count-text';
import { formatNumber } from '../../../lib/format';
import { label, t, tCount } from '../../../lib/i18n';
import { categoryLabel, valueLabel } from '../../../lib/profile-utils';

interface AnyCell {
  measure: MeasureCode;
  detail: string;
  category: string;
  classes: Classes;
  count: Count;
  /** The count in the revision compared with (`compare`). */
  before?: number;
}

/**
 * A flat list of cells (upload preview, an older revision), in measure and category order. With
 * `compare`, two count columns: each cell's count in the earlier revision (`before`) and in the later.
 */
export function CellsTable({ profile, cells, caption, compare }: { profile: ClassificationProfile; cells: AnyCell[]; caption: string; compare?: { before: string; after: string } }) {
  if (cells.length === 0) return <p className="muted">{t('cells.empty')}</p>;
  const dimensions = profile.dimensions.filter((d) => cells.some((c) => c.classes[d.code] !== undefined));
  const categoryOrder = new Map(profile.categories.map((c, i) => [c.code, i]));
  const valueOrder = (dim: string, code: string | undefined) =>
    profile.dimensions.find((d) => d.code === dim)?.values.findIndex((v) => v.code === code) ?? 0;
  const sorted = [...cells].sort(
    (a, b) =>
      MEASURE_CODES.indexOf(a.measure) - MEASURE_CODES.indexOf(b.measure) ||
      a.detail.localeCompare(b.detail) ||
      (categoryOrder.get(a.category) ?? 99) - (categoryOrder.get(b.category) ?? 99) ||
      dimensions.reduce((acc, d) => acc || valueOrder(d.code, a.classes[d.code]) - valueOrder(d.code, b.classes[d.code]), 0),
  );
  return (
    <div className="table-scroll table-scroll--tall" tabIndex={0} role="region" aria-label={caption}>
      <table className="data-table data-table--compact">
        <caption>
          {caption} <span className="muted">({tCount('cells.total', cells.length, { n: formatNumber(cells.length) })})</span>
        </caption>
        <thead>
          <tr>
            <th scope="col">{t('cells.measure')}</th>
            <th scope="col">{t('cells.detail')}</th>
            <th scope="col">{t('cells.category')}</th>
            {dimensions.map((d) => (
              <th scope="col" key={d.code}>
                {label(d.label)}
              </th>
            ))}
            {compare && (
              <th scope="col" className="numeric">
                {compare.before}
              </th>
            )}
            <th scope="col" className="numeric">
              {compare ? compare.after : t('cells.count')}
            </th>
          </tr>
        </thead>
        <tbody>
          {sorted.map((cell, i) => {
            const measure = MEASURES[cell.measure];
            const detail = measure?.details.find((d) => d.code === cell.detail);
            return (
              <tr key={i}>
                <td>{measure ? label(measure.label) : cell.measure}</td>
                <td>{cell.detail ? (detail ? label(detail.label) : cell.detail) : '—'}</td>
                <td>{categoryLabel(profile, cell.category)}</td>
                {dimensions.map((d) => (
                  <td key={d.code}>{cell.classes[d.code] !== undefined ? valueLabel(d, cell.classes[d.code] ?? '') : '—'}</td>
                ))}
                {compare && <td className="numeric">{formatNumber(cell.before ?? 0)}</td>}
                <td className="numeric">
                  <CountText count={cell.count} />
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
