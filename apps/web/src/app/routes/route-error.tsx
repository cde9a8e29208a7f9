import { isRouteErrorResponse, Link, useRouteError } from 'react-router';
import { t } from '../../lib/i18n';

/** Shown when a route fails to load (for example a lost connection while fetching a page's code). */
export function RouteError() {
  const error = useRouteError();
  const notFound = isRouteErrorResponse(error) && error.status === 404;
  if (!notFound) console.error(error);
  return (
    <div className="page page--narrow" role="alert">
      <h1>{notFound ? t('app.notFound.title') : t('app.error.title')}</h1>
      <p>{notFound ? t('app.notFound.body') : t('app.error.body')}</p>
      <p>
        <Link to="/">{t('app.notFound.home')}</Link>
      </p>
    </div>
  );
}
