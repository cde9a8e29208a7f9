import { t } from '../../lib/i18n';

/** A polite loading indicator: announced once by screen readers, visible as a small spinner. */
export function Loading({ text = t('app.loading'), inline = false }: { text?: string; inline?: boolean }) {
  return (
    <div className={inline ? 'loading loading--inline' : 'loading'} role="status" aria-live="polite">
      <span className="loading__spinner" aria-hidden="true" />
      <span>{text}</span>
    </div>
  );
}
