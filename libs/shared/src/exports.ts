/**
 * Researcher exports: formats, the columns of the tidy table and the statistics it can hold.
 * One definition, used by the API (which writes every format), the dashboard's export page and
 * the data package's table schema.
 */
import { MIN_EVENTS, MIN_GROUP_BASE } from './analytics.js';
import { FIGURES, figuresOfferedIn, type Figure, type FigureOfferedIn } from './figures.js';
import type { Label } from './labels.js';
import type { MeasureCode } from './measures.js';
import type { ReturnStatus } from './contracts.js';
import { hasEnded } from './periods.js';

export const EXPORT_FORMATS = ['csv', 'xlsx', 'json', 'datapackage'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

/** What stands in a withheld value in CSV, XLSX and the data package (JSON has `{"suppressed": true}`). */
export const SUPPRESSION_SYMBOL = '[c]';

/**
 * What stands in a value the zone did not supply (a measure without any cell in the quarter's
 * return, or in a quarter of a figure's window) in CSV, XLSX and the data package: the GSS symbol
 * for "not available". JSON has `{"noData": true}`. Never 0, never blank.
 */
export const NO_DATA_SYMBOL = '[x]';

/** Marks a value the zone did not supply (exports' JSON; `NO_DATA_SYMBOL` elsewhere). */
export interface NoData {
  noData: true;
}

export function isNoData(value: unknown): value is NoData {
  return typeof value === 'object' && value !== null && (value as Partial<NoData>).noData === true;
}

/**
 * What stands in a figure that has no value because its counts are too few to conclude (reason
 * `too_few_to_conclude`: a hiring ratio without declared hires, an impact ratio whose reference
 * rate is 0) in CSV, XLSX and the data package: the GSS symbol for "low reliability". JSON has
 * `{"tooFew": true}`. Its counts are published beside it; a figure that has a value keeps it.
 */
export const TOO_FEW_SYMBOL = '[u]';

/** Marks a figure without a value because its counts are too few to conclude (exports' JSON; `TOO_FEW_SYMBOL` elsewhere). */
export interface TooFew {
  tooFew: true;
}

export function isTooFew(value: unknown): value is TooFew {
  return typeof value === 'object' && value !== null && (value as Partial<TooFew>).tooFew === true;
}

/**
 * The text of a value without a number in CSV, XLSX and the data package: withheld `[c]`, not
 * supplied `[x]`, too few to conclude `[u]`.
 */
export function exportSymbol(value: Exclude<ExportValue, number | null>): string {
  if (isNoData(value)) return NO_DATA_SYMBOL;
  if (isTooFew(value)) return TOO_FEW_SYMBOL;
  return SUPPRESSION_SYMBOL;
}

/** The cells of CSV, XLSX and the data package that hold no number: not computable (empty) and the three symbols (the data package's `missingValues`). */
export const EXPORT_MISSING_VALUES: readonly string[] = ['', SUPPRESSION_SYMBOL, NO_DATA_SYMBOL, TOO_FEW_SYMBOL];

/** Measures whose counts can be exported: the published tables of the dashboard. */
export const EXPORT_MEASURES = ['headcount', 'hires', 'promotions', 'separations'] as const satisfies readonly MeasureCode[];
export type ExportMeasure = (typeof EXPORT_MEASURES)[number];

/**
 * Flow measures that roles under disclosure control whose quarters are not linked (management)
 * get as 4-quarter windows: their count rows are then the statistic `<measure>_4q`, the sum over
 * the quarter and the three before it, never a quarterly count.
 */
export const WINDOW_EXPORT_MEASURES = ['hires', 'promotions', 'separations'] as const satisfies readonly ExportMeasure[];
export type WindowExportMeasure = (typeof WINDOW_EXPORT_MEASURES)[number];
/** The statistic of a windowed count: `hires_4q`, `promotions_4q`, `separations_4q`. */
export type WindowStatistic = `${WindowExportMeasure}_4q`;
export const WINDOW_STATISTICS = ['hires_4q', 'promotions_4q', 'separations_4q'] as const satisfies readonly WindowStatistic[];
/** Statistics of count rows: a quarter's count of a measure, or a 4-quarter window of a flow. */
export type CountStatistic = ExportMeasure | WindowStatistic;

export function isWindowExportMeasure(measure: string): measure is WindowExportMeasure {
  return (WINDOW_EXPORT_MEASURES as readonly string[]).includes(measure);
}

export function isWindowStatistic(statistic: string): statistic is WindowStatistic {
  return (WINDOW_STATISTICS as readonly string[]).includes(statistic);
}

/** The statistic of the count rows of a measure: `<measure>_4q` when it is published as 4-quarter windows, else the measure. */
export function countStatistic(measure: ExportMeasure, windowed: boolean): CountStatistic {
  if (!windowed) return measure;
  if (!isWindowExportMeasure(measure)) throw new Error(`${measure} is not published as 4-quarter windows`);
  return `${measure}_4q`;
}

export interface CountStatisticDefinition {
  code: WindowStatistic;
  /** The measure summed over the window. */
  measure: WindowExportMeasure;
  label: Label;
  definition: string;
}

const WINDOW_RULE = 'Published this way to roles under disclosure control whose quarters are not linked (management): their quarterly flow tables are too small to publish.';

/** The windowed count statistics (data dictionary of exports and the data package). */
export const WINDOW_STATISTIC_DEFINITIONS: Record<WindowStatistic, CountStatisticDefinition> = {
  hires_4q: {
    code: 'hires_4q',
    measure: 'hires',
    label: { en: 'Hires over the 4 quarters to the period', nl: 'Indiensttredingen over de 4 kwartalen tot de periode', fr: 'Recrutements sur les 4 trimestres jusqu’à la période' },
    definition: `People who joined the zone during the quarter and the three quarters before it (the sum of the four quarterly hires tables). ${WINDOW_RULE}`,
  },
  promotions_4q: {
    code: 'promotions_4q',
    measure: 'promotions',
    label: { en: 'Promotions over the 4 quarters to the period', nl: 'Bevorderingen over de 4 kwartalen tot de periode', fr: 'Promotions sur les 4 trimestres jusqu’à la période' },
    definition: `Promotions during the quarter and the three quarters before it, counted in the category promoted into (the sum of the four quarterly tables). ${WINDOW_RULE}`,
  },
  separations_4q: {
    code: 'separations_4q',
    measure: 'separations',
    label: { en: 'Separations over the 4 quarters to the period', nl: 'Uitstroom over de 4 kwartalen tot de periode', fr: 'Départs sur les 4 trimestres jusqu’à la période' },
    definition: `People who left the zone during the quarter and the three quarters before it (the sum of the four quarterly separations tables). ${WINDOW_RULE}`,
  },
};

/** Figures that can be exported: those the registry offers in exports (figures.ts), computed in analytics.ts. */
export type ExportMetric = FigureOfferedIn<'exports'>;
export const EXPORT_METRICS: readonly ExportMetric[] = figuresOfferedIn('exports');

/** Code in the `category` and `group` columns for "all categories" / "all values" (counts), and the declared base. */
export const TOTAL_CODE = 'total';
export const DECLARED_CODE = 'declared';

export interface MetricDefinition {
  code: ExportMetric;
  label: Label;
  /** rate: value = numerator ÷ denominator with a Wilson interval; number: a derived value without them. */
  kind: 'rate' | 'number';
  definition: string;
  /** Only for groups that do not overlap the reference group (a comparison with it). */
  needsReference?: boolean;
  /** One row per classification (group `declared`), not per group. */
  perClassification?: boolean;
}

/** What the exports add to a figure's definition: how a value without a conclusion is written. */
const EXPORT_NOTES: Partial<Record<ExportMetric, string>> = {
  hiring_ratio: `"${SUPPRESSION_SYMBOL}" when a count behind it is withheld (hiring.withheld; the dashboard's "suppressed"); "${TOO_FEW_SYMBOL}" when there is no ratio and the counts are too few to conclude (fewer than ${MIN_EVENTS} declared hires or a workforce base below ${MIN_GROUP_BASE}, e.g. no hires at all; the dashboard's "too few to conclude").`,
  promotion_impact_ratio: `"${SUPPRESSION_SYMBOL}" when a count behind it is withheld (verdict "suppressed"); given even when the counts are too few for a reliable test (verdict "too_few_to_conclude", docs/metrics.md), and "${TOO_FEW_SYMBOL}" when there is then no ratio (a base of 0 or a reference rate of 0).`,
};

/** The data dictionary of the exported figures, from the registry (name, definition, how the value is read). */
export const METRIC_DEFINITIONS: Record<ExportMetric, MetricDefinition> = Object.fromEntries(
  EXPORT_METRICS.map((code): [ExportMetric, MetricDefinition] => {
    const f: Figure = FIGURES[code];
    const note = EXPORT_NOTES[code];
    return [
      code,
      {
        code,
        label: f.label,
        kind: f.value,
        definition: note ? `${f.definition.en} ${note}` : f.definition.en,
        ...(f.needsReference ? { needsReference: true } : {}),
        ...(f.perClassification ? { perClassification: true } : {}),
      },
    ];
  }),
) as Record<ExportMetric, MetricDefinition>;

/** A number, withheld by disclosure control, not supplied by the zone, too few to conclude (a figure), or null (not computable). */
export type ExportValue = number | { suppressed: true } | NoData | TooFew | null;

/** One row of the tidy export: one count or one figure. */
export interface ExportRow {
  zone: string;
  zone_name: string;
  period: string;
  statistic: CountStatistic | ExportMetric;
  category: string;
  classification: string;
  group: string;
  value: ExportValue;
  numerator: ExportValue;
  denominator: ExportValue;
  ci_low: number | null;
  ci_high: number | null;
  revision: number;
  quarter_status: QuarterStatus;
  threshold: number;
  generated_at: string;
}

/**
 * Where the quarter a row reflects stands when the export is made: `signed_off` by the zone's HR,
 * `open` (ended, may still be corrected), or `not_ended` (the quarter is still running: the counts
 * so far).
 */
export type QuarterStatus = 'signed_off' | 'open' | 'not_ended';
export const QUARTER_STATUSES: readonly QuarterStatus[] = ['signed_off', 'open', 'not_ended'];

/** A quarter's `quarter_status` on `today`: a quarter still running is `not_ended` whatever its return's status. */
export function quarterStatus(period: string, status: ReturnStatus, today: Date = new Date()): QuarterStatus {
  return hasEnded(period, today) ? status : 'not_ended';
}

export interface ExportField {
  name: keyof ExportRow;
  type: 'string' | 'number' | 'integer' | 'datetime';
  description: string;
}

/** The columns of every export, in order (CSV header, XLSX columns, JSON keys, table schema fields). */
export const EXPORT_FIELDS: readonly ExportField[] = [
  { name: 'zone', type: 'string', description: 'Code of the zone (Belgian zone number, or the code given at import, e.g. the ONS code of a UK police force).' },
  { name: 'zone_name', type: 'string', description: 'Name of the zone.' },
  { name: 'period', type: 'string', description: 'Quarter, written YYYY-Qn; counts are at or during that quarter.' },
  {
    name: 'statistic',
    type: 'string',
    description:
      `What the row holds: a count of a measure in the quarter (${EXPORT_MEASURES.join(', ')}), a count of a flow over the 4 quarters to the period ` +
      `(${WINDOW_STATISTICS.join(', ')}: how roles under disclosure control whose quarters are not linked get flows) or a figure (${EXPORT_METRICS.join(', ')}); see the definitions.`,
  },
  { name: 'category', type: 'string', description: `Staff category code of the profile; "${TOTAL_CODE}" = all categories.` },
  { name: 'classification', type: 'string', description: 'Classification (dimension) the row is broken down by, e.g. gender, origin, ethnicity.' },
  {
    name: 'group',
    type: 'string',
    description: `Value or roll-up of the classification; "${TOTAL_CODE}" = all values (counts); "${DECLARED_CODE}" = everyone who declared (declaration rate).`,
  },
  {
    name: 'value',
    type: 'number',
    description: `The count (a whole number of people) or the figure (a proportion from 0 to 1, a ratio, or per 1,000). "${SUPPRESSION_SYMBOL}" = withheld by disclosure control; "${NO_DATA_SYMBOL}" = no data: the zone did not supply the measure for the quarter (or for a quarter of the figure's window), never 0; "${TOO_FEW_SYMBOL}" = too few to conclude: a ratio without a value because its counts are too few (the dashboard's "too few to conclude"; the counts stay published); empty = not computable (no base).`,
  },
  { name: 'numerator', type: 'integer', description: `Figures that are rates: the count the rate is made of. "${SUPPRESSION_SYMBOL}" = withheld; "${NO_DATA_SYMBOL}" = not supplied; empty for counts and derived figures.` },
  { name: 'denominator', type: 'integer', description: `Figures that are rates: the base of the rate. "${SUPPRESSION_SYMBOL}" = withheld; "${NO_DATA_SYMBOL}" = not supplied; empty for counts and derived figures.` },
  { name: 'ci_low', type: 'number', description: 'Lower bound of the Wilson 95% interval of a rate; empty otherwise.' },
  { name: 'ci_high', type: 'number', description: 'Upper bound of the Wilson 95% interval of a rate; empty otherwise.' },
  { name: 'revision', type: 'integer', description: 'Revision number of the zone’s return for the quarter that the row reflects.' },
  {
    name: 'quarter_status',
    type: 'string',
    description: 'Where the quarter stands when the export is made: signed_off (signed off by the zone), open (ended, may still be corrected) or not_ended (still running: the counts so far).',
  },
  { name: 'threshold', type: 'integer', description: 'Smallest count published to this caller: 1 = full counts; k = counts 1 … k−1 and what would reveal them are withheld.' },
  { name: 'generated_at', type: 'datetime', description: 'When the export was made (UTC, ISO 8601).' },
];

/** What an export is of: the zones, the quarters from and to, and the lists of its parameters. */
export interface ExportSelection {
  zones: string[];
  from: string;
  to: string;
  categories: string[];
  classifications: string[];
  measures: string[];
  metrics: string[];
}

/** Provenance carried by every export. */
export interface ExportProvenance {
  generatedAt: string;
  generator: string;
  /** Role of the caller the export was made for (its thresholds apply). */
  role: string;
  profile: string;
  thresholds: { zone: string; threshold: number }[];
  /**
   * The statistics of the count rows, as they appear in the `statistic` column: a measure asked
   * for, or `<measure>_4q` where a zone's threshold publishes that flow as 4-quarter windows.
   */
  countStatistics: CountStatistic[];
  suppressionSymbol: string;
  /** What stands in a value the zone did not supply (`NO_DATA_SYMBOL`). */
  noDataSymbol: string;
  /** What stands in a figure without a value because its counts are too few to conclude (`TOO_FEW_SYMBOL`). */
  tooFewSymbol: string;
  /** The selection the export was made of (every zone it covers, its first and last quarters), and the groups its figures are of. */
  selection: ExportSelection & { groups: string[] };
  /** The revision of every zone-quarter the export reflects. */
  revisions: { zone: string; period: string; revision: number; createdAt: string }[];
}

/**
 * Neutralises text that a spreadsheet would run as a formula (CSV injection): a leading = + - @,
 * tab or carriage return gets a leading apostrophe. Numbers are written by the exporter itself
 * and are never passed through here.
 */
export function neutraliseFormula(text: string): string {
  return /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
}
