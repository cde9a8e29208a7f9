import type { Problem, UserDto } from '@equity/shared';
import { useId, useRef, useState, type FormEvent } from 'react';
import { FormWithProblems, SubmitButton, TextField } from '../../../components/form-field';
import { Alert } from '../../../components/ui/alert';
import { isApiError, otherErrorMessage, validationProblems } from '../../../lib/api-client';
import { formatDateTime } from '../../../lib/format';
import { t, tCount } from '../../../lib/i18n';
import { summaryItems } from '../../../lib/field-problems';
import { passwordProblemText } from '../../../lib/password-text';
import { problemText as sharedProblemText } from '../../../lib/problem-text';
import { useChangePassword } from '../api/change-password';

type Field = 'currentPassword' | 'newPassword' | 'repeat';
const FIELDS: Field[] = ['currentPassword', 'newPassword', 'repeat'];
const LABELS: Record<Field, 'account.current' | 'account.new' | 'account.repeat'> = { currentPassword: 'account.current', newPassword: 'account.new', repeat: 'account.repeat' };

/** A problem of the API, or one found before sending (`mismatch`: the two new passwords differ). */
type FormProblem = Omit<Problem, 'code'> & { code: Problem['code'] | 'mismatch' };

const fieldOf = (p: FormProblem): Field | null => (FIELDS as (string | null)[]).includes(p.column) ? (p.column as Field) : null;

function problemText(p: FormProblem): string {
  if (p.code === 'required') return t('password.required');
  if (p.code === 'mismatch') return t('password.mismatch');
  const code = p.code;
  return passwordProblemText({ code }) ?? sharedProblemText({ ...p, code });
}

/** The time a locked account may try again, from the API's 429 (`retryAt`), in the user's language. */
function lockedUntil(body: unknown): string | null {
  const at = typeof body === 'object' && body !== null ? (body as { retryAt?: unknown }).retryAt : undefined;
  return typeof at === 'string' ? formatDateTime(at) : null;
}

/**
 * Every role changes their own password here (the user menu): the current one, the new one twice.
 * The API checks the current password and the policy at once and ends the user's other sessions;
 * this one stays signed in.
 */
export function ChangePasswordView({ user }: { user: UserDto }) {
  const base = useId();
  const ids = Object.fromEntries(FIELDS.map((f) => [f, `${base}-${f}`])) as Record<Field, string>;
  const [values, setValues] = useState<Record<Field, string>>({ currentPassword: '', newPassword: '', repeat: '' });
  const [problems, setProblems] = useState<FormProblem[]>([]);
  const [done, setDone] = useState(false);
  const summaryRef = useRef<HTMLDivElement>(null);
  const doneRef = useRef<HTMLDivElement>(null);
  const change = useChangePassword();

  const errorsOf = (field: Field) => problems.filter((p) => fieldOf(p) === field).map(problemText);
  const set = (field: Field, value: string) => {
    setValues((v) => ({ ...v, [field]: value }));
    setDone(false);
    setProblems((current) => current.filter((p) => fieldOf(p) !== field));
  };

  function show(found: FormProblem[]) {
    setProblems(found);
    requestAnimationFrame(() => summaryRef.current?.focus());
  }

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    change.reset();
    setDone(false);
    const local: FormProblem[] = [];
    const problem = (column: Field, code: FormProblem['code']): FormProblem => ({ row: null, column, code, message: '' });
    if (values.currentPassword === '') local.push(problem('currentPassword', 'required'));
    if (values.newPassword === '') local.push(problem('newPassword', 'required'));
    else if (values.repeat !== values.newPassword) local.push(problem('repeat', 'mismatch'));
    if (local.length) {
      show(local);
      return;
    }
    setProblems([]);
    change.mutate(
      { currentPassword: values.currentPassword, newPassword: values.newPassword },
      {
        onSuccess: () => {
          setValues({ currentPassword: '', newPassword: '', repeat: '' });
          setDone(true);
          requestAnimationFrame(() => doneRef.current?.focus());
        },
        onError: (error) => {
          const found = validationProblems(error);
          if (found) show(found);
        },
      },
    );
  }

  const error = change.error;
  const other = isApiError(error) && error.status === 429 ? t('account.locked', { time: lockedUntil(error.body) ?? '—' }) : otherErrorMessage(error);

  const password = (field: Field, autoComplete: string, help?: string) => (
    <TextField id={ids[field]} label={t(LABELS[field])} help={help} errors={errorsOf(field)} required type="password" autoComplete={autoComplete} value={values[field]} onChange={(v) => set(field, v)} />
  );

  return (
    <div className="page page--form">
      <header className="page__header">
        <h1>{t('account.title')}</h1>
        <p className="page__intro">{t('account.intro', { username: user.username })}</p>
      </header>
      {done && (
        <div ref={doneRef} tabIndex={-1} className="notice">
          <Alert tone="success">{t('account.changed')}</Alert>
        </div>
      )}
      <section className="panel">
        <FormWithProblems
          summary={{
            title: tCount('account.problems', problems.length, { count: problems.length }),
            items: summaryItems(problems, fieldOf, ids, (field) => (field ? t(LABELS[field]) : t('account.title')), problemText),
            summaryRef,
          }}
          other={other}
          otherTitle={t('account.notChanged')}
          onSubmit={submit}
        >
          {/* The user name lets password managers file the new password under the right account. */}
          <input type="text" name="username" autoComplete="username" value={user.username} readOnly hidden />
          {password('currentPassword', 'current-password')}
          {password('newPassword', 'new-password', t('account.newHelp'))}
          {password('repeat', 'new-password')}
          <div className="actions">
            <SubmitButton pending={change.isPending} busy={t('account.submitting')}>{t('account.submit')}</SubmitButton>
          </div>
        </FormWithProblems>
      </section>
    </div>
  );
}
