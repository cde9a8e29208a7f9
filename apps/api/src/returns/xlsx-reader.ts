/**
 * Reads the first worksheet of an XLSX workbook row by row with bounded memory.
 *
 * A workbook is a ZIP archive of XML parts. The upload is in memory already (at most
 * UPLOAD_MAX_BYTES), so the archive's directory at its end tells where each part is: only the
 * parts needed are unpacked (workbook, its relationships, the shared strings and the first sheet),
 * each as a stream whose unpacked bytes are counted against UPLOAD_MAX_UNZIPPED_BYTES (all parts
 * together) and UPLOAD_MAX_ZIP_RATIO (each part against its packed size): a "zip bomb" is stopped
 * after at most that many bytes, whatever its directory claims. The XML is parsed as events
 * (saxes); rows go to the RowAssembler, which counts rows, columns and cells.
 *
 * exceljs' own streaming reader is not used: it writes a worksheet that comes before the shared
 * strings in the archive (as Excel saves them) to a temporary file unpacked in full, and keeps
 * every shared string, with no limit on either.
 */
import { Readable } from 'node:stream';
import { StringDecoder } from 'node:string_decoder';
import { createInflateRaw } from 'node:zlib';
import { SaxesParser, type SaxesTagPlain } from 'saxes';
import { columnLetter } from './pii-guard.js';
import { limitPassed, type ReadLimits, unreadable, UnreadableFileError, UploadLimitError } from './upload-errors.js';
import type { RowAssembler } from './upload-parser.js';

const CANNOT_OPEN = 'The Excel file could not be opened. Save it again as .xlsx (Excel Workbook) and upload it.';

interface ZipEntry {
  name: string;
  method: number;
  flags: number;
  compressedSize: number;
  uncompressedSize: number;
  localOffset: number;
}

