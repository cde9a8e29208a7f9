import { NavLink, Outlet } from 'react-router';
import { isAdmin, useMe } from '../../lib/api/get-me';
import { t } from '../../lib/i18n';
import { useDocumentTitle } from '../../lib/use-document-title';

/**
 * The administrators' area: its own navigation (users, zones, classification profiles, audit log, and the API's OpenAPI
 * documentation, which the API serves at /api/docs), then the page. Anyone else is told it is not
 * for their role (the API refuses them anyway).
 */
export function AdminRoute() {
  const { data: user } = useMe();
  if (!isAdmin(user)) return <AdminForbidden />;
  return (
    <>
      <nav className="subnav" aria-label={t('admin.nav')}>
        <NavLink to="/admin/users" className="subnav__link">
          {t('admin.users')}
        </NavLink>
        <NavLink to="/admin/zones" className="subnav__link">
          {t('admin.zones')}
        </NavLink>
        <NavLink to="/admin/profiles" className="subnav__link">
          {t('admin.profiles')}
        </NavLink>
        <NavLink to="/admin/audit" className="subnav__link">
          {t('admin.audit')}
        </NavLink>
        <a href="/api/docs" className="subnav__link">
          {t('admin.apiDocs')} <span className="visually-hidden">{t('admin.apiDocsNote')}</span>
        </a>
      </nav>
      <Outlet />
    </>
  );
}

function AdminForbidden() {
  useDocumentTitle(t('app.forbidden.title'));
  return (
    <div className="page page--narrow">
      <h1>{t('app.forbidden.title')}</h1>
      <p>{t('admin.forbidden')}</p>
    </div>
  );
}
