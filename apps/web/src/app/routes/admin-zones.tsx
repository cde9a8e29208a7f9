import { useLocation, useNavigate, useParams } from 'react-router';
import { ZoneDetailView, ZonesView } from '../../features/zones';
import { t } from '../../lib/i18n';
import { useDocumentTitle } from '../../lib/use-document-title';

export function ZonesRoute() {
  useDocumentTitle(t('zones.title'));
  const navigate = useNavigate();
  return (
    <ZonesView onCreated={(zone) => void navigate(`/admin/zones/${encodeURIComponent(zone.code)}`, { state: { notice: t('zones.create.done', { code: zone.code }) } })} />
  );
}

export function ZoneRoute() {
  const { code = '' } = useParams();
  const location = useLocation();
  const state = location.state as { notice?: unknown } | null;
  useDocumentTitle(t('zones.detail.titleCode', { code }));
  return <ZoneDetailView key={code} code={code} initialNotice={typeof state?.notice === 'string' ? state.notice : null} />;
}
