import { ExportView } from '../../features/exports';
import { t } from '../../lib/i18n';
import { useDocumentTitle } from '../../lib/use-document-title';

export function ExportsRoute() {
  useDocumentTitle(t('exports.title'));
  return <ExportView />;
}
