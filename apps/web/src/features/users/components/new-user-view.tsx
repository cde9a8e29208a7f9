import type { ManagedUserDto } from '@equity/shared';
import { useEffect, useRef, type FormEvent } from 'react';
import { Link } from 'react-router';
import { describedBy, FormField, ProblemSummary } from '../../../components/form-field';
import { Alert } from '../../../components/ui/alert';
import { ErrorState } from '../../../components/ui/error-state';
import { Loading } from '../../../components/ui/loading';
import { isApiError } from '../../../lib/api-client';
import { useZones } from '../../../lib/api/get-zones';
import { t, tCount } from '../../../lib/i18n';
import { useFieldForm } from '../../../lib/use-field-form';
import { useCreateUser } from '../api/users';
import { emptyUserForm, problemField, problemText, toCreateRequest, USER_FIELDS, type UserField, type UserForm } from '../utils/user-form';
import { AccountFields } from './account-fields';

/**
 * A new account: user name, name shown, role, zones for an HR officer, first password. The API
 * checks everything at once (pattern, user name taken, zones, password policy); its problems appear
 * next to their fields and together at the top, and nothing typed is lost.
 */
export function NewUserView({ onCreated }: { onCreated: (user: ManagedUserDto) => void }) {
  const zones = useZones();
  const create = useCreateUser();
  const { ids, form, problems, setProblems, summaryRef, errorsOf, set } = useFieldForm<UserField, UserForm>(USER_FIELDS, emptyUserForm, problemField, problemText);
  const usernameRef = useRef<HTMLInputElement>(null);

  useEffect(() => usernameRef.current?.focus(), []);


  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    create.reset();
    setProblems([]);
    create.mutate(toCreateRequest(form), {
      onSuccess: onCreated,
      onError: (error) => {
        const validation = isApiError(error) ? error.validation : null;
        if (validation) {
          setProblems(validation.errors);
          requestAnimationFrame(() => summaryRef.current?.focus());
        }
      },
    });
  }

  const other = create.isError && !(isApiError(create.error) && create.error.validation) ? create.error.message : null;

  return (
    <div className="page page--form">
      <p className="back-link">
        <Link to="/admin/users">{t('users.back')}</Link>
      </p>
      <header className="page__header">
        <h1>{t('users.create.title')}</h1>
      </header>
      {zones.isError ? (
        <ErrorState error={zones.error} onRetry={() => void zones.refetch()} />
      ) : !zones.data ? (
        <Loading />
      ) : (
        <section className="panel">
          <form onSubmit={submit} noValidate>
            {problems.length > 0 && (
              <ProblemSummary
                summaryRef={summaryRef}
                title={tCount('users.problems', problems.length, { count: problems.length })}
                items={problems.map((p) => {
                  const field = problemField(p);
                  return { target: field ? ids[field] : null, field: t(field ? `users.field.${field}` : 'users.field.whole'), text: problemText(p) };
                })}
              />
            )}
            {other && <Alert tone="error" title={t('users.notSaved')}>{other}</Alert>}
            <FormField id={ids.username} label={t('users.field.username')} help={t('users.usernameHelp')} errors={errorsOf('username')} required>
              <input
                ref={usernameRef}
                id={ids.username}
                type="text"
                autoComplete="off"
                autoCapitalize="none"
                spellCheck={false}
                value={form.username}
                aria-invalid={errorsOf('username').length > 0 || undefined}
                aria-describedby={describedBy(ids.username, true, errorsOf('username'))}
                onChange={(e) => set('username', e.target.value)}
              />
            </FormField>
            <AccountFields form={form} set={set} ids={ids} errorsOf={errorsOf} zones={zones.data} />
            <FormField id={ids.password} label={t('users.field.password')} help={t('users.passwordHelp')} errors={errorsOf('password')} required>
              <input
                id={ids.password}
                type="password"
                autoComplete="new-password"
                value={form.password}
                aria-invalid={errorsOf('password').length > 0 || undefined}
                aria-describedby={describedBy(ids.password, true, errorsOf('password'))}
                onChange={(e) => set('password', e.target.value)}
              />
            </FormField>
            <div className="actions">
              <button type="submit" className="button button--primary" disabled={create.isPending}>
                {create.isPending ? t('users.create.submitting') : t('users.create.submit')}
              </button>
              <Link to="/admin/users" className="button button--secondary">
                {t('users.cancel')}
              </Link>
            </div>
          </form>
        </section>
      )}
    </div>
  );
}
