import type { ManagedUserDto, Problem, ZoneDto } from '@equity/shared';
import { useEffect, useId, useRef, useState, type FormEvent, type ReactNode } from 'react';
import { BackLinkPage } from '../../../components/back-link-page';
import { FormWithProblems, SubmitButton, TextField } from '../../../components/form-field';
import { Alert } from '../../../components/ui/alert';
import { ErrorState } from '../../../components/ui/error-state';
import { Loading } from '../../../components/ui/loading';
import { isApiError, otherErrorMessage, validationProblems } from '../../../lib/api-client';
import { useZones } from '../../../lib/api/get-zones';
import { formatDateTime, formatNumber } from '../../../lib/format';
import { t, tCount } from '../../../lib/i18n';
import { PageSection } from '../../../components/page-section';
import { useFieldForm } from '../../../lib/use-field-form';
import { useRevokeSessions, useSetPassword, useUnlock, useUpdateUser, useUser } from '../api/users';
import { fieldLabel, formFromUser, problemField, problemsTitle, problemText, toUpdateRequest, USER_FIELDS, type UserField, type UserForm } from '../utils/user-form';
import { AccountFields } from './account-fields';
import { StatusBadge, zoneNames } from './users-view';

type Notice = { tone: 'success' | 'info'; text: string };

/**
 * One account: its state at the top, then one section per thing an administrator does with it —
 * name, role and zones; deactivate or reactivate; lift a sign-in lock; end its sessions; set a new
 * password. Each says what happened in a message that takes focus.
 */
export function UserDetailView({ username, me, initialNotice }: { username: string; me: string; initialNotice: string | null }) {
  const user = useUser(username);
  const zones = useZones();
  const [notice, setNotice] = useState<Notice | null>(initialNotice ? { tone: 'success', text: initialNotice } : null);
  const noticeRef = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (notice) noticeRef.current?.focus();
  }, [notice]);
  const say = (text: string, tone: Notice['tone'] = 'success') => setNotice({ tone, text });

  let content: ReactNode;
  if (user.isError) {
    content =
      isApiError(user.error) && user.error.status === 404 ? (
        <Alert tone="error">{t('users.detail.notFound', { username })}</Alert>
      ) : (
        <ErrorState error={user.error} onRetry={() => void user.refetch()} />
      );
  } else if (!user.data || !zones.data) content = zones.isError ? <ErrorState error={zones.error} onRetry={() => void zones.refetch()} /> : <Loading />;
  else {
    const u = user.data;
    content = (
      <>
        <dl className="summary-list panel">
          <div>
            <dt>{t('users.col.displayName')}</dt>
            <dd>{u.displayName}</dd>
          </div>
          <div>
            <dt>{t('users.col.role')}</dt>
            <dd>{t(`role.${u.role}`)}</dd>
          </div>
          <div>
            <dt>{t('users.col.zones')}</dt>
            <dd>{u.role === 'hr' ? zoneNames(u.zones, zones.data) : t('users.allZones')}</dd>
          </div>
          <div>
            <dt>{t('users.col.status')}</dt>
            <dd>
              <StatusBadge active={u.active} />
            </dd>
          </div>
          <div>
            <dt>{t('users.col.lock')}</dt>
            <dd>{u.lockedUntil ? t('users.lockedUntil', { time: formatDateTime(u.lockedUntil) }) : t('users.notLocked')}</dd>
          </div>
          <div>
            <dt>{t('users.col.sessions')}</dt>
            <dd>{formatNumber(u.activeSessions)}</dd>
          </div>
          <div>
            <dt>{t('users.detail.created')}</dt>
            <dd>{formatDateTime(u.createdAt)}</dd>
          </div>
        </dl>
        <EditSection key={`${u.displayName}|${u.role}|${u.zones.join()}`} user={u} zones={zones.data} onSaved={say} />
        <AccessSection user={u} isMe={u.username === me} onDone={say} />
        <LockSection user={u} onDone={say} />
        <SessionsSection user={u} onDone={say} />
        <PasswordSection user={u} onDone={say} />
      </>
    );
  }

  return (
    <BackLinkPage back="/admin/users" backText={t('users.back')} title={t('users.detail.title', { username })}>
      {notice && (
        <div ref={noticeRef} tabIndex={-1} className="notice">
          <Alert tone={notice.tone}>{notice.text}</Alert>
        </div>
      )}
      {content}
    </BackLinkPage>
  );
}


