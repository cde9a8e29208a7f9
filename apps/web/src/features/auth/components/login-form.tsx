import { useId, useRef, useState, type FormEvent, type InputHTMLAttributes, type RefObject } from 'react';
import { isApiError } from '../../../lib/api-client';
import { t } from '../../../lib/i18n';
import { useLogin } from '../api/login';

export function LoginForm({ onSuccess, notice }: { onSuccess: () => void; notice?: string }) {
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
      <LoginField
        label={t('auth.username')}
        inputRef={usernameRef}
        value={username}
        invalid={error !== null && username.trim() === ''}
        onValue={setUsername}
        name="username"
        autoComplete="username"
        autoCapitalize="none"
        spellCheck={false}
        autoFocus
      />
      <LoginField
        label={t('auth.password')}
        inputRef={passwordRef}
        value={password}
        invalid={error !== null && password === ''}
        onValue={setPassword}
        name="password"
        type="password"
        autoComplete="current-password"
      />
      <button type="submit" className="button button--primary button--block" disabled={loginMutation.isPending}>
        {loginMutation.isPending ? t('auth.submitting') : t('auth.submit')}
      </button>
    </form>
  );
}

/** A labelled, required field of the form; marked invalid when the form was sent without it. */
function LoginField({
  label,
  inputRef,
  invalid,
  onValue,
  ...input
}: {
  label: string;
  inputRef: RefObject<HTMLInputElement | null>;
  value: string;
  invalid: boolean;
  onValue: (value: string) => void;
} & Omit<InputHTMLAttributes<HTMLInputElement>, 'id' | 'required' | 'onChange' | 'aria-invalid'>) {
  const id = useId();
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <input {...input} ref={inputRef} id={id} required aria-invalid={invalid ? true : undefined} onChange={(event) => onValue(event.target.value)} />
    </div>
  );
}
