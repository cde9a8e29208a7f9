import type { ClassificationProfile, GlassCeilingDto } from '@equity/shared';
import { BaseText, ValueText } from '../../../components/rate-value';
import { label, t } from '../../../lib/i18n';
import { categoryLabel } from '../../../lib/profile-utils';

/** Representation of the group among declared staff, staff category by staff category. */
export function GlassCeilingTable({ data, profile, caption }: { data: GlassCeilingDto; profile: ClassificationProfile; caption: string }) {
  const name = (row: GlassCeilingDto['rows'][number]) => {
    if (row.level === 'category') return categoryLabel(profile, row.category);
    const group = profile.categoryGroups.find((g) => g.code === row.category);
    return t('zone.glass.group', { label: group ? label(group.label) : row.category });
  };
  return (
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
              <td><BaseText base={row.representation.denominator} /></td>
              <td>
                <ValueText value={row.declaration.value} kind="percent" rate={row.declaration} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
