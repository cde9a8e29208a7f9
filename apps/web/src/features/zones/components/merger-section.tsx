import type { ZoneDto } from '@equity/shared';
import type { FormEvent } from 'react';
import { Link } from 'react-router';
import { controlAria, FormField, ProblemSummary, TextField } from '../../../components/form-field';
import { PageSection } from '../../../components/page-section';
import { Alert } from '../../../components/ui/alert';
import { otherErrorMessage } from '../../../lib/api-client';
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
  const { ids, form, setProblems, errorsOf, set, showRefusal, summary, textField } = useFieldForm<MergerField, MergerForm>(MERGER_FIELDS, emptyMergerForm, mergerField, problemText);
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
      showRefusal(error);
    }
  };

  const other = otherErrorMessage(merge.error);
  const intoErrors = errorsOf('into');

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
          <ProblemSummary {...summary(() => t('zones.merger.problems'), (field) => t(field ? `zones.merger.${field}` : 'zones.field.whole'))} />
          {other && <Alert tone="error" title={t('zones.merger.problems')}>{other}</Alert>}
          <FormField id={ids.into} label={t('zones.merger.into')} errors={intoErrors}>
            <select id={ids.into} value={form.into} onChange={(e) => set('into', e.target.value)} {...controlAria(ids.into, false, intoErrors)}>
              <option value="">{t('zones.merger.choose')}</option>
              {choices.map((z) => (
                <option key={z.code} value={z.code}>
                  {z.code} — {z.name}
                </option>
              ))}
            </select>
          </FormField>
          <TextField {...textField('from')} label={t('zones.merger.from')} help={t('zones.merger.fromHint')} inputMode="text" autoComplete="off" placeholder="2027-Q1" />
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
