import type { AuditEventDto, AuditFilter, Problem, ZoneDto } from '@equity/shared';
import { useEffect, useId, useRef, useState, type FormEvent, type ReactNode } from 'react';
import { Link, useLocation } from 'react-router';
import { controlAria, FormField } from '../../../components/form-field';
import { Alert } from '../../../components/ui/alert';
import { EmptyState } from '../../../components/ui/empty-state';
import { ErrorState } from '../../../components/ui/error-state';
import { Loading } from '../../../components/ui/loading';
import { isApiError, isValidationErrorBody } from '../../../lib/api-client';
import { useUsers } from '../../../lib/api/get-users';
import { useZones } from '../../../lib/api/get-zones';
import { formatNumber } from '../../../lib/format';
import { label, t, tCount } from '../../../lib/i18n';
import { useParams } from '../../../lib/use-param';
import { downloadAuditCsv, useAuditEvents } from '../api/audit';
import { actionGroups, actionName, detailsSummary, eventTime, FILTER_FIELDS, filterField, filterFromParams, filterProblemText, type FilterField } from '../utils/audit-text';

/**
 * The audit log for administrators: filters in the address (so a filtered view can be shared and
 * survives a reload), newest events first a page at a time, each opening on its own page, and the
 * whole filtered log as CSV. A filter the API cannot read comes back as a 400 whose problems are
 * shown next to the filters they name.
 */
export function AuditView() {
  const [params, setParams] = useParams();
  const filter = filterFromParams(params);
  const events = useAuditEvents(filter);
  const location = useLocation();
  const problems: Problem[] = events.error && isApiError(events.error) && events.error.status === 400 && isValidationErrorBody(events.error.body) ? events.error.body.errors : [];
  const [download, setDownload] = useState<{ busy: boolean; error: string | null }>({ busy: false, error: null });

  const apply = (next: AuditFilter) => setParams(Object.fromEntries(FILTER_FIELDS.map((f) => [f, next[f] ?? null])));

  async function downloadCsv() {
    setDownload({ busy: true, error: null });
    try {
      await downloadAuditCsv(filter);
      setDownload({ busy: false, error: null });
    } catch (error) {
      setDownload({ busy: false, error: error instanceof Error ? error.message : String(error) });
    }
  }

  const rows = events.data?.pages.flat() ?? [];
  let content: ReactNode;
  if (problems.length) content = null;
  else if (events.isError) content = <ErrorState error={events.error} onRetry={() => void events.refetch()} />;
  else if (!events.data) content = <Loading />;
  else if (rows.length === 0) content = <EmptyState>{t('audit.none')}</EmptyState>;
  else
    content = (
      <>
        <AuditTable rows={rows} search={location.search} />
        <div className="actions">
          {events.hasNextPage ? (
            <button type="button" className="button button--secondary" disabled={events.isFetchingNextPage} onClick={() => void events.fetchNextPage()}>
              {events.isFetchingNextPage ? t('audit.loadingMore') : t('audit.more')}
            </button>
          ) : (
            <p className="muted">{t('audit.end')}</p>
          )}
        </div>
      </>
    );

  return (
    <div className="page">
      <header className="page__header">
        <h1>{t('audit.title')}</h1>
        <p className="page__intro">{t('audit.intro')}</p>
      </header>
      <FilterForm key={params.toString()} filter={filter} problems={problems} onApply={apply} />
      <div className="toolbar toolbar--table">
        {events.data && (
          <p className="toolbar__meta" role="status">
            {tCount('audit.shown', rows.length, { count: formatNumber(rows.length) })}
          </p>
        )}
        <div className="toolbar__end">
          <button type="button" className="button button--secondary" aria-describedby="audit-download-help" disabled={download.busy || problems.length > 0} onClick={() => void downloadCsv()}>
            {download.busy ? t('audit.downloading') : t('audit.download')}
          </button>
          <p id="audit-download-help" className="help">
            {t('audit.downloadHelp')}
          </p>
        </div>
      </div>
      {download.error && <Alert tone="error">{download.error}</Alert>}
      {content}
    </div>
  );
}

