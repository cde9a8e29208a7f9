import type { ReactNode } from 'react';
import { BackLinkPage } from '../../../components/back-link-page';
import { Alert } from '../../../components/ui/alert';
import { ErrorState } from '../../../components/ui/error-state';
import { Loading } from '../../../components/ui/loading';
import { isApiError } from '../../../lib/api-client';
import { t } from '../../../lib/i18n';
import { isProblemList, problemText } from '../../../lib/problem-text';
import { useAuditEvent } from '../api/audit';
import { actionName, detailText, eventTime } from '../utils/audit-text';

/**
 * One event of the audit log with every detail recorded. `back`: the filtered log it was opened
 * from (its address parameters), so going back keeps the filters.
 */
export function AuditEventView({ id, back }: { id: number; back: string }) {
  const event = useAuditEvent(id);
  let content: ReactNode;
  if (event.isError) {
    content =
      isApiError(event.error) && (event.error.status === 404 || event.error.status === 400) ? (
        <Alert tone="error">{t('audit.event.notFound', { id: String(id) })}</Alert>
      ) : (
        <ErrorState error={event.error} onRetry={() => void event.refetch()} />
      );
  } else if (!event.data) content = <Loading />;
  else {
    const e = event.data;
    const details = Object.entries(e.details);
    content = (
      <>
        <dl className="summary-list panel">
          <div>
            <dt>{t('audit.event.at')}</dt>
            <dd>
              <time dateTime={e.at}>{eventTime(e.at)}</time>
            </dd>
          </div>
          <div>
            <dt>{t('audit.col.user')}</dt>
            <dd>{e.actor ?? t('audit.system')}</dd>
          </div>
          <div>
            <dt>{t('audit.col.action')}</dt>
            <dd>
              {actionName(e.action)} <code>{e.action}</code>
            </dd>
          </div>
          <div>
            <dt>{t('audit.col.zone')}</dt>
            <dd>{e.zone ?? '—'}</dd>
          </div>
          <div>
            <dt>{t('audit.col.period')}</dt>
            <dd>{e.period ?? '—'}</dd>
          </div>
        </dl>
        <section className="panel" aria-labelledby="audit-event-details">
          <h2 id="audit-event-details" className="panel__title">
            {t('audit.event.details')}
          </h2>
          {details.length === 0 ? (
            <p>{t('audit.event.noDetails')}</p>
          ) : (
            <table className="data-table data-table--compact audit-details">
              <caption className="visually-hidden">{t('audit.event.details')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('audit.event.key')}</th>
                  <th scope="col">{t('audit.event.value')}</th>
                </tr>
              </thead>
              <tbody>
                {details.map(([key, value]) => (
                  <tr key={key}>
                    <th scope="row" className="cell--label">
                      <code>{key}</code>
                    </th>
                    <td className="audit-details__value">
                      {isProblemList(value) ? (
                        <ul className="audit-details__problems">
                          {value.map((problem, i) => (
                            <li key={i}>{problemText(problem)}</li>
                          ))}
                        </ul>
                      ) : (
                        detailText(value)
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </section>
      </>
    );
  }
  return (
    <BackLinkPage back={`/admin/audit${back}`} backText={t('audit.event.back')} title={t('audit.event.title', { id: String(id) })}>
      {content}
    </BackLinkPage>
  );
}
