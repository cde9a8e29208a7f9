import { BELGIUM_POLICE } from '@equity/shared';
import { PassThrough } from 'node:stream';
import { deflateRawSync } from 'node:zlib';
import ExcelJS from 'exceljs';
import yauzl from 'yauzl';
import { zipArchive } from '../../test/zip.js';
import { validateCellRows } from './return-validator.js';
import { detectFileKind, NO_READ_LIMITS, parseCsv, parseUpload, parseXlsx, UnreadableFileError, UploadLimitError } from './upload-parser.js';

const ctx = { profile: BELGIUM_POLICE, zone: '5345', period: '2025-Q3' };
const HEADER = ['measure', 'detail', 'category', 'gender', 'origin', 'count'];
const utf8 = (text: string) => Buffer.from(text, 'utf8');

/** The error a function throws, or undefined. */
function thrown(f: () => unknown): unknown {
  try {
    f();
  } catch (e) {
    return e;
  }
  return undefined;
}

function expectUnreadable(e: unknown, message?: RegExp): void {
  expect(e).toBeInstanceOf(UnreadableFileError);
  const err = e as UnreadableFileError;
  expect(err.problem.code).toBe('unreadable_file');
  if (message) expect(err.problem.message).toMatch(message);
}

async function workbook(fill: (ws: ExcelJS.Worksheet, wb: ExcelJS.Workbook) => void): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('Return');
  fill(ws, wb);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

