import type { StaleRevisionBody } from '@equity/shared';
import { Alert } from '../../../components/ui/alert';
import { formatDateTime } from '../../../lib/format';
import { t } from '../../../lib/i18n';

/**
 * The answer to a save refused because someone else saved another revision since the officer's
 * started from (412): who saved which revision when, and the two ways on: load the newest revision
 * (discarding the officer's edits), or save the officer's version over it (the other revision stays
 * in the history).
 */
export function StaleRevision({ conflict, busy, onReload, onOverwrite }: { conflict: StaleRevisionBody; busy: boolean; onReload: () => void; onOverwrite: () => void }) {
  const current = conflict.currentRevision;
  const body = !current
    ? t('conflict.bodyNone')
    : conflict.yourRevision === null
      ? t('conflict.bodyFirst', { author: current.author, current: current.number, at: formatDateTime(current.createdAt) })
      : t('conflict.body', { author: current.author, current: current.number, at: formatDateTime(current.createdAt), yours: conflict.yourRevision });
  return (
    <Alert tone="warning" title={t('conflict.title')}>
      <p>{body}</p>
      {current && <p>{t('conflict.choice', { current: current.number })}</p>}
      <div className="actions">
        <button type="button" className="button button--secondary" disabled={busy} onClick={onReload}>
          {current ? t('conflict.reload', { current: current.number }) : t('conflict.reloadPage')}
        </button>
        {current && (
          <button type="button" className="button button--primary" disabled={busy} onClick={onOverwrite}>
            {t('conflict.overwrite', { current: current.number })}
          </button>
        )}
      </div>
    </Alert>
  );
}
