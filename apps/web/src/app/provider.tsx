import { QueryClientProvider } from '@tanstack/react-query';
import { Component, Fragment, type ErrorInfo, type ReactNode } from 'react';
import { I18nextProvider, useTranslation } from 'react-i18next';
import { i18n, t } from '../lib/i18n';
import { queryClient } from '../lib/query-client';

/** Last line of defence: a render error shows a message instead of a blank page. */
class ErrorBoundary extends Component<{ children: ReactNode }, { error: Error | null }> {
  override state: { error: Error | null } = { error: null };

  static getDerivedStateFromError(error: Error) {
    return { error };
  }

  override componentDidCatch(error: Error, info: ErrorInfo) {
    console.error(error, info.componentStack);
  }

  override render() {
    if (this.state.error) {
      return (
        <div className="page page--narrow" role="alert">
          <h1>{t('app.error.title')}</h1>
          <p>{t('app.error.body')}</p>
          <button type="button" className="button button--primary" onClick={() => window.location.reload()}>
            {t('app.retry')}
          </button>
        </div>
      );
    }
    return this.props.children;
  }
}

/** Renders the application again, from the top, in the new language when it changes (data stay cached). */
function LanguageBoundary({ children }: { children: ReactNode }) {
  const { i18n: current } = useTranslation();
  return <Fragment key={current.language}>{children}</Fragment>;
}

export function AppProvider({ children }: { children: ReactNode }) {
  return (
    <ErrorBoundary>
      <I18nextProvider i18n={i18n}>
        <QueryClientProvider client={queryClient}>
          <LanguageBoundary>{children}</LanguageBoundary>
        </QueryClientProvider>
      </I18nextProvider>
    </ErrorBoundary>
  );
}
