/** Reads an uploaded CSV or XLSX file into rows, with the row numbers a spreadsheet shows. */
import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import type { Problem } from '@equity/shared';
import { normaliseToken, type RawRow, type RawTable } from './return-validator.js';

export type FileKind = 'csv' | 'xlsx';

export class UnreadableFileError extends Error {
  constructor(readonly problem: Problem) {
    super(problem.message);
  }
}

const unreadable = (message: string) => new UnreadableFileError({ row: null, column: null, code: 'unreadable_file', message });

/** Decides the kind from the name and the first bytes (an XLSX file is a ZIP archive: "PK"). */
export function detectFileKind(filename: string, content: Buffer): FileKind {
  const lower = filename.toLowerCase();
  const zip = content.length >= 2 && content[0] === 0x50 && content[1] === 0x4b;
  if (lower.endsWith('.xlsx')) {
    if (!zip) throw unreadable(`"${filename}" is named .xlsx but is not an Excel workbook.`);
    return 'xlsx';
  }
  if (lower.endsWith('.xls')) throw unreadable('Old Excel files (.xls) are not supported. Save the file as .xlsx or .csv and upload it again.');
  if (lower.endsWith('.csv') || lower.endsWith('.txt')) {
    if (zip) throw unreadable(`"${filename}" is named .csv but looks like an Excel workbook. Rename it to .xlsx or export it as CSV.`);
    return 'csv';
  }
  throw unreadable(`"${filename}" is neither a CSV (.csv) nor an Excel (.xlsx) file.`);
}

export async function parseUpload(filename: string, content: Buffer): Promise<{ kind: FileKind; table: RawTable }> {
  const kind = detectFileKind(filename, content);
  return { kind, table: kind === 'csv' ? parseCsv(content) : await parseXlsx(content) };
}

/** Picks the separator of the header line: Belgian Excel writes `;`, others `,` or a tab. */
function detectDelimiter(text: string): string {
  const header = text.split(/\r?\n/, 1)[0] ?? '';
  const counts = [';', ',', '\t'].map((d) => [d, header.split(d).length - 1] as const);
  counts.sort((a, b) => b[1] - a[1]);
  return counts[0]?.[1] ? counts[0][0] : ',';
}

/** Text of a CSV file: UTF-8 (with or without BOM), else Windows-1252 as Excel on Windows writes it. */
export function decodeCsv(content: Buffer): string {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(content);
  } catch {
    // Node's own TextDecoder maps windows-1252 like latin1 (0x80–0x9F wrong): use iconv-lite.
    text = iconv.decode(content, 'win1252');
  }
  return text.replace(/^\uFEFF/, '');
}

/**
 * Cells of a row that its `values` cannot show: beyond the last heading, or under a heading that
 * appears again further right. They are never read as data, but are checked for personal data.
 */
function hiddenCells(columns: string[], cells: string[]): Pick<RawRow, 'hidden'> {
  const hidden: NonNullable<RawRow['hidden']> = [];
  cells.forEach((text, j) => {
    if (text === '') return;
    if (j >= columns.length) hidden.push({ column: null, index: j + 1, text });
    else if (columns.lastIndexOf(columns[j]!) !== j) hidden.push({ column: columns[j]!, index: j + 1, text });
  });
  return hidden.length ? { hidden } : {};
}

/**
 * Parses CSV into rows numbered as a spreadsheet shows them: one row per record (a quoted value
 * with line breaks stays in its row), blank lines counted, the header being the first non-blank row.
 */
export function parseCsv(content: Buffer): RawTable {
  const text = decodeCsv(content);
  let records: { record: string[]; info: { lines: number } }[];
  try {
    records = parse(text, {
      delimiter: detectDelimiter(text.replace(/^\s*\n/, '')),
      relax_column_count: true,
      skip_empty_lines: false,
      trim: true,
      info: true,
    }) as unknown as { record: string[]; info: { lines: number } }[];
  } catch (err) {
    const e = err as { message?: string; lines?: number };
    throw new UnreadableFileError({
      row: typeof e.lines === 'number' ? e.lines : null,
      column: null,
      code: 'unreadable_file',
      message: `The CSV file could not be read${typeof e.lines === 'number' ? ` near line ${e.lines}` : ''}: check quotes and separators.`,
    });
  }
  const blank = (record: string[]) => record.every((v) => v === '');
  const headerIndex = records.findIndex((r) => !blank(r.record));
  if (headerIndex < 0) return { columns: [], rows: [] };
  const columns = records[headerIndex]!.record.map(normaliseToken);
  const rows: RawRow[] = [];
  records.forEach((r, i) => {
    if (i <= headerIndex || blank(r.record)) return;
    rows.push({ row: i + 1, values: Object.fromEntries(columns.map((c, j) => [c, r.record[j] ?? ''])), ...hiddenCells(columns, r.record) });
  });
  return { columns, rows };
}

function cellText(value: ExcelJS.CellValue): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (typeof value === 'string') return value.trim();
  if (value instanceof Date) return value.toISOString();
  if (typeof value === 'object') {
    if ('result' in value) return cellText(value.result as ExcelJS.CellValue);
    if ('richText' in value) return value.richText.map((t) => t.text).join('').trim();
    if ('text' in value) return String(value.text).trim();
    if ('error' in value) return String(value.error);
  }
  return String(value);
}

export async function parseXlsx(content: Buffer): Promise<RawTable> {
  const workbook = new ExcelJS.Workbook();
  try {
    await workbook.xlsx.load(content as unknown as ArrayBuffer);
  } catch {
    throw unreadable('The Excel file could not be opened. Save it again as .xlsx (Excel workbook) and upload it.');
  }
  const sheet = workbook.worksheets[0];
  if (!sheet) throw unreadable('The Excel file has no worksheet.');
  let columns: string[] = [];
  const rows: RawRow[] = [];
  sheet.eachRow({ includeEmpty: false }, (row, rowNumber) => {
    // row.values is sparse (1-based, holes for empty cells): Array.from fills the holes.
    const values = Array.from(row.values as ExcelJS.CellValue[]).slice(1).map(cellText);
    if (columns.length === 0) {
      columns = values.map(normaliseToken);
      return;
    }
    if (values.every((v) => v === '')) return;
    rows.push({ row: rowNumber, values: Object.fromEntries(columns.map((c, i) => [c, values[i] ?? ''])), ...hiddenCells(columns, values) });
  });
  return { columns, rows };
}
