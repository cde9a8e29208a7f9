import { useLocation, useParams } from 'react-router';
import { AuditEventView, AuditView } from '../../features/audit-log';
import { t } from '../../lib/i18n';
import { useDocumentTitle } from '../../lib/use-document-title';

export function AuditRoute() {
  useDocumentTitle(t('audit.title'));
  return <AuditView />;
}

export function AuditEventRoute() {
  const { id = '' } = useParams();
  const location = useLocation();
  const from = (location.state as { from?: unknown } | null)?.from;
  useDocumentTitle(t('audit.event.title', { id }));
  const n = /^[1-9]\d{0,15}$/.test(id) ? Number(id) : 0;
  return <AuditEventView key={id} id={n} back={typeof from === 'string' ? from : ''} />;
}
