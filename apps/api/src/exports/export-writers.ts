/**
 * The export formats. Each writer consumes the rows one zone-quarter at a time and writes them
 * to the response as they come, so memory stays flat whatever the size of the export.
 */
import { once } from 'node:events';
import { Readable, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import {
  type CountStatistic,
  EXPORT_FIELDS,
  type ExportProvenance,
  type ExportRow,
  type ExportValue,
  EXPORT_MISSING_VALUES,
  exportSymbol,
  isWindowStatistic,
  labelText,
  METRIC_DEFINITIONS,
  MEASURES,
  neutraliseFormula,
  NO_DATA_SYMBOL,
  SUPPRESSION_SYMBOL,
  TOO_FEW_SYMBOL,
  type Label,
  WINDOW_QUARTERS,
  WINDOW_STATISTIC_DEFINITIONS,
} from '@equity/shared';
import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import type { ExportPlan } from './exports.service.js';

export const CONTENT_TYPES = {
  csv: 'text/csv; charset=utf-8',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  json: 'application/json; charset=utf-8',
  datapackage: 'application/zip',
} as const;

export const EXTENSIONS = { csv: 'csv', xlsx: 'xlsx', json: 'json', datapackage: 'zip' } as const;

type Batches = AsyncIterable<ExportRow[]>;

/**
 * The data dictionary of the count statistics an export holds (`provenance.countStatistics`):
 * a measure's quarterly count, or a flow over the 4 quarters to the period (`hires_4q` …).
 */
export function countStatisticDefinitions(statistics: readonly CountStatistic[]): Record<string, { label: Label; definition: string; quarters: number }> {
  return Object.fromEntries(
    statistics.map((s) => {
      if (isWindowStatistic(s)) {
        const d = WINDOW_STATISTIC_DEFINITIONS[s];
        return [s, { label: d.label, definition: d.definition, quarters: WINDOW_QUARTERS }];
      }
      const m = MEASURES[s];
      return [s, { label: m.label, definition: m.description, quarters: 1 }];
    }),
  );
}

const TEXT_FIELDS = new Set<keyof ExportRow>(['zone', 'zone_name', 'period', 'statistic', 'category', 'classification', 'group', 'quarter_status']);

function csvQuote(text: string): string {
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

function plainValue(v: ExportValue | string | undefined): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'number') return String(v);
  if (typeof v === 'string') return v;
  return exportSymbol(v);
}

/** One CSV line (with its line break): text neutralised against formulas, withheld values as the symbol. */
export function csvLine(row: ExportRow): string {
  return (
    EXPORT_FIELDS.map((f) => {
      const v = row[f.name];
      return csvQuote(TEXT_FIELDS.has(f.name) ? neutraliseFormula(String(v)) : plainValue(v));
    }).join(',') + '\r\n'
  );
}

export const CSV_HEADER = EXPORT_FIELDS.map((f) => f.name).join(',') + '\r\n';

async function* csvChunks(batches: Batches): AsyncGenerator<string> {
  yield CSV_HEADER;
  for await (const rows of batches) if (rows.length) yield rows.map(csvLine).join('');
}

async function* jsonChunks(plan: ExportPlan, batches: Batches): AsyncGenerator<string> {
  const head = {
    provenance: plan.provenance,
    suppressed: 'A withheld value is {"suppressed": true}; null means not computable (no base).',
    noData: 'A value the zone did not supply (the measure has no cell in the quarter, or in a quarter of the figure’s window) is {"noData": true}: no data, never 0.',
    tooFew: 'A figure without a value because its counts are too few to conclude (the dashboard’s "too few to conclude"; its counts are given) is {"tooFew": true}; a figure with a value keeps it.',
    fields: EXPORT_FIELDS,
    statistics: countStatisticDefinitions(plan.provenance.countStatistics),
  };
  yield `${JSON.stringify(head).slice(0, -1)},"rows":[\n`;
  let first = true;
  for await (const rows of batches) {
    if (!rows.length) continue;
    const lines: string[] = [];
    for (const row of rows) {
      lines.push(`${first ? '' : ',\n'}${JSON.stringify(row)}`);
      first = false;
    }
    yield lines.join('');
  }
  yield '\n]}\n';
}

