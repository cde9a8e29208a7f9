import type { ZoneDto } from '@equity/shared';
import type { FormEvent } from 'react';
import { Link } from 'react-router';
import { describedBy, FormField, ProblemSummary } from '../../../components/form-field';
import { PageSection } from '../../../components/page-section';
import { Alert } from '../../../components/ui/alert';
import { isApiError } from '../../../lib/api-client';
import { t } from '../../../lib/i18n';
import { problemText } from '../../../lib/problem-text';
import { useFieldForm } from '../../../lib/use-field-form';
import { useMergeZone } from '../api/zones';
import { emptyMergerForm, MERGER_FIELDS, type MergerField, mergerField, type MergerForm, toMergeRequest } from '../utils/merger-form';

/**
 * A zone's merger: what happened (merged into a successor, or zones merged into it), else a form to
 * record one — the successor (a zone of the same profile, not merged itself) and the first quarter
 * it holds. The API checks it (every problem at once, summed up at the top and under each field,
 * as the other console forms do: `useFieldForm`, `ProblemSummary`) and refuses the zone's returns
 * from then on.
 */
export function MergerSection({ zone, zones, onDone }: { zone: ZoneDto; zones: ZoneDto[]; onDone: (text: string) => void }) {
  const { ids, form, problems, setProblems, summaryRef, errorsOf, set } = useFieldForm<MergerField, MergerForm>(MERGER_FIELDS, emptyMergerForm, mergerField, problemText);
  const merge = useMergeZone();
  const choices = zones.filter((z) => z.code !== zone.code && z.profile === zone.profile && z.successor === null);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const body = toMergeRequest(form);
    if (!window.confirm(t('zones.merger.confirm', { zone: zone.code, successor: form.into || '—', from: body.from || '—' }))) return;
    merge.reset();
    setProblems([]);
    try {
      await merge.mutateAsync({ code: zone.code, body });
      onDone(t('zones.merger.done', { zone: zone.code, successor: form.into, from: form.from.trim() }));
    } catch (error) {
      const validation = isApiError(error) ? error.validation : null;
      if (validation) {
        setProblems(validation.errors);
        requestAnimationFrame(() => summaryRef.current?.focus());
      }
    }
  };

  const other = merge.isError && !(isApiError(merge.error) && merge.error.validation) ? merge.error.message : null;
  const intoErrors = errorsOf('into');
  const fromErrors = errorsOf('from');

  return (
    <PageSection title={t('zones.merger.title')}>
      {zone.successor ? (
        <p>
          {zone.mergedFrom
            ? t('zones.merger.merged', { successor: zone.successor, from: zone.mergedFrom })
            : t('zones.merger.mergedAll', { successor: zone.successor })}{' '}
          <Link to={`/admin/zones/${encodeURIComponent(zone.successor)}`}>{zone.successor}</Link>
        </p>
      ) : (
        <form className="form" onSubmit={(e) => void submit(e)} noValidate>
          <p className="muted">{t('zones.merger.intro')}</p>
          {problems.length > 0 && (
            <ProblemSummary
              summaryRef={summaryRef}
              title={t('zones.merger.problems')}
              items={problems.map((p) => {
                const field = mergerField(p);
                return { target: field ? ids[field] : null, field: t(field ? `zones.merger.${field}` : 'zones.field.whole'), text: problemText(p) };
              })}
            />
          )}
          {other && <Alert tone="error" title={t('zones.merger.problems')}>{other}</Alert>}
          <FormField id={ids.into} label={t('zones.merger.into')} errors={intoErrors}>
            <select id={ids.into} value={form.into} onChange={(e) => set('into', e.target.value)} aria-invalid={intoErrors.length > 0 || undefined} aria-describedby={describedBy(ids.into, false, intoErrors)}>
              <option value="">{t('zones.merger.choose')}</option>
              {choices.map((z) => (
                <option key={z.code} value={z.code}>
                  {z.code} — {z.name}
                </option>
              ))}
            </select>
          </FormField>
          <FormField id={ids.from} label={t('zones.merger.from')} help={t('zones.merger.fromHint')} errors={fromErrors}>
            <input
              id={ids.from}
              type="text"
              inputMode="text"
              autoComplete="off"
              placeholder="2027-Q1"
              value={form.from}
              onChange={(e) => set('from', e.target.value)}
              aria-invalid={fromErrors.length > 0 || undefined}
              aria-describedby={describedBy(ids.from, true, fromErrors)}
            />
          </FormField>
          <button type="submit" className="button button--secondary" disabled={merge.isPending}>
            {t('zones.merger.submit')}
          </button>
        </form>
      )}
      {zone.predecessors.length > 0 && (
        <>
          <p>{t('zones.merger.predecessors')}</p>
          <ul>
            {zone.predecessors.map((p) => (
              <li key={p.code}>
                <Link to={`/admin/zones/${encodeURIComponent(p.code)}`}>{p.from ? t('zones.merger.predecessor', { zone: p.code, from: p.from }) : p.code}</Link>
              </li>
            ))}
          </ul>
        </>
      )}
    </PageSection>
  );
}