describe('parseCsv', () => {
  it('reads a comma-separated file with spreadsheet row numbers', () => {
    const t = parseCsv(utf8('measure,detail,category,gender,origin,count\nheadcount,,agent,female,be_be,12\nhires,new_recruit,basic,male,be_eu,2\n'));
    expect(t).toEqual({
      columns: HEADER,
      rows: [
        { row: 2, values: { measure: 'headcount', detail: '', category: 'agent', gender: 'female', origin: 'be_be', count: '12' } },
        { row: 3, values: { measure: 'hires', detail: 'new_recruit', category: 'basic', gender: 'male', origin: 'be_eu', count: '2' } },
      ],
    });
  });

  it('reads a semicolon-separated file with CRLF line ends (Belgian Excel), keeping commas inside values', () => {
    const t = parseCsv(utf8('Measure;Detail;Category;Gender;Origin;Count\r\nheadcount;;agent;Vrouw;Niet-Belg, EU;1 976\r\nheadcount;;basic;Man;be_be;12,0\r\n'));
    expect(t.columns).toEqual(HEADER);
    expect(t.rows.map((r) => [r.row, r.values['gender'], r.values['origin'], r.values['count']])).toEqual([
      [2, 'Vrouw', 'Niet-Belg, EU', '1 976'],
      [3, 'Man', 'be_be', '12,0'],
    ]);
    const out = validateCellRows(t, ctx);
    expect(out.errors).toEqual([]);
    expect(out.cells.map((c) => [c.category, c.classes, c.count])).toEqual([
      ['agent', { gender: 'female', origin: 'non_be_eu' }, 1976],
      ['basic', { gender: 'male', origin: 'be_be' }, 12],
    ]);
  });

  it('reads a tab-separated file', () => {
    const t = parseCsv(utf8('measure\tdetail\tcategory\tgender\torigin\tcount\nheadcount\t\tagent\tfemale\tbe_be\t3\n'));
    expect(t.rows[0]!.values).toEqual({ measure: 'headcount', detail: '', category: 'agent', gender: 'female', origin: 'be_be', count: '3' });
  });

  it('drops a UTF-8 byte order mark from the first column name', () => {
    const t = parseCsv(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), utf8('measure;detail;category;gender;origin;count\nheadcount;;agent;femme;be_be;4\n')]));
    expect(t.columns).toEqual(HEADER);
    expect(t.rows[0]!.values['measure']).toBe('headcount');
    expect(validateCellRows(t, ctx).errors).toEqual([]);
  });

  it('reads UTF-8 accents as UTF-8', () => {
    const t = parseCsv(utf8('measure;detail;category;gender;origin;count\nheadcount;;agent;Non déclaré;Belge d’origine belge;4\n'));
    expect(t.rows[0]!.values['gender']).toBe('Non déclaré');
    expect(t.rows[0]!.values['origin']).toBe('Belge d’origine belge');
  });

  it('falls back to Windows-1252 for a file that is not UTF-8', () => {
    // é is the single byte 0xE9 in Windows-1252, which is not valid UTF-8.
    const content = Buffer.from(
      'measure;detail;category;gender;origin;count\r\nheadcount;;agent;Femme;Non d\xe9clar\xe9;12\r\nRecrutements;Mobilit\xe9 (entrante);agent;Non d\xe9clar\xe9;be_be;3\r\n',
      'latin1',
    );
    expect(content.includes(Buffer.from([0xe9]))).toBe(true);
    const t = parseCsv(content);
    expect(t.rows.map((r) => [r.row, r.values['detail'], r.values['gender'], r.values['origin']])).toEqual([
      [2, '', 'Femme', 'Non déclaré'],
      [3, 'Mobilité (entrante)', 'Non déclaré', 'be_be'],
    ]);
    const out = validateCellRows(t, ctx);
    expect(out.errors).toEqual([]);
    expect(out.cells.map((c) => [c.measure, c.detail, c.classes])).toEqual([
      ['headcount', '', { gender: 'female', origin: 'not_declared' }],
      ['hires', 'transfer_in', { gender: 'not_declared', origin: 'be_be' }],
    ]);
  });

  it('normalises headers: case, spaces, hyphens and slashes', () => {
    const t = parseCsv(utf8('Category, Gender ,ORIGIN,In service at end,Joined,Promoted,Left reason,Age-band\nagent,female,be_be,yes,,,,under_30\n'));
    expect(t.columns).toEqual(['category', 'gender', 'origin', 'in_service_at_end', 'joined', 'promoted', 'left_reason', 'age_band']);
    expect(t.rows[0]!.values['left_reason']).toBe('');
    expect(t.rows[0]!.values['age_band']).toBe('under_30');
  });

  it('trims values and fills missing trailing fields with empty strings', () => {
    const t = parseCsv(utf8('measure,detail,category,gender,origin,count\n  headcount , ,agent , female,be_be\n'));
    expect(t.rows[0]!.values).toEqual({ measure: 'headcount', detail: '', category: 'agent', gender: 'female', origin: 'be_be', count: '' });
  });

  it('skips blank lines and separator-only lines but counts them in row numbers', () => {
    const t = parseCsv(utf8('measure;detail;category;gender;origin;count\nheadcount;;agent;female;be_be;1\n\n\nheadcount;;agent;male;be_be;2\n;;;;;\nheadcount;;basic;male;be_be;3\n'));
    expect(t.rows.map((r) => [r.row, r.values['count']])).toEqual([
      [2, '1'],
      [5, '2'],
      [7, '3'],
    ]);
  });

  it('counts blank lines before the header', () => {
    const t = parseCsv(utf8('\nmeasure,detail,category,gender,origin,count\nheadcount,,agent,female,be_be,1\n'));
    expect(t.columns).toEqual(HEADER);
    expect(t.rows.map((r) => r.row)).toEqual([3]);
  });

  it('keeps a quoted field with line breaks and delimiters as one value', () => {
    const t = parseCsv(utf8('measure,detail,category,gender,origin,count\nheadcount,,agent,female,be_be,1\nheadcount,,"agent\nsee note, p. 2",male,be_be,2\n'));
    expect(t.rows).toHaveLength(2);
    expect(t.rows[0]!.row).toBe(2);
    expect(t.rows[1]!.values['category']).toBe('agent\nsee note, p. 2');
    expect(t.rows[1]!.values['count']).toBe('2');
  });

  it('reports an unclosed quote as an unreadable file', () => {
    expectUnreadable(
      thrown(() => parseCsv(utf8('measure,detail,category,gender,origin,count\nheadcount,,"agent,female,be_be,1\n'))),
      /could not be read/,
    );
  });

  it('gives an empty table for an empty file', () => {
    expect(parseCsv(Buffer.alloc(0))).toEqual({ columns: [], rows: [] });
  });
});

