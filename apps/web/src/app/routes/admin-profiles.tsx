import { useParams } from 'react-router';
import { ProfileDetailView, ProfilesView } from '../../features/profiles';
import { t } from '../../lib/i18n';
import { useDocumentTitle } from '../../lib/use-document-title';

export function ProfilesRoute() {
  useDocumentTitle(t('profiles.title'));
  return <ProfilesView />;
}

export function ProfileRoute() {
  const { code = '' } = useParams();
  useDocumentTitle(t('profiles.detail.titleCode', { code }));
  return <ProfileDetailView key={code} code={code} />;
}
