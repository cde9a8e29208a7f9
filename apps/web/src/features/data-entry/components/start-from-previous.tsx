import type { ReturnDto } from '@equity/shared';
import { Alert } from '../../../components/ui/alert';
import { formatNumber } from '../../../lib/format';
import { t, tCount } from '../../../lib/i18n';
import { useReturn } from '../api/get-return';

/** What "Start from last quarter" copied, to say so in the form. */
export interface Copied {
  period: string;
  revision: number | null;
  /** Headcount inputs filled (non-zero). */
  cells: number;
  people: number;
}

/**
 * For a quarter without a return: fills the headcount from the previous quarter's current revision,
 * so the officer only enters the flows (and corrects the headcount where it changed).
 */
export function StartFromPrevious({ zone, period, copied, onCopy }: { zone: string; period: string; copied: Copied | null; onCopy: (previous: ReturnDto) => void }) {
  const previous = useReturn(zone, period);
  if (copied) {
    // An info alert is a live region (role="status"): the officer's screen reader says what was copied.
    return (
      <Alert tone="info" title={t('form.fromPrevious.done', { period: copied.period, revision: copied.revision ?? '' })}>
        {tCount('form.fromPrevious.what', copied.cells, { n: formatNumber(copied.cells), people: formatNumber(copied.people) })} {t('form.fromPrevious.next')}
      </Alert>
    );
  }
  if (previous.isError) return <p className="field__error">{previous.error.message}</p>;
  if (previous.data === null) return <p className="muted small">{t('form.fromPrevious.none', { period })}</p>;
  return (
    <div className="actions">
      <button type="button" className="button button--secondary" disabled={!previous.data} onClick={() => previous.data && onCopy(previous.data)}>
        {t('form.fromPrevious.button', { period })}
      </button>
      <span className="help">{t('form.fromPrevious.help')}</span>
    </div>
  );
}
