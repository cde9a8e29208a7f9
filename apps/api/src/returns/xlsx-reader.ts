/**
 * Reads the first worksheet of an XLSX workbook row by row with bounded memory.
 *
 * A workbook is a ZIP archive of XML parts. The upload is in memory already (at most
 * UPLOAD_MAX_BYTES); the archive is opened with yauzl (its directory, ZIP64, data descriptors,
 * entry sizes checked against the directory). Only the parts needed are unpacked (workbook, its
 * relationships, the shared strings and the first sheet), each as a stream whose unpacked bytes are
 * counted as they flow against UPLOAD_MAX_UNZIPPED_BYTES (all parts together) and
 * UPLOAD_MAX_ZIP_RATIO (each part against its packed size): a "zip bomb" is stopped after at most
 * that many bytes, whatever its directory claims. The XML is parsed as events (saxes); rows go to
 * the RowAssembler, which counts rows, columns and cells.
 *
 * exceljs' own streaming reader is not used: it writes a worksheet that comes before the shared
 * strings in the archive (as Excel saves them) to a temporary file unpacked in full, and keeps
 * every shared string, with no limit on either.
 */
import type { Readable } from 'node:stream';
import { StringDecoder } from 'node:string_decoder';
import { SaxesParser, type SaxesTagPlain } from 'saxes';
import yauzl, { type Entry, type ZipFile } from 'yauzl';
import { columnLetter } from './pii-guard.js';
import { limitPassed, type ReadLimits, unreadable, UnreadableFileError, UploadLimitError } from './upload-errors.js';
import type { RowAssembler } from './upload-parser.js';

const CANNOT_OPEN = 'The Excel file could not be opened. Save it again as .xlsx (Excel Workbook) and upload it.';
const MAX_PARTS = 10_000;

/** A workbook's archive: the open file and its entries by name. */
interface Archive {
  zip: ZipFile;
  entries: Map<string, Entry>;
}

/** Opens the archive and reads its directory (names and sizes only, nothing unpacked). */
async function openArchive(buf: Buffer): Promise<Archive> {
  let zip: ZipFile;
  try {
    zip = await yauzl.fromBufferPromise(buf, { lazyEntries: true, validateEntrySizes: true, strictFileNames: false });
  } catch {
    throw unreadable('cannot_open', CANNOT_OPEN);
  }
  if (zip.entryCount > MAX_PARTS) {
    zip.close();
    throw limitPassed('too_many_parts', `The Excel file has more than ${MAX_PARTS.toLocaleString('en')} parts. A return is one sheet: copy it into a new workbook and save that.`, { max: MAX_PARTS });
  }
  const entries = new Map<string, Entry>();
  try {
    for await (const entry of zip.eachEntry()) entries.set(entry.fileName, entry);
  } catch {
    zip.close();
    throw unreadable('cannot_open', CANNOT_OPEN);
  }
  return { zip, entries };
}

/** Counts the unpacked bytes of a workbook against the limits. */
class Budget {
  used = 0;
  constructor(private readonly limits: ReadLimits) {}

  /** Throws when `entry` has unpacked `bytes` so far (and all parts `used` + those). */
  check(entry: Entry, bytes: number): void {
    const ratioCap = Math.max(entry.compressedSize * this.limits.maxZipRatio, 1024 * 1024);
    if (bytes > ratioCap) throw this.zipBomb();
    if (this.used + bytes > this.limits.maxUnzippedBytes) {
      throw limitPassed(
        'unzipped_too_large',
        `The Excel file unpacks to more than ${Math.round(this.limits.maxUnzippedBytes / (1024 * 1024))} MB. A return is far smaller: remove other sheets, pictures or rows that are not part of the return, or save the sheet as CSV.`,
        { maxMb: Math.round(this.limits.maxUnzippedBytes / (1024 * 1024)) },
      );
    }
  }

  zipBomb(): UploadLimitError {
    return limitPassed(
      'zip_bomb',
      `The Excel file unpacks to far more than it holds (more than ${this.limits.maxZipRatio} times its packed size). It is not a workbook we can read safely: open the sheet in Excel, copy the return into a new workbook and save that.`,
      { ratio: this.limits.maxZipRatio },
    );
  }
}

/** yauzl's words when a part unpacks to more bytes than the archive's directory says it holds. */
const MORE_THAN_DECLARED = /^too many bytes in the stream/;

/**
 * The text of one part of the archive, unpacked as a stream in chunks, its bytes counted as they
 * flow. Parts the directory says are larger than the limits are refused before unpacking anything;
 * a part unpacking to more than its directory says is refused by yauzl's size check (and treated as
 * the zip bomb it is). The stream is destroyed on any refusal or early stop.
 */
