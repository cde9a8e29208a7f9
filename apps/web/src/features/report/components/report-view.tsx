import { type ClassificationProfile, type ZoneDto } from '@equity/shared';
import { useEffect, useId, useState, type ReactNode } from 'react';
import { Link } from 'react-router';
import { EmptyState } from '../../../components/ui/empty-state';
import { ErrorState } from '../../../components/ui/error-state';
import { Loading } from '../../../components/ui/loading';
import { useMe } from '../../../lib/api/get-me';
import { useProfile } from '../../../lib/api/get-profile';
import { useTargets } from '../../../lib/api/get-targets';
import { useZoneReturns } from '../../../lib/api/get-zone-returns';
import { useZones } from '../../../lib/api/get-zones';
import { formatDateTime } from '../../../lib/format';
import { groupLabel } from '../../../lib/group-options';
import { QuarterGroupFields, useQuarterAndGroup } from '../../../components/quarter-group-fields';
import { label, t } from '../../../lib/i18n';
import { useDocumentTitle } from '../../../lib/use-document-title';
import { ManagementComment } from './management-comment';
import { ReportKeyFigures } from './report-key-figures';
import { ReportTargets } from './report-targets';


/** What a section of the report drawn by another feature needs to know. */
export interface ReportContext {
  zone: ZoneDto;
  profile: ClassificationProfile;
  period: string;
  group: string;
}

/** Sections the page composing the report provides (trends, glass ceiling, headcount tables). */
export interface ReportSlots {
  trends: (context: ReportContext) => ReactNode;
  glassCeiling: (context: ReportContext) => ReactNode;
  headcount: (context: ReportContext) => ReactNode;
}

function Section({ title, children, className }: { title: string; children: ReactNode; className?: string }) {
  const id = useId();
  return (
    <section className={`qreport__section${className ? ` ${className}` : ''}`} aria-labelledby={id}>
      <h2 id={id}>{title}</h2>
      {children}
    </section>
  );
}

/** A text as a CSS string (for `content`): quoted, with quotes, backslashes and line breaks escaped. */
const cssString = (text: string) => `"${text.replace(/[\\"]/g, '\\$&').replace(/\n/g, '\\a ')}"`;

/**
 * The printed report's running header and page numbers (the page margin boxes of `@page` in
 * styles.css read these custom properties of the root element, which only this page sets: other
 * pages print without them). Set through the CSSOM, which the content security policy allows.
 */
function usePrintedPageHeader(head: string) {
  useEffect(() => {
    const root = document.documentElement.style;
    root.setProperty('--print-running-head', cssString(head));
    root.setProperty('--print-page', cssString(t('report.print.page')));
    root.setProperty('--print-of', cssString(t('report.print.of')));
    return () => ['--print-running-head', '--print-page', '--print-of'].forEach((p) => root.removeProperty(p));
  }, [head]);
}

