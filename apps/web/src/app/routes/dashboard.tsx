import { DashboardView } from '../../features/dashboard';
import { t } from '../../lib/i18n';
import { useDocumentTitle } from '../../lib/use-document-title';

export function DashboardRoute() {
  useDocumentTitle(t('dashboard.title'));
  return <DashboardView />;
}
