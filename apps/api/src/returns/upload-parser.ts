/**
 * Reads an uploaded CSV or XLSX file row by row, with the row numbers a spreadsheet shows, checking
 * its limits as it goes (rows, columns, cells, unpacked size): memory stays bounded whatever the
 * file, and a file passing a limit is stopped the moment it does.
 *
 * CSV is decoded as a stream (UTF-8, UTF-16 with or without byte order mark, else Windows-1252) and
 * parsed by csv-parse's stream API. XLSX is read by `./xlsx-reader.ts`: a workbook is a ZIP archive
 * whose parts are unpacked as streams, counted, and parsed as XML events.
 */
import { isUtf8 } from 'node:buffer';
import { Readable, type Transform } from 'node:stream';
import { setImmediate as yieldToIo } from 'node:timers/promises';
import { parse as parseCsvStream } from 'csv-parse';
import { parse } from 'csv-parse/sync';
import iconv from 'iconv-lite';
import type { Problem } from '@equity/shared';
import { columnLetter } from './pii-guard.js';
import { normaliseToken, type RawRow, type RawTable } from './return-validator.js';
import { limitPassed, NO_READ_LIMITS, type ReadLimits, unreadable, UnreadableFileError, UploadLimitError } from './upload-errors.js';
import { readXlsxRows } from './xlsx-reader.js';

export { limitPassed, NO_READ_LIMITS, type ReadLimits, unreadable, UnreadableFileError, UploadLimitError } from './upload-errors.js';

export type FileKind = 'csv' | 'xlsx';

/** Where the rows of a file go, one at a time: the header first (also for a file without rows). */
export interface RowSink {
  /**
   * The header's headings, normalised. May answer the column names to key the rows' values by
   * instead (the template column each heading names, `categorie` → `category`).
   */
  header(columns: string[]): string[] | void;
  row(row: RawRow): void;
  /** A problem of one cell found while reading (an Excel formula without a saved result). */
  problem(problem: Problem): void;
}

/** Decides the kind from the name and the first bytes (an XLSX file is a ZIP archive: "PK"). The name is not quoted back. */
export function detectFileKind(filename: string, content: Buffer): FileKind {
  const lower = filename.toLowerCase();
  const zip = content.length >= 2 && content[0] === 0x50 && content[1] === 0x4b;
  if (lower.endsWith('.xlsx')) {
    if (!zip) throw unreadable('not_xlsx', 'The file is named .xlsx but is not an Excel workbook. Open it in Excel and save it as "Excel Workbook (*.xlsx)", or save it as CSV.');
    return 'xlsx';
  }
  if (lower.endsWith('.xls')) throw unreadable('xls', 'Old Excel files (.xls) are not supported. Save the file as .xlsx or .csv and upload it again.');
  if (lower.endsWith('.csv') || lower.endsWith('.txt')) {
    if (zip) throw unreadable('csv_is_xlsx', 'The file is named .csv but looks like an Excel workbook. Rename it to .xlsx or export it as CSV.');
    return 'csv';
  }
  throw unreadable('unknown_type', 'The file is neither a CSV (.csv) nor an Excel (.xlsx) file.');
}

/**
 * Reads a whole upload into a table (the import command line and tests). The API reads uploads
 * with `readUpload` instead, which never holds all rows.
 */
export async function parseUpload(filename: string, content: Buffer, limits: ReadLimits = NO_READ_LIMITS): Promise<{ kind: FileKind; table: RawTable; problems: Problem[] }> {
  const table: RawTable = { columns: [], rows: [] };
  const problems: Problem[] = [];
  const { kind } = await readUpload(filename, content, limits, {
    header: (columns) => {
      table.columns = columns;
    },
    row: (row) => table.rows.push(row),
    problem: (p) => problems.push(p),
  });
  return { kind, table, problems };
}

/** Reads an upload row by row into `sink`, checking `limits` as it goes. */
export async function readUpload(filename: string, content: Buffer, limits: ReadLimits, sink: RowSink): Promise<{ kind: FileKind; rowsRead: number }> {
  const kind = detectFileKind(filename, content);
  const rows = new RowAssembler(limits, sink);
  if (kind === 'csv') await readCsvRows(content, rows);
  else await readXlsxRows(content, limits, rows);
  rows.end();
  return { kind, rowsRead: rows.rowsRead };
}

/**
 * Turns the cells of each spreadsheet row into a RawRow: the first non-blank row is the header,
 * blank rows are skipped (but counted in row numbers). Counts rows, columns and cells against the
 * limits.
 */
export class RowAssembler {
  private columns: string[] | null = null;
  rowsRead = 0;
  private cells = 0;
  private sinceYield = 0;

  constructor(
    private readonly limits: ReadLimits,
    private readonly sink: RowSink,
  ) {}

