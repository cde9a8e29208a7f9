import { addQuarters, type ClassificationProfile, type Problem, type ReturnDto, type StaleRevisionBody, type SubmitResult, type ValidationReport } from '@equity/shared';
import { useQueryClient } from '@tanstack/react-query';
import { useCallback, useId, useMemo, useRef, useState, type FormEvent } from 'react';
import { Alert } from '../../../components/ui/alert';
import { isApiError, problemCount } from '../../../lib/api-client';
import { stockFlowCell } from '../../../lib/problem-text';
import { formatNumber } from '../../../lib/format';
import { label, t, tCount } from '../../../lib/i18n';
import { queryKeys } from '../../../lib/query-keys';
import { dimensionLabel } from '../../../lib/profile-utils';
import { useNoWheelChange } from '../../../lib/use-no-wheel-change';
import { useSubmitReturn } from '../api/submit-return';
import { useValidateReturn } from '../api/validate-return';
import { cellsFromModel, describeCell, gridLayout, headcountKey, modelFromReturn, newFlowLine, type CellOrigin, type FlowLine, type FormModel } from '../utils/form-model';
import { StartFromPrevious, type Copied } from './start-from-previous';
import { FlowsEditor } from './flows-editor';
import { HeadcountGrid } from './headcount-grid';
import { ProblemsList } from '../../../components/problems-list';
import { StaleRevision } from './stale-revision';

type Outcome =
  | { kind: 'checked'; report: ValidationReport; origins: CellOrigin[] }
  | { kind: 'rejected'; message: string; errors: Problem[]; warnings: Problem[]; more?: number; origins: CellOrigin[] }
  | { kind: 'failed'; message: string }
  | { kind: 'stale'; conflict: StaleRevisionBody };

/**
 * The return as a form: headcount grid, flow lines and the reason. Saving makes a new revision;
 * the API's problems are listed with their row (the cell's position in the request) and pointed
 * at in the form.
 */
