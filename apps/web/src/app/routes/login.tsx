import { useQuery } from '@tanstack/react-query';
import type { HealthDto } from '@equity/shared';
import { Navigate, useNavigate, useSearchParams } from 'react-router';
import { setToken } from '../../lib/api-client';
import { LanguagePicker } from '../../components/language-picker';
import { Loading } from '../../components/ui/loading';
import { LoginForm } from '../../features/auth';
import { useMe } from '../../lib/api/get-me';
import { t } from '../../lib/i18n';
import { safeRedirect } from '../../lib/redirect';
import { useDocumentTitle } from '../../lib/use-document-title';

/** After a sign-in through the identity provider the API redirects to /login#token=…: keep the token, drop the fragment. */
function takeTokenFromFragment(): void {
  const match = /(?:^#|&)token=([^&]+)/.exec(window.location.hash);
  if (!match?.[1]) return;
  setToken(decodeURIComponent(match[1]));
  window.history.replaceState(null, '', window.location.pathname + window.location.search);
}

export function LoginRoute() {
  takeTokenFromFragment();
  const health = useQuery({
    queryKey: ['health'],
    queryFn: async (): Promise<HealthDto> => (await fetch('/api/health')).json() as Promise<HealthDto>,
    staleTime: 5 * 60_000,
  });
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
        {health.data?.oidc && (
          <>
            <p>
              <a className="button button--primary" href="/api/v1/auth/oidc/login">
                {t('auth.oidc')}
              </a>
            </p>
            <p className="muted small">{t('auth.or')}</p>
          </>
        )}
        <LoginForm
          notice={params.get('expired') ? t('auth.sessionExpired') : undefined}
          onSuccess={() => void navigate(redirectTo, { replace: true })}
        />
        <p className="login-card__note small muted">{t('auth.privacyNote')}</p>
        <LanguagePicker />
      </main>
    </div>
  );
}
