import type { ManagedUserDto } from '@equity/shared';
import { useEffect, useRef, type FormEvent } from 'react';
import { Link } from 'react-router';
import { BackLinkPage } from '../../../components/back-link-page';
import { FormWithProblems, SubmitButton, TextField } from '../../../components/form-field';
import { ErrorState } from '../../../components/ui/error-state';
import { Loading } from '../../../components/ui/loading';
import { otherErrorMessage } from '../../../lib/api-client';
import { useZones } from '../../../lib/api/get-zones';
import { t } from '../../../lib/i18n';
import { useFieldForm } from '../../../lib/use-field-form';
import { useCreateUser } from '../api/users';
import { emptyUserForm, fieldLabel, problemField, problemsTitle, problemText, toCreateRequest, USER_FIELDS, type UserField, type UserForm } from '../utils/user-form';
import { AccountFields } from './account-fields';

/**
 * A new account: user name, name shown, role, zones for an HR officer, first password. The API
 * checks everything at once (pattern, user name taken, zones, password policy); its problems appear
 * next to their fields and together at the top, and nothing typed is lost.
 */
export function NewUserView({ onCreated }: { onCreated: (user: ManagedUserDto) => void }) {
  const zones = useZones();
  const create = useCreateUser();
  const fields = useFieldForm<UserField, UserForm>(USER_FIELDS, emptyUserForm, problemField, problemText);
  const { form, setProblems, showRefusal, summary, textField } = fields;
  const usernameRef = useRef<HTMLInputElement>(null);

  useEffect(() => usernameRef.current?.focus(), []);

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    create.reset();
    setProblems([]);
    create.mutate(toCreateRequest(form), { onSuccess: onCreated, onError: showRefusal });
  }

  return (
    <BackLinkPage back="/admin/users" backText={t('users.back')} title={t('users.create.title')}>
      {zones.isError ? (
        <ErrorState error={zones.error} onRetry={() => void zones.refetch()} />
      ) : !zones.data ? (
        <Loading />
      ) : (
        <section className="panel">
          <FormWithProblems summary={summary(problemsTitle, fieldLabel)} other={otherErrorMessage(create.error)} otherTitle={t('users.notSaved')} onSubmit={submit}>
            <TextField {...textField('username')} inputRef={usernameRef} label={t('users.field.username')} help={t('users.usernameHelp')} required autoComplete="off" autoCapitalize="none" spellCheck={false} />
            <AccountFields fields={fields} zones={zones.data} />
            <TextField {...textField('password')} label={t('users.field.password')} help={t('users.passwordHelp')} required type="password" autoComplete="new-password" />
            <div className="actions">
              <SubmitButton pending={create.isPending} busy={t('users.create.submitting')}>{t('users.create.submit')}</SubmitButton>
              <Link to="/admin/users" className="button button--secondary">
                {t('users.cancel')}
              </Link>
            </div>
          </FormWithProblems>
        </section>
      )}
    </BackLinkPage>
  );
}
