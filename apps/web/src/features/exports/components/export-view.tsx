import {
  EXPORT_FORMATS,
  EXPORT_MEASURES,
  EXPORT_METRICS,
  type ExportFormat,
  MEASURES,
  METRIC_DEFINITIONS,
  type ClassificationProfile,
} from '@equity/shared';
import { useEffect, useId, useMemo, useRef, useState, type FormEvent } from 'react';
import { ProfilePicker } from '../../../components/profile-picker';
import { Alert } from '../../../components/ui/alert';
import { ErrorState } from '../../../components/ui/error-state';
import { Loading } from '../../../components/ui/loading';
import { isApiError } from '../../../lib/api-client';
import { useMe } from '../../../lib/api/get-me';
import { useProfile } from '../../../lib/api/get-profile';
import { useZones } from '../../../lib/api/get-zones';
import { formatNumber } from '../../../lib/format';
import { label, t } from '../../../lib/i18n';
import { downloadExport, type ExportProgress } from '../api/download-export';
import { exportIntroText } from '../utils/export-intro';
import { problemText } from '../../../lib/problem-text';

type Outcome = { tone: 'success' | 'info' | 'error'; text: string } | null;

const QUARTER = /^\d{4}-Q[1-4]$/i;

function size(bytes: number): string {
  return bytes < 1024 * 1024 ? `${formatNumber(Math.ceil(bytes / 1024))} kB` : `${formatNumber(Math.round((bytes / 1024 / 1024) * 10) / 10)} MB`;
}

/** A group of checkboxes for a multiple choice. */
function Choices({ legend, options, chosen, onChange }: { legend: string; options: { code: string; label: string }[]; chosen: string[]; onChange: (codes: string[]) => void }) {
  return (
    <fieldset className="plain-fieldset field export-choices">
      <legend>{legend}</legend>
      {options.map((o) => (
        <label key={o.code} className="export-choice">
          <input
            type="checkbox"
            checked={chosen.includes(o.code)}
            onChange={(event) => onChange(event.target.checked ? [...chosen, o.code] : chosen.filter((c) => c !== o.code))}
          />{' '}
          {o.label}
        </label>
      ))}
    </fieldset>
  );
}