describe('detectFileKind', () => {
  const zip = Buffer.from([0x50, 0x4b, 0x03, 0x04, 0, 0]);
  const text = utf8('measure,count\n');

  it('recognises CSV and XLSX by name and content, whatever the case of the extension', () => {
    expect(detectFileKind('return.csv', text)).toBe('csv');
    expect(detectFileKind('RETURN.CSV', text)).toBe('csv');
    expect(detectFileKind('export.txt', text)).toBe('csv');
    expect(detectFileKind('return.xlsx', zip)).toBe('xlsx');
    expect(detectFileKind('Return.XLSX', zip)).toBe('xlsx');
  });

  it('refuses old .xls files', () => {
    expectUnreadable(
      thrown(() => detectFileKind('return.xls', Buffer.from([0xd0, 0xcf, 0x11, 0xe0]))),
      /\.xls/,
    );
  });

  it('refuses a .xlsx that is not a ZIP archive', () => {
    expectUnreadable(
      thrown(() => detectFileKind('return.xlsx', text)),
      /not an Excel workbook/,
    );
  });

  it('refuses a .csv that is really a workbook', () => {
    expectUnreadable(
      thrown(() => detectFileKind('return.csv', zip)),
      /looks like an Excel workbook/,
    );
  });

  it('refuses other kinds such as PDF', () => {
    expectUnreadable(
      thrown(() => detectFileKind('return.pdf', Buffer.from('%PDF-1.7'))),
      /neither a CSV/,
    );
  });

  it('parseUpload rejects with the same error', async () => {
    await expect(parseUpload('return.pdf', Buffer.from('%PDF-1.7'))).rejects.toBeInstanceOf(UnreadableFileError);
  });
});

describe('parseXlsx', () => {
  it('reads the first worksheet with its row numbers, numeric cells as text', async () => {
    const content = await workbook((ws, wb) => {
      ws.getRow(1).values = ['Measure', 'Detail', 'Category', 'Gender', 'Origin', 'Count'];
      ws.getRow(2).values = ['headcount', null, 'agent', 'female', 'be_be', 1976];
      // rows 3 and 4 left empty
      ws.getRow(5).values = ['hires', 'New recruit', ' basic ', 'male', 'be_eu', 2];
      ws.getRow(6).values = ['headcount', '', 'middle', 'x', 'not_declared', { formula: 'F5+5', result: 7 }];
      ws.getRow(7).values = ['headcount', '', { richText: [{ text: 'offi' }, { font: { bold: true }, text: 'cer' }] }, 'female', 'be_be', 12.0];
      ws.getRow(8).values = ['', '  ', null, '', '', ''];
      wb.addWorksheet('Notes').getRow(1).values = ['ignored'];
    });
    const t = await parseXlsx(content);
    expect(t.columns).toEqual(HEADER);
    expect(t.rows).toEqual([
      { row: 2, values: { measure: 'headcount', detail: '', category: 'agent', gender: 'female', origin: 'be_be', count: '1976' } },
      { row: 5, values: { measure: 'hires', detail: 'New recruit', category: 'basic', gender: 'male', origin: 'be_eu', count: '2' } },
      { row: 6, values: { measure: 'headcount', detail: '', category: 'middle', gender: 'x', origin: 'not_declared', count: '7' } },
      { row: 7, values: { measure: 'headcount', detail: '', category: 'officer', gender: 'female', origin: 'be_be', count: '12' } },
    ]);
    const out = validateCellRows(t, ctx);
    expect(out.errors).toEqual([]);
    expect(out.cells.map((c) => [c.measure, c.detail, c.category, c.count])).toEqual([
      ['headcount', '', 'agent', 1976],
      ['headcount', '', 'middle', 7],
      ['headcount', '', 'officer', 12],
      ['hires', 'new_recruit', 'basic', 2],
    ]);
  });

  it('gives validation the spreadsheet row of a bad value', async () => {
    const content = await workbook((ws) => {
      ws.getRow(1).values = HEADER;
      ws.getRow(2).values = ['headcount', '', 'agent', 'female', 'be_be', 3];
      ws.getRow(4).values = ['headcount', '', 'agent', 'male', 'be_be', 2.5];
    });
    const out = validateCellRows(await parseXlsx(content), ctx);
    expect(out.errors.map((e) => [e.row, e.column, e.code])).toEqual([[4, 'count', 'not_integer']]);
  });

  it('parseUpload reads an .xlsx upload', async () => {
    const content = await workbook((ws) => {
      ws.getRow(1).values = HEADER;
      ws.getRow(2).values = ['headcount', '', 'agent', 'female', 'be_be', 3];
    });
    const { kind, table } = await parseUpload('Aangifte 2025-Q3.xlsx', content);
    expect(kind).toBe('xlsx');
    expect(table.rows).toEqual([{ row: 2, values: { measure: 'headcount', detail: '', category: 'agent', gender: 'female', origin: 'be_be', count: '3' } }]);
  });

  it('rejects a corrupt workbook as an unreadable file', async () => {
    const garbage = Buffer.concat([Buffer.from([0x50, 0x4b, 0x03, 0x04]), Buffer.from('this is not really a zip archive at all')]);
    await expect(parseXlsx(garbage)).rejects.toBeInstanceOf(UnreadableFileError);
    await expect(parseUpload('return.xlsx', garbage)).rejects.toMatchObject({ problem: { code: 'unreadable_file', row: null, column: null } });
  });

  it('rejects a truncated workbook as an unreadable file', async () => {
    const content = await workbook((ws) => {
      ws.getRow(1).values = HEADER;
      ws.getRow(2).values = ['headcount', '', 'agent', 'female', 'be_be', 3];
    });
    await expect(parseXlsx(content.subarray(0, Math.floor(content.length / 2)))).rejects.toBeInstanceOf(UnreadableFileError);
  });
});

