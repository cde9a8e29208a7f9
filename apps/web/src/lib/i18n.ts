/**
 * Every text of the interface, keyed by id. English is complete; Dutch and French dictionaries
 * fall back to English for any id they do not (yet) translate. Names of categories, dimensions and
 * their values are not here: they come from the classification profile's `label` objects.
 */
import { labelText, type Label, type Locale } from '@equity/shared';

const en = {
  'app.name': 'Equity Monitor',
  'app.tagline': 'Anonymous staff diversity statistics of police zones',
  'app.skipToContent': 'Skip to main content',
  'app.footer': 'Counts only, never persons. Values below the disclosure threshold are suppressed.',
  'app.loading': 'Loading…',
  'app.retry': 'Try again',
  'app.notFound.title': 'Page not found',
  'app.notFound.body': 'There is no page at this address.',
  'app.notFound.home': 'Go to the dashboard',
  'app.error.title': 'Something went wrong',
  'app.error.body': 'The page could not be shown. Reload the page, or try again later.',
  'app.forbidden.title': 'Not available for your role',
  'app.forbidden.body': 'Data entry is for HR officers and administrators.',

  'nav.label': 'Main navigation',
  'nav.dashboard': 'Dashboard',
  'nav.dataEntry': 'Data entry',

  'nav.overview': 'Overview',

  'target.achieved': 'Achieved',
  'target.on_track': 'On track',
  'target.at_risk': 'At risk',
  'target.off_track': 'Off track',
  'target.no_data': 'No data',
  'target.title': 'Target {value} by {deadline}; status in {period}: {status}',

  'verdict.adverse_impact': 'Adverse impact',
  'verdict.below_four_fifths_not_significant': 'Below four-fifths, not significant',
  'verdict.no_adverse_impact': 'No adverse impact',
  'verdict.too_few_to_conclude': 'Too few to conclude',

  'value.none': '—',
  'value.noData': 'no data',
  'value.base': 'base {base}',

  'overview.title': 'Overview',
  'overview.intro':
    'Every zone side by side for one quarter: representation, hiring, promotion and retention of a group, with the status of each zone’s targets. Hiring, promotion and retention cover the four quarters ending with the quarter chosen.',
  'overview.group': 'Group',
  'overview.filter': 'Filter zones by name',
  'overview.filterPlaceholder': 'e.g. Gent',
  'overview.caption': '{group} by police zone, {period}. Select a column heading to sort; select a zone to see its trends.',
  'overview.zone': 'Police zone',
  'overview.col.representation': 'Representation',
  'overview.col.hiring': 'Hiring ratio',
  'overview.col.promotion': 'Promotion impact ratio',
  'overview.col.retention': 'Retention',
  'overview.sortBy': 'Sort by {column}',
  'overview.sortedAsc': 'sorted ascending',
  'overview.sortedDesc': 'sorted descending',
  'overview.noMatch': 'No zone matches “{filter}”.',
  'overview.noZones': 'No zone has figures for this quarter.',
  'overview.download': 'Download CSV',
  'overview.csv.zoneCode': 'Zone code',
  'overview.csv.value': '{column}',
  'overview.csv.base': '{column}: base',
  'overview.csv.target': '{column}: target status',
  'overview.rows': '{count} zone(s) shown',
  'overview.legend':
    'Representation: share among staff who declared (base: declared headcount). Hiring ratio: hiring share ÷ workforce share (base: declared hires). Promotion impact ratio: promotion rate of the group ÷ that of the reference group (base: the group’s staff in feeder categories). Retention: 1 − separation rate of the group (base: the group’s average headcount). “suppressed”: withheld by disclosure control, not zero.',
  'overview.targetLegend': 'Target status (coloured and named): achieved, on track, at risk, off track, no data.',

  'zone.title': '{zone}',
  'zone.intro': 'Trends over the last twelve quarters and the glass ceiling by staff category, for {group}.',
  'zone.back': 'Back to the overview',
  'zone.unknown': 'This police zone does not exist or is not available to your account.',
  'zone.trends': 'Trends',
  'zone.chart.representation': 'Representation among declared staff',
  'zone.chart.hiringShare': 'Hiring share (four quarters to date)',
  'zone.chart.promotion': 'Promotion impact ratio (four quarters to date)',
  'zone.chart.retention': 'Retention (four quarters to date)',
  'zone.chart.label': 'Line chart: {title}, {from} to {to}. The same figures are in the table below the chart.',
  'zone.chart.value': 'Value',
  'zone.chart.trajectory': 'Target trajectory',
  'zone.chart.fourFifths': 'Four-fifths (0.8)',
  'zone.chart.empty': 'No value of this series can be shown: they are suppressed, too few to conclude, or missing.',
  'zone.chart.gaps': 'Quarters without a value (suppressed, too few to conclude or missing) are left as gaps in the line.',
  'zone.chart.table': 'Show the figures as a table',
  'zone.table.caption': '{title}, by quarter',
  'zone.table.period': 'Quarter',
  'zone.table.value': 'Value',
  'zone.table.base': 'Base',
  'zone.table.trajectory': 'Target trajectory',
  'zone.table.verdict': 'Conclusion',
  'zone.target': 'Target: {value} by {deadline}',
  'zone.glass.heading': 'Glass ceiling, {period}',
  'zone.glass.caption': 'Representation of {group} among declared staff by staff category, {period}',
  'zone.glass.category': 'Staff category',
  'zone.glass.representation': 'Representation',
  'zone.glass.base': 'Declared staff',
  'zone.glass.declaration': 'Declaration rate',
  'zone.glass.group': '{label} (all)',
  'zone.noReturns': 'This zone has no data yet.',
  'nav.signedInAs': 'Signed in as {name}',
  'nav.logout': 'Log out',

  'role.admin': 'Administrator',
  'role.hr': 'HR officer',
  'role.management': 'Management',
  'role.researcher': 'Researcher',

  'auth.title': 'Sign in',
  'auth.intro': 'Sign in with the account your administrator gave you.',
  'auth.oidc': 'Sign in with your organisation’s account',
  'auth.or': 'or',
  'auth.username': 'User name',
  'auth.password': 'Password',
  'auth.submit': 'Sign in',
  'auth.submitting': 'Signing in…',
  'auth.badCredentials': 'The user name or password is incorrect.',
  'auth.required': 'Enter your user name and password.',
  'auth.sessionExpired': 'Your session has ended. Sign in again to continue.',
  'auth.privacyNote':
    'This service holds anonymous counts only. Figures you see outside your own zone pass through disclosure control.',

  'error.network': 'The server cannot be reached. Check your connection and try again.',
  'error.badRequest': 'The request was not accepted: {message}',
  'error.unauthorized': 'Your session has ended. Sign in again.',
  'error.forbidden': 'You are not allowed to do this.',
  'error.notFound': 'This item was not found.',
  'error.conflict': 'This could not be done because of the item’s current state.',
  'error.validation': 'The data was not saved: {count} problem(s) were found.',
  'error.server': 'The server had a problem ({status}). Try again later.',
  'error.unexpected': 'Unexpected response from the server ({status}).',

  'picker.zone': 'Police zone',
  'picker.quarter': 'Quarter',
  'picker.noZones': 'No police zone is available to your account.',
  'picker.quarterWithData': '{period} — revision {revision}, {status}',
  'picker.quarterNoData': '{period} — no data yet',

  'status.open': 'Open',
  'status.signed_off': 'Signed off',
  'status.none': 'No return yet',

  'source.form': 'Form',
  'source.api': 'API',
  'source.csv': 'CSV upload',
  'source.xlsx': 'Excel upload',
  'source.person-csv': 'Per-person CSV',
  'source.person-xlsx': 'Per-person Excel',
  'source.demo': 'Demo data',
  'source.import': 'Import',

  'suppressed.marker': 'suppressed',
  'suppressed.title': 'Value withheld by disclosure control',
  'suppressed.legend':
    '“suppressed”: the value is withheld by disclosure control. It is either below {k}, or it is withheld so that another small value cannot be worked out from the totals. It is not zero.',
  'suppressed.legendFull': 'You see full counts for this zone.',

  'dashboard.title': 'Dashboard',
  'dashboard.intro': 'Headcount at the end of the quarter, by staff category.',
  'dashboard.noReturns': 'This zone has no data yet. Returns appear here once HR has entered a quarter.',
  'dashboard.headcountBy': 'Headcount by staff category and {dimension}',
  'dashboard.table.caption': 'Headcount by staff category (rows) and {dimension} (columns), {period}',
  'dashboard.table.category': 'Staff category',
  'dashboard.table.total': 'Total',
  'dashboard.table.empty': 'No headcount was reported for this quarter.',
  'dashboard.chart.label': 'Stacked bar chart of headcount by staff category and {dimension}. The same figures are in the table.',
  'dashboard.chart.loading': 'Loading chart…',
  'dashboard.chart.suppressedNote': '{count} suppressed value(s) are not drawn in the chart',
  'dashboard.chart.suppressedList': 'Left out: {cells}.',
  'dashboard.chart.allSuppressed': 'All values are suppressed: there is nothing to chart.',
  'dashboard.figures': 'Key figures',
  'dashboard.figures.headcount': 'Headcount',
  'dashboard.figures.declarationRate': '{dimension} declared',
  'dashboard.figures.declaredBase': '{declared} of {total} staff declared',
  'dashboard.figures.rollupShare': '{rollup}',
  'dashboard.figures.rollupBase': 'share of {declared} staff who declared their origin',
  'dashboard.figures.notComputable': 'Not shown: a figure it depends on is suppressed.',
  'dashboard.figures.baseTooSmall': 'Not shown: the base is below {k}.',
  'dashboard.figures.definition': 'Declaration rate = declared ÷ headcount (everyone except “not declared”).',
  'dashboard.revision': 'Revision {revision}',

  'entry.title': 'Data entry',
  'entry.intro':
    'Enter the anonymous counts of a quarter, by form or by uploading a file. Every save makes a new revision; earlier revisions stay available.',
  'entry.status.heading': 'Status of this quarter',
  'entry.status.status': 'Status',
  'entry.status.revision': 'Current revision',
  'entry.status.updated': 'Last change',
  'entry.status.signedOff': 'Signed off',
  'entry.status.by': '{when} by {who}',
  'entry.status.none': 'Nothing has been entered for this quarter yet.',
  'entry.status.lockedNote': 'This quarter is signed off: it can no longer be changed unless an administrator reopens it.',
  'entry.signOff': 'Sign off this quarter',
  'entry.signOff.confirm': 'Sign off {period}? After sign-off the figures can only be changed if an administrator reopens the quarter.',
  'entry.signOff.yes': 'Yes, sign off',
  'entry.signOff.done': 'The quarter is signed off.',
  'entry.reopen': 'Reopen…',
  'entry.reopen.reason': 'Reason for reopening',
  'entry.reopen.submit': 'Reopen the quarter',
  'entry.reopen.required': 'Give the reason for reopening.',
  'entry.reopen.done': 'The quarter is open again.',
  'entry.cancel': 'Cancel',

  'entry.tabs.label': 'Ways to enter data',
  'entry.tabs.form': 'Form',
  'entry.tabs.upload': 'Upload a file',
  'entry.tabs.history': 'Revision history',

  'form.heading': 'Enter by form',
  'form.prefilled': 'Prefilled from revision {revision}.',
  'form.empty': 'No revision yet: all values start at 0.',
  'form.headcount.heading': 'Headcount at the end of the quarter',
  'form.headcount.help':
    'Staff in service on the last day of the quarter. One row per {rows}; one column per {columns}. Empty means 0.',
  'form.headcount.subtotal': 'Subtotal',
  'form.headcount.categoryTotal': '{category}: {total}',
  'form.headcount.total': 'Total headcount',
  'form.cellLabel': '{category}, {classes}',
  'form.flows.heading': 'Flows during the quarter',
  'form.flows.help':
    'Hires (by entry type), promotions (in the category promoted into) and separations (by reason), one line per combination.',
  'form.flows.measure': 'Measure',
  'form.flows.detail': 'Detail',
  'form.flows.category': 'Staff category',
  'form.flows.count': 'Count',
  'form.flows.actions': 'Actions',
  'form.flows.add': 'Add a line',
  'form.flows.remove': 'Remove',
  'form.flows.removeLine': 'Remove line {n}',
  'form.flows.none': 'No flows entered.',
  'form.flows.noDetail': '—',
  'form.flows.line': 'Line {n}',
  'form.preserved': '{count} cell(s) the form does not show (selection funnel) are kept unchanged.',
  'form.optionalDropped':
    'The current revision also breaks counts down by {dimensions}. The form shows totals only; saving from the form stores them without that breakdown. Upload a file to keep it.',
  'form.reason': 'Reason for this revision',
  'form.reason.help': 'For example “first entry”, “correction of hires after audit”. Required.',
  'form.reason.required': 'Give the reason for this revision.',
  'form.check': 'Check without saving',
  'form.checking': 'Checking…',
  'form.save': 'Save new revision',
  'form.saving': 'Saving…',
  'form.saved': 'Saved as revision {revision}.',
  'form.checkOk': 'No errors found. You can save.',
  'form.locked': 'The quarter is signed off: the form is read-only.',
  'form.noCells': 'Enter at least one count before saving.',

  'upload.heading': 'Upload a file',
  'upload.help':
    'A CSV or Excel (XLSX) file: either one row per cell (measure, detail, category, gender, origin, count) or one row per person, which is counted on upload and not kept.',
  'upload.file': 'File (CSV or XLSX)',
  'upload.format': 'Layout of the file',
  'upload.format.auto': 'Detect automatically',
  'upload.format.cells': 'One row per cell (counts)',
  'upload.format.per-person': 'One row per person',
  'upload.reason': 'Reason for this revision',
  'upload.preview': 'Preview',
  'upload.previewing': 'Reading the file…',
  'upload.submit': 'Submit as new revision',
  'upload.submitting': 'Submitting…',
  'upload.submitted': 'Saved as revision {revision}.',
  'upload.chooseFile': 'Choose a file first.',
  'upload.needPreview': 'Preview the file first; it can be submitted when it has no errors.',
  'upload.needReason': 'Give the reason for this revision before submitting.',
  'upload.templates': 'Templates',
  'upload.template.cells': 'Download template: one row per cell (CSV)',
  'upload.template.perPerson': 'Download template: one row per person (CSV)',
  'upload.report.heading': 'Preview of {file}',
  'upload.report.valid': 'The file is valid: {rows} row(s) read, {cells} cell(s) to store.',
  'upload.report.invalid': 'The file has {count} error(s). Nothing can be stored until they are corrected.',
  'upload.report.format': 'Layout detected',
  'upload.report.rowsRead': 'Rows read',
  'upload.report.cells': 'Cells to store',
  'upload.report.cellsHeading': 'Cells that would be stored',

  'report.format.cells': 'One row per cell',
  'report.format.per-person': 'One row per person',
  'report.format.json': 'Form',

  'problems.errors': 'Errors',
  'problems.warnings': 'Warnings',
  'problems.errorsCaption': '{count} error(s): correct these, then try again',
  'problems.warningsCaption': '{count} warning(s): the data can be saved, but check these',
  'problems.row': 'Row',
  'problems.column': 'Column',
  'problems.message': 'Problem',
  'problems.value': 'Value',
  'problems.where': 'Where',
  'problems.whole': 'whole file',

  'cells.measure': 'Measure',
  'cells.detail': 'Detail',
  'cells.category': 'Staff category',
  'cells.count': 'Count',
  'cells.empty': 'No cells.',
  'cells.total': '{count} cell(s)',

  'history.heading': 'Revision history',
  'history.caption': 'Revisions of {period}, newest first',
  'history.number': 'Revision',
  'history.author': 'By',
  'history.when': 'When',
  'history.reason': 'Reason',
  'history.source': 'Source',
  'history.cells': 'Cells',
  'history.actions': 'Cells',
  'history.view': 'View',
  'history.hide': 'Hide',
  'history.viewRevision': 'View the cells of revision {revision}',
  'history.current': 'current',
  'history.empty': 'No revisions yet.',
  'history.cellsOf': 'Cells of revision {revision}',
} satisfies Record<string, string>;

