import type { SurveyAnswer, SurveyQuestionDto, SurveySessionDto } from '@equity/shared';
import { type FormEvent, useId, useRef, useState } from 'react';
import { LanguagePicker } from '../../../components/language-picker';
import { Alert } from '../../../components/ui/alert';
import { isApiError, isValidationErrorBody } from '../../../lib/api-client';
import { formatNumber } from '../../../lib/format';
import { label, t, tCount } from '../../../lib/i18n';
import { openSession, saveAnswer, withdrawAnswer } from '../api/respond';
import { formatDay } from '../utils/dates';
import { problemText } from '../../../lib/problem-text';

type Draft = { category: string; classes: Record<string, string[]> };
type Step = { name: 'code' } | { name: 'form'; session: SurveySessionDto } | { name: 'done'; saved: boolean; closesOn: string } | { name: 'finished' };

/** The message for a failed request, in the page's language. */
function errorText(error: unknown): string {
  if (!isApiError(error)) return t('survey.error.generic');
  if (error.status === 429) {
    const seconds = Number((error.body as { retryAfterSeconds?: number } | null)?.retryAfterSeconds ?? 60);
    return tCount('survey.error.throttled', Math.max(1, Math.ceil(seconds / 60)), { n: formatNumber(Math.max(1, Math.ceil(seconds / 60))) });
  }
  if (error.status === 0) return t('error.network');
  const body = error.body;
  if (error.status === 422 && isValidationErrorBody(body)) {
    const first = body.errors[0];
    if (first?.code === 'survey_code_unknown') return t('survey.error.unknown');
    if (first?.code === 'survey_closed') return t('survey.error.closed', { date: formatDay(first.value ?? '') });
    if (first?.code === 'survey_not_open') return t('survey.error.notOpen', { date: formatDay(first.value ?? '') });
  }
  return t('survey.error.generic');
}

function toDraft(answer: SurveyAnswer | null): Draft {
  if (!answer) return { category: '', classes: {} };
  const classes: Record<string, string[]> = {};
  for (const [k, v] of Object.entries(answer.classes)) classes[k] = Array.isArray(v) ? v : [v];
  return { category: answer.category, classes };
}

function toAnswer(draft: Draft, questions: SurveyQuestionDto[]): SurveyAnswer {
  const classes: SurveyAnswer['classes'] = {};
  for (const q of questions) {
    const chosen = draft.classes[q.dimension] ?? [];
    if (chosen.length === 0) continue; // left open: counts as "prefer not to say"
    classes[q.dimension] = q.multiple ? chosen : chosen[0]!;
  }
  return { category: draft.category || 'not_declared', classes };
}

function Question({ question, chosen, onChange }: { question: SurveyQuestionDto; chosen: string[]; onChange: (values: string[]) => void }) {
  const name = useId();
  const notDeclared = question.values.find((v) => v.notDeclared)?.code;
  const toggle = (code: string, on: boolean) => {
    if (!question.multiple) return onChange([code]);
    if (code === notDeclared) return onChange(on ? [code] : []);
    const rest = chosen.filter((c) => c !== notDeclared && c !== code);
    onChange(on ? [...rest, code] : rest);
  };
  return (
    <fieldset className="survey-question">
      <legend>{label(question.label)}</legend>
      {question.multiple && <p className="small muted">{t('survey.form.several')}</p>}
      {question.values.map((v) => (
        <label key={v.code} className={`survey-choice${v.notDeclared ? ' survey-choice--pnts' : ''}`}>
          <input
            type={question.multiple ? 'checkbox' : 'radio'}
            name={name}
            value={v.code}
            checked={chosen.includes(v.code)}
            onChange={(e) => toggle(v.code, e.target.checked)}
          />
          <span>{v.notDeclared ? t('survey.form.preferNot') : label(v.label)}</span>
        </label>
      ))}
    </fieldset>
  );
}

function AnswerForm({ code, session, onDone }: { code: string; session: SurveySessionDto; onDone: (saved: boolean, closesOn: string) => void }) {
  const [draft, setDraft] = useState<Draft>(() => toDraft(session.answer));
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<{ text: string; details: string[] } | null>(null);
  const categoryId = useId();
  const until = formatDay(session.closesOn);

  const fail = (e: unknown) => {
    const details = isApiError(e) && e.status === 422 && isValidationErrorBody(e.body) && !e.body.errors[0]?.code.startsWith('survey_') ? e.body.errors.map((p) => problemText(p)) : [];
    setError({ text: details.length ? t('survey.form.problems') : errorText(e), details });
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const r = await saveAnswer(code, toAnswer(draft, session.questions));
      onDone(true, r.closesOn);
    } catch (e) {
      fail(e);
    } finally {
      setBusy(false);
    }
  };

  const withdraw = async () => {
    if (!window.confirm(t('survey.form.withdrawConfirm', { date: until }))) return;
    setBusy(true);
    setError(null);
    try {
      const r = await withdrawAnswer(code);
      onDone(false, r.closesOn);
    } catch (e) {
      fail(e);
    } finally {
      setBusy(false);
    }
  };

  return (
    <form onSubmit={(e) => void submit(e)} noValidate aria-busy={busy}>
      <h2>{t('survey.form.title', { zone: label(session.zone.names) || session.zone.name })}</h2>
      <p>{t('survey.form.until', { date: until })}</p>
      <p className="small">{t('survey.form.threshold', { k: session.threshold })}</p>
      {session.answer && <Alert tone="info">{t('survey.form.returning')}</Alert>}
      <p className="small muted">{t('survey.form.openCountsAsNotSaying')}</p>
      {error && (
        <Alert tone="error" title={error.text}>
          {error.details.length > 0 && (
            <ul>
              {error.details.map((d) => (
                <li key={d}>{d}</li>
              ))}
            </ul>
          )}
        </Alert>
      )}
      <div className="field">
        <label htmlFor={categoryId}>{t('survey.form.category')}</label>
        <select id={categoryId} value={draft.category} onChange={(e) => setDraft({ ...draft, category: e.target.value })}>
          <option value="">{t('survey.form.category.choose')}</option>
          {session.categoryGroups.map((g) => (
            <optgroup key={g.code} label={label(g.label)}>
              {session.categories
                .filter((c) => c.group === g.code)
                .map((c) => (
                  <option key={c.code} value={c.code}>
                    {label(c.label)}
                  </option>
                ))}
            </optgroup>
          ))}
          <option value="not_declared">{t('survey.form.preferNot')}</option>
        </select>
      </div>
      {session.questions.map((q) => (
        <Question
          key={q.dimension}
          question={q}
          chosen={draft.classes[q.dimension] ?? []}
          onChange={(values) => setDraft({ ...draft, classes: { ...draft.classes, [q.dimension]: values } })}
        />
      ))}
      <div className="survey-actions">
        <button type="submit" className="button button--primary" disabled={busy}>
          {busy ? t('survey.form.saving') : t('survey.form.save')}
        </button>
        {session.answer && (
          <button type="button" className="button button--secondary" disabled={busy} onClick={() => void withdraw()}>
            {t('survey.form.withdraw')}
          </button>
        )}
      </div>
    </form>
  );
}