/** A refusal that is not a field's problem (403, 404, 409, 503…), said in the section it came from. */
function OtherError({ error, title }: { error: Error | null; title: string }) {
  const message = otherErrorMessage(error);
  return message ? (
    <Alert tone="error" title={title}>
      {message}
    </Alert>
  ) : null;
}

function EditSection({ user, zones, onSaved }: { user: ManagedUserDto; zones: ZoneDto[]; onSaved: (text: string, tone?: 'success' | 'info') => void }) {
  const update = useUpdateUser();
  const fields = useFieldForm<UserField, UserForm>(USER_FIELDS, () => formFromUser(user), problemField, problemText);
  const { form, setProblems, showRefusal, summary } = fields;

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    update.reset();
    setProblems([]);
    const change = toUpdateRequest(user, form);
    if (Object.keys(change).length === 0) {
      onSaved(t('users.edit.nothing'), 'info');
      return;
    }
    update.mutate(
      { username: user.username, change },
      {
        onSuccess: () => onSaved(t('users.edit.done', { username: user.username })),
        onError: showRefusal,
      },
    );
  }

  return (
    <PageSection title={t('users.edit.title')}>
      <FormWithProblems summary={summary(problemsTitle, fieldLabel)} other={otherErrorMessage(update.error)} otherTitle={t('users.notSaved')} onSubmit={submit}>
        <AccountFields fields={fields} zones={zones} />
        {form.role !== user.role && (
          <p className="form-note" role="note">
            {t('users.edit.roleWarning')}
          </p>
        )}
        <div className="actions">
          <SubmitButton pending={update.isPending}>{t('users.edit.submit')}</SubmitButton>
        </div>
      </FormWithProblems>
    </PageSection>
  );
}

/** A button that asks first: the question and the real button appear below it, focus on the question. */
function Confirmed({ open, label, question, yes, busy, onOpen, onCancel, onYes }: { open: boolean; label: string; question: string; yes: string; busy: boolean; onOpen: () => void; onCancel: () => void; onYes: () => void }) {
  const questionRef = useRef<HTMLParagraphElement>(null);
  useEffect(() => {
    if (open) questionRef.current?.focus();
  }, [open]);
  if (!open) {
    return (
      <div className="actions">
        <button type="button" className="button button--secondary" onClick={onOpen}>
          {label}
        </button>
      </div>
    );
  }
  return (
    <div className="confirm">
      <p ref={questionRef} tabIndex={-1}>
        {question}
      </p>
      <div className="actions">
        <button type="button" className="button button--danger" disabled={busy} onClick={onYes}>
          {yes}
        </button>
        <button type="button" className="button button--secondary" onClick={onCancel}>
          {t('users.cancel')}
        </button>
      </div>
    </div>
  );
}

function AccessSection({ user, isMe, onDone }: { user: ManagedUserDto; isMe: boolean; onDone: (text: string) => void }) {
  const update = useUpdateUser();
  const [asking, setAsking] = useState(false);
  const problems = validationProblems(update.error) ?? [];
  const setActive = (active: boolean) =>
    update.mutate(
      { username: user.username, change: { active } },
      {
        onSuccess: () => {
          setAsking(false);
          onDone(t(active ? 'users.access.reactivated' : 'users.access.deactivated', { username: user.username }));
        },
      },
    );
  return (
    <PageSection title={t('users.access.title')}>
      <p>{user.active ? t('users.access.activeText') : t('users.access.inactiveText')}</p>
      {problems.length > 0 && (
        <Alert tone="error" title={t('users.notSaved')}>
          {problems.map(problemText).join(' ')}
        </Alert>
      )}
      <OtherError error={update.error} title={t('users.notSaved')} />
      {user.active ? (
        <Confirmed
          open={asking}
          label={t('users.access.deactivate')}
          question={tCount('users.access.deactivateConfirm', user.activeSessions, { username: user.username, n: formatNumber(user.activeSessions) }) + (isMe ? ` ${t('users.access.self')}` : '')}
          yes={t('users.access.deactivateYes')}
          busy={update.isPending}
          onOpen={() => {
            update.reset();
            setAsking(true);
          }}
          onCancel={() => setAsking(false)}
          onYes={() => setActive(false)}
        />
      ) : (
        <div className="actions">
          <button type="button" className="button button--secondary" disabled={update.isPending} onClick={() => setActive(true)}>
            {t('users.access.reactivate')}
          </button>
        </div>
      )}
    </PageSection>
  );
}

