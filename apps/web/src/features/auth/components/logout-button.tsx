import { t } from '../../../lib/i18n';
import { useLogout } from '../api/logout';

export function LogoutButton({ onLoggedOut }: { onLoggedOut: () => void }) {
  const logoutMutation = useLogout({ onSettled: onLoggedOut });
  return (
    <button
      type="button"
      className="button button--ghost button--small"
      onClick={() => logoutMutation.mutate()}
      disabled={logoutMutation.isPending}
    >
      {t('nav.logout')}
    </button>
  );
}
