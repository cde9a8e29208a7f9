import { type AvailabilityBenchmarkRow, type AvailabilityImportRow, type ClassificationProfile, parseShare, type Problem, resolveGroup, type ZoneDto } from '@equity/shared';
import { useRef, useState, type FormEvent } from 'react';
import { FormField, FormWithProblems, SubmitButton, TextField } from '../../../components/form-field';
import { Alert } from '../../../components/ui/alert';
import { EmptyState } from '../../../components/ui/empty-state';
import { ErrorState } from '../../../components/ui/error-state';
import { Loading } from '../../../components/ui/loading';
import { otherErrorMessage, validationProblems } from '../../../lib/api-client';
import { useProfile } from '../../../lib/api/get-profile';
import { formatNumber, formatPercent } from '../../../lib/format';
import { label, localeTag, t, tCount } from '../../../lib/i18n';
import { useBenchmarks, useDeleteBenchmark, useLoadBenchmarkFile, useSetBenchmark } from '../api/benchmarks';
import { problemText } from '../../../lib/problem-text';
import { useFieldForm } from '../../../lib/use-field-form';
import { problemsTitle } from '../utils/zone-form';
import { FileLoadPanel, type ImportColumn, ImportTable } from './file-load-panel';
import { PageSection } from '../../../components/page-section';
import { ScrollTable } from '../../../components/table-parts';

type Field = 'dimension' | 'group' | 'year' | 'share' | 'source';
const FIELDS: Field[] = ['dimension', 'group', 'year', 'share', 'source'];

interface Form {
  dimension: string;
  group: string;
  year: string;
  /** As a percentage, as typed (33,5). */
  share: string;
  source: string;
}

/** The groups of a classification a benchmark may be about: its roll-ups, then its declared values. */
function groupsOf(profile: ClassificationProfile, dimension: string): { code: string; name: string }[] {
  const d = profile.dimensions.find((x) => x.code === dimension);
  if (!d) return [];
  return [...(d.rollups ?? []).map((r) => ({ code: r.code, name: label(r.label) })), ...d.values.filter((v) => !v.notDeclared).map((v) => ({ code: v.code, name: label(v.label) }))];
}

const groupName = (profile: ClassificationProfile, dimension: string, group: string) => {
  const g = resolveGroup(profile, `${dimension}:${group}`);
  return g ? label(g.label) : group;
};
const dimensionName = (profile: ClassificationProfile, dimension: string) => {
  const d = profile.dimensions.find((x) => x.code === dimension);
  return d ? label(d.label) : dimension;
};

/** The columns of a benchmarks file: the group, the year, the share and its source. */
const importColumns = (): ImportColumn<AvailabilityImportRow>[] => [
  { header: t('benchmarks.field.dimension'), cell: (r) => r.dimension },
  { header: t('benchmarks.field.group'), cell: (r) => r.group },
  { header: t('benchmarks.field.year'), numeric: true, cell: (r) => r.year },
  { header: t('benchmarks.col.share'), numeric: true, cell: (r) => formatPercent(r.share) },
  { header: t('benchmarks.field.source'), cell: (r) => r.source },
];

/** A percentage as the form shows it: 33.5 → "33,5" in Dutch and French. */
const percentText = (share: number) => new Intl.NumberFormat(localeTag(), { maximumFractionDigits: 4, useGrouping: false }).format(share * 100);

/**
 * The availability benchmarks of a zone on its page: every year of every group (the figures use
 * the latest year of each), a form to add one or change its share and source, deleting one, and a
 * CSV load for many zones at once.
 */