export function ReturnForm({
  profile,
  zone,
  period,
  current,
  locked,
  onSaved,
}: {
  profile: ClassificationProfile;
  zone: string;
  period: string;
  current: ReturnDto | null;
  locked: boolean;
  onSaved: (result: SubmitResult) => void;
}) {
  const reasonId = useId();
  const reasonHelpId = useId();
  const reasonErrorId = useId();
  const reasonRef = useRef<HTMLTextAreaElement>(null);
  const outcomeRef = useRef<HTMLDivElement>(null);
  const formRef = useRef<HTMLFormElement>(null);
  useNoWheelChange(formRef);
  const [model, setModel] = useState<FormModel>(() => modelFromReturn(profile, current));
  const [reason, setReason] = useState('');
  const [reasonMissing, setReasonMissing] = useState(false);
  const [outcome, setOutcome] = useState<Outcome | null>(null);
  const [copied, setCopied] = useState<Copied | null>(null);
  // The revision the officer's edits are based on: sent as If-Match, so a revision someone else
  // saves meanwhile is not silently replaced (412). Overwriting moves it to the newest.
  const [base, setBase] = useState<number | null>(current?.currentRevision ?? null);
  const queryClient = useQueryClient();
  const submitMutation = useSubmitReturn();
  const validateMutation = useValidateReturn();
  const busy = submitMutation.isPending || validateMutation.isPending;
  const layout = useMemo(() => gridLayout(profile), [profile]);

  const setHeadcount = useCallback(
    (key: string, value: string) => setModel((m) => ({ ...m, headcount: { ...m.headcount, [key]: value } })),
    [],
  );
  const changeLine = (id: string, change: Partial<FlowLine>) =>
    setModel((m) => ({ ...m, flows: m.flows.map((l) => (l.id === id ? { ...l, ...change } : l)) }));
  const addLine = () => setModel((m) => ({ ...m, flows: [...m.flows, newFlowLine(profile)] }));
  const removeLine = (id: string) => setModel((m) => ({ ...m, flows: m.flows.filter((l) => l.id !== id) }));
  /** "Start from last quarter": the headcount of the previous quarter's current revision; flows stay as they are. */
  const copyHeadcount = (previous: ReturnDto) => {
    const headcount = modelFromReturn(profile, previous).headcount;
    setModel((m) => ({ ...m, headcount }));
    const values = Object.values(headcount).map(Number);
    setCopied({ period: previous.period, revision: previous.currentRevision, cells: values.filter((n) => n > 0).length, people: values.reduce((s, n) => s + n, 0) });
  };

  // Form positions the last answer found a problem with, to mark those inputs; headcount inputs a
  // stock-flow warning is about, to mark them as warned.
  const invalid = useMemo(() => {
    const refs = new Set<string>();
    if (!outcome || outcome.kind === 'failed' || outcome.kind === 'stale') return { headcount: refs, flows: refs, warned: refs };
    const errors = outcome.kind === 'checked' ? outcome.report.errors : outcome.errors;
    const warnings = outcome.kind === 'checked' ? outcome.report.warnings : outcome.warnings;
    const headcount = new Set<string>();
    const flows = new Set<string>();
    for (const e of errors) {
      const origin = e.row !== null ? outcome.origins[e.row - 1] : undefined;
      if (origin?.ref.startsWith('h:')) headcount.add(origin.ref.slice(2));
      if (origin?.ref.startsWith('f:')) flows.add(origin.ref.slice(2));
    }
    const warned = new Set<string>();
    for (const w of warnings) {
      const cell = stockFlowCell(w);
      if (cell) warned.add(headcountKey(cell.category, cell.classes));
    }
    return { headcount, flows, warned };
  }, [outcome]);

  function showOutcome(next: Outcome) {
    setOutcome(next);
    requestAnimationFrame(() => outcomeRef.current?.focus());
  }

  function run(mode: 'check' | 'save', against: number | null = base) {
    const { cells, origins } = cellsFromModel(profile, model);
    const trimmed = reason.trim();
    if (mode === 'save' && trimmed === '') {
      setReasonMissing(true);
      reasonRef.current?.focus();
      return;
    }
    if (mode === 'save' && cells.length === 0) {
      showOutcome({ kind: 'failed', message: t('form.noCells') });
      return;
    }
    const body = { reason: trimmed, cells };
    const onError = (error: Error) => {
      const validation = isApiError(error) ? error.validation : null;
      const stale = isApiError(error) ? error.stale : null;
      if (stale) showOutcome({ kind: 'stale', conflict: stale });
      else if (validation) showOutcome({ kind: 'rejected', message: error.message, errors: validation.errors, warnings: validation.warnings, more: validation.more, origins });
      else showOutcome({ kind: 'failed', message: error.message });
    };
    if (mode === 'check') {
      validateMutation.mutate({ zone, period, body }, { onSuccess: (report) => showOutcome({ kind: 'checked', report, origins }), onError });
    } else {
      // The promise, not mutate's callbacks: the refetch after saving remounts this form (see UploadPanel).
      submitMutation.mutateAsync({ zone, period, body, base: against }).then(onSaved, onError);
    }
  }

  /** After a conflict: the officer's version saved over the newest revision. */
  function overwrite(conflict: StaleRevisionBody) {
    const newest = conflict.currentRevision?.number ?? null;
    setBase(newest);
    run('save', newest);
  }

  /** After a conflict: the newest revision loaded (the form is rebuilt from it; the edits are dropped). */
  function reload() {
    setOutcome(null);
    void queryClient.invalidateQueries({ queryKey: queryKeys.zone(zone) });
  }

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    run('save');
  }

  /** Where a problem is in the form: the cell of its row, or the headcount cell of a stock-flow gap. */
  const where = (origins: CellOrigin[]) => (problem: Problem) => {
    if (problem.row !== null) return origins[problem.row - 1]?.description;
    const cell = stockFlowCell(problem);
    return cell ? describeCell(profile, { measure: 'headcount', detail: '', ...cell }) : undefined;
  };

  return (
    <form ref={formRef} onSubmit={submit} noValidate className="return-form">
      <fieldset disabled={locked} className="plain-fieldset">
        <legend className="visually-hidden">{t('form.heading')}</legend>
        {locked && <Alert tone="info">{t('form.locked')}</Alert>}
        {!copied && (
          <p className="muted">
            {current?.currentRevision ? t('form.prefilled', { revision: current.currentRevision }) : t('form.empty')}
          </p>
        )}
        {current === null && !locked && <StartFromPrevious zone={zone} period={addQuarters(period, -1)} copied={copied} onCopy={copyHeadcount} />}
        {model.droppedDimensions.length > 0 && (
          <Alert tone="warning">
            {t('form.optionalDropped', { dimensions: model.droppedDimensions.map((d) => dimensionLabel(profile, d).toLowerCase()).join(', ') })}
          </Alert>
        )}

        <section className="form-section" aria-labelledby={`${reasonId}-hc`}>
          <h3 id={`${reasonId}-hc`}>{t('form.headcount.heading')}</h3>
          <p className="help">
            {t('form.headcount.help', {
              rows: [t('cells.category'), ...layout.rowDimensions.map((d) => label(d.label))].join(' × ').toLowerCase(),
              columns: (layout.columnDimension ? label(layout.columnDimension.label) : t('cells.count')).toLowerCase(),
            })}
          </p>
          <HeadcountGrid profile={profile} values={model.headcount} invalid={invalid.headcount} warned={invalid.warned} onChange={setHeadcount} />
        </section>

        <section className="form-section" aria-labelledby={`${reasonId}-fl`}>
          <h3 id={`${reasonId}-fl`}>{t('form.flows.heading')}</h3>
          <p className="help">{t('form.flows.help')}</p>
          <FlowsEditor profile={profile} lines={model.flows} invalid={invalid.flows} onChange={changeLine} onAdd={addLine} onRemove={removeLine} />
          {model.preserved.length > 0 && <p className="muted small">{tCount('form.preserved', model.preserved.length, { n: formatNumber(model.preserved.length) })}</p>}
        </section>

        <section className="form-section">
          <div className="field field--wide">
            <label htmlFor={reasonId}>
              {t('form.reason')} <span className="required" aria-hidden="true">*</span>
            </label>
            <p id={reasonHelpId} className="help">
              {t('form.reason.help')}
            </p>
            <textarea
              ref={reasonRef}
              id={reasonId}
              rows={2}
              required
              value={reason}
              aria-describedby={reasonMissing ? `${reasonHelpId} ${reasonErrorId}` : reasonHelpId}
              aria-invalid={reasonMissing || undefined}
              onChange={(event) => {
                setReason(event.target.value);
                if (event.target.value.trim() !== '') setReasonMissing(false);
              }}
            />
            {reasonMissing && (
              <p id={reasonErrorId} className="field__error">
                {t('form.reason.required')}
              </p>
            )}
          </div>
          <div className="actions">
            <button type="submit" className="button button--primary" disabled={busy}>
              {submitMutation.isPending ? t('form.saving') : t('form.save')}
            </button>
            <button type="button" className="button button--secondary" disabled={busy} onClick={() => run('check')}>
              {validateMutation.isPending ? t('form.checking') : t('form.check')}
            </button>
          </div>
        </section>
      </fieldset>

      <div ref={outcomeRef} tabIndex={-1} className="outcome" aria-live="polite">
        {outcome?.kind === 'failed' && <Alert tone="error">{outcome.message}</Alert>}
        {outcome?.kind === 'stale' && <StaleRevision conflict={outcome.conflict} busy={busy} onReload={reload} onOverwrite={() => overwrite(outcome.conflict)} />}
        {outcome?.kind === 'rejected' && (
          <>
            <Alert tone="error">{outcome.message}</Alert>
            <ProblemsList errors={outcome.errors} warnings={outcome.warnings} more={outcome.more} where={where(outcome.origins)} profile={profile} />
          </>
        )}
        {outcome?.kind === 'checked' && (
          <>
            {outcome.report.valid ? (
              <Alert tone="success">{t('form.checkOk')}</Alert>
            ) : (
              <Alert tone="error">{tCount('error.validation', problemCount(outcome.report), { n: formatNumber(problemCount(outcome.report)) })}</Alert>
            )}
            <ProblemsList errors={outcome.report.errors} warnings={outcome.report.warnings} more={outcome.report.more} where={where(outcome.origins)} profile={profile} />
          </>
        )}
      </div>
    </form>
  );
}
