import { DataEntryView } from '../../features/data-entry';
import { canEnterData, useMe } from '../../lib/api/get-me';
import { t } from '../../lib/i18n';
import { useDocumentTitle } from '../../lib/use-document-title';

/** Data entry is for HR officers (their own zones) and administrators. */
export function DataEntryRoute() {
  useDocumentTitle(t('entry.title'));
  const { data: user } = useMe();
  if (!user || !canEnterData(user)) {
    return (
      <div className="page page--narrow">
        <h1>{t('app.forbidden.title')}</h1>
        <p>{t('app.forbidden.body')}</p>
      </div>
    );
  }
  return <DataEntryView user={user} />;
}
