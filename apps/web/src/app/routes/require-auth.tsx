import type { ReactNode } from 'react';
import { Navigate, useLocation } from 'react-router';
import { ErrorState } from '../../components/ui/error-state';
import { Loading } from '../../components/ui/loading';
import { useMe } from '../../lib/api/get-me';

/** Renders its children for a signed-in user; sends anyone else to the login page. */
export function RequireAuth({ children }: { children: ReactNode }) {
  const location = useLocation();
  const me = useMe();
  if (me.isPending) return <Loading />;
  if (me.isError) {
    return (
      <div className="page page--narrow">
        <ErrorState error={me.error} onRetry={() => void me.refetch()} />
      </div>
    );
  }
  if (!me.data) {
    const here = location.pathname + location.search;
    return <Navigate to={`/login?redirectTo=${encodeURIComponent(here)}`} replace />;
  }
  return <>{children}</>;
}
