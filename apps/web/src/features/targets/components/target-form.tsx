import { addQuarters, periodOf, TARGET_METRICS, type ClassificationProfile, type Problem, type TargetMetric, type TargetProgressDto, type ZoneDto } from '@equity/shared';
import { useEffect, useId, useMemo, useRef, useState, type FormEvent } from 'react';
import { controlAria, FormField, FormWithProblems, SubmitButton, TextField } from '../../../components/form-field';
import { otherErrorMessage, validationProblems } from '../../../lib/api-client';
import { useProfile } from '../../../lib/api/get-profile';
import { summaryItems } from '../../../lib/field-problems';
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
          const found = validationProblems(error);
          if (found) showProblems(found);
        },
      },
    );
  }

  /** A quarter typed, with the quarters around today offered (the datalist below). */
  const quarter = (field: 'baselinePeriod' | 'deadlinePeriod', help: string, placeholder: string) => (
    <TextField
      id={ids[field]}
      label={t(`targets.form.field.${field}`)}
      help={help}
      errors={errorsOf(field)}
      required
      list={`${base}-quarters`}
      autoComplete="off"
      placeholder={placeholder}
      value={form[field]}
      onChange={(v) => set(field, v)}
    />
  );

  const kind = metricKind(form.metric);
  const headingText = target ? t('targets.form.editTitle') : t('targets.form.newTitle');

  return (
    <section className="panel target-form" aria-labelledby={`${base}-heading`}>
      <h2 id={`${base}-heading`} ref={headingRef} tabIndex={-1} className="panel__title">
        {headingText}
      </h2>
      <FormWithProblems
        summary={{
          title: tCount('targets.form.problems', problems.length, { n: formatNumber(problems.length) }),
          items: summaryItems(problems, problemField, ids, (field) => t(field ? `targets.form.field.${field}` : 'targets.form.field.whole'), (p) => problemText(p, form.metric)),
          summaryRef,
        }}
        other={otherErrorMessage(save.error)}
        otherTitle={t('targets.form.notSaved')}
        onSubmit={submit}
      >
        <div className="field-row">
          <FormField id={ids.zone} label={t('targets.form.field.zone')} errors={errorsOf('zone')} required>
            <select id={ids.zone} value={form.zone} {...controlAria(ids.zone, false, errorsOf('zone'))} onChange={(e) => set('zone', e.target.value)}>
              {zones.map((z) => (
                <option key={z.code} value={z.code}>
                  {z.code} — {label(z.names) || z.name}
                </option>
              ))}
            </select>
          </FormField>
          <FormField id={ids.group} label={t('targets.form.field.group')} help={t('targets.form.groupHelp')} errors={errorsOf('group')} required>
            <GroupSelect
              id={ids.group}
              profile={profile}
              value={form.group}
              aria={controlAria(ids.group, true, errorsOf('group'))}
              onChange={(v) => set('group', v)}
            />
          </FormField>
          {notPublishedDimension && (
            <p className="form-note" role="note">
              {t('targets.form.notPublished', { dimension: label(notPublishedDimension.label).toLowerCase() })}
            </p>
          )}
          <FormField id={ids.metric} label={t('targets.form.field.metric')} help={t(`targets.metricHelp.${form.metric}`)} errors={errorsOf('metric')} required>
            <select id={ids.metric} value={form.metric} {...controlAria(ids.metric, true, errorsOf('metric'))} onChange={(e) => set('metric', e.target.value as TargetMetric)}>
              {TARGET_METRICS.map((m) => (
                <option key={m} value={m}>
                  {metricName(m)}
                </option>
              ))}
            </select>
          </FormField>
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
          <FormField
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
                {...controlAria(ids.value, true, errorsOf('value'))}
                onChange={(e) => set('value', e.target.value)}
              />
              {kind === 'share' && <span aria-hidden="true">%</span>}
            </span>
          </FormField>
          {quarter('baselinePeriod', t('targets.form.baselineHelp'), '2024-Q1')}
          {quarter('deadlinePeriod', t('targets.form.deadlineHelp'), '2027-Q4')}
          <datalist id={`${base}-quarters`}>
            {suggestions.map((q) => (
              <option key={q} value={q} />
            ))}
          </datalist>
        </div>

        <FormField id={ids.note} label={t('targets.form.field.note')} help={t('targets.form.noteHelp')} errors={errorsOf('note')} wide>
          <textarea id={ids.note} rows={2} maxLength={1000} value={form.note} {...controlAria(ids.note, true, errorsOf('note'))} onChange={(e) => set('note', e.target.value)} />
        </FormField>

        <div className="actions">
          <SubmitButton pending={save.isPending} busy={t('targets.form.saving')}>{t('targets.form.save')}</SubmitButton>
          <button type="button" className="button button--ghost" onClick={onCancel}>
            {t('entry.cancel')}
          </button>
        </div>
      </FormWithProblems>
    </section>
  );
}

function GroupSelect({
  id,
  profile,
  value,
  aria,
  onChange,
}: {
  id: string;
  profile: ClassificationProfile | undefined;
  value: string;
  aria: ReturnType<typeof controlAria>;
  onChange: (value: string) => void;
}) {
  const sets = profile ? groupOptionSets(profile) : [];
  const known = sets.some((s) => s.options.some((o) => o.code === value));
  return (
    <select id={id} value={value} disabled={!profile} {...aria} onChange={(e) => onChange(e.target.value)}>
      {!profile && <option value={value}>{t('app.loading')}</option>}
      {profile && !known && <option value={value}>{value}</option>}
      <GroupOptgroups sets={sets} />
    </select>
  );
}
