import type { Problem } from '@equity/shared';
import { useId, useRef, useState, type FormEvent, type ReactNode } from 'react';
import { isApiError, refusalMessages } from '../lib/api-client';
import { ProblemsList } from './problems-list';
import { Alert } from './ui/alert';

/** Where a file checked before it is written stands: previewed, written, or refused and why. */
export type CheckedFileOutcome<R> =
  | { kind: 'preview' | 'done'; file: File; result: R }
  | { kind: 'rejected'; file: File; errors: Problem[]; more?: number }
  | { kind: 'refused'; file: File; messages: string[] }
  | { kind: 'failed'; message: string };

/**
 * A file an administrator loads in two steps — checked first (a dry run, nothing written), then
 * written — as the zones, benchmarks and classification profiles files are: the file chosen, the
 * outcome of the last step (its problems, or a refusal such as 413), and the outcome taking focus
 * when it arrives. `mapErrors` rewrites problems before they are listed.
 */
export function useCheckedFile<R>(send: (params: { file: File; dryRun: boolean }) => Promise<R>, chooseFirst: string, mapErrors: (errors: Problem[]) => Problem[] = (e) => e) {
  const resultRef = useRef<HTMLDivElement>(null);
  const [file, setFile] = useState<File | null>(null);
  const [outcome, setOutcome] = useState<CheckedFileOutcome<R> | null>(null);
  const [hint, setHint] = useState<string | null>(null);
  const focusResult = () => requestAnimationFrame(() => resultRef.current?.focus());

  function run(current: File, dryRun: boolean) {
    send({ file: current, dryRun }).then(
      (result) => {
        setOutcome({ kind: dryRun ? 'preview' : 'done', file: current, result });
        focusResult();
      },
      (error: unknown) => {
        const validation = isApiError(error) ? error.validation : null;
        if (validation) setOutcome({ kind: 'rejected', file: current, errors: mapErrors(validation.errors), more: validation.more });
        else if (isApiError(error) && error.status === 413) {
          const messages = refusalMessages(error.body);
          setOutcome({ kind: 'refused', file: current, messages: messages.length ? messages : [error.message] });
        } else setOutcome({ kind: 'failed', message: error instanceof Error ? error.message : String(error) });
        focusResult();
      },
    );
  }

  return {
    file,
    outcome,
    hint,
    resultRef,
    /** The preview of the file chosen now (none once another file is chosen). */
    previewed: outcome?.kind === 'preview' && outcome.file === file ? outcome.result : null,
    choose(next: File | null) {
      setFile(next);
      setOutcome(null);
      setHint(null);
    },
    check(event: FormEvent<HTMLFormElement>) {
      event.preventDefault();
      if (!file) return setHint(chooseFirst);
      setHint(null);
      run(file, true);
    },
    write() {
      if (file) run(file, false);
    },
  };
}

/** The form of a checked file: what the file holds, an example, the file input, "check" and the confirm button once previewed. */
export function CheckedFileForm({
  state,
  help,
  example,
  label,
  accept,
  pending,
  checkLabel,
  confirm,
  onWrite,
}: {
  state: Pick<ReturnType<typeof useCheckedFile>, 'hint' | 'choose' | 'check'>;
  help: string;
  example: string;
  label: string;
  accept: string;
  /** What is being sent now, if anything. */
  pending: 'check' | 'write' | null;
  checkLabel: { idle: string; busy: string };
  /** The confirm button, shown once the file is previewed. */
  confirm: { label: string; busy: string; disabled?: boolean } | null;
  onWrite: () => void;
}) {
  const fileId = useId();
  const hintId = useId();
  return (
    <form onSubmit={state.check} noValidate aria-describedby={state.hint ? hintId : undefined}>
      <p className="help">{help}</p>
      <pre className="code-sample">
        <code>{example}</code>
      </pre>
      <div className="field">
        <label htmlFor={fileId}>{label}</label>
        <input id={fileId} type="file" accept={accept} onChange={(e) => state.choose(e.target.files?.[0] ?? null)} />
      </div>
      {state.hint && (
        <p id={hintId} className="field__error" role="alert">
          {state.hint}
        </p>
      )}
      <div className="actions">
        <button type="submit" className="button button--secondary" disabled={pending !== null}>
          {pending === 'check' ? checkLabel.busy : checkLabel.idle}
        </button>
        {confirm && (
          <button type="button" className="button button--primary" disabled={pending !== null || confirm.disabled} onClick={onWrite}>
            {pending === 'write' ? confirm.busy : confirm.label}
          </button>
        )}
      </div>
    </form>
  );
}

/** A checked file's refusal: a failure, a file too large (413), or its problems, nothing written. */
export function CheckedFileRefusal<R>({
  outcome,
  titles,
}: {
  outcome: CheckedFileOutcome<R> | null;
  /** The alerts' titles for a file (its name) and what the problems' alert says. */
  titles: { tooLarge: (file: string) => string; rejected: (file: string) => string; nothingWritten: string };
}): ReactNode {
  if (outcome?.kind === 'failed') return <Alert tone="error">{outcome.message}</Alert>;
  if (outcome?.kind === 'refused') {
    return (
      <Alert tone="error" title={titles.tooLarge(outcome.file.name)}>
        {outcome.messages.join(' ')}
      </Alert>
    );
  }
  if (outcome?.kind === 'rejected') {
    return (
      <>
        <Alert tone="error" title={titles.rejected(outcome.file.name)}>
          {titles.nothingWritten}
        </Alert>
        <ProblemsList errors={outcome.errors} warnings={[]} more={outcome.more} />
      </>
    );
  }
  return null;
}
