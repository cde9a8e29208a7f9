import type { ZoneDto } from '@equity/shared';
import { useEffect, useRef, useState, type FormEvent, type ReactNode } from 'react';
import { BackLinkPage } from '../../../components/back-link-page';
import { FormWithProblems, SubmitButton } from '../../../components/form-field';
import { Alert } from '../../../components/ui/alert';
import { ErrorState } from '../../../components/ui/error-state';
import { Loading } from '../../../components/ui/loading';
import { isApiError, otherErrorMessage } from '../../../lib/api-client';
import { useProfiles } from '../../../lib/api/get-profiles';
import { useZones } from '../../../lib/api/get-zones';
import { formatNumber } from '../../../lib/format';
import { label, t, tCount } from '../../../lib/i18n';
import { useFieldForm } from '../../../lib/use-field-form';
import { useUpdateZone, useZone } from '../api/zones';
import { fieldLabel, formFromZone, problemField, problemsTitle, problemText, profileChoices, toUpdateRequest, ZONE_FIELDS, type ZoneField, type ZoneForm } from '../utils/zone-form';
import { BenchmarksSection } from './benchmarks-section';
import { MergerSection } from './merger-section';
import { PageSection } from '../../../components/page-section';
import { ZoneFields } from './zone-fields';

type Notice = { tone: 'success' | 'info'; text: string };

/**
 * One zone: what it is at the top, then its names, profile and communes to change. What happened
 * is said in a message that takes focus. Below: the zone's availability benchmarks.
 */
export function ZoneDetailView({ code, initialNotice }: { code: string; initialNotice: string | null }) {
  const zone = useZone(code);
  const zones = useZones();
  const profiles = useProfiles();
  const [notice, setNotice] = useState<Notice | null>(initialNotice ? { tone: 'success', text: initialNotice } : null);
  const noticeRef = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (notice) noticeRef.current?.focus();
  }, [notice]);

  let content: ReactNode;
  if (zone.isError) {
    content =
      isApiError(zone.error) && zone.error.status === 404 ? (
        <Alert tone="error">{t('zones.detail.notFound', { code })}</Alert>
      ) : (
        <ErrorState error={zone.error} onRetry={() => void zone.refetch()} />
      );
  } else if (!zone.data) content = <Loading />;
  else {
    const z = zone.data;
    content = (
      <>
        <dl className="summary-list panel">
          <div>
            <dt>{t('zones.col.code')}</dt>
            <dd>{z.code}</dd>
          </div>
          <div>
            <dt>{t('zones.col.profile')}</dt>
            <dd>{z.profile}</dd>
          </div>
          <div>
            <dt>{t('zones.col.communes')}</dt>
            <dd>{z.communes.length ? z.communes.join(', ') : t('zones.detail.noCommunes')}</dd>
          </div>
          <div>
            <dt>{t('zones.col.returns')}</dt>
            <dd>{formatNumber(z.returns ?? 0)}</dd>
          </div>
          {z.successor && (
            <div>
              <dt>{t('zones.col.successor')}</dt>
              <dd>{z.successor}</dd>
            </div>
          )}
        </dl>
        <PageSection title={t('zones.edit.title')}>
          <EditZoneForm key={JSON.stringify(z)} zone={z} profiles={profileChoices(profiles.data, zones.data)} onSaved={(text, tone = 'success') => setNotice({ text, tone })} />
        </PageSection>
        <BenchmarksSection zone={z} />
        <MergerSection zone={z} zones={zones.data ?? []} onDone={(text) => setNotice({ text, tone: 'success' })} />
      </>
    );
  }

  return (
    <BackLinkPage back="/admin/zones" backText={t('zones.back')} title={zone.data ? t('zones.detail.title', { code, name: label(zone.data.names) || zone.data.name }) : t('zones.detail.titleCode', { code })}>
      {notice && (
        <div ref={noticeRef} tabIndex={-1} className="notice" aria-live="polite">
          <Alert tone={notice.tone}>{notice.text}</Alert>
        </div>
      )}
      {content}
    </BackLinkPage>
  );
}

function EditZoneForm({ zone, profiles, onSaved }: { zone: ZoneDto; profiles: string[]; onSaved: (text: string, tone?: 'success' | 'info') => void }) {
  const update = useUpdateZone();
  const fields = useFieldForm<ZoneField, ZoneForm>(ZONE_FIELDS, () => formFromZone(zone), problemField, problemText);
  const { form, setProblems, showRefusal, summary } = fields;

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    update.reset();
    setProblems([]);
    const change = toUpdateRequest(zone, form);
    if (Object.keys(change).length === 0) return onSaved(t('zones.edit.nothing'), 'info');
    // The promise, not mutate's callbacks: saving refetches the zone, whose new data remounts this
    // form, and mutate's callbacks do not run once the form that called it is gone.
    update.mutateAsync({ code: zone.code, change }).then(() => onSaved(t('zones.edit.done', { code: zone.code })), showRefusal);
  }

  const locked = (zone.returns ?? 0) > 0 ? tCount('zones.profileLocked', zone.returns ?? 0, { count: formatNumber(zone.returns ?? 0) }) : null;
  return (
    <FormWithProblems summary={summary(problemsTitle, fieldLabel)} other={otherErrorMessage(update.error)} otherTitle={t('zones.notSaved')} onSubmit={submit}>
      <ZoneFields fields={fields} profiles={profiles} profileLocked={locked} />
      <div className="actions">
        <SubmitButton pending={update.isPending} busy={t('zones.edit.submitting')}>{t('zones.edit.submit')}</SubmitButton>
      </div>
    </FormWithProblems>
  );
}
