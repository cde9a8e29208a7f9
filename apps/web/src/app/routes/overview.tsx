import { OverviewView } from '../../features/overview';
import { t } from '../../lib/i18n';
import { useDocumentTitle } from '../../lib/use-document-title';

export function OverviewRoute() {
  useDocumentTitle(t('overview.title'));
  return <OverviewView />;
}
