import type { ZoneDto } from '@equity/shared';
import { useId, useState, type FormEvent, type ReactNode } from 'react';
import { Link } from 'react-router';
import { FormWithProblems, SubmitButton, TextField } from '../../../components/form-field';
import { EmptyState } from '../../../components/ui/empty-state';
import { ErrorState } from '../../../components/ui/error-state';
import { Loading } from '../../../components/ui/loading';
import { otherErrorMessage } from '../../../lib/api-client';
import { useProfiles } from '../../../lib/api/get-profiles';
import { useZones } from '../../../lib/api/get-zones';
import { formatNumber } from '../../../lib/format';
import { label, t, tCount } from '../../../lib/i18n';
import { PageSection } from '../../../components/page-section';
import { useFieldForm } from '../../../lib/use-field-form';
import { useCreateZone } from '../api/zones';
import { emptyZoneForm, fieldLabel, problemField, problemText, problemsTitle, profileChoices, toCreateRequest, ZONE_FIELDS, type ZoneField, type ZoneForm } from '../utils/zone-form';
import { ZoneFields } from './zone-fields';
import { ZoneFilePanel } from './zone-file-panel';

/** The zones console: every zone, a form to register one, and the load of many from a CSV file. */
export function ZonesView({ onCreated }: { onCreated: (zone: ZoneDto) => void }) {
  const zones = useZones();
  const profiles = useProfiles();
  const searchId = useId();
  const [search, setSearch] = useState('');
  const needle = search.trim().toLowerCase();
  const rows = (zones.data ?? []).filter(
    (z) => !needle || z.code.includes(needle) || z.name.toLowerCase().includes(needle) || z.communes.some((c) => c.toLowerCase().includes(needle)),
  );

  let content: ReactNode;
  if (zones.isError) content = <ErrorState error={zones.error} onRetry={() => void zones.refetch()} />;
  else if (!zones.data) content = <Loading />;
  else if (zones.data.length === 0) content = <EmptyState>{t('zones.none')}</EmptyState>;
  else if (rows.length === 0) content = <EmptyState>{t('zones.noMatch')}</EmptyState>;
  else content = <ZonesTable rows={rows} all={zones.data} />;

  return (
    <div className="page zones-console">
      <header className="page__header">
        <h1>{t('zones.title')}</h1>
        <p className="page__intro">{t('zones.intro')}</p>
      </header>
      <div className="toolbar" role="search">
        <div className="field">
          <label htmlFor={searchId}>{t('zones.search')}</label>
          <input id={searchId} type="search" value={search} placeholder={t('zones.searchPlaceholder')} onChange={(e) => setSearch(e.target.value)} />
        </div>
        {zones.data && (
          <p className="toolbar__meta" role="status">
            {tCount('zones.count', rows.length, { count: formatNumber(rows.length) })}
          </p>
        )}
      </div>
      {content}
      <PageSection title={t('zones.create.title')}>
        {zones.data && (profiles.data || profiles.isError) ? <RegisterZoneForm profiles={profileChoices(profiles.data, zones.data)} onCreated={onCreated} /> : <Loading />}
      </PageSection>
      <PageSection title={t('zones.file.title')}>
        <ZoneFilePanel />
      </PageSection>
    </div>
  );
}


function ZonesTable({ rows, all }: { rows: ZoneDto[]; all: ZoneDto[] }) {
  const nameOf = (code: string | null) => {
    const z = code ? all.find((x) => x.code === code) : undefined;
    return z ? `${z.code} ${label(z.names) || z.name}` : (code ?? '');
  };
  return (
    <div className="table-scroll">
      <table className="data-table">
        <caption>{t('zones.caption')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('zones.col.code')}</th>
            <th scope="col">{t('zones.field.nameNl')}</th>
            <th scope="col">{t('zones.field.nameFr')}</th>
            <th scope="col">{t('zones.col.profile')}</th>
            <th scope="col" className="numeric">
              {t('zones.col.communes')}
            </th>
            <th scope="col">{t('zones.col.successor')}</th>
            <th scope="col" className="numeric">
              {t('zones.col.returns')}
            </th>
          </tr>
        </thead>
        <tbody>
          {rows.map((z) => (
            <tr key={z.code}>
              <th scope="row" className="cell--label">
                <Link to={`/admin/zones/${encodeURIComponent(z.code)}`} aria-label={t('zones.openZone', { code: z.code, name: label(z.names) || z.name })}>
                  {z.code}
                </Link>
              </th>
              <td>{z.names.nl ?? z.name}</td>
              <td>{z.names.fr ?? z.name}</td>
              <td>{z.profile}</td>
              <td className="numeric">{formatNumber(z.communes.length)}</td>
              <td>{z.successor ? nameOf(z.successor) : <span className="muted">{t('zones.noSuccessor')}</span>}</td>
              <td className="numeric">{z.returns === undefined ? '—' : formatNumber(z.returns)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** Register a zone: every problem the API finds comes at once, next to its field and at the top. */
function RegisterZoneForm({ profiles, onCreated }: { profiles: string[]; onCreated: (zone: ZoneDto) => void }) {
  const create = useCreateZone();
  const fields = useFieldForm<ZoneField, ZoneForm>(ZONE_FIELDS, emptyZoneForm, problemField, problemText);
  const { form, setProblems, showRefusal, summary, textField } = fields;

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    create.reset();
    setProblems([]);
    create.mutateAsync(toCreateRequest(form)).then(onCreated, showRefusal);
  }

  return (
    <FormWithProblems summary={summary(problemsTitle, fieldLabel)} other={otherErrorMessage(create.error)} otherTitle={t('zones.notSaved')} onSubmit={submit}>
      <TextField {...textField('code')} label={t('zones.field.code')} help={t('zones.codeHelp')} required inputMode="numeric" autoComplete="off" spellCheck={false} />
      <ZoneFields fields={fields} profiles={profiles} />
      <div className="actions">
        <SubmitButton pending={create.isPending} busy={t('zones.create.submitting')}>{t('zones.create.submit')}</SubmitButton>
      </div>
    </FormWithProblems>
  );
}
