import { useId, useRef, useState, type FormEvent } from 'react';
import { isApiError } from '../../../lib/api-client';
import { t } from '../../../lib/i18n';
import { useLogin } from '../api/login';

export function LoginForm({ onSuccess, notice }: { onSuccess: () => void; notice?: string }) {
  const usernameId = useId();
  const passwordId = useId();
  const errorId = useId();
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [localError, setLocalError] = useState<string | null>(null);
  const usernameRef = useRef<HTMLInputElement>(null);
  const passwordRef = useRef<HTMLInputElement>(null);
  const loginMutation = useLogin({ onSuccess });

  const serverError = loginMutation.error
    ? isApiError(loginMutation.error) && loginMutation.error.status === 401
      ? t('auth.badCredentials')
      : loginMutation.error.message
    : null;
  const error = localError ?? serverError;

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (username.trim() === '' || password === '') {
      setLocalError(t('auth.required'));
      (username.trim() === '' ? usernameRef : passwordRef).current?.focus();
      return;
    }
    setLocalError(null);
    loginMutation.mutate(
      { username: username.trim(), password },
      {
        onError: () => {
          setPassword('');
          passwordRef.current?.focus();
        },
      },
    );
  }

  return (
    <form className="login-form" onSubmit={submit} noValidate aria-describedby={error ? errorId : undefined}>
      {notice && !error && <p className="alert alert--info" role="status">{notice}</p>}
      {error && (
        <p id={errorId} className="alert alert--error" role="alert">
          {error}
        </p>
      )}
      <div className="field">
        <label htmlFor={usernameId}>{t('auth.username')}</label>
        <input
          ref={usernameRef}
          id={usernameId}
          name="username"
          autoComplete="username"
          autoCapitalize="none"
          spellCheck={false}
          required
          autoFocus
          value={username}
          aria-invalid={error !== null && username.trim() === '' ? true : undefined}
          onChange={(event) => setUsername(event.target.value)}
        />
      </div>
      <div className="field">
        <label htmlFor={passwordId}>{t('auth.password')}</label>
        <input
          ref={passwordRef}
          id={passwordId}
          name="password"
          type="password"
          autoComplete="current-password"
          required
          value={password}
          aria-invalid={error !== null && password === '' ? true : undefined}
          onChange={(event) => setPassword(event.target.value)}
        />
      </div>
      <button type="submit" className="button button--primary button--block" disabled={loginMutation.isPending}>
        {loginMutation.isPending ? t('auth.submitting') : t('auth.submit')}
      </button>
    </form>
  );
}
