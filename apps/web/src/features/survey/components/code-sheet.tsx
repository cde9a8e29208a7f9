import type { Locale, SurveyCodesDto, ZoneDto } from '@equity/shared';
import { saveBlob } from '../../../lib/api-client';
import { tIn, t } from '../../../lib/i18n';
import { Alert } from '../../../components/ui/alert';
import { QrCode } from './qr-code';

const SLIP_LANGUAGES: Locale[] = ['nl', 'fr', 'en'];
const DAY_FORMAT: Record<Locale, string> = { nl: 'nl-BE', fr: 'fr-BE', en: 'en-GB' };

function day(iso: string, locale: Locale): string {
  return new Intl.DateTimeFormat(DAY_FORMAT[locale], { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' }).format(new Date(`${iso}T12:00:00Z`));
}

/** The address staff go to (this server's public survey page). */
export const surveyUrl = () => `${window.location.origin}/survey`;

/**
 * The address a slip's QR code opens: the survey page with the code in the fragment (`#code=…`).
 * A fragment is never sent to the server, so no server or proxy log holds a code; the page reads it
 * once and drops it from the address (RespondView).
 */
export const surveyCodeUrl = (code: string) => `${surveyUrl()}#code=${encodeURIComponent(code)}`;

/**
 * The codes as a plain list for printing elsewhere (one code per line with the address and the
 * closing day): no column for a name, and nothing to merge with a staff list — handing codes out
 * by name would link them to people (docs/survey.md).
 */
export function codesList(codes: string[], closesOn: string): string {
  const rows = codes.map((c) => `${c},${surveyUrl()},${closesOn}`);
  return ['code,survey_url,answer_by', ...rows].join('\r\n') + '\r\n';
}

/**
 * The codes just generated, shown once: a printable sheet of cut-out slips (code, QR code, address
 * and a short explanation in Dutch, French and English) and a plain list for printing only.
 * Printing shows only the slips (styles.css, @media print).
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
        <p className="small muted">{t('surveys.sheet.listNote')}</p>
        <div className="survey-actions">
          <button type="button" className="button button--primary" onClick={() => window.print()}>
            {t('surveys.sheet.print')}
          </button>
          <button
            type="button"
            className="button button--secondary"
            onClick={() => saveBlob(new Blob([codesList(codes, campaign.closesOn)], { type: 'text/csv;charset=utf-8' }), `survey-${campaign.zone}-${campaign.id}-codes.csv`)}
          >
            {t('surveys.sheet.list')}
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
            <QrCode className="slip__qr" text={surveyCodeUrl(code)} label={t('survey.slip.qr')} />
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
