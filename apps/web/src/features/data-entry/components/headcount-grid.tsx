import type { ClassificationProfile } from '@equity/shared';
import { memo } from 'react';
import { formatNumber } from '../../../lib/format';
import { label, t } from '../../../lib/i18n';
import { classesText, valueLabel } from '../../../lib/profile-utils';
import { gridLayout, headcountKey } from '../utils/form-model';
import { ScrollTable } from '../../../components/table-parts';

function toNumber(text: string | undefined): number {
  const n = Number(text ?? '');
  return Number.isFinite(n) ? n : 0;
}

/**
 * Headcount inputs: for each staff category a block of rows (combinations of the other
 * dimensions) × columns (values of the widest dimension), with row, category and grand totals.
 */
export const HeadcountGrid = memo(function HeadcountGrid({
  profile,
  values,
  invalid,
  warned,
  onChange,
}: {
  profile: ClassificationProfile;
  values: Record<string, string>;
  /** Keys of inputs the API reported a problem for. */
  invalid: ReadonlySet<string>;
  /** Keys of inputs a stock-flow warning is about (allowed, but to check). */
  warned: ReadonlySet<string>;
  onChange: (key: string, value: string) => void;
}) {
  const layout = gridLayout(profile);
  const { columnDimension, rowDimensions, rowCombinations, columnCombinations } = layout;
  const columnCount = columnCombinations.length + 2;
  let grandTotal = 0;

  const rowHeader = rowDimensions.map((d) => label(d.label)).join(' × ');

  return (
    <ScrollTable
      className="data-table entry-grid"
      caption={t('form.headcount.heading')}
      captionHidden
      rowGroups
      head={
        <>
          <th scope="col" className="cell--label">
            {rowHeader}
          </th>
          {columnCombinations.map((classes, i) => (
            <th scope="col" key={i} className="entry-grid__col">
              {columnDimension ? valueLabel(columnDimension, classes[columnDimension.code] ?? '') : t('cells.count')}
            </th>
          ))}
          <th scope="col" className="cell--total">
            {t('dashboard.table.total')}
          </th>
        </>
      }
    >
      {profile.categories.map((category) => {
        let categoryTotal = 0;
        const rows = rowCombinations.map((rowClasses, r) => {
          let rowTotal = 0;
          const cells = columnCombinations.map((columnClasses, c) => {
            const classes = { ...rowClasses, ...columnClasses };
            const key = headcountKey(category.code, classes);
            const value = values[key] ?? '';
            rowTotal += toNumber(value);
            const isInvalid = invalid.has(key);
            const isWarned = !isInvalid && warned.has(key);
            return (
              <td key={c}>
                <input
                  className={isWarned ? 'count-input count-input--warned' : 'count-input'}
                  title={isWarned ? t('form.headcount.warned') : undefined}
                  type="number"
                  inputMode="numeric"
                  min={0}
                  step={1}
                  value={value}
                  placeholder="0"
                  aria-label={t('form.cellLabel', { category: label(category.label), classes: classesText(profile, classes) })}
                  aria-invalid={isInvalid || undefined}
                  onChange={(event) => onChange(key, event.target.value)}
                />
              </td>
            );
          });
          categoryTotal += rowTotal;
          return (
            <tr key={r}>
              <th scope="row" className="cell--label entry-grid__rowhead">
                {rowDimensions.length > 0 ? classesText(profile, rowClasses) : label(category.label)}
              </th>
              {cells}
              <td className="cell--total numeric">{formatNumber(rowTotal)}</td>
            </tr>
          );
        });
        grandTotal += categoryTotal;
        return (
          <tbody key={category.code} className="entry-grid__group">
            {rowDimensions.length > 0 && (
              <tr className="entry-grid__category">
                <th scope="rowgroup" colSpan={columnCount - 1} className="cell--label">
                  {label(category.label)}
                </th>
                <td className="cell--total numeric">{formatNumber(categoryTotal)}</td>
              </tr>
            )}
            {rows}
          </tbody>
        );
      })}
      <tfoot>
        <tr>
          <th scope="row" colSpan={columnCount - 1} className="cell--label">
            {t('form.headcount.total')}
          </th>
          <td className="cell--total numeric">{formatNumber(grandTotal)}</td>
        </tr>
      </tfoot>
    </ScrollTable>
  );
});
