import { t } from '../../lib/i18n';
import { Alert } from './alert';

/** The error of a failed query, with a way to try again. */
export function ErrorState({ error, onRetry }: { error: unknown; onRetry?: () => void }) {
  const message = error instanceof Error ? error.message : t('app.error.body');
  return (
    <Alert tone="error" title={t('app.error.title')}>
      <p>{message}</p>
      {onRetry && (
        <button type="button" className="button button--secondary button--small" onClick={onRetry}>
          {t('app.retry')}
        </button>
      )}
    </Alert>
  );
}
