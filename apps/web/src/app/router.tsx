import { createBrowserRouter, Navigate } from 'react-router';
import { Loading } from '../components/ui/loading';
import { setUnauthorizedHandler } from '../lib/api-client';
import { queryClient } from '../lib/query-client';
import { AppLayout } from './layout/app-layout';
import { RequireAuth } from './routes/require-auth';
import { RouteError } from './routes/route-error';

/**
 * Routes. Pages are lazy-loaded so the first download holds only the shell; the dashboard's
 * charting library is split further (see features/dashboard).
 */
export const router = createBrowserRouter([
  {
    HydrateFallback: () => <Loading />,
    errorElement: <RouteError />,
    children: [
      {
        path: '/login',
        lazy: async () => ({ Component: (await import('./routes/login')).LoginRoute }),
      },
      {
        // Public: whoever holds a survey code, no account.
        path: '/survey',
        lazy: async () => ({ Component: (await import('./routes/survey')).SurveyRoute }),
      },
      {
        element: (
          <RequireAuth>
            <AppLayout />
          </RequireAuth>
        ),
        children: [
          {
            errorElement: <RouteError />,
            children: [
              { index: true, lazy: async () => ({ Component: (await import('./routes/dashboard')).DashboardRoute }) },
              { path: 'overview', lazy: async () => ({ Component: (await import('./routes/overview')).OverviewRoute }) },
              { path: 'compare', lazy: async () => ({ Component: (await import('./routes/compare')).CompareRoute }) },
              { path: 'zone/:code', lazy: async () => ({ Component: (await import('./routes/zone')).ZoneRoute }) },
              { path: 'surveys', lazy: async () => ({ Component: (await import('./routes/surveys')).SurveysRoute }) },
              { path: 'targets', lazy: async () => ({ Component: (await import('./routes/targets')).TargetsRoute }) },
              { path: 'report/:code', lazy: async () => ({ Component: (await import('./routes/report')).ReportRoute }) },
              { path: 'exports', lazy: async () => ({ Component: (await import('./routes/exports')).ExportsRoute }) },
              { path: 'data-entry', lazy: async () => ({ Component: (await import('./routes/data-entry')).DataEntryRoute }) },
              { path: 'account/password', lazy: async () => ({ Component: (await import('./routes/account')).ChangePasswordRoute }) },
              {
                path: 'admin',
                lazy: async () => ({ Component: (await import('./routes/admin')).AdminRoute }),
                children: [
                  { index: true, element: <Navigate to="/admin/users" replace /> },
                  { path: 'users', lazy: async () => ({ Component: (await import('./routes/admin-users')).UsersRoute }) },
                  { path: 'users/new', lazy: async () => ({ Component: (await import('./routes/admin-users')).NewUserRoute }) },
                  { path: 'users/:username', lazy: async () => ({ Component: (await import('./routes/admin-users')).UserRoute }) },
                  { path: 'zones', lazy: async () => ({ Component: (await import('./routes/admin-zones')).ZonesRoute }) },
                  { path: 'zones/:code', lazy: async () => ({ Component: (await import('./routes/admin-zones')).ZoneRoute }) },
                  { path: 'profiles', lazy: async () => ({ Component: (await import('./routes/admin-profiles')).ProfilesRoute }) },
                  { path: 'profiles/:code', lazy: async () => ({ Component: (await import('./routes/admin-profiles')).ProfileRoute }) },
                  { path: 'audit', lazy: async () => ({ Component: (await import('./routes/admin-audit')).AuditRoute }) },
                  { path: 'audit/:id', lazy: async () => ({ Component: (await import('./routes/admin-audit')).AuditEventRoute }) },
                ],
              },
              { path: '*', lazy: async () => ({ Component: (await import('./routes/not-found')).NotFoundRoute }) },
            ],
          },
        ],
      },
    ],
  },
]);

// A 401 on any request ends the session: forget cached data and go to the login page, coming back after.
setUnauthorizedHandler(() => {
  queryClient.clear();
  const { pathname, search } = router.state.location;
  if (pathname === '/login') return;
  void router.navigate(`/login?expired=1&redirectTo=${encodeURIComponent(pathname + search)}`, { replace: true });
});