  /**
   * An Excel formula without a calculated result (a workbook written by a program and never opened
   * in Excel): its cell reads as empty, and this problem says why.
   */
  formulaWithoutValue(rowNumber: number, column: number): void {
    const heading = this.columns?.[column - 1] || null;
    this.sink.problem({
      row: rowNumber,
      column: heading,
      code: 'formula_without_value',
      message:
        `Row ${rowNumber}, column ${columnLetter(column)} holds a formula without a calculated result (the file was not saved by Excel after it was made). ` +
        'Open it in Excel and save it again, or replace the formula by its value (Copy, then Paste Values).',
    });
  }

  /** True once the header has been read: problems of later rows are data problems. */
  get hasHeader(): boolean {
    return this.columns !== null;
  }

  push(rowNumber: number, values: string[]): void {
    let last = values.length - 1;
    while (last >= 0 && values[last] === '') last--;
    if (last < 0) return;
    if (last + 1 > this.limits.maxColumns) {
      throw limitPassed(
        'too_many_columns',
        `Row ${rowNumber} has a value in column ${columnLetter(last + 1)}, beyond the ${this.limits.maxColumns} columns a file may have. A return has about ten columns: remove the others.`,
        { max: this.limits.maxColumns, columnLetter: columnLetter(last + 1) },
        rowNumber,
      );
    }
    if (this.columns === null) {
      this.columns = values.map(normaliseToken);
      this.columns = this.sink.header(this.columns) ?? this.columns;
      return;
    }
    this.rowsRead += 1;
    if (this.rowsRead > this.limits.maxRows) {
      throw limitPassed(
        'too_many_rows',
        `The file has more than ${this.limits.maxRows.toLocaleString('en')} data rows (row ${rowNumber} is one too many). A return holds at most that many: check that the sheet holds one zone and one quarter, or split it.`,
        { max: this.limits.maxRows },
        rowNumber,
      );
    }
    for (let j = 0; j <= last; j++) if (values[j] !== '') this.cells += 1;
    if (this.cells > this.limits.maxCells) {
      throw limitPassed('too_many_cells', `The file has more than ${this.limits.maxCells.toLocaleString('en')} filled cells (passed at row ${rowNumber}). Remove columns that are not part of the return.`, { max: this.limits.maxCells }, rowNumber);
    }
    const columns = this.columns;
    const record: Record<string, string> = {};
    for (let j = 0; j < columns.length; j++) record[columns[j]!] = values[j] ?? '';
    this.sink.row({ row: rowNumber, values: record, ...hiddenCells(columns, values) });
  }

  /** Lets other requests run now and then (validation is CPU work). */
  async breathe(): Promise<void> {
    this.sinceYield += 1;
    if (this.sinceYield >= 1000) {
      this.sinceYield = 0;
      await yieldToIo();
    }
  }

