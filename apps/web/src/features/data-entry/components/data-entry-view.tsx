import { lastEndedPeriod, type SubmitResult, type UserDto, type ZoneDto } from '@equity/shared';
import { useMemo, useState } from 'react';
import { Alert } from '../../../components/ui/alert';
import { ErrorState } from '../../../components/ui/error-state';
import { Loading } from '../../../components/ui/loading';
import { Tabs, type TabDef } from '../../../components/ui/tabs';
import { ZonePage } from '../../../components/zone-page';
import { ZoneSelect } from '../../../components/zone-select';
import { useProfile } from '../../../lib/api/get-profile';
import { useZoneReturns } from '../../../lib/api/get-zone-returns';
import { t } from '../../../lib/i18n';
import { useParam } from '../../../lib/use-param';
import { useZonePeriod } from '../../../lib/use-zone-period';
import { useReturn } from '../api/get-return';
import { dueQuarters, quarterChoices } from '../utils/quarters';
import { DueList } from './due-list';
import { ProblemsList } from '../../../components/problems-list';
import { QuarterSelect } from './quarter-select';
import { ReturnForm } from './return-form';
import { RevisionHistory } from './revision-history';
import { StatusPanel } from './status-panel';
import { UploadPanel } from './upload-panel';

type TabId = 'form' | 'upload' | 'history';
const TAB_IDS: readonly TabId[] = ['form', 'upload', 'history'];

function useTab(): [TabId, (tab: TabId) => void] {
  const [params, set] = useParam();
  const raw = params.get('tab');
  const tab = TAB_IDS.find((id) => id === raw) ?? 'form';
  const select = (next: TabId) => set('tab', next);
  return [tab, select];
}

function QuarterWorkspace({ zone, period, user }: { zone: ZoneDto; period: string; user: UserDto }) {
  const profileQuery = useProfile(zone.profile);
  const returnQuery = useReturn(zone.code, period);
  const returnsQuery = useZoneReturns(zone.code);
  const [tab, setTab] = useTab();
  const [saved, setSaved] = useState<SubmitResult | null>(null);

  if (profileQuery.isPending || returnQuery.isPending) return <Loading />;
  if (profileQuery.isError) return <ErrorState error={profileQuery.error} onRetry={() => void profileQuery.refetch()} />;
  if (returnQuery.isError) return <ErrorState error={returnQuery.error} onRetry={() => void returnQuery.refetch()} />;

  const profile = profileQuery.data;
  const current = returnQuery.data;
  const summary = current ?? returnsQuery.data?.find((r) => r.period === period) ?? null;
  const locked = summary?.status === 'signed_off';
  const revisionKey = `${zone.code}|${period}|${current?.currentRevision ?? 'new'}`;

  const onSaved = (result: SubmitResult) => {
    setSaved(result);
    window.scrollTo({ top: 0, behavior: 'smooth' });
  };

  const tabs: TabDef<TabId>[] = [
    { id: 'form', label: t('entry.tabs.form') },
    { id: 'upload', label: t('entry.tabs.upload') },
    { id: 'history', label: t('entry.tabs.history') },
  ];

  return (
    <>
      {saved && (
        <Alert tone="success" title={t('form.saved', { revision: saved.revision.number })}>
          {saved.warnings.length > 0 && <ProblemsList errors={[]} warnings={saved.warnings} />}
        </Alert>
      )}
      <StatusPanel summary={summary} zone={zone.code} period={period} user={user} />
      <Tabs tabs={tabs} selected={tab} onSelect={setTab} label={t('entry.tabs.label')}>
        {tab === 'form' && (
          <ReturnForm
            key={revisionKey}
            profile={profile}
            zone={zone.code}
            period={period}
            current={current}
            locked={locked}
            onSaved={onSaved}
          />
        )}
        {tab === 'upload' && (
          <UploadPanel
            key={revisionKey}
            profile={profile}
            zone={zone.code}
            period={period}
            currentRevision={current?.currentRevision ?? null}
            locked={locked}
            onSaved={onSaved}
          />
        )}
        {tab === 'history' && (
          <RevisionHistory profile={profile} zone={zone.code} period={period} currentRevision={current?.currentRevision ?? null} />
        )}
      </Tabs>
    </>
  );
}

function ZoneWorkspace({ zone, zones, user }: { zone: ZoneDto; zones: ZoneDto[]; user: UserDto }) {
  const { period: requested, update } = useZonePeriod();
  const returnsQuery = useZoneReturns(zone.code);
  const returns = useMemo(() => returnsQuery.data ?? [], [returnsQuery.data]);
  const choices = useMemo(() => quarterChoices(returns), [returns]);
  // The quarter in the address if it is one of the choices, else the default (not written back:
  // an automatic navigation could cancel one the user has just started).
  const period = requested !== undefined && choices.includes(requested) ? requested : lastEndedPeriod();

  return (
    <>
      {returnsQuery.isSuccess && <DueList due={dueQuarters(returns)} current={period} onOpen={(p) => update({ period: p })} />}
      <div className="toolbar">
        <ZoneSelect zones={zones} value={zone.code} onChange={(z) => update({ zone: z, period: null })} />
        {returnsQuery.isSuccess && (
          <QuarterSelect choices={choices} returns={returns} value={period} onChange={(p) => update({ period: p })} />
        )}
      </div>
      {returnsQuery.isPending ? (
        <Loading />
      ) : returnsQuery.isError ? (
        <ErrorState error={returnsQuery.error} onRetry={() => void returnsQuery.refetch()} />
      ) : (
        <QuarterWorkspace key={`${zone.code}|${period}`} zone={zone} period={period} user={user} />
      )}
    </>
  );
}

export function DataEntryView({ user }: { user: UserDto }) {
  return (
    <ZonePage title={t('entry.title')} intro={t('entry.intro')}>
      {(zone, zones) => <ZoneWorkspace key={zone.code} zone={zone} zones={zones} user={user} />}
    </ZonePage>
  );
}
