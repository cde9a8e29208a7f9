import { ROLES, type ManagedUserDto, type Role, type ZoneDto } from '@equity/shared';
import { useId, useState, type ReactNode } from 'react';
import { Link } from 'react-router';
import { EmptyState } from '../../../components/ui/empty-state';
import { ErrorState } from '../../../components/ui/error-state';
import { Loading } from '../../../components/ui/loading';
import { useUsers } from '../../../lib/api/get-users';
import { useZones } from '../../../lib/api/get-zones';
import { formatDateTime, formatNumber } from '../../../lib/format';
import { label, t, tCount } from '../../../lib/i18n';

/** A zone as the lists show it: its code, its name in the interface's language on hover and for screen readers. */
export function zoneNames(codes: string[], zones: ZoneDto[] | undefined): string {
  return codes.map((code) => {
    const zone = zones?.find((z) => z.code === code);
    return zone ? `${code} ${label(zone.names) || zone.name}` : code;
  }).join(', ');
}

export function StatusBadge({ active }: { active: boolean }) {
  return <span className={`badge ${active ? 'badge--done' : 'badge--neutral'}`}>{active ? t('users.status.active') : t('users.status.inactive')}</span>;
}

/** The users console: every account with its role, zones, status, sign-in lock and open sessions. */
export function UsersView({ me }: { me: string }) {
  const users = useUsers();
  const zones = useZones();
  const searchId = useId();
  const roleId = useId();
  const [search, setSearch] = useState('');
  const [role, setRole] = useState<Role | ''>('');

  const needle = search.trim().toLowerCase();
  const rows = (users.data ?? []).filter(
    (u) => (!role || u.role === role) && (!needle || u.username.includes(needle) || u.displayName.toLowerCase().includes(needle)),
  );

  let content: ReactNode;
  if (users.isError) content = <ErrorState error={users.error} onRetry={() => void users.refetch()} />;
  else if (!users.data) content = <Loading />;
  else if (rows.length === 0) content = <EmptyState>{t('users.noMatch')}</EmptyState>;
  else content = <UsersTable rows={rows} zones={zones.data} me={me} />;

  return (
    <div className="page">
      <header className="page__header page__header--actions">
        <div>
          <h1>{t('users.title')}</h1>
          <p className="page__intro">{t('users.intro')}</p>
        </div>
        <Link to="/admin/users/new" className="button button--primary">
          {t('users.new')}
        </Link>
      </header>
      <div className="toolbar" role="search">
        <div className="field">
          <label htmlFor={searchId}>{t('users.search')}</label>
          <input id={searchId} type="search" value={search} placeholder={t('users.searchPlaceholder')} onChange={(e) => setSearch(e.target.value)} />
        </div>
        <div className="field">
          <label htmlFor={roleId}>{t('users.filterRole')}</label>
          <select id={roleId} value={role} onChange={(e) => setRole(e.target.value as Role | '')}>
            <option value="">{t('users.filterAll')}</option>
            {ROLES.map((r) => (
              <option key={r} value={r}>
                {t(`role.${r}`)}
              </option>
            ))}
          </select>
        </div>
        {users.data && (
          <p className="toolbar__meta" role="status">
            {tCount('users.count', rows.length, { count: formatNumber(rows.length) })}
          </p>
        )}
      </div>
      {content}
    </div>
  );
}

function UsersTable({ rows, zones, me }: { rows: ManagedUserDto[]; zones: ZoneDto[] | undefined; me: string }) {
  return (
    <div className="table-scroll">
      <table className="data-table users-table">
        <caption>{t('users.caption')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('users.col.username')}</th>
            <th scope="col">{t('users.col.displayName')}</th>
            <th scope="col">{t('users.col.role')}</th>
            <th scope="col">{t('users.col.zones')}</th>
            <th scope="col">{t('users.col.status')}</th>
            <th scope="col">{t('users.col.lock')}</th>
            <th scope="col" className="numeric">
              {t('users.col.sessions')}
            </th>
          </tr>
        </thead>
        <tbody>
          {rows.map((u) => (
            <tr key={u.id}>
              <th scope="row" className="cell--label">
                <Link to={`/admin/users/${encodeURIComponent(u.username)}`}>{u.username}</Link>
                {u.username === me && <span className="muted"> {t('users.you')}</span>}
              </th>
              <td>{u.displayName}</td>
              <td>{t(`role.${u.role}`)}</td>
              <td>{u.role === 'hr' ? zoneNames(u.zones, zones) : <span className="muted">{t('users.allZones')}</span>}</td>
              <td>
                <StatusBadge active={u.active} />
              </td>
              <td className="nowrap">{u.lockedUntil ? <span className="badge badge--warning">{t('users.lockedUntil', { time: formatDateTime(u.lockedUntil) })}</span> : <span className="muted">{t('users.notLocked')}</span>}</td>
              <td className="numeric">{formatNumber(u.activeSessions)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
