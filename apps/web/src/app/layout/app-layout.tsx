import { useEffect, useRef } from 'react';
import { NavLink, Outlet, useLocation, useNavigate } from 'react-router';
import { LanguagePicker } from '../../components/language-picker';
import { LogoutButton } from '../../features/auth';
import { canEnterData, hasRole, isAdmin, useMe } from '../../lib/api/get-me';
import { t } from '../../lib/i18n';

/** Header (brand, navigation, user, logout), main content and footer of every signed-in page. */
export function AppLayout() {
  const { data: user } = useMe();
  const navigate = useNavigate();
  const location = useLocation();
  const mainRef = useRef<HTMLElement>(null);
  const firstRender = useRef(true);

  // After a navigation, move focus to the new page so screen readers start there.
  useEffect(() => {
    if (firstRender.current) {
      firstRender.current = false;
      return;
    }
    mainRef.current?.focus();
  }, [location.pathname]);

  return (
    <div className="shell">
      <a className="skip-link" href="#main">
        {t('app.skipToContent')}
      </a>
      <header className="topbar">
        <div className="topbar__inner">
          <NavLink to="/" className="brand" aria-label={t('app.name')}>
            <span className="brand__mark" aria-hidden="true" />
            <span className="brand__name">{t('app.name')}</span>
          </NavLink>
          <nav className="nav" aria-label={t('nav.label')}>
            <NavLink to="/" end className="nav__link">
              {t('nav.dashboard')}
            </NavLink>
            <NavLink to="/overview" className="nav__link">
              {t('nav.overview')}
            </NavLink>
            <NavLink to="/compare" className="nav__link">
              {t('nav.compare')}
            </NavLink>
            <NavLink to="/targets" className="nav__link">
              {t('nav.targets')}
            </NavLink>
            <NavLink to="/surveys" className="nav__link">
              {t('nav.surveys')}
            </NavLink>
            {hasRole(user, 'researcher', 'management', 'admin', 'hr') && (
              <NavLink to="/exports" className="nav__link">
                {t('nav.exports')}
              </NavLink>
            )}
            {canEnterData(user) && (
              <NavLink to="/data-entry" className="nav__link">
                {t('nav.dataEntry')}
              </NavLink>
            )}
            {isAdmin(user) && (
              <NavLink to="/admin" className="nav__link">
                {t('nav.admin')}
              </NavLink>
            )}
          </nav>
          <LanguagePicker />
          {user && (
            <nav className="user" aria-label={t('nav.userMenu')}>
              <span className="user__text">
                <span className="visually-hidden">{t('nav.signedInAs', { name: '' })}</span>
                <span className="user__name">{user.displayName}</span>
                <span className="user__role">{t(`role.${user.role}`)}</span>
              </span>
              <NavLink to="/account/password" className="user__link">
                {t('nav.changePassword')}
              </NavLink>
              <LogoutButton onLoggedOut={() => void navigate('/login', { replace: true })} />
            </nav>
          )}
        </div>
      </header>
      <main id="main" ref={mainRef} tabIndex={-1} className="main">
        <Outlet />
      </main>
      <footer className="footer">
        <p>{t('app.footer')}</p>
      </footer>
    </div>
  );
}