function FilterForm({ filter, problems, onApply }: { filter: AuditFilter; problems: Problem[]; onApply: (filter: AuditFilter) => void }) {
  const base = useId();
  const ids = Object.fromEntries(FILTER_FIELDS.map((f) => [f, `${base}-${f}`])) as Record<FilterField, string>;
  const [form, setForm] = useState<Record<FilterField, string>>(() => ({ user: filter.user ?? '', zone: filter.zone ?? '', action: filter.action ?? '', from: filter.from ?? '', to: filter.to ?? '' }));
  const users = useUsers();
  const zones = useZones();
  const summaryRef = useRef<HTMLDivElement>(null);
  const errorsOf = (field: FilterField) => problems.filter((p) => filterField(p) === field).map(filterProblemText);
  const general = problems.filter((p) => filterField(p) === null).map(filterProblemText);
  useEffect(() => {
    if (problems.length) summaryRef.current?.focus();
  }, [problems.length]);

  const set = (field: FilterField, value: string) => setForm((f) => ({ ...f, [field]: value }));
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    onApply(Object.fromEntries(Object.entries(form).filter(([, v]) => v.trim() !== '')) as AuditFilter);
  };
  const control = (field: FilterField) => ({ id: ids[field], ...controlAria(ids[field], false, errorsOf(field)) });

  return (
    <form className="toolbar audit-filters" role="search" aria-label={t('audit.filters')} onSubmit={submit} noValidate>
      {problems.length > 0 && (
        <div ref={summaryRef} tabIndex={-1} className="audit-filters__problems">
          <Alert tone="error" title={t('audit.badFilter')}>
            {general.length > 0 ? general.join(' ') : null}
          </Alert>
        </div>
      )}
      <FormField id={ids.user} label={t('audit.user')} errors={errorsOf('user')}>
        <input {...control('user')} type="text" list={`${base}-users`} autoComplete="off" autoCapitalize="none" spellCheck={false} value={form.user} onChange={(e) => set('user', e.target.value)} />
      </FormField>
      <datalist id={`${base}-users`}>
        {(users.data ?? []).map((u) => (
          <option key={u.username} value={u.username}>
            {u.displayName}
          </option>
        ))}
      </datalist>
      <FormField id={ids.zone} label={t('audit.zone')} errors={errorsOf('zone')}>
        <select {...control('zone')} value={form.zone} onChange={(e) => set('zone', e.target.value)}>
          <option value="">{t('audit.any')}</option>
          {zoneOptions(zones.data, form.zone)}
        </select>
      </FormField>
      <FormField id={ids.action} label={t('audit.action')} errors={errorsOf('action')}>
        <select {...control('action')} value={form.action} onChange={(e) => set('action', e.target.value)}>
          <option value="">{t('audit.any')}</option>
          {actionGroups().map((g) => (
            <optgroup key={g.family} label={g.label}>
              {g.options.map((o) => (
                <option key={o.value} value={o.value}>
                  {o.label}
                </option>
              ))}
            </optgroup>
          ))}
        </select>
      </FormField>
      <FormField id={ids.from} label={t('audit.from')} errors={errorsOf('from')}>
        <input {...control('from')} type="date" value={form.from} onChange={(e) => set('from', e.target.value)} />
      </FormField>
      <FormField id={ids.to} label={t('audit.to')} errors={errorsOf('to')}>
        <input {...control('to')} type="date" value={form.to} onChange={(e) => set('to', e.target.value)} />
      </FormField>
      <div className="actions audit-filters__actions">
        <button type="submit" className="button button--primary">
          {t('audit.apply')}
        </button>
        <button type="button" className="button button--ghost" onClick={() => onApply({})}>
          {t('audit.clear')}
        </button>
      </div>
    </form>
  );
}

/** Zones to filter by; a code in the address that is not a zone (any more) stays choosable. */
function zoneOptions(zones: ZoneDto[] | undefined, current: string): ReactNode[] {
  const list = (zones ?? []).map((z) => ({ code: z.code, text: `${z.code} — ${label(z.names) || z.name}` }));
  if (current && !list.some((z) => z.code === current)) list.unshift({ code: current, text: current });
  return list.map((z) => (
    <option key={z.code} value={z.code}>
      {z.text}
    </option>
  ));
}

function AuditTable({ rows, search }: { rows: AuditEventDto[]; search: string }) {
  return (
    <div className="table-scroll">
      <table className="data-table audit-table">
        <caption>{t('audit.caption')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('audit.col.at')}</th>
            <th scope="col">{t('audit.col.user')}</th>
            <th scope="col">{t('audit.col.action')}</th>
            <th scope="col">{t('audit.col.zone')}</th>
            <th scope="col">{t('audit.col.period')}</th>
            <th scope="col">{t('audit.col.summary')}</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((e) => (
            <tr key={e.id}>
              <th scope="row" className="cell--label nowrap">
                <Link to={`/admin/audit/${e.id}`} state={{ from: search }}>
                  <time dateTime={e.at}>{eventTime(e.at)}</time>
                </Link>
              </th>
              <td>{e.actor ?? <span className="muted">{t('audit.system')}</span>}</td>
              <td>{actionName(e.action)}</td>
              <td>{e.zone ?? ''}</td>
              <td className="nowrap">{e.period ?? ''}</td>
              <td className="audit-table__summary">{detailsSummary(e.details)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