/** A workbook written by exceljs' streaming writer (archiver: data descriptors; ZIP64 on request). */
async function streamedWorkbook(rows: unknown[][], zip: { forceZip64?: boolean } = {}): Promise<Buffer> {
  const out = new PassThrough();
  const chunks: Buffer[] = [];
  out.on('data', (c: Buffer) => chunks.push(c));
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useSharedStrings: true, zip } as ConstructorParameters<typeof ExcelJS.stream.xlsx.WorkbookWriter>[0]);
  const ws = wb.addWorksheet('Return');
  for (const r of rows) ws.addRow(r).commit();
  ws.commit();
  await wb.commit();
  return Buffer.concat(chunks);
}

/** The entries of an archive as yauzl reads them (to check what a fixture really holds). */
async function archiveEntries(buf: Buffer): Promise<yauzl.Entry[]> {
  const zip = await yauzl.fromBufferPromise(buf, { lazyEntries: true });
  const entries: yauzl.Entry[] = [];
  for await (const e of zip.eachEntry()) entries.push(e);
  zip.close();
  return entries;
}

/**
 * Rewrites fields of one part in both its local header and its directory entry (to craft hostile
 * archives from a real workbook): `flags`, `method`, `uncompressedSize`.
 */
function patchPart(archive: Buffer, name: string, patch: { flags?: number; method?: number; uncompressedSize?: number }): Buffer {
  const out = Buffer.from(archive);
  const needle = Buffer.from(name);
  let patched = 0;
  for (let i = out.indexOf(needle); i >= 0; i = out.indexOf(needle, i + 1)) {
    if (i >= 30 && out.readUInt32LE(i - 30) === 0x04034b50) {
      const h = i - 30;
      if (patch.flags !== undefined) out.writeUInt16LE(out.readUInt16LE(h + 6) | patch.flags, h + 6);
      if (patch.method !== undefined) out.writeUInt16LE(patch.method, h + 8);
      patched++;
    }
    if (i >= 46 && out.readUInt32LE(i - 46) === 0x02014b50) {
      const h = i - 46;
      if (patch.flags !== undefined) out.writeUInt16LE(out.readUInt16LE(h + 8) | patch.flags, h + 8);
      if (patch.method !== undefined) out.writeUInt16LE(patch.method, h + 10);
      if (patch.uncompressedSize !== undefined) out.writeUInt32LE(patch.uncompressedSize, h + 24);
      patched++;
    }
  }
  expect(patched).toBe(2);
  return out;
}