async function* partText(archive: Archive, entry: Entry, budget: Budget): AsyncGenerator<string> {
  if (entry.isEncrypted()) throw unreadable('encrypted', 'The Excel file is password-protected. Remove the password (File › Info › Protect Workbook) and upload it again.');
  budget.check(entry, entry.uncompressedSize);
  let stream: Readable;
  try {
    stream = await archive.zip.openReadStreamPromise(entry);
  } catch {
    // Unsupported compression method, a local header that is not there, data past the archive's end.
    throw unreadable('cannot_open', CANNOT_OPEN);
  }
  const decoder = new StringDecoder('utf8');
  let bytes = 0;
  try {
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      bytes += chunk.length;
      budget.check(entry, bytes);
      yield decoder.write(chunk);
    }
    yield decoder.end();
  } catch (err) {
    if (err instanceof UploadLimitError || err instanceof UnreadableFileError) throw err;
    if (err instanceof Error && MORE_THAN_DECLARED.test(err.message)) throw budget.zipBomb();
    throw unreadable('cannot_open', CANNOT_OPEN);
  } finally {
    stream.destroy();
  }
  budget.used += bytes;
}

/** Parses one part as XML events; `handlers` may throw to stop. */
async function parseXml(
  text: AsyncGenerator<string>,
  handlers: { open?: (tag: SaxesTagPlain, local: string) => void; close?: (local: string) => void; text?: (t: string) => void },
  breathe: () => Promise<void>,
): Promise<void> {
  const parser = new SaxesParser();
  let failure: unknown = null;
  const local = (name: string) => name.slice(name.indexOf(':') + 1);
  parser.on('error', (err) => {
    failure ??= err;
  });
  parser.on('opentag', (tag) => {
    if (failure === null) {
      try {
        handlers.open?.(tag as SaxesTagPlain, local(tag.name));
      } catch (err) {
        failure = err;
      }
    }
  });
  parser.on('closetag', (tag) => {
    if (failure === null) {
      try {
        handlers.close?.(local(tag.name));
      } catch (err) {
        failure = err;
      }
    }
  });
  if (handlers.text) {
    const onText = handlers.text;
    parser.on('text', (t) => failure === null && onText(t));
    parser.on('cdata', (t) => failure === null && onText(t));
  }
  for await (const chunk of text) {
    try {
      parser.write(chunk);
    } catch (err) {
      failure ??= err;
    }
    if (failure !== null) break;
    await breathe();
  }
  if (failure === null) {
    try {
      parser.close();
    } catch (err) {
      failure = err;
    }
  }
  if (failure !== null) {
    // Stop unpacking the rest of the part.
    await text.return(undefined);
    if (failure instanceof UploadLimitError || failure instanceof UnreadableFileError) throw failure;
    throw unreadable('cannot_open', CANNOT_OPEN);
  }
}

const attr = (tag: SaxesTagPlain, name: string): string | undefined => {
  for (const [k, v] of Object.entries(tag.attributes)) if (k === name || k.endsWith(`:${name}`)) return v;
  return undefined;
};

/** "BC12" → 55 (1-based column number). */
function columnNumber(ref: string): number {
  let n = 0;
  for (let i = 0; i < ref.length; i++) {
    const c = ref.charCodeAt(i);
    if (c >= 65 && c <= 90) n = n * 26 + (c - 64);
    else if (c >= 97 && c <= 122) n = n * 26 + (c - 96);
    else break;
  }
  return n;
}