function ExportForm({ profile, zones }: { profile: ClassificationProfile; zones: { code: string; name: string }[] }) {
  const { data: user } = useMe();
  const fromId = useId();
  const toId = useId();
  const [chosenZones, setZones] = useState<string[]>([]);
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const [categories, setCategories] = useState(profile.categories.map((c) => c.code));
  const [classifications, setClassifications] = useState(profile.dimensions.filter((d) => !d.optional).map((d) => d.code));
  const [measures, setMeasures] = useState<string[]>(['headcount']);
  const [metrics, setMetrics] = useState<string[]>(['representation']);
  const [format, setFormat] = useState<ExportFormat>('csv');
  const [progress, setProgress] = useState<ExportProgress | null>(null);
  const [outcome, setOutcome] = useState<Outcome>(null);
  const abort = useRef<AbortController | null>(null);
  useEffect(() => () => abort.current?.abort(), []);

  const full = user?.role === 'admin' || user?.role === 'hr';
  const quartersValid = (!from || QUARTER.test(from)) && (!to || QUARTER.test(to));
  const running = progress !== null;

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (measures.length + metrics.length === 0) {
      setOutcome({ tone: 'error', text: t('exports.nothing') });
      return;
    }
    const controller = new AbortController();
    abort.current = controller;
    setOutcome(null);
    setProgress({ bytes: 0, rows: 0, total: null });
    try {
      const done = await downloadExport(
        { format, profile: profile.code, zones: chosenZones, from: from.toUpperCase(), to: to.toUpperCase(), categories, classifications, measures, metrics },
        setProgress,
        controller.signal,
      );
      setOutcome(done.rows === 0 ? { tone: 'info', text: t('exports.empty') } : { tone: 'success', text: t('exports.done', { file: done.fileName, size: size(done.bytes) }) });
    } catch (error) {
      if (error instanceof DOMException && error.name === 'AbortError') setOutcome({ tone: 'info', text: t('exports.cancelled') });
      else {
        const problems = isApiError(error) ? error.validation?.errors.map((p) => problemText(p)).join(' ') : null;
        setOutcome({ tone: 'error', text: t('exports.failed', { message: problems || (error instanceof Error ? error.message : String(error)) }) });
      }
    } finally {
      setProgress(null);
      abort.current = null;
    }
  };

  return (
    <form className="panel" onSubmit={(event) => void submit(event)} aria-busy={running}>
      <p className="page__intro">{full ? t('exports.fullAccess') : t('exports.protected', { k: user?.role === 'management' ? 5 : 10 })}</p>
      <Choices
        legend={t('exports.zones')}
        options={zones.map((z) => ({ code: z.code, label: `${z.name} (${z.code})` }))}
        chosen={chosenZones}
        onChange={setZones}
      />
      <p className="muted">{chosenZones.length === 0 ? t('exports.allZones', { count: zones.length }) : null}</p>
      <div className="field-row">
        <div className="field">
          <label htmlFor={fromId}>{t('exports.from')}</label>
          <input id={fromId} value={from} onChange={(e) => setFrom(e.target.value.trim())} placeholder="2025-Q1" aria-invalid={!!from && !QUARTER.test(from)} />
        </div>
        <div className="field">
          <label htmlFor={toId}>{t('exports.to')}</label>
          <input id={toId} value={to} onChange={(e) => setTo(e.target.value.trim())} placeholder="2026-Q2" aria-invalid={!!to && !QUARTER.test(to)} />
        </div>
      </div>
      <p className="muted">{t('exports.quarterHint')}</p>
      <Choices legend={t('exports.categories')} options={profile.categories.map((c) => ({ code: c.code, label: label(c.label) }))} chosen={categories} onChange={setCategories} />
      <Choices legend={t('exports.classifications')} options={profile.dimensions.filter((d) => full || !d.optional).map((d) => ({ code: d.code, label: label(d.label) }))} chosen={classifications} onChange={setClassifications} />
      <Choices legend={t('exports.measures')} options={EXPORT_MEASURES.map((m) => ({ code: m, label: label(MEASURES[m].label) }))} chosen={measures} onChange={setMeasures} />
      <Choices legend={t('exports.metrics')} options={EXPORT_METRICS.map((m) => ({ code: m, label: label(METRIC_DEFINITIONS[m].label) }))} chosen={metrics} onChange={setMetrics} />
      <fieldset className="plain-fieldset field export-choices">
        <legend>{t('exports.format')}</legend>
        {EXPORT_FORMATS.map((f) => (
          <label key={f} className="export-choice">
            <input type="radio" name="format" value={f} checked={format === f} onChange={() => setFormat(f)} /> {t(`exports.format.${f}`)}
          </label>
        ))}
      </fieldset>
      <div className="actions">
        <button type="submit" className="button button--primary" disabled={running || !quartersValid || categories.length === 0 || classifications.length === 0}>
          {t('exports.download')}
        </button>
        {running && (
          <button type="button" className="button button--secondary" onClick={() => abort.current?.abort()}>
            {t('exports.cancel')}
          </button>
        )}
      </div>
      {progress && (
        <div className="export-progress" role="status">
          {progress.rows !== null && progress.total ? (
            <>
              <progress max={progress.total} value={Math.min(progress.rows, progress.total)} aria-label={t('exports.progress.label')} />{' '}
              {t('exports.progress.rows', { done: formatNumber(Math.min(progress.rows, progress.total)), total: formatNumber(progress.total) })}
            </>
          ) : (
            <>
              <progress aria-label={t('exports.progress.label')} /> {t('exports.progress.bytes', { size: size(progress.bytes) })}
            </>
          )}
        </div>
      )}
      {outcome && <Alert tone={outcome.tone}>{outcome.text}</Alert>}
      <p className="muted">{t('exports.docs')}</p>
    </form>
  );
}

/** The export page: choose zones, quarters, categories, classifications, counts and figures; download with progress. */
export function ExportView() {
  const zones = useZones();
  const profiles = useMemo(() => [...new Set((zones.data ?? []).map((z) => z.profile))], [zones.data]);
  const [profileCode, setProfileCode] = useState<string | undefined>(undefined);
  const chosen = profileCode ?? profiles[0];
  const profile = useProfile(chosen);
  if (zones.isPending || (chosen !== undefined && profile.isPending)) return <Loading />;
  if (zones.isError) return <ErrorState error={zones.error} onRetry={() => void zones.refetch()} />;
  if (profile.isError) return <ErrorState error={profile.error} onRetry={() => void profile.refetch()} />;
  return (
    <section>
      <header className="page__header">
        <h1>{t('exports.title')}</h1>
        <p className="page__intro">{exportIntroText()}</p>
      </header>
      {profiles.length > 1 && chosen !== undefined && (
        <div className="toolbar">
          <ProfilePicker profiles={profiles} value={chosen} onChange={setProfileCode} />
        </div>
      )}
      {profile.data && (
        <ExportForm key={profile.data.code} profile={profile.data} zones={(zones.data ?? []).filter((z) => z.profile === profile.data.code && z.successor === null)} />
      )}
    </section>
  );
}
