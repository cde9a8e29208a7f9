import { Navigate, useNavigate, useSearchParams } from 'react-router';
import { Loading } from '../../components/ui/loading';
import { LoginForm } from '../../features/auth';
import { useMe } from '../../lib/api/get-me';
import { t } from '../../lib/i18n';
import { safeRedirect } from '../../lib/redirect';
import { useDocumentTitle } from '../../lib/use-document-title';

export function LoginRoute() {
  useDocumentTitle(t('auth.title'));
  const [params] = useSearchParams();
  const navigate = useNavigate();
  const redirectTo = safeRedirect(params.get('redirectTo'));
  const me = useMe();

  if (me.isPending) return <Loading />;
  if (me.data) return <Navigate to={redirectTo} replace />;

  return (
    <div className="login-page">
      <main className="login-card" id="main">
        <div className="login-card__brand">
          <span className="brand__mark" aria-hidden="true" />
          <div>
            <p className="brand__name">{t('app.name')}</p>
            <p className="brand__tagline">{t('app.tagline')}</p>
          </div>
        </div>
        <h1>{t('auth.title')}</h1>
        <p className="muted">{t('auth.intro')}</p>
        <LoginForm
          notice={params.get('expired') ? t('auth.sessionExpired') : undefined}
          onSuccess={() => void navigate(redirectTo, { replace: true })}
        />
        <p className="login-card__note small muted">{t('auth.privacyNote')}</p>
      </main>
    </div>
  );
}