/** The entries of a ZIP archive from its central directory (ZIP64 sizes and offsets included). */
export function zipEntries(buf: Buffer): Map<string, ZipEntry> {
  const minEocd = 22;
  let eocd = -1;
  for (let i = buf.length - minEocd; i >= Math.max(0, buf.length - minEocd - 0xffff); i--) {
    if (buf.readUInt32LE(i) === 0x06054b50) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) throw unreadable(CANNOT_OPEN);
  let count = buf.readUInt16LE(eocd + 10);
  let cdOffset = buf.readUInt32LE(eocd + 16);
  if (cdOffset === 0xffffffff || count === 0xffff) {
    // ZIP64: the end-of-central-directory locator sits just before.
    const loc = eocd - 20;
    if (loc < 0 || buf.readUInt32LE(loc) !== 0x07064b50) throw unreadable(CANNOT_OPEN);
    const z64 = Number(buf.readBigUInt64LE(loc + 8));
    if (z64 + 56 > buf.length || buf.readUInt32LE(z64) !== 0x06064b50) throw unreadable(CANNOT_OPEN);
    count = Number(buf.readBigUInt64LE(z64 + 32));
    cdOffset = Number(buf.readBigUInt64LE(z64 + 48));
  }
  if (count > 10_000) throw limitPassed('too_many_parts', 'The Excel file has more than 10,000 parts. A return is one sheet: copy it into a new workbook and save that.');
  const entries = new Map<string, ZipEntry>();
  let p = cdOffset;
  for (let k = 0; k < count; k++) {
    if (p + 46 > buf.length || buf.readUInt32LE(p) !== 0x02014b50) throw unreadable(CANNOT_OPEN);
    const flags = buf.readUInt16LE(p + 8);
    const method = buf.readUInt16LE(p + 10);
    let compressedSize = buf.readUInt32LE(p + 20);
    let uncompressedSize = buf.readUInt32LE(p + 24);
    const nameLen = buf.readUInt16LE(p + 28);
    const extraLen = buf.readUInt16LE(p + 30);
    const commentLen = buf.readUInt16LE(p + 32);
    let localOffset = buf.readUInt32LE(p + 42);
    const name = buf.toString('utf8', p + 46, p + 46 + nameLen);
    // ZIP64 extra field: the 64-bit values of those stored as 0xFFFFFFFF, in this order.
    let e = p + 46 + nameLen;
    const extraEnd = e + extraLen;
    while (e + 4 <= extraEnd) {
      const id = buf.readUInt16LE(e);
      const size = buf.readUInt16LE(e + 2);
      if (id === 0x0001) {
        let q = e + 4;
        if (uncompressedSize === 0xffffffff && q + 8 <= e + 4 + size) {
          uncompressedSize = Number(buf.readBigUInt64LE(q));
          q += 8;
        }
        if (compressedSize === 0xffffffff && q + 8 <= e + 4 + size) {
          compressedSize = Number(buf.readBigUInt64LE(q));
          q += 8;
        }
        if (localOffset === 0xffffffff && q + 8 <= e + 4 + size) localOffset = Number(buf.readBigUInt64LE(q));
      }
      e += 4 + size;
    }
    entries.set(name.replace(/^\//, ''), { name, method, flags, compressedSize, uncompressedSize, localOffset });
    p = extraEnd + commentLen;
  }
  return entries;
}

/** Counts the unpacked bytes of a workbook against the limits. */
class Budget {
  used = 0;
  constructor(private readonly limits: ReadLimits) {}

  /** Throws when `entry` has unpacked `bytes` so far (and all parts `used` + those). */
  check(entry: ZipEntry, bytes: number): void {
    const ratioCap = Math.max(entry.compressedSize * this.limits.maxZipRatio, 1024 * 1024);
    if (bytes > ratioCap || (entry.uncompressedSize > 0 && bytes > entry.uncompressedSize)) {
      throw limitPassed(
        'zip_bomb',
        `The Excel file unpacks to far more than it holds (more than ${this.limits.maxZipRatio} times its packed size). It is not a workbook we can read safely: open the sheet in Excel, copy the return into a new workbook and save that.`,
      );
    }
    if (this.used + bytes > this.limits.maxUnzippedBytes) {
      throw limitPassed(
        'unzipped_too_large',
        `The Excel file unpacks to more than ${Math.round(this.limits.maxUnzippedBytes / (1024 * 1024))} MB. A return is far smaller: remove other sheets, pictures or rows that are not part of the return, or save the sheet as CSV.`,
      );
    }
  }
}

/**
 * The text of one part of the archive, unpacked as a stream in chunks, its bytes counted. Parts
 * the directory says are larger than the limits are refused before unpacking anything.
 */
async function* partText(buf: Buffer, entry: ZipEntry, budget: Budget): AsyncGenerator<string> {
  if (entry.flags & 0x1) throw unreadable('The Excel file is password-protected. Remove the password (File › Info › Protect Workbook) and upload it again.');
  budget.check(entry, entry.uncompressedSize);
  const h = entry.localOffset;
  if (h + 30 > buf.length || buf.readUInt32LE(h) !== 0x04034b50) throw unreadable(CANNOT_OPEN);
  const start = h + 30 + buf.readUInt16LE(h + 26) + buf.readUInt16LE(h + 28);
  const packed = buf.subarray(start, start + entry.compressedSize);
  if (entry.method !== 0 && entry.method !== 8) throw unreadable(CANNOT_OPEN);
  const chunks = function* () {
    for (let i = 0; i < packed.length; i += 64 * 1024) yield packed.subarray(i, i + 64 * 1024);
  };
  const source = Readable.from(chunks());
  const stream = entry.method === 8 ? source.pipe(createInflateRaw()) : source;
  source.on('error', (err) => stream.destroy(err));
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
    throw unreadable(CANNOT_OPEN);
  } finally {
    source.destroy();
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
    throw unreadable(CANNOT_OPEN);
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
async function workbookParts(buf: Buffer, entries: Map<string, ZipEntry>, budget: Budget, breathe: () => Promise<void>): Promise<{ sheet: string; sharedStrings: string | null }> {
  const workbook = entries.get('xl/workbook.xml');
  const rels = entries.get('xl/_rels/workbook.xml.rels');
  if (!workbook) throw unreadable(CANNOT_OPEN);
  let firstSheetRel: string | null = null;
  await parseXml(
    partText(buf, workbook, budget),
    {
      open: (tag, name) => {
        if (name === 'sheet' && firstSheetRel === null) firstSheetRel = attr(tag, 'id') ?? '';
      },
    },
    breathe,
  );
  if (firstSheetRel === null) throw unreadable('The Excel file has no worksheet.');
  const targets = new Map<string, { target: string; type: string }>();
  if (rels) {
    await parseXml(
      partText(buf, rels, budget),
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
async function readSharedStrings(buf: Buffer, entry: ZipEntry, limits: ReadLimits, budget: Budget, breathe: () => Promise<void>): Promise<string[]> {
  const strings: string[] = [];
  let current: string[] | null = null;
  let inText = false;
  let phonetic = 0;
  await parseXml(
    partText(buf, entry, budget),
    {
      open: (_tag, name) => {
        if (name === 'si') current = [];
        else if (name === 'rPh') phonetic += 1;
        else if (name === 't' && phonetic === 0) inText = true;
      },
      close: (name) => {
        if (name === 'si' && current) {
          if (strings.length >= limits.maxCells) {
            throw limitPassed('too_many_cells', `The Excel file holds more than ${limits.maxCells.toLocaleString('en')} different texts. Remove sheets and columns that are not part of the return.`);
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
  const entries = zipEntries(buf);
  const budget = new Budget(limits);
  const breathe = () => rows.breathe();
  const parts = await workbookParts(buf, entries, budget, breathe);
  const sheetEntry = entries.get(parts.sheet);
  if (!sheetEntry) throw unreadable('The Excel file has no worksheet.');
  const sharedEntry = parts.sharedStrings ? entries.get(parts.sharedStrings) : undefined;
  const shared = sharedEntry ? await readSharedStrings(buf, sharedEntry, limits, budget, breathe) : [];

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
        rowNumber,
      );
    }
    while (values.length < col - 1) values.push('');
    values[col - 1] = text;
  };

  await parseXml(
    partText(buf, sheetEntry, budget),
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