  end(): void {
    if (this.columns === null) {
      this.columns = [];
      this.sink.header([]);
    }
  }
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

// ---------------------------------------------------------------------------------------------
// CSV
// ---------------------------------------------------------------------------------------------

type TextEncoding = 'utf8' | 'utf16le' | 'utf16be' | 'win1252';

const SAVE_AS_UTF8 = 'In Excel choose File › Save As › "CSV UTF-8 (Comma delimited) (*.csv)", or upload the workbook itself (.xlsx).';

/**
 * The encoding of a CSV file and the length of its byte order mark: UTF-8 (with or without BOM),
 * UTF-16 LE or BE (Excel's "Unicode Text"; with BOM, or recognised by its zero bytes), else
 * Windows-1252 as Excel on Windows writes it. UTF-32 and other binary content are refused with
 * the encoding to use.
 */
export function detectEncoding(content: Buffer): { encoding: TextEncoding; bom: number } {
  const b = content;
  if (b.length >= 4 && ((b[0] === 0xff && b[1] === 0xfe && b[2] === 0 && b[3] === 0) || (b[0] === 0 && b[1] === 0 && b[2] === 0xfe && b[3] === 0xff))) {
    throw unreadable('utf32', `The file is in UTF-32, which is not supported. ${SAVE_AS_UTF8}`);
  }
  if (b.length >= 3 && b[0] === 0xef && b[1] === 0xbb && b[2] === 0xbf) return { encoding: 'utf8', bom: 3 };
  if (b.length >= 2 && b[0] === 0xff && b[1] === 0xfe) return { encoding: 'utf16le', bom: 2 };
  if (b.length >= 2 && b[0] === 0xfe && b[1] === 0xff) return { encoding: 'utf16be', bom: 2 };
  // UTF-16 without BOM: text in Latin letters has a zero byte in every other position.
  const sample = Math.min(b.length - (b.length % 2), 4096);
  if (sample >= 4) {
    let evenZeros = 0;
    let oddZeros = 0;
    for (let i = 0; i < sample; i += 2) {
      if (b[i] === 0) evenZeros++;
      if (b[i + 1] === 0) oddZeros++;
    }
    const pairs = sample / 2;
    if (oddZeros > pairs * 0.3 && evenZeros < pairs * 0.05) return { encoding: 'utf16le', bom: 0 };
    if (evenZeros > pairs * 0.3 && oddZeros < pairs * 0.05) return { encoding: 'utf16be', bom: 0 };
  }
  if (b.includes(0)) throw unreadable('binary', `The file is not text in an encoding we can read (it holds zero bytes). ${SAVE_AS_UTF8}`);
  return { encoding: isUtf8(b) ? 'utf8' : 'win1252', bom: 0 };
}

/** Text of a whole CSV file (small files and tests): see detectEncoding. */
export function decodeCsv(content: Buffer): string {
  const { encoding, bom } = detectEncoding(content);
  // Node's own TextDecoder maps windows-1252 like latin1 (0x80–0x9F wrong): iconv-lite for all.
  return iconv.decode(content.subarray(bom), encoding);
}

/** Picks the separator of the header line: Belgian Excel writes `;`, others `,` or a tab. */
function detectDelimiter(text: string): string {
  const header = text.replace(/^\s*\n/, '').split(/\r?\n/, 1)[0] ?? '';
  const counts = [';', ',', '\t'].map((d) => [d, header.split(d).length - 1] as const);
  counts.sort((a, b) => b[1] - a[1]);
  return counts[0]?.[1] ? counts[0][0] : ',';
}

const CSV_OPTIONS = { relax_column_count: true, skip_empty_lines: false, trim: true, info: true } as const;
/** Characters of one record (row): a return's row is a few dozen. */
const MAX_RECORD_CHARS = 256 * 1024;

function csvError(err: unknown): UnreadableFileError | UploadLimitError {
  if (err instanceof UnreadableFileError || err instanceof UploadLimitError) return err;
  const e = err as { code?: string; lines?: number };
  const line = typeof e.lines === 'number' ? e.lines : null;
  if (e.code === 'CSV_MAX_RECORD_SIZE') {
    return limitPassed('row_too_long', `A row of the file${line ? ` (near line ${line})` : ''} is longer than ${MAX_RECORD_CHARS / 1024} KB. Check quotes: an unclosed quote runs on to the end of the file.`, { maxKb: MAX_RECORD_CHARS / 1024, ...(line ? { line } : {}) }, line);
  }
  return new UnreadableFileError({
    row: line,
    column: null,
    code: 'unreadable_file',
    params: { reason: 'csv_syntax', ...(line ? { line } : {}) },
    message: `The CSV file could not be read${line ? ` near line ${line}` : ''}: check quotes and separators.`,
  });
}

/**
 * Parses CSV into rows numbered as a spreadsheet shows them: one row per record (a quoted value
 * with line breaks stays in its row), blank lines counted, the header being the first non-blank
 * row. A whole file in memory: for the import command line and tests.
 */
export function parseCsv(content: Buffer): RawTable {
  const text = decodeCsv(content);
  let records: { record: string[] }[];
  try {
    records = parse(text, { ...CSV_OPTIONS, delimiter: detectDelimiter(text) }) as unknown as { record: string[] }[];
  } catch (err) {
    throw csvError(err);
  }
  const table: RawTable = { columns: [], rows: [] };
  const rows = new RowAssembler(NO_READ_LIMITS, { header: (c) => void (table.columns = c), row: (r) => table.rows.push(r), problem: () => undefined });
  records.forEach((r, i) => rows.push(i + 1, r.record));
  rows.end();
  return table;
}

/** Streams a CSV file through the decoder and csv-parse into `rows`. */
async function readCsvRows(content: Buffer, rows: RowAssembler): Promise<void> {
  const { encoding, bom } = detectEncoding(content);
  const body = content.subarray(bom);
  // The separator from the first lines only (the first non-blank line is the header).
  const head = iconv.decode(body.subarray(0, 64 * 1024), encoding);
  const chunks = function* () {
    for (let i = 0; i < body.length; i += 64 * 1024) yield body.subarray(i, i + 64 * 1024);
  };
  const decoded = Readable.from(chunks()).pipe(iconv.decodeStream(encoding) as unknown as Transform);
  const parser = parseCsvStream({ ...CSV_OPTIONS, delimiter: detectDelimiter(head), max_record_size: MAX_RECORD_CHARS });
  decoded.on('error', (err) => parser.destroy(err));
  decoded.pipe(parser);
  let index = 0;
  try {
    for await (const { record } of parser as AsyncIterable<{ record: string[] }>) {
      index += 1;
      rows.push(index, record);
      await rows.breathe();
    }
  } catch (err) {
    throw csvError(err);
  } finally {
    decoded.destroy();
    parser.destroy();
  }
}

/** The first worksheet of a whole workbook as a table (tests and tools; the API streams with readUpload). */
export async function parseXlsx(content: Buffer, limits: ReadLimits = NO_READ_LIMITS): Promise<RawTable> {
  return (await parseUpload('upload.xlsx', content, limits)).table;
}
