import type { ReactNode } from 'react';
import { Link } from 'react-router';
import { PageSection } from '../../../components/page-section';
import { ScrollTable } from '../../../components/table-parts';
import { EmptyState } from '../../../components/ui/empty-state';
import { ErrorState } from '../../../components/ui/error-state';
import { Loading } from '../../../components/ui/loading';
import { formatNumber } from '../../../lib/format';
import { label, t } from '../../../lib/i18n';
import { useProfiles } from '../api/profiles';
import { ProfileFilePanel } from './profile-file-panel';

/** The classification profiles of the deployment: what each counts, how many zones use it, its version; and adding one from a file. */
export function ProfilesView() {
  const profiles = useProfiles();
  let content: ReactNode;
  if (profiles.isError) content = <ErrorState error={profiles.error} onRetry={() => void profiles.refetch()} />;
  else if (!profiles.data) content = <Loading />;
  else if (profiles.data.length === 0) content = <EmptyState>{t('profiles.none')}</EmptyState>;
  else
    content = (
      <ScrollTable
        className="data-table"
        caption={t('profiles.caption')}
        head={
          <>
            <th scope="col">{t('profiles.col.code')}</th>
            <th scope="col">{t('profiles.col.name')}</th>
            <th scope="col" className="numeric">
              {t('profiles.col.categories')}
            </th>
            <th scope="col" className="numeric">
              {t('profiles.col.dimensions')}
            </th>
            <th scope="col" className="numeric">
              {t('profiles.col.zones')}
            </th>
            <th scope="col" className="numeric">
              {t('profiles.col.version')}
            </th>
          </>
        }
      >
        {profiles.data.map((p) => (
          <tr key={p.code}>
            <th scope="row" className="cell--label">
              <Link to={`/admin/profiles/${encodeURIComponent(p.code)}`} aria-label={t('profiles.open', { code: p.code, name: label(p.name) })}>
                {p.code}
              </Link>
            </th>
            <td>{label(p.name)}</td>
            <td className="numeric">{formatNumber(p.categories)}</td>
            <td className="numeric">{formatNumber(p.dimensions)}</td>
            <td className="numeric">{formatNumber(p.zones)}</td>
            <td className="numeric">
              {formatNumber(p.version)} <span className="muted">({t(`profiles.origin.${p.origin}`)})</span>
            </td>
          </tr>
        ))}
      </ScrollTable>
    );

  return (
    <div className="page">
      <header className="page__header">
        <h1>{t('profiles.title')}</h1>
        <p className="page__intro">{t('profiles.intro')}</p>
      </header>
      {content}
      <PageSection title={t('profiles.file.title')}>
        <ProfileFilePanel />
      </PageSection>
    </div>
  );
}
