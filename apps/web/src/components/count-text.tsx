import { isSuppressed, type Count } from '@equity/shared';
import { formatNumber } from '../lib/format';
import { t } from '../lib/i18n';

/** A count as text; a suppressed count shows the marker (never blank, never 0). */
export function CountText({ count }: { count: Count | null | undefined }) {
  if (isSuppressed(count)) {
    return (
      <span className="suppressed" title={t('suppressed.title')}>
        {t('suppressed.marker')}
      </span>
    );
  }
  return <>{formatNumber(count ?? 0)}</>;
}