/**
 * The code a slip's QR code put in the address's fragment (`#code=…`, never sent to the server),
 * removed from the address at once so it stays neither in the address bar nor in the history.
 */
export function takeCodeFromAddress(): string {
  const match = /^#code=([^&]*)/.exec(window.location.hash);
  if (!match) return '';
  window.history.replaceState(window.history.state, '', window.location.pathname + window.location.search);
  try {
    return decodeURIComponent(match[1]!);
  } catch {
    return '';
  }
}

/**
 * The public answering page: enter the code (filled in when a slip's QR code opened the page), read
 * why and how, answer. The code lives only in this page's memory (no storage, no cookie; taken out
 * of the address as soon as the page opens); leaving the page forgets it. The code field comes
 * first, so it is on a phone's first screen.
 */
export function RespondView() {
  const [code, setCode] = useState(takeCodeFromAddress);
  const [step, setStep] = useState<Step>({ name: 'code' });
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const codeId = useId();
  const hintId = useId();
  const headingRef = useRef<HTMLHeadingElement>(null);

  const start = async (event?: FormEvent) => {
    event?.preventDefault();
    if (code.trim() === '') {
      setError(t('survey.code.empty'));
      return;
    }
    setBusy(true);
    setError(null);
    try {
      const session = await openSession(code);
      setStep({ name: 'form', session });
      window.scrollTo({ top: 0 });
    } catch (e) {
      setError(errorText(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="survey-page">
      <header className="survey-header">
        <div className="survey-header__brand">
          <span className="brand__mark" aria-hidden="true" />
          <span className="brand__name">{t('app.name')}</span>
        </div>
        <LanguagePicker />
      </header>
      <main id="main" className="survey-card">
        <h1 ref={headingRef}>{t('survey.page.title')}</h1>
        <p className="survey-lead">{t('survey.page.lead')}</p>

        {step.name === 'code' && (
          <>
            <form className="survey-code" onSubmit={(e) => void start(e)} noValidate>
              <div className="field">
                <label htmlFor={codeId}>{t('survey.code.label')}</label>
                <input
                  id={codeId}
                  type="text"
                  inputMode="text"
                  autoComplete="off"
                  autoCapitalize="characters"
                  spellCheck={false}
                  aria-describedby={hintId}
                  aria-invalid={error !== null}
                  value={code}
                  onChange={(e) => setCode(e.target.value)}
                  className="survey-code__input"
                />
                <span id={hintId} className="small muted">
                  {t('survey.code.hint')}
                </span>
              </div>
              {error && <Alert tone="error">{error}</Alert>}
              <button type="submit" className="button button--primary" disabled={busy}>
                {busy ? t('survey.code.checking') : t('survey.code.submit')}
              </button>
            </form>
            <section className="survey-info" aria-label={t('survey.why.title')}>
              <h2>{t('survey.why.title')}</h2>
              <p>{t('survey.why.body')}</p>
              <h2>{t('survey.protect.title')}</h2>
              <p>{t('survey.protect.body')}</p>
              <h2>{t('survey.voluntary.title')}</h2>
              <p>{t('survey.voluntary.body')}</p>
            </section>
          </>
        )}

        {step.name === 'form' && <AnswerForm code={code} session={step.session} onDone={(saved, closesOn) => setStep({ name: 'done', saved, closesOn })} />}

        {step.name === 'done' && (
          <>
            <Alert tone="success" title={step.saved ? t('survey.done.savedTitle') : t('survey.done.withdrawnTitle')}>
              <p>{t('survey.done.body', { date: formatDay(step.closesOn) })}</p>
            </Alert>
            <div className="survey-actions">
              <button type="button" className="button button--secondary" onClick={() => void start()}>
                {t('survey.done.again')}
              </button>
              <button
                type="button"
                className="button button--primary"
                onClick={() => {
                  setCode('');
                  setStep({ name: 'finished' });
                }}
              >
                {t('survey.done.finish')}
              </button>
            </div>
          </>
        )}

        {step.name === 'finished' && <p>{t('survey.done.finished')}</p>}
      </main>
    </div>
  );
}