/** Writes the export in the plan's format to `out` (the HTTP response), progressively. */
/** The whole file of a small export, in memory (ExportRunner keeps it for identical downloads). */
export async function renderExport(plan: ExportPlan, batches: Batches): Promise<Buffer> {
  const chunks: Buffer[] = [];
  const sink = new Writable({
    write(chunk: Buffer | string, _encoding, done) {
      chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk));
      done();
    },
  });
  await writeExport(plan, batches, sink);
  return Buffer.concat(chunks);
}

export async function writeExport(plan: ExportPlan, batches: Batches, out: Writable): Promise<void> {
  switch (plan.format) {
    case 'csv':
      return pipeline(Readable.from(csvChunks(batches)), out);
    case 'json':
      return pipeline(Readable.from(jsonChunks(plan, batches)), out);
    case 'xlsx':
      return writeXlsx(plan, batches, out);
    case 'datapackage':
      return writeDataPackage(plan, batches, out);
  }
}

async function writeXlsx(plan: ExportPlan, batches: Batches, out: Writable): Promise<void> {
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: false, useSharedStrings: false });
  workbook.creator = 'Equity Monitor';
  workbook.created = new Date(plan.generatedAt);
  const about = workbook.addWorksheet('about');
  for (const line of aboutLines(plan.provenance)) about.addRow(line).commit();
  about.commit();
  const sheet = workbook.addWorksheet('data');
  sheet.addRow(EXPORT_FIELDS.map((f) => f.name)).commit();
  for await (const rows of batches) {
    for (const row of rows) {
      sheet
        .addRow(
          EXPORT_FIELDS.map((f) => {
            const v = row[f.name];
            if (TEXT_FIELDS.has(f.name)) return neutraliseFormula(String(v));
            if (v === null || typeof v === 'number' || typeof v === 'string') return v;
            return exportSymbol(v);
          }),
        )
        .commit();
    }
    // Let the client take what was written before producing more.
    if (out.writableNeedDrain) await once(out, 'drain');
  }
  sheet.commit();
  await workbook.commit();
}

function aboutLines(p: ExportProvenance): (string | number)[][] {
  return [
    ['Equity Monitor export'],
    ['generated at (UTC)', p.generatedAt],
    ['made for role', p.role],
    ['classification profile', p.profile],
    ['withheld values are shown as', p.suppressionSymbol],
    ['values the zone did not supply (no data) are shown as', p.noDataSymbol],
    ['figures without a value because the counts are too few to conclude are shown as', p.tooFewSymbol],
    ['quarters', `${p.selection.from} to ${p.selection.to}`],
    ['measures', p.selection.measures.join(', ')],
    ['count statistics', p.countStatistics.join(', ')],
    ['figures', p.selection.metrics.join(', ')],
    ['categories', p.selection.categories.join(', ')],
    ['classifications', p.selection.classifications.join(', ')],
    [],
    ['zone', 'threshold (1 = full counts)'],
    ...p.thresholds.map((t) => [t.zone, t.threshold]),
    [],
    ['zone', 'quarter', 'revision', 'revision made at (UTC)'],
    ...p.revisions.map((r) => [r.zone, r.period, r.revision, r.createdAt]),
    [],
    ['column', 'meaning'],
    ...EXPORT_FIELDS.map((f) => [f.name, f.description]),
    [],
    ['count statistic', 'label', 'meaning'],
    ...Object.entries(countStatisticDefinitions(p.countStatistics)).map(([code, d]) => [code, labelText(d.label), d.definition]),
  ];
}

/** Licence of exported data by profile: the UK Home Office data stays under its own licence. */
const LICENCES: Record<string, { name: string; path: string; title: string }> = {
  'uk-home-office': {
    name: 'OGL-UK-3.0',
    path: 'https://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/',
    title: 'Open Government Licence v3.0 (source: Home Office, Police workforce open data tables; contains public sector information)',
  },
};
const DEFAULT_LICENCE = { name: 'CC-BY-4.0', path: 'https://creativecommons.org/licenses/by/4.0/', title: 'Creative Commons Attribution 4.0' };