export type MessageId = keyof typeof en;
export type Messages = Record<MessageId, string>;

/** The dictionaries. Dutch and French are to be filled in; missing ids fall back to English. */
export const messages: { en: Messages } & Record<Exclude<Locale, 'en'>, Partial<Messages>> = {
  en,
  nl: {},
  fr: {},
};

const STORAGE_KEY = 'equity.locale';

function initialLocale(): Locale {
  const stored = typeof localStorage === 'undefined' ? null : localStorage.getItem(STORAGE_KEY);
  return stored === 'nl' || stored === 'fr' || stored === 'en' ? stored : 'en';
}

let currentLocale: Locale = initialLocale();

export function getLocale(): Locale {
  return currentLocale;
}

export function setLocale(locale: Locale): void {
  currentLocale = locale;
  localStorage.setItem(STORAGE_KEY, locale);
  document.documentElement.lang = locale;
}

/** The text of a message, with `{name}` placeholders replaced by `params`. */
export function t(id: MessageId, params?: Record<string, string | number>): string {
  const text = messages[currentLocale][id] ?? messages.en[id] ?? id;
  if (!params) return text;
  return text.replace(/\{(\w+)\}/g, (match, key: string) => {
    const value = params[key];
    return value === undefined ? match : String(value);
  });
}

/** A profile label (category, dimension or value name) in the current language. */
export function label(value: Label): string {
  return labelText(value, currentLocale);
}

/** BCP 47 tag used for number and date formatting (English readers expect 1,234.5). */
export function localeTag(): string {
  return currentLocale === 'en' ? 'en-GB' : `${currentLocale}-BE`;
}
