import { figureKind, NATIONAL_METRICS, type NationalMetric } from '@equity/shared';
import { useQueries } from '@tanstack/react-query';
import { lazy, Suspense, useId, type ReactNode } from 'react';
import { Link } from 'react-router';
import { ValueText, BaseText } from '../../../components/rate-value';
import { rateBase } from '../../../lib/value-text';
import { ProfilePicker } from '../../../components/profile-picker';
import { SelectField } from '../../../components/select-field';
import { EmptyState } from '../../../components/ui/empty-state';
import { ErrorState } from '../../../components/ui/error-state';
import { Loading } from '../../../components/ui/loading';
import { DisclosureThreshold } from '../../../components/withheld';
import { figureLabel } from '../../../lib/format';
import { label, t } from '../../../lib/i18n';
import { useDocumentTitle } from '../../../lib/use-document-title';
import { getNationalQueryOptions } from '../../../lib/api/get-national';
import { downloadCsv, toCsv } from '../../../lib/csv';
import { compareCsv, compareRows, quartersEnding } from '../utils/compare-rows';
import { useNationalSelection } from '../../../lib/use-national-selection';
import { ScrollTable } from '../../../components/table-parts';

const CompareChart = lazy(() => import('./compare-chart'));

const QUARTERS = 8;

function Comparison({
  profile,
  metric,
  group,
  groupLabel,
  last,
  zones,
}: {
  profile: string;
  metric: NationalMetric;
  group: string;
  groupLabel: string;
  last: string;
  zones: { code: string; name: string }[];
}) {
  const quarters = quartersEnding(last, QUARTERS);
  const results = useQueries({ queries: quarters.map((period) => getNationalQueryOptions({ profile, period, metric, group })) });
  const data = results.map((r) => r.data);
  const done = results.every((r) => r.data);
  const rows = done ? compareRows(data, zones) : [];
  const failed = results.find((r) => r.isError);
  if (failed) return <ErrorState error={failed.error} onRetry={() => results.forEach((r) => r.isError && void r.refetch())} />;
  if (!done) return <Loading />;
  if (zones.length === 0) return <EmptyState>{t('compare.noneChosen')}</EmptyState>;
  const kind = figureKind(metric);
  const title = t('compare.caption', { metric: figureLabel(metric), group: groupLabel, from: quarters[0]!, to: last });
  const threshold = data[0]?.threshold ?? 1;
  const anyValue = rows.some((r) => r.cells.some((c) => c?.value !== null && c?.value !== undefined));
  const download = () => downloadCsv(toCsv(compareCsv(rows, quarters, kind)), `equity-compare-${metric}-${group.replace(/[^a-z0-9_]+/gi, '-')}-${last}.csv`);
  return (
    <DisclosureThreshold k={threshold}>
      <section className="panel" aria-label={title}>
        {anyValue ? (
          <Suspense fallback={<Loading text={t('dashboard.chart.loading')} />}>
            <CompareChart rows={rows} quarters={quarters} kind={kind} ariaLabel={title} />
          </Suspense>
        ) : (
          <p className="muted">{t('zone.chart.empty')}</p>
        )}
        <p className="small muted">{t('zone.chart.gaps')}</p>
        <div className="table-actions">
          <button type="button" className="button" onClick={download}>
            {t('compare.csv')}
          </button>
        </div>
        <ScrollTable
          className="data-table data-table--compact data-table--numeric"
          caption={title}
          head={
            <>
              <th scope="col" className="cell--label">
                {t('overview.zone')}
              </th>
              {quarters.map((q) => (
                <th key={q} scope="col">
                  {q}
                </th>
              ))}
            </>
          }
        >
          {rows.map((r) => (
            <tr key={r.zone}>
              <th scope="row" className="cell--label">
                <Link to={`/zone/${r.zone}`}>{r.zoneName}</Link>
              </th>
              {r.cells.map((c, i) => (
                <td key={quarters[i]}>
                  {c ? <ValueText value={c.value} kind={kind} rate={c.rate} verdict={c.verdict} /> : <span className="muted">{t('value.noData')}</span>}
                  {c?.rate && (
                    <span className="cell-base small">
                      {t('value.base', { base: '' })}
                      <BaseText base={rateBase(c.rate)} />
                    </span>
                  )}
                  {c?.benchmark && (
                    <span className="cell-base small" title={t('compare.benchmarkTitle', c.benchmark)}>
                      {t('compare.benchmark', c.benchmark)}
                    </span>
                  )}
                </td>
              ))}
            </tr>
          ))}
        </ScrollTable>
        <p className="legend small">{threshold > 1 ? t('suppressed.legend', { k: threshold }) : t('suppressed.legendFull')}</p>
      </section>
    </DisclosureThreshold>
  );
}

/** One metric, several zones, side by side over the last eight quarters. */
export function CompareView() {
  useDocumentTitle(t('compare.title'));
  const { params, zones, profiles, profile, first, periods, period, options, group, update, problem } = useNationalSelection({
    error: (error, retry) => <ErrorState error={error} onRetry={retry} />,
    empty: (what) => <EmptyState>{t(what === 'zones' ? 'picker.noZones' : 'overview.noZones')}</EmptyState>,
  });
  const fieldsetId = useId();

  const metric = NATIONAL_METRICS.find((m) => m === params.get('metric')) ?? 'representation';
  const all = zones.filter((z) => z.profile === first?.profile).map((z) => ({ code: z.code, name: label(z.names) || z.name }));
  const chosenParam = params.get('zones');
  const chosen = chosenParam === null ? all : all.filter((z) => chosenParam.split(',').includes(z.code));

  const toggle = (code: string, on: boolean) => {
    const set = new Set(chosen.map((z) => z.code));
    if (on) set.add(code);
    else set.delete(code);
    update('zones', all.filter((z) => set.has(z.code)).map((z) => z.code).join(','));
  };

  let content: ReactNode;
  if (problem) content = problem;
  else if (!profile || !period || !group) content = <Loading />;
  else content = <Comparison profile={profile} metric={metric} group={group.code} groupLabel={group.label} last={period} zones={chosen} />;

  return (
    <div className="page">
      <header className="page__header">
        <h1>{t('compare.title')}</h1>
        <p className="page__intro">{t('compare.intro')}</p>
      </header>
      {profile && period && group && (
        <div className="toolbar toolbar--wrap">
          <ProfilePicker profiles={profiles} value={profile} onChange={(v) => update('profile', v)} />
          <SelectField label={t('compare.metric')} value={metric} options={NATIONAL_METRICS.map((m) => ({ code: m, label: figureLabel(m) }))} onChange={(v) => update('metric', v)} />
          <SelectField label={t('overview.group')} value={group.code} options={options} onChange={(v) => update('group', v)} />
          <SelectField label={t('compare.until')} value={period} options={periods.map((p) => ({ code: p, label: p }))} onChange={(v) => update('period', v)} />
          <fieldset className="field zone-choice" aria-describedby={fieldsetId}>
            <legend>{t('compare.zones')}</legend>
            <p id={fieldsetId} className="visually-hidden">
              {t('compare.zonesHelp')}
            </p>
            {all.map((z) => (
              <label key={z.code} className="checkbox">
                <input type="checkbox" checked={chosen.some((c) => c.code === z.code)} onChange={(e) => toggle(z.code, e.target.checked)} /> {z.name}
              </label>
            ))}
          </fieldset>
        </div>
      )}
      {content}
    </div>
  );
}