const RETURN_ROWS = [HEADER, ['headcount', '', 'agent', 'female', 'be_be', 3]];
const RETURN_TABLE = [{ row: 2, values: { measure: 'headcount', detail: '', category: 'agent', gender: 'female', origin: 'be_be', count: '3' } }];

describe('the workbook archive (yauzl)', () => {
  it('reads parts written with data descriptors (sizes after the data), as streaming writers do', async () => {
    const buf = await streamedWorkbook(RETURN_ROWS);
    const sheet = (await archiveEntries(buf)).find((e) => e.fileName === 'xl/worksheets/sheet1.xml')!;
    expect(sheet.generalPurposeBitFlag & 0x8).toBe(0x8);
    expect((await parseXlsx(buf)).rows).toEqual(RETURN_TABLE);
  });

  it('reads a ZIP64 archive (directory found through the ZIP64 end record)', async () => {
    const buf = await streamedWorkbook(RETURN_ROWS, { forceZip64: true });
    // The classic end record holds no offset, only the ZIP64 marker; the ZIP64 locator precedes it.
    const eocd = buf.length - 22;
    expect(buf.readUInt32LE(eocd)).toBe(0x06054b50);
    expect(buf.readUInt32LE(eocd + 16)).toBe(0xffffffff);
    expect(buf.readUInt32LE(eocd - 20)).toBe(0x07064b50);
    expect((await parseXlsx(buf)).rows).toEqual(RETURN_TABLE);
  });

  it('refuses a part unpacking to more than its directory says, as a zip bomb, while unpacking', async () => {
    // A sheet of 2,000 rows declared as 100 bytes: it passes every check on the declared size.
    const rows = [HEADER, ...Array.from({ length: 2000 }, (_, i) => ['headcount', '', 'agent', 'female', 'be_be', i])];
    const buf = patchPart(await workbook((ws) => rows.forEach((r) => ws.addRow(r))), 'xl/worksheets/sheet1.xml', { uncompressedSize: 100 });
    const err = await parseXlsx(buf).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(UploadLimitError);
    expect((err as UploadLimitError).problem).toMatchObject({ code: 'zip_bomb', row: null });
    expect((err as UploadLimitError).problem.message).toMatch(/unpacks to far more than it holds/);
  });

  it('refuses a workbook whose parts unpack to more than the limit', async () => {
    const buf = await workbook((ws) => [HEADER, ...Array.from({ length: 500 }, () => RETURN_ROWS[1]!)].forEach((r) => ws.addRow(r)));
    const err = await parseXlsx(buf, { ...NO_READ_LIMITS, maxUnzippedBytes: 8 * 1024 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(UploadLimitError);
    expect((err as UploadLimitError).problem.code).toBe('unzipped_too_large');
  });

  it('says a workbook with encrypted parts is password-protected', async () => {
    const buf = patchPart(await workbook((ws) => RETURN_ROWS.forEach((r) => ws.addRow(r))), 'xl/workbook.xml', { flags: 0x1 });
    await expect(parseXlsx(buf)).rejects.toMatchObject({ problem: { code: 'unreadable_file', message: expect.stringMatching(/password-protected/) } });
  });

  it('cannot open a part packed with a method other than stored or deflated', async () => {
    const buf = patchPart(await workbook((ws) => RETURN_ROWS.forEach((r) => ws.addRow(r))), 'xl/workbook.xml', { method: 12 });
    const err = await parseXlsx(buf).catch((e: unknown) => e);
    expectUnreadable(err, /could not be opened/);
  });

  it('refuses an archive of more than 10,000 parts before reading their names', async () => {
    const packed = deflateRawSync(Buffer.alloc(0));
    const parts = Array.from({ length: 10_001 }, (_, k) => ({ name: `p/${k}.xml`, data: Buffer.alloc(0), packed }));
    const err = await parseXlsx(zipArchive(parts)).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(UploadLimitError);
    expect((err as UploadLimitError).problem).toMatchObject({ code: 'too_many_parts', message: expect.stringMatching(/more than 10,000 parts/) });
  });
});

describe('parseUpload', () => {
  it('reads a .csv upload', async () => {
    const { kind, table } = await parseUpload('return.csv', utf8('measure;detail;category;gender;origin;count\nheadcount;;agent;female;be_be;3\n'));
    expect(kind).toBe('csv');
    expect(table.rows.map((r) => r.row)).toEqual([2]);
  });
});

describe('regressions found in review', () => {
  it('decodes Windows-1252 bytes 0x80–0x9F (here the curly apostrophe 0x92)', () => {
    const bytes = Buffer.concat([utf8('measure,detail,category,gender,origin,count\nheadcount,,agent,female,"Belge d'), Buffer.from([0x92]), utf8('origine belge",1\n')]);
    const t = parseCsv(bytes);
    expect(t.rows[0]!.values['origin']).toBe('Belge d\u2019origine belge');
    const out = validateCellRows(t, ctx);
    expect(out.errors).toEqual([]);
    expect(out.cells[0]!.classes['origin']).toBe('be_be');
  });

  it('numbers a record with a line break in a quoted value by the row it starts in, as a spreadsheet does', () => {
    const lf = parseCsv(utf8('measure,detail,category,gender,origin,count\nheadcount,,"agent\nnote",female,be_be,1\nheadcount,,agent,male,be_be,2\n'));
    expect(lf.rows.map((r) => r.row)).toEqual([2, 3]);
    const crlf = parseCsv(utf8('measure,detail,category,gender,origin,count\r\nheadcount,,"agent\r\nnote",female,be_be,1\r\nheadcount,,agent,male,be_be,2\r\n'));
    expect(crlf.rows.map((r) => r.row)).toEqual([2, 3]);
  });

  it('reads a worksheet whose header row has an empty cell', async () => {
    const buf = await workbook((ws) => {
      ws.getCell('B1').value = 'measure';
      ws.getCell('C1').value = 'count';
      ws.getCell('B2').value = 'headcount';
      ws.getCell('C2').value = 4;
    });
    const t = await parseXlsx(buf);
    expect(t.columns).toEqual(['', 'measure', 'count']);
    expect(t.rows).toEqual([{ row: 2, values: { '': '', measure: 'headcount', count: '4' } }]);
  });
});

describe('cells the values cannot show (checked for personal data only)', () => {
  it('keeps cells beyond the last heading and under a repeated heading aside', () => {
    const t = parseCsv(utf8('measure,origin,origin\nheadcount,a@b.be,be_be,extra,\nheadcount,be_be,be_eu\n'));
    expect(t.rows[0]).toEqual({
      row: 2,
      values: { measure: 'headcount', origin: 'be_be' },
      hidden: [
        { column: 'origin', index: 2, text: 'a@b.be' },
        { column: null, index: 4, text: 'extra' },
      ],
    });
    expect(t.rows[1]).toEqual({ row: 3, values: { measure: 'headcount', origin: 'be_eu' }, hidden: [{ column: 'origin', index: 2, text: 'be_be' }] });
  });

  it('does the same for a worksheet', async () => {
    const buf = await workbook((ws) => {
      ws.addRow(['measure', 'count']);
      ws.addRow(['headcount', 4, null, '0471 12 34 56']);
    });
    const t = await parseXlsx(buf);
    expect(t.rows).toEqual([{ row: 2, values: { measure: 'headcount', count: '4' }, hidden: [{ column: null, index: 4, text: '0471 12 34 56' }] }]);
  });
});