/** The path of the first worksheet and of the shared strings, from the workbook and its relationships. */
async function workbookParts(archive: Archive, budget: Budget, breathe: () => Promise<void>): Promise<{ sheet: string; sharedStrings: string | null }> {
  const { entries } = archive;
  const workbook = entries.get('xl/workbook.xml');
  const rels = entries.get('xl/_rels/workbook.xml.rels');
  if (!workbook) throw unreadable('cannot_open', CANNOT_OPEN);
  let firstSheetRel: string | null = null;
  await parseXml(
    partText(archive, workbook, budget),
    {
      open: (tag, name) => {
        if (name === 'sheet' && firstSheetRel === null) firstSheetRel = attr(tag, 'id') ?? '';
      },
    },
    breathe,
  );
  if (firstSheetRel === null) throw unreadable('no_sheet', 'The Excel file has no worksheet.');
  const targets = new Map<string, { target: string; type: string }>();
  if (rels) {
    await parseXml(
      partText(archive, rels, budget),
      {
        open: (tag, name) => {
          if (name === 'Relationship') targets.set(attr(tag, 'Id') ?? '', { target: attr(tag, 'Target') ?? '', type: attr(tag, 'Type') ?? '' });
        },
      },
      breathe,
    );
  }
  const resolve = (target: string) => (target.startsWith('/') ? target.slice(1) : `xl/${target}`).replace(/\/\.\//g, '/');
  const sheetTarget = targets.get(firstSheetRel)?.target;
  const sheet = sheetTarget ? resolve(sheetTarget) : 'xl/worksheets/sheet1.xml';
  const shared = [...targets.values()].find((t) => t.type.endsWith('/sharedStrings'));
  const sharedStrings = shared ? resolve(shared.target) : entries.has('xl/sharedStrings.xml') ? 'xl/sharedStrings.xml' : null;
  return { sheet, sharedStrings };
}

/** The shared strings (text of string cells), at most `maxCells` of them, each trimmed. */
async function readSharedStrings(archive: Archive, entry: Entry, limits: ReadLimits, budget: Budget, breathe: () => Promise<void>): Promise<string[]> {
  const strings: string[] = [];
  let current: string[] | null = null;
  let inText = false;
  let phonetic = 0;
  await parseXml(
    partText(archive, entry, budget),
    {
      open: (_tag, name) => {
        if (name === 'si') current = [];
        else if (name === 'rPh') phonetic += 1;
        else if (name === 't' && phonetic === 0) inText = true;
      },
      close: (name) => {
        if (name === 'si' && current) {
          if (strings.length >= limits.maxCells) {
            throw limitPassed('too_many_cells', `The Excel file holds more than ${limits.maxCells.toLocaleString('en')} different texts. Remove sheets and columns that are not part of the return.`, { max: limits.maxCells });
          }
          strings.push(current.join('').trim());
          current = null;
        } else if (name === 'rPh') phonetic -= 1;
        else if (name === 't') inText = false;
      },
      text: (t) => {
        if (inText && current) current.push(t);
      },
    },
    breathe,
  );
  return strings;
}

/** Reads the first worksheet of a workbook into `rows`. */
export async function readXlsxRows(buf: Buffer, limits: ReadLimits, rows: RowAssembler): Promise<void> {
  const archive = await openArchive(buf);
  try {
    await readFirstSheet(archive, limits, rows);
  } finally {
    archive.zip.close();
  }
}

/** Reads the first worksheet of an open archive into `rows`. */
async function readFirstSheet(archive: Archive, limits: ReadLimits, rows: RowAssembler): Promise<void> {
  const { entries } = archive;
  const budget = new Budget(limits);
  const breathe = () => rows.breathe();
  const parts = await workbookParts(archive, budget, breathe);
  const sheetEntry = entries.get(parts.sheet);
  if (!sheetEntry) throw unreadable('no_sheet', 'The Excel file has no worksheet.');
  const sharedEntry = parts.sharedStrings ? entries.get(parts.sharedStrings) : undefined;
  const shared = sharedEntry ? await readSharedStrings(archive, sharedEntry, limits, budget, breathe) : [];

  // State of the row and cell being read.
  let rowNumber = 0;
  let values: string[] = [];
  let col = 0;
  let type = 'n';
  let value: string[] | null = null;
  let inline: string[] | null = null;
  let hasFormula = false;
  let inV = false;
  let inT = false;
  let phonetic = 0;

  const setCell = (text: string) => {
    if (text === '') return;
    if (col > limits.maxColumns) {
      throw limitPassed(
        'too_many_columns',
        `Row ${rowNumber} has a value in column ${columnLetter(col)}, beyond the ${limits.maxColumns} columns a file may have. A return has about ten columns: remove the others.`,
        { max: limits.maxColumns, columnLetter: columnLetter(col) },
        rowNumber,
      );
    }
    while (values.length < col - 1) values.push('');
    values[col - 1] = text;
  };

  await parseXml(
    partText(archive, sheetEntry, budget),
    {
      open: (tag, name) => {
        switch (name) {
          case 'row': {
            const r = Number(attr(tag, 'r'));
            rowNumber = Number.isInteger(r) && r > rowNumber ? r : rowNumber + 1;
            values = [];
            col = 0;
            break;
          }
          case 'c': {
            const ref = attr(tag, 'r');
            const n = ref ? columnNumber(ref) : 0;
            col = n > 0 ? n : col + 1;
            type = attr(tag, 't') ?? 'n';
            value = null;
            inline = null;
            hasFormula = false;
            break;
          }
          case 'v':
            inV = true;
            value = [];
            break;
          case 'f':
            hasFormula = true;
            break;
          case 'is':
            inline = [];
            break;
          case 'rPh':
            phonetic += 1;
            break;
          case 't':
            if (phonetic === 0) inT = true;
            break;
        }
      },
      close: (name) => {
        switch (name) {
          case 'v':
            inV = false;
            break;
          case 't':
            inT = false;
            break;
          case 'rPh':
            phonetic -= 1;
            break;
          case 'c': {
            const v = value === null ? null : (value as string[]).join('');
            if (type === 'inlineStr') {
              setCell((inline ?? []).join('').trim());
            } else if (v === null || v === '') {
              // A formula Excel never calculated (written by a program, not saved from Excel).
              if (hasFormula) rows.formulaWithoutValue(rowNumber, col);
            } else if (type === 's') {
              const i = Number(v);
              setCell(Number.isInteger(i) && i >= 0 && i < shared.length ? shared[i]! : '');
            } else if (type === 'b') {
              setCell(v === '1' ? 'true' : 'false');
            } else if (type === 'str' || type === 'e') {
              setCell(v.trim());
            } else {
              const num = Number(v);
              setCell(Number.isFinite(num) ? String(num) : v.trim());
            }
            break;
          }
          case 'row':
            rows.push(rowNumber, values);
            break;
        }
      },
      text: (t) => {
        if (inV && value) value.push(t);
        else if (inT && inline) inline.push(t);
      },
    },
    breathe,
  );
}
