import { addQuarters, periodOf, TARGET_METRICS, type ClassificationProfile, type Problem, type TargetMetric, type TargetProgressDto, type ZoneDto } from '@equity/shared';
import { useEffect, useId, useMemo, useRef, useState, type FormEvent, type ReactNode } from 'react';
import { Alert } from '../../../components/ui/alert';
import { isApiError } from '../../../lib/api-client';
import { useProfile } from '../../../lib/api/get-profile';
import { groupOptionSets } from '../../../lib/group-options';
import { GroupOptgroups } from '../../../components/quarter-group-fields';
import { formatNumber } from '../../../lib/format';
import { label, t, tCount } from '../../../lib/i18n';
import { metricKind, metricName } from '../../../lib/target-text';
import { useSaveTarget } from '../api/save-target';
import { DEFAULT_GROUP, FIELD_ORDER, groupProblems, problemField, problemText, toInput, type FieldName, type TargetForm } from '../utils/form-model';

/** Quarters offered while typing a baseline or deadline: eight years back to ten years ahead. */
function quarterSuggestions(now = new Date()): string[] {
  const current = periodOf(now);
  const out: string[] = [];
  for (let i = -32; i <= 40; i++) out.push(addQuarters(current, i));
  return out;
}

function Field({
  id,
  label: text,
  help,
  errors,
  required,
  children,
}: {
  id: string;
  label: string;
  help?: string;
  errors: string[];
  required?: boolean;
  children: ReactNode;
}) {
  return (
    <div className="field">
      <label htmlFor={id}>
        {text}
        {required && (
          <span className="required" aria-hidden="true">
            {' '}
            *
          </span>
        )}
      </label>
      {help && (
        <p className="help" id={`${id}-help`}>
          {help}
        </p>
      )}
      {children}
      {errors.map((message, i) => (
        <p key={i} className="field__error" id={i === 0 ? `${id}-error` : undefined}>
          {message}
        </p>
      ))}
    </div>
  );
}

/** `aria-describedby` of a control: its help and its first error. */
const describedBy = (id: string, help: boolean, errors: string[]) => [help ? `${id}-help` : '', errors.length ? `${id}-error` : ''].filter(Boolean).join(' ') || undefined;

/**
 * Create or edit a target. What the user typed stays in the form whatever happens; the API's
 * problems (422) appear next to the fields they name, and all together at the top.
 */
