import type { ClassificationProfile, GlassCeilingDto } from '@equity/shared';
import { CsvButton } from '../../../components/csv-button';
import { BaseText, ValueText } from '../../../components/rate-value';
import { figureLabel } from '../../../lib/format';
import { baseText, rateBase, valueText } from '../../../lib/value-text';
import { label, t } from '../../../lib/i18n';
import { categoryLabel } from '../../../lib/profile-utils';
import { ScrollTable } from '../../../components/table-parts';

/** Representation of the group among declared staff, staff category by staff category. */
export function GlassCeilingTable({ data, profile, caption, fileName }: { data: GlassCeilingDto; profile: ClassificationProfile; caption: string; fileName: string }) {
  const name = (row: GlassCeilingDto['rows'][number]) => {
    if (row.level === 'category') return categoryLabel(profile, row.category);
    const group = profile.categoryGroups.find((g) => g.code === row.category);
    return t('zone.glass.group', { label: group ? label(group.label) : row.category });
  };
  const csv = () => [
    [t('zone.glass.category'), figureLabel('representation'), t('zone.glass.base'), figureLabel('declaration_rate')],
    ...data.rows.map((row) => [name(row), valueText(row.representation.value, 'representation', row.representation, null), baseText(rateBase(row.representation)), valueText(row.declaration.value, 'declaration_rate', row.declaration, null)]),
  ];
  return (
    <>
    <div className="table-actions">
      <CsvButton rows={csv} fileName={fileName} />
    </div>
    <ScrollTable
      className="data-table data-table--numeric glass-ceiling"
      caption={caption}
      label={caption}
      head={
        <>
          <th scope="col" className="cell--label">
            {t('zone.glass.category')}
          </th>
          <th scope="col">{figureLabel('representation')}</th>
          <th scope="col">{t('zone.glass.base')}</th>
          <th scope="col">{figureLabel('declaration_rate')}</th>
        </>
      }
    >
      {data.rows.map((row) => (
        <tr key={`${row.level}-${row.category}`} className={row.level === 'group' ? 'row--group' : undefined}>
          <th scope="row" className="cell--label">
            {name(row)}
          </th>
          <td>
            <ValueText value={row.representation.value} kind="representation" rate={row.representation} />
          </td>
          <td><BaseText base={rateBase(row.representation)} /></td>
          <td>
            <ValueText value={row.declaration.value} kind="declaration_rate" rate={row.declaration} />
          </td>
        </tr>
      ))}
    </ScrollTable>
    </>
  );
}
