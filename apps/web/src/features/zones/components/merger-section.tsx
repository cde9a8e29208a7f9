import type { MergeZoneRequest, Problem, ZoneDto } from '@equity/shared';
import { useId, useRef, useState, type FormEvent } from 'react';
import { Link } from 'react-router';
import { PageSection } from '../../../components/page-section';
import { isApiError } from '../../../lib/api-client';
import { t } from '../../../lib/i18n';
import { problemText } from '../../../lib/problem-text';
import { useMergeZone } from '../api/zones';

/**
 * A zone's merger: what happened (merged into a successor, or zones merged into it), else a form to
 * record one — the successor (a zone of the same profile, not merged itself) and the first quarter
 * it holds. The API checks it (every problem at once) and refuses the zone's returns from then on.
 */
export function MergerSection({ zone, zones, onDone }: { zone: ZoneDto; zones: ZoneDto[]; onDone: (text: string) => void }) {
  const intoId = useId();
  const fromId = useId();
  const hintId = useId();
  const [into, setInto] = useState('');
  const [from, setFrom] = useState('');
  const [problems, setProblems] = useState<Problem[]>([]);
  const summaryRef = useRef<HTMLDivElement>(null);
  const merge = useMergeZone();
  const choices = zones.filter((z) => z.code !== zone.code && z.profile === zone.profile && z.successor === null);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const body: MergeZoneRequest = { into, from: from.trim() };
    if (!window.confirm(t('zones.merger.confirm', { zone: zone.code, successor: into || '—', from: body.from || '—' }))) return;
    try {
      await merge.mutateAsync({ code: zone.code, body });
      setProblems([]);
      onDone(t('zones.merger.done', { zone: zone.code, successor: into, from: body.from! }));
    } catch (error) {
      const list = isApiError(error) && error.validation ? error.validation.errors : [{ row: null, column: null, code: 'internal', message: isApiError(error) ? error.message : String(error) } as unknown as Problem];
      setProblems(list);
      requestAnimationFrame(() => summaryRef.current?.focus());
    }
  };

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
            <div ref={summaryRef} tabIndex={-1} className="alert alert--error" role="alert">
              <p className="alert__title">{t('zones.merger.problems')}</p>
              <ul className="problem-summary">
                {problems.map((p, i) => (
                  <li key={i}>{problemText(p)}</li>
                ))}
              </ul>
            </div>
          )}
          <div className="field">
            <label htmlFor={intoId}>{t('zones.merger.into')}</label>
            <select id={intoId} value={into} onChange={(e) => setInto(e.target.value)}>
              <option value="">{t('zones.merger.choose')}</option>
              {choices.map((z) => (
                <option key={z.code} value={z.code}>
                  {z.code} — {z.name}
                </option>
              ))}
            </select>
          </div>
          <div className="field">
            <label htmlFor={fromId}>{t('zones.merger.from')}</label>
            <input id={fromId} type="text" inputMode="text" autoComplete="off" placeholder="2027-Q1" aria-describedby={hintId} value={from} onChange={(e) => setFrom(e.target.value)} />
            <span id={hintId} className="small muted">
              {t('zones.merger.fromHint')}
            </span>
          </div>
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
