import { useLocation, useNavigate, useParams } from 'react-router';
import { NewUserView, UserDetailView, UsersView } from '../../features/users';
import { useMe } from '../../lib/api/get-me';
import { t } from '../../lib/i18n';
import { useDocumentTitle } from '../../lib/use-document-title';

export function UsersRoute() {
  useDocumentTitle(t('users.title'));
  const { data: me } = useMe();
  return <UsersView me={me?.username ?? ''} />;
}

/** A new account; once created, its own page says so. */
export function NewUserRoute() {
  useDocumentTitle(t('users.create.title'));
  const navigate = useNavigate();
  return (
    <NewUserView
      onCreated={(user) =>
        void navigate(`/admin/users/${encodeURIComponent(user.username)}`, { state: { notice: t('users.create.done', { username: user.username }) } })
      }
    />
  );
}

export function UserRoute() {
  const { username = '' } = useParams();
  const { data: me } = useMe();
  const location = useLocation();
  const state = location.state as { notice?: unknown } | null;
  useDocumentTitle(t('users.detail.title', { username }));
  return <UserDetailView key={username} username={username} me={me?.username ?? ''} initialNotice={typeof state?.notice === 'string' ? state.notice : null} />;
}
