import {
  addDays,
  addQuarters,
  brusselsDay,
  type ClassificationProfile,
  isSuppressed,
  periodOf,
  SURVEY_NO_CATEGORY_LABEL,
  SURVEY_SEVERAL_LABEL,
  type SurveyCampaignDto,
  type SurveyCodesDto,
  type SurveyResultsDto,
  type UserDto,
  type ZoneDto,
} from '@equity/shared';
import { type FormEvent, useId, useState } from 'react';
import { CountText } from '../../../components/count-text';
import { Alert } from '../../../components/ui/alert';
import { EmptyState } from '../../../components/ui/empty-state';
import { ErrorState } from '../../../components/ui/error-state';
import { Loading } from '../../../components/ui/loading';
import { ZonePage } from '../../../components/zone-page';
import { ZoneSelect } from '../../../components/zone-select';
import { useProfile } from '../../../lib/api/get-profile';
import { isApiError, isValidationErrorBody } from '../../../lib/api-client';
import { canEnterData } from '../../../lib/api/get-me';
import { formatBareValue, formatNumber, formatPercent } from '../../../lib/format';
import { label, t, tCount } from '../../../lib/i18n';
import { useZonePeriod } from '../../../lib/use-zone-period';
import { useAddCodes, useCampaigns, useCloseCampaign, useComparison, useCreateCampaign, useResults } from '../api/campaigns';
import { formatDay } from '../utils/dates';
import { CodeSheet } from './code-sheet';
import { problemText } from '../../../lib/problem-text';
import { ScrollTable } from '../../../components/table-parts';

function valueLabel(profile: ClassificationProfile, dimension: string, value: string): string {
  if (value === 'multiple') return label(SURVEY_SEVERAL_LABEL);
  const v = profile.dimensions.find((d) => d.code === dimension)?.values.find((x) => x.code === value);
  return v ? label(v.label) : value;
}

function categoryLabel(profile: ClassificationProfile, code: string): string {
  if (code === 'not_declared') return label(SURVEY_NO_CATEGORY_LABEL);
  const c = profile.categories.find((x) => x.code === code);
  return c ? label(c.label) : code;
}