export function TargetFormPanel({
  zones,
  initial,
  target,
  onCancel,
  onSaved,
}: {
  zones: ZoneDto[];
  initial: TargetForm;
  /** The target being edited; null for a new one. */
  target: TargetProgressDto | null;
  onCancel: () => void;
  onSaved: (saved: TargetProgressDto) => void;
}) {
  const base = useId();
  const headingRef = useRef<HTMLHeadingElement>(null);
  const summaryRef = useRef<HTMLDivElement>(null);
  const [form, setForm] = useState<TargetForm>(initial);
  const [problems, setProblems] = useState<Problem[]>([]);
  const save = useSaveTarget();
  const zone = zones.find((z) => z.code === form.zone);
  const profileQuery = useProfile(zone?.profile);
  const profile = profileQuery.data;
  // A group of an optional classification (age band, disability): never shown to protected roles.
  const notPublishedDimension = profile?.dimensions.find((d) => d.optional && d.code === form.group.split(':')[0]);
  const suggestions = useMemo(() => quarterSuggestions(), []);
  const ids = Object.fromEntries(FIELD_ORDER.map((f) => [f, `${base}-${f}`])) as Record<FieldName, string>;

  useEffect(() => headingRef.current?.focus(), []);

  // With a new zone's profile loaded, keep the group and categories only if that profile has them.
  useEffect(() => {
    if (!profile) return;
    setForm((current) => {
      const groups = groupOptionSets(profile).flatMap((s) => s.options.map((o) => o.code));
      const group = groups.includes(current.group) ? current.group : groups.includes(DEFAULT_GROUP) ? DEFAULT_GROUP : (groups[0] ?? current.group);
      const categories = current.categories.filter((c) => profile.categories.some((x) => x.code === c));
      return group === current.group && categories.length === current.categories.length ? current : { ...current, group, categories };
    });
  }, [profile]);

  const { byField } = groupProblems(problems);
  const errorsOf = (field: FieldName) => (byField[field] ?? []).map((p) => problemText(p, form.metric));
  const set = <K extends FieldName>(field: K, value: TargetForm[K]) => {
    setForm((current) => ({ ...current, [field]: value }));
    // A corrected field no longer shows its old problem; the others stay until the next try.
    setProblems((current) => (current.some((p) => problemField(p) === field) ? current.filter((p) => problemField(p) !== field) : current));
  };

  function showProblems(found: Problem[]) {
    setProblems(found);
    // Focus the summary, which lists every problem; each field also says its own.
    requestAnimationFrame(() => summaryRef.current?.focus());
  }

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    save.reset();
    const result = toInput(form);
    if ('problems' in result) {
      showProblems(result.problems);
      return;
    }
    setProblems([]);
    save.mutate(
      { id: target?.id ?? null, input: result.input },
      {
        onSuccess: (saved) => onSaved(saved),
        onError: (error) => {
          const validation = isApiError(error) ? error.validation : null;
          if (validation) showProblems(validation.errors);
        },
      },
    );
  }

  const kind = metricKind(form.metric);
  const headingText = target ? t('targets.form.editTitle') : t('targets.form.newTitle');
  const otherError = save.isError && !(isApiError(save.error) && save.error.validation) ? save.error.message : null;

  return (
    <section className="panel target-form" aria-labelledby={`${base}-heading`}>
      <h2 id={`${base}-heading`} ref={headingRef} tabIndex={-1} className="panel__title">
        {headingText}
      </h2>
      <form onSubmit={submit} noValidate>
        {problems.length > 0 && (
          <div ref={summaryRef} tabIndex={-1} className="alert alert--error" role="alert">
            <p className="alert__title">{tCount('targets.form.problems', problems.length, { n: formatNumber(problems.length) })}</p>
            <ul className="problem-summary">
              {problems.map((p, i) => {
                const field = problemField(p);
                const text = problemText(p, form.metric);
                return (
                  <li key={`${p.column ?? 'x'}-${p.code}-${i}`}>
                    {field ? (
                      <a href={`#${ids[field]}`} onClick={(e) => { e.preventDefault(); document.getElementById(ids[field])?.focus(); }}>
                        {t(`targets.form.field.${field}`)}
                      </a>
                    ) : (
                      <span>{t('targets.form.field.whole')}</span>
                    )}
                    : {text}
                  </li>
                );
              })}
            </ul>
          </div>
        )}
        {otherError && <Alert tone="error" title={t('targets.form.notSaved')}>{otherError}</Alert>}

        <div className="field-row">
          <Field id={ids.zone} label={t('targets.form.field.zone')} errors={errorsOf('zone')} required>
            <select
              id={ids.zone}
              value={form.zone}
              aria-invalid={errorsOf('zone').length > 0 || undefined}
              aria-describedby={describedBy(ids.zone, false, errorsOf('zone'))}
              onChange={(e) => set('zone', e.target.value)}
            >
              {zones.map((z) => (
                <option key={z.code} value={z.code}>
                  {z.code} — {label(z.names) || z.name}
                </option>
              ))}
            </select>
          </Field>
          <Field id={ids.group} label={t('targets.form.field.group')} help={t('targets.form.groupHelp')} errors={errorsOf('group')} required>
            <GroupSelect
              id={ids.group}
              profile={profile}
              value={form.group}
              invalid={errorsOf('group').length > 0}
              describedBy={describedBy(ids.group, true, errorsOf('group'))}
              onChange={(v) => set('group', v)}
            />
          </Field>
          {notPublishedDimension && (
            <p className="form-note" role="note">
              {t('targets.form.notPublished', { dimension: label(notPublishedDimension.label).toLowerCase() })}
            </p>
          )}
          <Field id={ids.metric} label={t('targets.form.field.metric')} help={t(`targets.metricHelp.${form.metric}`)} errors={errorsOf('metric')} required>
            <select
              id={ids.metric}
              value={form.metric}
              aria-invalid={errorsOf('metric').length > 0 || undefined}
              aria-describedby={describedBy(ids.metric, true, errorsOf('metric'))}
              onChange={(e) => set('metric', e.target.value as TargetMetric)}
            >
              {TARGET_METRICS.map((m) => (
                <option key={m} value={m}>
                  {metricName(m)}
                </option>
              ))}
            </select>
          </Field>
        </div>

        <fieldset className="plain-fieldset categories-fieldset" aria-describedby={`${ids.categories}-help`}>
          <legend id={ids.categories} tabIndex={-1}>
            {t('targets.form.field.categories')}
          </legend>
          <p className="help" id={`${ids.categories}-help`}>
            {t('targets.form.categoriesHelp')}
          </p>
          {profile ? (
            <div className="category-groups">
              {profile.categoryGroups.map((g) => (
                <div key={g.code} className="category-group" role="group" aria-label={label(g.label)}>
                  <p className="category-group__title">{label(g.label)}</p>
                  {profile.categories
                    .filter((c) => c.group === g.code)
                    .map((c) => (
                      <label key={c.code} className="checkbox">
                        <input
                          type="checkbox"
                          checked={form.categories.includes(c.code)}
                          onChange={(e) =>
                            set('categories', e.target.checked ? profile.categories.map((x) => x.code).filter((x) => x === c.code || form.categories.includes(x)) : form.categories.filter((x) => x !== c.code))
                          }
                        />{' '}
                        {label(c.label)}
                      </label>
                    ))}
                </div>
              ))}
            </div>
          ) : (
            <p className="muted">{profileQuery.isError ? profileQuery.error.message : t('app.loading')}</p>
          )}
          {errorsOf('categories').map((message, i) => (
            <p key={i} className="field__error">
              {message}
            </p>
          ))}
        </fieldset>

        <div className="field-row">
          <Field
            id={ids.value}
            label={kind === 'share' ? t('targets.form.field.valuePercent') : t('targets.form.field.valueRatio')}
            help={kind === 'share' ? t('targets.form.valuePercentHelp') : t('targets.form.valueRatioHelp')}
            errors={errorsOf('value')}
            required
          >
            <span className="input-unit">
              <input
                id={ids.value}
                type="text"
                inputMode="decimal"
                autoComplete="off"
                value={form.value}
                aria-invalid={errorsOf('value').length > 0 || undefined}
                aria-describedby={describedBy(ids.value, true, errorsOf('value'))}
                onChange={(e) => set('value', e.target.value)}
              />
              {kind === 'share' && <span aria-hidden="true">%</span>}
            </span>
          </Field>
          <Field id={ids.baselinePeriod} label={t('targets.form.field.baselinePeriod')} help={t('targets.form.baselineHelp')} errors={errorsOf('baselinePeriod')} required>
            <input
              id={ids.baselinePeriod}
              type="text"
              list={`${base}-quarters`}
              autoComplete="off"
              placeholder="2024-Q1"
              value={form.baselinePeriod}
              aria-invalid={errorsOf('baselinePeriod').length > 0 || undefined}
              aria-describedby={describedBy(ids.baselinePeriod, true, errorsOf('baselinePeriod'))}
              onChange={(e) => set('baselinePeriod', e.target.value)}
            />
          </Field>
          <Field id={ids.deadlinePeriod} label={t('targets.form.field.deadlinePeriod')} help={t('targets.form.deadlineHelp')} errors={errorsOf('deadlinePeriod')} required>
            <input
              id={ids.deadlinePeriod}
              type="text"
              list={`${base}-quarters`}
              autoComplete="off"
              placeholder="2027-Q4"
              value={form.deadlinePeriod}
              aria-invalid={errorsOf('deadlinePeriod').length > 0 || undefined}
              aria-describedby={describedBy(ids.deadlinePeriod, true, errorsOf('deadlinePeriod'))}
              onChange={(e) => set('deadlinePeriod', e.target.value)}
            />
          </Field>
          <datalist id={`${base}-quarters`}>
            {suggestions.map((q) => (
              <option key={q} value={q} />
            ))}
          </datalist>
        </div>

        <div className="field field--wide">
          <label htmlFor={ids.note}>{t('targets.form.field.note')}</label>
          <p className="help" id={`${ids.note}-help`}>
            {t('targets.form.noteHelp')}
          </p>
          <textarea
            id={ids.note}
            rows={2}
            maxLength={1000}
            value={form.note}
            aria-invalid={errorsOf('note').length > 0 || undefined}
            aria-describedby={describedBy(ids.note, true, errorsOf('note'))}
            onChange={(e) => set('note', e.target.value)}
          />
          {errorsOf('note').map((message, i) => (
            <p key={i} className="field__error" id={i === 0 ? `${ids.note}-error` : undefined}>
              {message}
            </p>
          ))}
        </div>

        <div className="actions">
          <button type="submit" className="button button--primary" disabled={save.isPending}>
            {save.isPending ? t('targets.form.saving') : t('targets.form.save')}
          </button>
          <button type="button" className="button button--ghost" onClick={onCancel}>
            {t('entry.cancel')}
          </button>
        </div>
      </form>
    </section>
  );
}

function GroupSelect({
  id,
  profile,
  value,
  invalid,
  describedBy: describedByIds,
  onChange,
}: {
  id: string;
  profile: ClassificationProfile | undefined;
  value: string;
  invalid: boolean;
  describedBy: string | undefined;
  onChange: (value: string) => void;
}) {
  const sets = profile ? groupOptionSets(profile) : [];
  const known = sets.some((s) => s.options.some((o) => o.code === value));
  return (
    <select id={id} value={value} disabled={!profile} aria-invalid={invalid || undefined} aria-describedby={describedByIds} onChange={(e) => onChange(e.target.value)}>
      {!profile && <option value={value}>{t('app.loading')}</option>}
      {profile && !known && <option value={value}>{value}</option>}
      <GroupOptgroups sets={sets} />
    </select>
  );
}