export function BenchmarksSection({ zone }: { zone: ZoneDto }) {
  const profile = useProfile(zone.profile);
  const benchmarks = useBenchmarks(zone.code);
  const [notice, setNotice] = useState<string | null>(null);
  const [editing, setEditing] = useState<AvailabilityBenchmarkRow | null>(null);
  const [confirming, setConfirming] = useState<AvailabilityBenchmarkRow | null>(null);
  const remove = useDeleteBenchmark();
  const noticeRef = useRef<HTMLDivElement>(null);
  const formHeadingRef = useRef<HTMLHeadingElement>(null);
  const load = useLoadBenchmarkFile();
  // A new key empties the form after a save (and fills it when a benchmark is chosen to change).
  const [saves, setSaves] = useState(0);
  const formKey = `${editing ? `${editing.dimension}|${editing.group}|${editing.year}` : 'new'}|${saves}`;

  const say = (text: string) => {
    setNotice(text);
    requestAnimationFrame(() => noticeRef.current?.focus());
  };

  if (profile.isError) return <ErrorState error={profile.error} onRetry={() => void profile.refetch()} />;
  if (benchmarks.isError) return <ErrorState error={benchmarks.error} onRetry={() => void benchmarks.refetch()} />;
  if (!profile.data || !benchmarks.data) return <Loading />;
  const p = profile.data;
  const rows = benchmarks.data;
  const name = (b: AvailabilityBenchmarkRow) => `${dimensionName(p, b.dimension)}: ${groupName(p, b.dimension, b.group)}, ${b.year}`;

  function doDelete(b: AvailabilityBenchmarkRow) {
    remove.mutateAsync({ zone: zone.code, benchmark: b }).then(
      () => {
        setConfirming(null);
        say(t('benchmarks.deleted', { name: name(b) }));
      },
      (error: unknown) => say(error instanceof Error ? error.message : String(error)),
    );
  }

  return (
    <>
      <PageSection title={t('benchmarks.title')}>
        <p className="help">{t('benchmarks.intro')}</p>
        <div ref={noticeRef} tabIndex={-1} className="outcome" aria-live="polite">
          {notice && <Alert tone="success">{notice}</Alert>}
        </div>
        {rows.length === 0 ? (
          <EmptyState>{t('benchmarks.none')}</EmptyState>
        ) : (
          <ScrollTable
            className="data-table benchmarks-table"
            caption={t('benchmarks.caption')}
            head={
              <>
                <th scope="col">{t('benchmarks.field.dimension')}</th>
                <th scope="col">{t('benchmarks.field.group')}</th>
                <th scope="col" className="numeric">
                  {t('benchmarks.field.year')}
                </th>
                <th scope="col" className="numeric">
                  {t('benchmarks.col.share')}
                </th>
                <th scope="col">{t('benchmarks.field.source')}</th>
                <th scope="col">
                  <span className="visually-hidden">{t('benchmarks.col.actions')}</span>
                </th>
              </>
            }
          >
            {rows.map((b) => (
              <tr key={`${b.dimension}|${b.group}|${b.year}`}>
                <td>{dimensionName(p, b.dimension)}</td>
                <th scope="row" className="cell--label">
                  {groupName(p, b.dimension, b.group)}
                </th>
                <td className="numeric">{b.year}</td>
                <td className="numeric">{formatPercent(b.share)}</td>
                <td>{b.source}</td>
                <td className="nowrap">
                  {confirming === b ? (
                    <span role="group" aria-label={t('benchmarks.confirmDelete', { name: name(b) })}>
                      <span className="muted">{t('benchmarks.confirmDelete', { name: name(b) })} </span>
                      <button type="button" className="button button--danger button--small" disabled={remove.isPending} onClick={() => doDelete(b)}>
                        {t('benchmarks.deleteYes')}
                      </button>{' '}
                      <button type="button" className="button button--secondary button--small" onClick={() => setConfirming(null)}>
                        {t('benchmarks.deleteNo')}
                      </button>
                    </span>
                  ) : (
                    <>
                      <button
                        type="button"
                        className="link-button"
                        aria-label={t('benchmarks.editOne', { name: name(b) })}
                        onClick={() => {
                          setEditing(b);
                          requestAnimationFrame(() => formHeadingRef.current?.focus());
                        }}
                      >
                        {t('benchmarks.edit')}
                      </button>{' '}
                      <button type="button" className="link-button" aria-label={t('benchmarks.deleteOne', { name: name(b) })} onClick={() => setConfirming(b)}>
                        {t('benchmarks.delete')}
                      </button>
                    </>
                  )}
                </td>
              </tr>
            ))}
          </ScrollTable>
        )}
        <h3 ref={formHeadingRef} tabIndex={-1} className="subheading">
          {editing ? t('benchmarks.form.editTitle', { name: name(editing) }) : t('benchmarks.form.title')}
        </h3>
        <BenchmarkForm
          key={formKey}
          zone={zone.code}
          profile={p}
          editing={editing}
          onCancel={() => setEditing(null)}
          onSaved={(b) => {
            setEditing(null);
            setSaves((n) => n + 1);
            say(t('benchmarks.saved', { name: name(b) }));
          }}
        />
      </PageSection>
      <PageSection title={t('benchmarks.file.title')}>
        <FileLoadPanel
          load={load}
          help={t('benchmarks.file.help')}
          example={t('benchmarks.file.example', { zone: zone.code })}
          confirmLabel={(count) => tCount('benchmarks.file.confirm', count, { count: formatNumber(count) })}
          table={(result, caption) => (
            <ImportTable
              rows={result.rows}
              caption={caption}
              zone={(r) => r.zone}
              columns={importColumns()}
              detail={(r) => (r.previousShare !== null ? t('benchmarks.file.was', { share: formatPercent(r.previousShare) }) : undefined)}
            />
          )}
        />
      </PageSection>
    </>
  );
}