function NewCampaignForm({ zone, profile, onCreated }: { zone: ZoneDto; profile: ClassificationProfile; onCreated: (r: SurveyCodesDto) => void }) {
  const today = brusselsDay();
  const [period, setPeriod] = useState(periodOf(new Date()));
  const [opensOn, setOpensOn] = useState(today);
  const [closesOn, setClosesOn] = useState(addDays(today, 21));
  const [invitations, setInvitations] = useState('');
  const [optional, setOptional] = useState<string[]>([]);
  const create = useCreateCampaign(zone.code);
  const ids = { period: useId(), opens: useId(), closes: useId(), invitations: useId() };
  const periods = [1, 0, -1, -2, -3].map((n) => addQuarters(periodOf(new Date()), n));
  const required = profile.dimensions.filter((d) => !d.optional).map((d) => label(d.label).toLowerCase());

  const submit = (e: FormEvent) => {
    e.preventDefault();
    create.mutate({ period, opensOn, closesOn, invitations: Number(invitations), optionalQuestions: optional }, { onSuccess: onCreated });
  };
  const problems = create.error && isApiError(create.error) && isValidationErrorBody(create.error.body) ? create.error.body.errors : [];

  return (
    <form className="panel" onSubmit={submit} noValidate>
      <h2 className="panel__title">{t('surveys.new.title')}</h2>
      <p className="small muted">{t('surveys.new.always', { questions: required.join(', ') })}</p>
      <p className="small muted">{t('surveys.new.protection')}</p>
      <div className="field-row">
        <div className="field">
          <label htmlFor={ids.period}>{t('surveys.new.period')}</label>
          <select id={ids.period} value={period} onChange={(e) => setPeriod(e.target.value)}>
            {periods.map((p) => (
              <option key={p}>{p}</option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor={ids.opens}>{t('surveys.new.opens')}</label>
          <input id={ids.opens} type="date" value={opensOn} onChange={(e) => setOpensOn(e.target.value)} />
        </div>
        <div className="field">
          <label htmlFor={ids.closes}>{t('surveys.new.closes')}</label>
          <input id={ids.closes} type="date" value={closesOn} onChange={(e) => setClosesOn(e.target.value)} />
        </div>
        <div className="field">
          <label htmlFor={ids.invitations}>{t('surveys.new.invitations')}</label>
          <input id={ids.invitations} type="number" min={1} max={10000} value={invitations} onChange={(e) => setInvitations(e.target.value)} />
        </div>
      </div>
      {profile.dimensions.some((d) => d.optional) && (
        <fieldset className="survey-question">
          <legend>{t('surveys.new.optional')}</legend>
          {profile.dimensions
            .filter((d) => d.optional)
            .map((d) => (
              <label key={d.code} className="survey-choice">
                <input
                  type="checkbox"
                  checked={optional.includes(d.code)}
                  onChange={(e) => setOptional(e.target.checked ? [...optional, d.code] : optional.filter((x) => x !== d.code))}
                />
                <span>{label(d.label)}</span>
              </label>
            ))}
        </fieldset>
      )}
      <p className="small">{t('surveys.new.handout')}</p>
      {create.isError && (
        <Alert tone="error" title={create.error.message}>
          {problems.length > 0 && (
            <ul>
              {problems.map((p) => (
                <li key={`${p.column}|${p.code}`}>{problemText(p)}</li>
              ))}
            </ul>
          )}
        </Alert>
      )}
      <button type="submit" className="button button--primary" disabled={create.isPending}>
        {t('surveys.new.submit')}
      </button>
    </form>
  );
}

function ResultsPanel({ zone, profile, campaign }: { zone: ZoneDto; profile: ClassificationProfile; campaign: SurveyCampaignDto }) {
  const results = useResults(zone.code, campaign.id);
  if (results.isPending) return <Loading />;
  if (results.isError) return <ErrorState error={results.error} onRetry={() => void results.refetch()} />;
  const r: SurveyResultsDto = results.data;
  const title = (
    <h2 className="panel__title" id={`results-${campaign.id}`}>
      {t('surveys.results.title', { id: campaign.id, period: campaign.period })}
    </h2>
  );
  // Fewer answers than the survey's threshold: nothing to show, to anyone (HR and administrators included).
  if (r.campaign.belowThreshold) {
    return (
      <section className="panel" aria-labelledby={`results-${campaign.id}`}>
        {title}
        <Alert tone="info" title={t('surveys.results.tooFewTitle')}>
          <p>{t('surveys.results.tooFew', { k: r.threshold, invitations: r.invitations })}</p>
        </Alert>
      </section>
    );
  }
  const dimLabel = (code: string) => label(profile.dimensions.find((d) => d.code === code)?.label ?? { en: code });
  const rateLine =
    typeof r.responses === 'number' && r.responseRate !== null
      ? tCount('surveys.results.rate', r.responses, { n: formatNumber(r.responses), invitations: formatNumber(r.invitations), rate: formatPercent(r.responseRate) })
      : t('surveys.results.rateWithheld', { invitations: r.invitations });
  return (
    <section className="panel" aria-labelledby={`results-${campaign.id}`}>
      {title}
      <p className="survey-rate">{rateLine}</p>
      <p className="small muted">{t('surveys.results.protected', { k: r.threshold })}</p>
      {r.withheld.length > 0 && <p className="small muted">{t('surveys.results.withheld', { questions: r.withheld.map(dimLabel).join(', ') })}</p>}
      {r.tables.map((table) => {
        const values = table.valueTotals.map((v) => v.value);
        const cell = (cat: string, v: string) => table.cells.find((c) => c.category === cat && c.value === v)?.count;
        return (
          <div className="table-scroll" key={table.dimension}>
            <table className="data-table data-table--numeric data-table--compact">
              <caption>
                {dimLabel(table.dimension)} — {rateLine}
              </caption>
              <thead>
                <tr>
                  <th className="cell--label" scope="col">
                    {t('surveys.results.category')}
                  </th>
                  {values.map((v) => (
                    <th key={v} scope="col">
                      {valueLabel(profile, table.dimension, v)}
                    </th>
                  ))}
                  <th scope="col">{t('surveys.results.total')}</th>
                </tr>
              </thead>
              <tbody>
                {r.categories.map((cat) => (
                  <tr key={cat}>
                    <th scope="row" className="cell--label">
                      {categoryLabel(profile, cat)}
                    </th>
                    {values.map((v) => (
                      <td key={v}>
                        <CountText count={cell(cat, v)} />
                      </td>
                    ))}
                    <td className="cell--total">
                      <CountText count={table.categoryTotals.find((c) => c.category === cat)?.count} />
                    </td>
                  </tr>
                ))}
              </tbody>
              <tfoot>
                <tr>
                  <th scope="row" className="cell--label">
                    {t('surveys.results.total')}
                  </th>
                  {table.valueTotals.map((v) => (
                    <td key={v.value}>
                      <CountText count={v.count} />
                    </td>
                  ))}
                  <td>
                    <CountText count={table.total} />
                  </td>
                </tr>
              </tfoot>
            </table>
          </div>
        );
      })}
      <ComparisonPanel zone={zone} profile={profile} period={campaign.period} />
    </section>
  );
}

function ComparisonPanel({ zone, profile, period }: { zone: ZoneDto; profile: ClassificationProfile; period: string }) {
  const cmp = useComparison(zone.code, period, 'origin');
  if (cmp.isPending) return <Loading />;
  if (cmp.isError) return <ErrorState error={cmp.error} onRetry={() => void cmp.refetch()} />;
  const c = cmp.data;
  const share = (side: typeof c.hr | typeof c.survey, v: string) => {
    const s = side?.shares.find((x) => x.value === v);
    if (!s) return '—';
    if (s.share === null) return isSuppressed(s.count) ? t('suppressed.marker') : '—';
    return formatPercent(s.share);
  };
  const values = (c.survey ?? c.hr)?.shares.map((s) => s.value).filter((v) => v !== 'not_declared') ?? [];
  return (
    <div className="table-scroll">
      <table className="data-table data-table--numeric data-table--compact">
        <caption>{t('surveys.compare.title', { period })}</caption>
        <thead>
          <tr>
            <th className="cell--label" scope="col">
              {t('surveys.compare.value')}
            </th>
            <th scope="col">{c.hr ? t('surveys.compare.hr', { revision: c.hr.revision }) : t('surveys.compare.hrNone')}</th>
            <th scope="col">{t('surveys.compare.survey', { rate: c.survey?.responseRate != null ? formatPercent(c.survey.responseRate) : '—' })}</th>
            <th scope="col">{t('surveys.compare.difference')}</th>
          </tr>
        </thead>
        <tbody>
          {values.map((v) => {
            const d = c.differences.find((x) => x.value === v)?.difference ?? null;
            return (
              <tr key={v}>
                <th scope="row" className="cell--label">
                  {valueLabel(profile, 'origin', v)}
                </th>
                <td>{share(c.hr, v)}</td>
                <td>{share(c.survey, v)}</td>
                <td>{d === null ? '—' : formatBareValue(d, 'percentage_points')}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
      {c.survey?.belowThreshold && <p className="small">{t('surveys.compare.tooFew', { k: c.survey.threshold })}</p>}
      <p className="small muted">{t('surveys.compare.note')}</p>
    </div>
  );
}

function CampaignTable({ zone, campaigns, canWrite, selected, onSelect, onCodes }: {
  zone: ZoneDto;
  campaigns: SurveyCampaignDto[];
  canWrite: boolean;
  selected: number | null;
  onSelect: (id: number) => void;
  onCodes: (r: SurveyCodesDto) => void;
}) {
  const close = useCloseCampaign(zone.code);
  const more = useAddCodes(zone.code);
  const error = close.error ?? more.error;
  return (
    <section className="panel">
      <h2 className="panel__title">{t('surveys.list.title')}</h2>
      {error && <Alert tone="error">{error.message}</Alert>}
      {campaigns.length === 0 ? (
        <EmptyState>{t('surveys.none')}</EmptyState>
      ) : (
        <ScrollTable
          className="data-table data-table--compact"
          head={
            <>
              <th scope="col">#</th>
              <th scope="col">{t('surveys.col.period')}</th>
              <th scope="col">{t('surveys.col.opens')}</th>
              <th scope="col">{t('surveys.col.closes')}</th>
              <th scope="col">{t('surveys.col.status')}</th>
              <th scope="col">{t('surveys.col.invitations')}</th>
              <th scope="col">{t('surveys.col.responses')}</th>
              <th scope="col">{t('surveys.col.rate')}</th>
              <th scope="col">{t('surveys.col.actions')}</th>
            </>
          }
        >
          {campaigns.map((c) => (
            <tr key={c.id} aria-selected={selected === c.id}>
              <td>{c.id}</td>
              <td>{c.period}</td>
              <td>{formatDay(c.opensOn)}</td>
              <td>{formatDay(c.closedEarlyOn ?? c.closesOn)}</td>
              <td>{t(`surveys.status.${c.status}`)}</td>
              <td>{c.invitations}</td>
              <td>
                {c.status !== 'closed' ? (
                  <span className="muted">{t('surveys.hiddenWhileOpen')}</span>
                ) : c.belowThreshold ? (
                  <span className="muted" title={t('surveys.fewerThanTitle', { k: c.threshold })}>
                    {t('surveys.fewerThan', { k: c.threshold })}
                  </span>
                ) : (
                  <CountText count={c.responses} />
                )}
              </td>
              <td>{c.responseRate !== null ? formatPercent(c.responseRate) : '—'}</td>
              <td className="survey-row-actions">
                {c.status === 'closed' && (
                  <button type="button" className="button button--secondary" onClick={() => onSelect(c.id)}>
                    {t('surveys.results')}
                  </button>
                )}
                {canWrite && c.status !== 'closed' && (
                  <>
                    <button
                      type="button"
                      className="button button--secondary"
                      disabled={more.isPending}
                      onClick={() => {
                        const n = Number(window.prompt(t('surveys.moreCodesPrompt'), '10'));
                        if (Number.isInteger(n) && n > 0) more.mutate({ id: c.id, count: n }, { onSuccess: onCodes });
                      }}
                    >
                      {t('surveys.moreCodes')}
                    </button>
                    <button
                      type="button"
                      className="button button--ghost"
                      disabled={close.isPending}
                      onClick={() => window.confirm(t('surveys.closeConfirm', { k: c.threshold })) && close.mutate(c.id, { onSuccess: () => onSelect(c.id) })}
                    >
                      {t('surveys.close')}
                    </button>
                  </>
                )}
              </td>
            </tr>
          ))}
        </ScrollTable>
      )}
    </section>
  );
}

function ZoneSurveys({ zone, zones, user }: { zone: ZoneDto; zones: ZoneDto[]; user: UserDto | null }) {
  const { update } = useZonePeriod();
  const profile = useProfile(zone.profile);
  const campaigns = useCampaigns(zone.code);
  const [codes, setCodes] = useState<SurveyCodesDto | null>(null);
  const [selected, setSelected] = useState<number | null>(null);
  const canWrite = canEnterData(user) && (user?.role === 'admin' || user?.zones.includes(zone.code) === true);

  // While fresh codes are on screen, they are all the page shows (and all it prints).
  if (codes) return <CodeSheet zone={zone} result={codes} onDone={() => setCodes(null)} />;
  if (profile.isPending || campaigns.isPending) return <Loading />;
  if (profile.isError) return <ErrorState error={profile.error} onRetry={() => void profile.refetch()} />;
  if (campaigns.isError) return <ErrorState error={campaigns.error} onRetry={() => void campaigns.refetch()} />;
  const chosen = campaigns.data.find((c) => c.id === selected && c.status === 'closed');

  return (
    <>
      <div className="toolbar">
        <ZoneSelect zones={zones} value={zone.code} onChange={(z) => update({ zone: z })} />
      </div>
      <CampaignTable zone={zone} campaigns={campaigns.data} canWrite={canWrite} selected={selected} onSelect={setSelected} onCodes={setCodes} />
      {chosen && <ResultsPanel key={chosen.id} zone={zone} profile={profile.data} campaign={chosen} />}
      {canWrite && <NewCampaignForm zone={zone} profile={profile.data} onCreated={setCodes} />}
    </>
  );
}

/** Campaigns of a zone: HR of the zone and administrators open and close them; results once closed, protected for every reader (HR included). */
export function CampaignsView({ user }: { user: UserDto | null }) {
  return (
    <ZonePage title={t('surveys.title')} intro={t('surveys.intro')}>
      {(zone, zones) => <ZoneSurveys key={zone.code} zone={zone} zones={zones} user={user} />}
    </ZonePage>
  );
}
