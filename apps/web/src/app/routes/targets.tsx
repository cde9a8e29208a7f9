import { TargetsView } from '../../features/targets';
import { useMe } from '../../lib/api/get-me';
import { t } from '../../lib/i18n';
import { useDocumentTitle } from '../../lib/use-document-title';

/** Every signed-in role sees the targets; administrators and management may change them. */
export function TargetsRoute() {
  useDocumentTitle(t('targets.title'));
  const { data: user } = useMe();
  if (!user) return null;
  return <TargetsView user={user} />;
}
