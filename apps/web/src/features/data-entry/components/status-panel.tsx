import type { ReturnDto, ReturnSummaryDto, UserDto } from '@equity/shared';
import { useId, useRef, useState, type FormEvent } from 'react';
import { Alert } from '../../../components/ui/alert';
import { StatusBadge } from '../../../components/ui/status-badge';
import { formatDateTime } from '../../../lib/format';
import { t } from '../../../lib/i18n';
import { useReopenReturn } from '../api/reopen-return';
import { useSignOffReturn } from '../api/sign-off-return';

/** Status of the quarter (open / signed off, revision, who and when) with sign-off and reopen. */
export function StatusPanel({
  summary,
  zone,
  period,
  user,
}: {
  summary: (ReturnSummaryDto & Partial<Pick<ReturnDto, 'reopened'>>) | null;
  zone: string;
  period: string;
  user: UserDto;
}) {
  const headingId = useId();
  const reasonId = useId();
  const [confirming, setConfirming] = useState(false);
  const [reopening, setReopening] = useState(false);
  const [reason, setReason] = useState('');
  const [reasonMissing, setReasonMissing] = useState(false);
  const [notice, setNotice] = useState<string | null>(null);
  const reasonRef = useRef<HTMLTextAreaElement>(null);
  const signOff = useSignOffReturn();
  const reopen = useReopenReturn();

  const status = summary?.status ?? null;
  const hasData = summary !== null && summary.currentRevision !== null;
  const canSignOff = hasData && status === 'open' && (user.role === 'admin' || (user.role === 'hr' && user.zones.includes(zone)));
  const canReopen = status === 'signed_off' && user.role === 'admin';

  function submitReopen(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (reason.trim() === '') {
      setReasonMissing(true);
      reasonRef.current?.focus();
      return;
    }
    reopen.mutate(
      { zone, period, reason: reason.trim() },
      {
        onSuccess: () => {
          setReopening(false);
          setReason('');
          setNotice(t('entry.reopen.done'));
        },
      },
    );
  }

  return (
    <section className="panel status-panel" aria-labelledby={headingId}>
      <h2 id={headingId} className="panel__title">
        {t('entry.status.heading')} <span className="muted">{period}</span>
      </h2>
      {summary === null || !hasData ? (
        <p>
          <StatusBadge status={null} /> <span className="muted">{t('entry.status.none')}</span>
        </p>
      ) : (
        <dl className="summary-list">
          <div>
            <dt>{t('entry.status.status')}</dt>
            <dd>
              <StatusBadge status={summary.status} />
            </dd>
          </div>
          <div>
            <dt>{t('entry.status.revision')}</dt>
            <dd>{summary.currentRevision}</dd>
          </div>
          <div>
            <dt>{t('entry.status.updated')}</dt>
            <dd>{t('entry.status.by', { when: formatDateTime(summary.updatedAt), who: summary.updatedBy ?? '—' })}</dd>
          </div>
          {summary.signedOffAt && (
            <div>
              <dt>{t('entry.status.signedOff')}</dt>
              <dd>{t('entry.status.by', { when: formatDateTime(summary.signedOffAt), who: summary.signedOffBy ?? '—' })}</dd>
            </div>
          )}
          {summary.reopened && (
            <div>
              <dt>{t('entry.status.reopened')}</dt>
              <dd>
                {t('entry.status.by', { when: formatDateTime(summary.reopened.at), who: summary.reopened.by ?? '—' })}
                {summary.reopened.reason && <> — {t('entry.status.reopenedWhy', { reason: summary.reopened.reason })}</>}
              </dd>
            </div>
          )}
        </dl>
      )}
      {status === 'signed_off' && <p className="muted small">{t('entry.status.lockedNote')}</p>}

      {notice && <Alert tone="success">{notice}</Alert>}
      {signOff.isError && <Alert tone="error">{signOff.error.message}</Alert>}
      {reopen.isError && <Alert tone="error">{reopen.error.message}</Alert>}

      {canSignOff && !confirming && <StartButton label={t('entry.signOff')} onStart={() => { setNotice(null); setConfirming(true); }} />}
      {canSignOff && confirming && (
        <div className="confirm" role="group" aria-label={t('entry.signOff')}>
          <p>{t('entry.signOff.confirm', { period })}</p>
          <div className="actions">
            <button
              type="button"
              className="button button--primary"
              autoFocus
              disabled={signOff.isPending}
              onClick={() =>
                signOff.mutate(
                  { zone, period },
                  {
                    onSuccess: () => {
                      setConfirming(false);
                      setNotice(t('entry.signOff.done'));
                    },
                  },
                )
              }
            >
              {t('entry.signOff.yes')}
            </button>
            <button type="button" className="button button--ghost" onClick={() => setConfirming(false)}>
              {t('entry.cancel')}
            </button>
          </div>
        </div>
      )}

      {canReopen && !reopening && <StartButton label={t('entry.reopen')} onStart={() => { setNotice(null); setReopening(true); }} />}
      {canReopen && reopening && (
        <form className="confirm" onSubmit={submitReopen} noValidate>
          <div className="field field--wide">
            <label htmlFor={reasonId}>
              {t('entry.reopen.reason')} <span className="required" aria-hidden="true">*</span>
            </label>
            <textarea
              ref={reasonRef}
              id={reasonId}
              rows={2}
              required
              autoFocus
              value={reason}
              aria-invalid={reasonMissing || undefined}
              onChange={(event) => {
                setReason(event.target.value);
                setReasonMissing(false);
              }}
            />
            {reasonMissing && <p className="field__error">{t('entry.reopen.required')}</p>}
          </div>
          <div className="actions">
            <button type="submit" className="button button--primary" disabled={reopen.isPending}>
              {t('entry.reopen.submit')}
            </button>
            <button type="button" className="button button--ghost" onClick={() => setReopening(false)}>
              {t('entry.cancel')}
            </button>
          </div>
        </form>
      )}
    </section>
  );
}

/** The button that opens a confirmation step (sign-off, reopen). */
function StartButton({ label, onStart }: { label: string; onStart: () => void }) {
  return (
    <div className="actions">
      <button type="button" className="button button--secondary" onClick={onStart}>
        {label}
      </button>
    </div>
  );
}
