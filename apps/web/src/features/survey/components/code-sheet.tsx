import type { Locale, SurveyCodesDto, ZoneDto } from '@equity/shared';
import { saveBlob } from '../../../lib/api-client';
import { tIn, t } from '../../../lib/i18n';
import { Alert } from '../../../components/ui/alert';

const SLIP_LANGUAGES: Locale[] = ['nl', 'fr', 'en'];
const DAY_FORMAT: Record<Locale, string> = { nl: 'nl-BE', fr: 'fr-BE', en: 'en-GB' };

function day(iso: string, locale: Locale): string {
  return new Intl.DateTimeFormat(DAY_FORMAT[locale], { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' }).format(new Date(`${iso}T12:00:00Z`));
}

/** The address staff go to (this server's public survey page). */
export const surveyUrl = () => `${window.location.origin}/survey`;

/** CSV for a mail merge: one row per code, no name column (the merge must not be kept: see docs/survey.md). */
export function codesCsv(codes: string[], closesOn: string): string {
  const rows = codes.map((c) => `${c},${surveyUrl()},${closesOn}`);
  return ['code,survey_url,answer_by', ...rows].join('\r\n') + '\r\n';
}

/**
 * The codes just generated, shown once: a printable sheet of cut-out slips (code, address and a
 * short explanation in Dutch, French and English) and a CSV for a mail merge. Printing shows only
 * the slips (styles.css, @media print).
 */
export function CodeSheet({ zone, result, onDone }: { zone: ZoneDto; result: SurveyCodesDto; onDone: () => void }) {
  const { campaign, codes } = result;
  const zoneName = (l: Locale) => zone.names[l] ?? zone.name;
  return (
    <section className="code-sheet" aria-labelledby="code-sheet-title">
      <div className="no-print">
        <h2 id="code-sheet-title">{t('surveys.sheet.title', { id: campaign.id, count: codes.length })}</h2>
        <Alert tone="warning">{t('surveys.sheet.once')}</Alert>
        <p>{t('surveys.new.handout')}</p>
        <div className="survey-actions">
          <button type="button" className="button button--primary" onClick={() => window.print()}>
            {t('surveys.sheet.print')}
          </button>
          <button
            type="button"
            className="button button--secondary"
            onClick={() => saveBlob(new Blob([codesCsv(codes, campaign.closesOn)], { type: 'text/csv;charset=utf-8' }), `survey-${campaign.zone}-${campaign.id}-codes.csv`)}
          >
            {t('surveys.sheet.csv')}
          </button>
          <button type="button" className="button button--ghost" onClick={() => window.confirm(t('surveys.sheet.doneConfirm')) && onDone()}>
            {t('surveys.sheet.done')}
          </button>
        </div>
      </div>
      <ol className="slips">
        {codes.map((code) => (
          <li key={code} className="slip">
            <p className="slip__code">
              <span className="slip__code-label">{SLIP_LANGUAGES.map((l) => tIn(l, 'survey.slip.code')).join(' · ')}</span>
              <strong data-code={code}>{code}</strong>
            </p>
            <p className="slip__url">{surveyUrl()}</p>
            {SLIP_LANGUAGES.map((l) => (
              <div key={l} lang={l} className="slip__text">
                <p className="slip__title">{tIn(l, 'survey.slip.title', { zone: zoneName(l) })}</p>
                <p>{tIn(l, 'survey.slip.body', { date: day(campaign.closesOn, l) })}</p>
              </div>
            ))}
          </li>
        ))}
      </ol>
    </section>
  );
}