/** The Frictionless Data Package descriptor (datapackage.json) of an export. */
export function dataPackageDescriptor(plan: ExportPlan): Record<string, unknown> {
  const { profile, provenance } = plan;
  return {
    profile: 'tabular-data-package',
    name: `equity-monitor-${profile.code}-${provenance.selection.from}-${provenance.selection.to}`.toLowerCase().replace(/[^a-z0-9._-]/g, '-'),
    title: `Equity Monitor: ${labelText(profile.name)}, ${provenance.selection.from} to ${provenance.selection.to}`,
    description:
      'Anonymous, aggregated police workforce diversity statistics. One row per published count or figure (tidy long format). ' +
      `Values withheld by disclosure control are "${SUPPRESSION_SYMBOL}", values the zone did not supply (no data) "${NO_DATA_SYMBOL}", figures without a value because the counts are too few to conclude "${TOO_FEW_SYMBOL}" (all listed in missingValues); empty cells are not computable or not applicable.`,
    created: plan.generatedAt,
    version: '1.0.0',
    licenses: [LICENCES[profile.code] ?? DEFAULT_LICENCE],
    sources: [{ title: 'Equity Monitor quarterly returns', path: '/api/v1/exports' }],
    resources: [
      {
        profile: 'tabular-data-resource',
        name: 'statistics',
        path: 'data/statistics.csv',
        format: 'csv',
        mediatype: 'text/csv',
        encoding: 'utf-8',
        dialect: { delimiter: ',', lineTerminator: '\r\n', quoteChar: '"', doubleQuote: true, header: true },
        schema: {
          fields: EXPORT_FIELDS.map((f) => ({ name: f.name, type: f.type, description: f.description, ...fieldExtras(f.name) })),
          missingValues: [...EXPORT_MISSING_VALUES],
          primaryKey: ['zone', 'period', 'statistic', 'category', 'classification', 'group'],
        },
      },
    ],
    equityMonitor: {
      provenance,
      suppression: {
        symbol: SUPPRESSION_SYMBOL,
        meaning:
          'Withheld by disclosure control: a count from 1 to threshold − 1, or a number that would let one be worked out from the others (complementary suppression), and every figure built on one.',
      },
      noData: {
        symbol: NO_DATA_SYMBOL,
        meaning: 'No data: the zone did not supply the measure for the quarter (no cell of it in the return read), or for a quarter of the figure’s window. Not a 0 and not a hidden value.',
      },
      tooFew: {
        symbol: TOO_FEW_SYMBOL,
        meaning:
          'Too few to conclude (low reliability): a ratio without a value because the counts behind it are too few (the dashboard’s "too few to conclude"), such as a hiring ratio without declared hires. Its counts are published; not a hidden value, not missing data.',
      },
      classificationProfile: profile,
      // The codes of the `statistic` column's count rows: the measures, or their 4-quarter windows (`hires_4q` …).
      measures: countStatisticDefinitions(provenance.countStatistics),
      metrics: Object.fromEntries(provenance.selection.metrics.map((m) => [m, METRIC_DEFINITIONS[m as keyof typeof METRIC_DEFINITIONS]])),
    },
  };
}

function fieldExtras(name: keyof ExportRow): Record<string, unknown> {
  switch (name) {
    case 'period':
      return { constraints: { required: true, pattern: '\\d{4}-Q[1-4]' } };
    case 'zone':
    case 'statistic':
    case 'category':
    case 'classification':
    case 'group':
      return { constraints: { required: true } };
    case 'numerator':
    case 'denominator':
    case 'threshold':
    case 'revision':
      return { constraints: { minimum: name === 'threshold' || name === 'revision' ? 1 : 0 } };
    default:
      return {};
  }
}

async function writeDataPackage(plan: ExportPlan, batches: Batches, out: Writable): Promise<void> {
  const zip = new JSZip();
  zip.file('datapackage.json', JSON.stringify(dataPackageDescriptor(plan), null, 2));
  zip.file('data/statistics.csv', Readable.from(csvChunks(batches)) as unknown as NodeJS.ReadableStream, { binary: true });
  await pipeline(zip.generateNodeStream({ type: 'nodebuffer', streamFiles: true, compression: 'DEFLATE', compressionOptions: { level: 6 } }), out);
}