function LockSection({ user, onDone }: { user: ManagedUserDto; onDone: (text: string, tone?: 'success' | 'info') => void }) {
  const unlock = useUnlock();
  return (
    <PageSection title={t('users.lock.title')}>
      <p>{user.lockedUntil ? t('users.lock.locked', { time: formatDateTime(user.lockedUntil) }) : t('users.lock.notLocked')}</p>
      <OtherError error={unlock.error} title={t('users.notSaved')} />
      {user.lockedUntil && (
        <div className="actions">
          <button
            type="button"
            className="button button--secondary"
            disabled={unlock.isPending}
            onClick={() =>
              unlock.mutate(user.username, {
                onSuccess: (r) => onDone(t(r.unlocked ? 'users.lock.unlocked' : 'users.lock.nothing', { username: user.username }), r.unlocked ? 'success' : 'info'),
              })
            }
          >
            {t('users.lock.unlock')}
          </button>
        </div>
      )}
    </PageSection>
  );
}

function SessionsSection({ user, onDone }: { user: ManagedUserDto; onDone: (text: string) => void }) {
  const revoke = useRevokeSessions();
  const [asking, setAsking] = useState(false);
  return (
    <PageSection title={t('users.sessions.title')}>
      <p>{user.activeSessions > 0 ? tCount('users.sessions.count', user.activeSessions, { count: formatNumber(user.activeSessions) }) : t('users.sessions.none')}</p>
      <OtherError error={revoke.error} title={t('users.notSaved')} />
      {user.activeSessions > 0 && (
        <Confirmed
          open={asking}
          label={t('users.sessions.end')}
          question={t('users.sessions.endConfirm', { username: user.username })}
          yes={t('users.sessions.endYes')}
          busy={revoke.isPending}
          onOpen={() => {
            revoke.reset();
            setAsking(true);
          }}
          onCancel={() => setAsking(false)}
          onYes={() =>
            revoke.mutate(user.username, {
              onSuccess: (r) => {
                setAsking(false);
                onDone(tCount('users.sessions.ended', r.revoked, { count: formatNumber(r.revoked), username: user.username }));
              },
            })
          }
        />
      )}
    </PageSection>
  );
}

function PasswordSection({ user, onDone }: { user: ManagedUserDto; onDone: (text: string) => void }) {
  const id = useId();
  const setPassword = useSetPassword();
  const [password, setValue] = useState('');
  const [problems, setProblems] = useState<Problem[]>([]);
  const errors = problems.map(problemText);

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setPassword.reset();
    setProblems([]);
    setPassword.mutate(
      { username: user.username, password },
      {
        onSuccess: () => {
          setValue('');
          onDone(t('users.password.done', { username: user.username }));
        },
        onError: (error) => {
          const found = validationProblems(error);
          if (found) {
            setProblems(found);
            requestAnimationFrame(() => document.getElementById(id)?.focus());
          }
        },
      },
    );
  }

  return (
    <PageSection title={t('users.password.title')}>
      <form onSubmit={submit} noValidate>
        <OtherError error={setPassword.error} title={t('users.notSaved')} />
        {/* The account's user name, so a password manager files the password under it. */}
        <input type="text" name="username" autoComplete="username" value={user.username} readOnly hidden />
        <TextField
          id={id}
          label={t('users.password.new')}
          help={`${t('users.password.help')} ${t('users.passwordHelp')}`}
          errors={errors}
          required
          type="password"
          autoComplete="new-password"
          value={password}
          onChange={(value) => {
            setValue(value);
            setProblems([]);
          }}
        />
        <div className="actions">
          <SubmitButton pending={setPassword.isPending}>{t('users.password.submit')}</SubmitButton>
        </div>
      </form>
    </PageSection>
  );
}
