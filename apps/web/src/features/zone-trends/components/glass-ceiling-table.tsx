import type { ClassificationProfile, GlassCeilingDto } from '@equity/shared';
import { CsvButton } from '../../../components/csv-button';
import { BaseText, baseText, rateBase, ValueText, valueText } from '../../../components/rate-value';
import { label, t } from '../../../lib/i18n';
import { categoryLabel } from '../../../lib/profile-utils';

/** Representation of the group among declared staff, staff category by staff category. */
export function GlassCeilingTable({ data, profile, caption, fileName }: { data: GlassCeilingDto; profile: ClassificationProfile; caption: string; fileName: string }) {
  const name = (row: GlassCeilingDto['rows'][number]) => {
    if (row.level === 'category') return categoryLabel(profile, row.category);
    const group = profile.categoryGroups.find((g) => g.code === row.category);
    return t('zone.glass.group', { label: group ? label(group.label) : row.category });
  };
  const csv = () => [
    [t('zone.glass.category'), t('zone.glass.representation'), t('zone.glass.base'), t('zone.glass.declaration')],
    ...data.rows.map((row) => [name(row), valueText(row.representation.value, 'percent', row.representation, null), baseText(rateBase(row.representation)), valueText(row.declaration.value, 'percent', row.declaration, null)]),
  ];
  return (
    <>
    <div className="table-actions">
      <CsvButton rows={csv} fileName={fileName} />
    </div>
    <div className="table-scroll" tabIndex={0} role="region" aria-label={caption}>
      <table className="data-table data-table--numeric glass-ceiling">
        <caption>{caption}</caption>
        <thead>
          <tr>
            <th scope="col" className="cell--label">
              {t('zone.glass.category')}
            </th>
            <th scope="col">{t('zone.glass.representation')}</th>
            <th scope="col">{t('zone.glass.base')}</th>
            <th scope="col">{t('zone.glass.declaration')}</th>
          </tr>
        </thead>
        <tbody>
          {data.rows.map((row) => (
            <tr key={`${row.level}-${row.category}`} className={row.level === 'group' ? 'row--group' : undefined}>
              <th scope="row" className="cell--label">
                {name(row)}
              </th>
              <td>
                <ValueText value={row.representation.value} kind="percent" rate={row.representation} />
              </td>
              <td><BaseText base={rateBase(row.representation)} /></td>
              <td>
                <ValueText value={row.declaration.value} kind="percent" rate={row.declaration} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
    </>
  );
}