/** A problem of the benchmark form is about the field its column names, else about the form as a whole. */
const fieldOf = (p: Problem): Field | null => ((FIELDS as (string | null)[]).includes(p.column) ? (p.column as Field) : null);

function BenchmarkForm({
  zone,
  profile,
  editing,
  onSaved,
  onCancel,
}: {
  zone: string;
  profile: ClassificationProfile;
  editing: AvailabilityBenchmarkRow | null;
  onSaved: (b: AvailabilityBenchmarkRow) => void;
  onCancel: () => void;
}) {
  const firstDimension = profile.dimensions.find((d) => d.code === 'origin')?.code ?? profile.dimensions[0]?.code ?? '';
  // The problems are kept written: the form's own in the reader's language, the API's written from their codes.
  const { ids, form, setForm, errorsOf, set, showProblems, summary, textField } = useFieldForm<Field, Form>(
    FIELDS,
    () =>
      editing
        ? { dimension: editing.dimension, group: editing.group, year: String(editing.year), share: percentText(editing.share), source: editing.source }
        : { dimension: firstDimension, group: groupsOf(profile, firstDimension)[0]?.code ?? '', year: String(new Date().getFullYear() - 1), share: '', source: '' },
    fieldOf,
    (p) => p.message,
  );
  const save = useSetBenchmark();
  const setDimension = (dimension: string) => {
    set('dimension', dimension);
    setForm((f) => ({ ...f, group: groupsOf(profile, dimension)[0]?.code ?? '' }));
  };

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    save.reset();
    const share = form.share.trim() ? parseShare(`${form.share.trim().replace(/%$/, '')}%`) : null;
    const local: Problem[] = [];
    if (share === null) local.push({ row: null, column: 'share', code: 'invalid_share', message: t('benchmarks.problem.share') });
    if (!/^\d{4}$/.test(form.year.trim())) local.push({ row: null, column: 'year', code: 'invalid_year', message: t('benchmarks.problem.year') });
    if (form.source.trim().length < 3) local.push({ row: null, column: 'source', code: 'required', message: t('benchmarks.problem.source') });
    if (local.length) return showProblems(local);
    const benchmark = { dimension: form.dimension, group: form.group, year: Number(form.year.trim()), share: share!, source: form.source.trim() };
    save.mutateAsync({ zone, benchmark }).then(
      () => onSaved(benchmark),
      (error: unknown) => {
        const found = validationProblems(error);
        if (found) showProblems(found.map((p) => ({ ...p, message: problemText(p) })));
      },
    );
  }

  const input = (field: 'year' | 'share' | 'source', help: string, inputMode?: 'numeric' | 'decimal') => (
    <TextField {...textField(field)} label={t(`benchmarks.field.${field}`)} help={help} required autoComplete="off" inputMode={inputMode} />
  );
  return (
    <FormWithProblems
      summary={summary(problemsTitle, (field) => t(field ? `benchmarks.field.${field}` : 'benchmarks.field.whole'))}
      other={otherErrorMessage(save.error)}
      otherTitle={t('zones.notSaved')}
      onSubmit={submit}
    >
      <div className="field-row">
        <FormField id={ids.dimension} label={t('benchmarks.field.dimension')} errors={errorsOf('dimension')} required>
          <select id={ids.dimension} value={form.dimension} disabled={editing !== null} onChange={(e) => setDimension(e.target.value)}>
            {profile.dimensions.map((d) => (
              <option key={d.code} value={d.code}>
                {label(d.label)}
              </option>
            ))}
          </select>
        </FormField>
        <FormField id={ids.group} label={t('benchmarks.field.group')} errors={errorsOf('group')} required>
          <select id={ids.group} value={form.group} disabled={editing !== null} onChange={(e) => set('group', e.target.value)}>
            {groupsOf(profile, form.dimension).map((g) => (
              <option key={g.code} value={g.code}>
                {g.name}
              </option>
            ))}
          </select>
        </FormField>
        {input('year', t('benchmarks.yearHelp'), 'numeric')}
        {input('share', t('benchmarks.shareHelp'), 'decimal')}
      </div>
      {input('source', t('benchmarks.sourceHelp'))}
      <div className="actions">
        <SubmitButton pending={save.isPending} busy={t('zones.edit.submitting')}>{editing ? t('benchmarks.form.saveEdit') : t('benchmarks.form.save')}</SubmitButton>
        {editing && (
          <button type="button" className="button button--secondary" onClick={onCancel}>
            {t('benchmarks.form.cancel')}
          </button>
        )}
      </div>
    </FormWithProblems>
  );
}
