import { ChangePasswordView } from '../../features/account';
import { useMe } from '../../lib/api/get-me';
import { t } from '../../lib/i18n';
import { useDocumentTitle } from '../../lib/use-document-title';

/** Every signed-in role changes their own password here (from the user menu). */
export function ChangePasswordRoute() {
  useDocumentTitle(t('account.title'));
  const { data: user } = useMe();
  if (!user) return null;
  return <ChangePasswordView user={user} />;
}