function ReportBody({ zone, profile, period, group, slots }: ReportContext & { slots: ReportSlots }) {
  const targets = useTargets();
  const [generated] = useState(() => new Date().toISOString());
  const { data: user } = useMe();
  const zoneName = label(zone.names) || zone.name;
  usePrintedPageHeader(t('report.print.head', { zone: `${zone.code} ${zoneName}`, period, generated: formatDateTime(generated) }));
  const zoneTargets = (targets.data ?? []).filter((target) => target.zone === zone.code);
  const context = { zone, profile, period, group };

  return (
    <article className="qreport" aria-labelledby="qreport-title">
      <header className="qreport__header">
        <p className="qreport__brand">{t('app.name')}</p>
        <h1 id="qreport-title">{t('report.heading', { zone: zoneName, period })}</h1>
        <dl className="qreport__meta">
          <div>
            <dt>{t('report.meta.zone')}</dt>
            <dd>
              {zone.code} — {zoneName}
            </dd>
          </div>
          <div>
            <dt>{t('report.meta.quarter')}</dt>
            <dd>{period}</dd>
          </div>
          <div>
            <dt>{t('report.meta.group')}</dt>
            <dd>{groupLabel(profile, group)}</dd>
          </div>
          <div>
            <dt>{t('report.meta.generated')}</dt>
            <dd>{formatDateTime(generated)}</dd>
          </div>
          {user && (
            <div>
              <dt>{t('report.meta.view')}</dt>
              <dd>{t(`role.${user.role}`)}</dd>
            </div>
          )}
        </dl>
      </header>

      <Section title={t('report.section.figures', { period })}>
        {targets.isError ? (
          <ErrorState error={targets.error} onRetry={() => void targets.refetch()} />
        ) : targets.data ? (
          <ReportKeyFigures zone={zone.code} period={period} group={group} targets={targets.data} />
        ) : (
          <Loading />
        )}
      </Section>
      <Section title={t('report.section.trends')} className="qreport__section--trends">
        {slots.trends(context)}
      </Section>
      <Section title={t('zone.glass.heading', { period })}>{slots.glassCeiling(context)}</Section>
      <Section title={t('report.section.targets')}>
        {targets.isError ? (
          <ErrorState error={targets.error} onRetry={() => void targets.refetch()} />
        ) : targets.data ? (
          <ReportTargets targets={zoneTargets} period={period} profile={profile} />
        ) : (
          <Loading />
        )}
      </Section>
      <Section title={t('report.section.headcount', { period })}>{slots.headcount(context)}</Section>
      <Section title={t('report.section.comment')} className="qreport__section--comment">
        <ManagementComment key={`${zone.code}-${period}`} zone={zone.code} period={period} />
      </Section>
      <footer className="qreport__footer small">
        <p>{t('app.footer')}</p>
      </footer>
    </article>
  );
}

/**
 * The quarterly report of one zone: printable (A4) with the key figures, trends, glass ceiling,
 * targets, headcount tables and a management comment. Quarter and group come from the address.
 */
export function ReportView({ code, slots }: { code: string; slots: ReportSlots }) {
  const zones = useZones();
  const zone = zones.data?.find((z) => z.code === code);
  const returns = useZoneReturns(zone?.code);
  const profile = useProfile(zone?.profile);
  const { period, group, periods, sets, update } = useQuarterAndGroup((returns.data ?? []).map((r) => r.period), profile.data);
  const zoneName = zone ? label(zone.names) || zone.name : code;
  useDocumentTitle(period ? t('report.heading', { zone: zoneName, period }) : t('report.title'));

  let content: ReactNode;
  if (zones.isPending) content = <Loading />;
  else if (zones.isError) content = <ErrorState error={zones.error} onRetry={() => void zones.refetch()} />;
  else if (!zone) content = <EmptyState>{t('zone.unknown')}</EmptyState>;
  else if (returns.isError) content = <ErrorState error={returns.error} onRetry={() => void returns.refetch()} />;
  else if (profile.isError) content = <ErrorState error={profile.error} onRetry={() => void profile.refetch()} />;
  else if (!returns.data || !profile.data) content = <Loading />;
  else if (!period) content = <EmptyState>{t('zone.noReturns')}</EmptyState>;
  else if (!group) content = <EmptyState>{t('report.noGroups')}</EmptyState>;
  else content = <ReportBody key={`${zone.code}-${period}-${group}`} zone={zone} profile={profile.data} period={period} group={group} slots={slots} />;

  return (
    <div className="page page--report">
      <div className="report-toolbar screen-only">
        <p className="small report-toolbar__back">
          <Link to={`/zone/${encodeURIComponent(code)}${group ? `?group=${encodeURIComponent(group)}` : ''}`}>← {t('report.back', { zone: zoneName })}</Link>
        </p>
        {period && group && (
          <div className="toolbar">
            <QuarterGroupFields periods={periods} period={period} sets={sets} group={group} update={update} />
            <button type="button" className="button button--primary report-toolbar__print" onClick={() => window.print()}>
              {t('report.print')}
            </button>
          </div>
        )}
        <p className="small muted">{t('report.printHelp')}</p>
      </div>
      {content}
    </div>
  );
}
