import type { ReturnStatus } from '@equity/shared';
import { t } from '../../lib/i18n';

export function StatusBadge({ status }: { status: ReturnStatus | null }) {
  if (status === null) return <span className="badge badge--neutral">{t('status.none')}</span>;
  return <span className={`badge badge--${status === 'signed_off' ? 'done' : 'open'}`}>{t(`status.${status}`)}</span>;
}
