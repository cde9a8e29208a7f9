// Bounded uploads and the one error shape, through the HTTP API on a real PostgreSQL: a file past
// a limit (100,000 rows, a zip bomb) is answered 413 while the API goes on serving others and its
// heap stays bounded; deep JSON is 422, never 500; problem lists are capped; no answer quotes what
// was typed; UTF-16 files are read; formulas without a result and out-of-range numbers get words an
// HR officer understands; every refusal (400, 403, 409, 413, 415, 422) has `errors[]`.
import v8 from 'node:v8';
import vm from 'node:vm';
import { PassThrough } from 'node:stream';
import { createDeflateRaw } from 'node:zlib';
import type { INestApplication } from '@nestjs/common';
import ExcelJS from 'exceljs';
import type request from 'supertest';
import type { DataSource } from 'typeorm';
import { auth, createTestApp, createZone, login, pastPeriod, sampleCells, toCsv } from './utils.js';
import { zipArchive } from './zip.js';

let app: INestApplication;
let db: DataSource;
let http: ReturnType<typeof request>;
let zone: string;
let otherZone: string;
let hr: string;
let admin: string;
const period = pastPeriod(1);

const PERSON_HEADER = ['category', 'gender', 'origin', 'in_service_at_end', 'joined', 'promoted', 'left_reason'];

beforeAll(async () => {
  ({ app, db, http } = await createTestApp({ disclosureWarmup: false }));
  zone = await createZone(db, 'Upload limits zone');
  otherZone = await createZone(db, 'Other zone');
  hr = (await login(http, db, 'hr', [zone])).token;
  admin = (await login(http, db, 'admin')).token;
});

afterAll(async () => {
  await app.close();
});

const uploadUrl = (p = period, z = zone) => `/api/v1/zones/${z}/returns/${p}/upload`;
const upload = (content: Buffer, name: string, fields: Record<string, string> = { dryRun: 'true' }, token = hr, p = period) => {
  let req = http.post(uploadUrl(p)).set(auth(token));
  for (const [k, v] of Object.entries(fields)) req = req.field(k, v);
  return req.attach('file', content, name);
};

/** A workbook written with exceljs' streaming writer (as a program would write it). */
async function streamedWorkbook(fill: (ws: ExcelJS.Worksheet) => void): Promise<Buffer> {
  const out = new PassThrough();
  const chunks: Buffer[] = [];
  out.on('data', (c: Buffer) => chunks.push(c));
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useSharedStrings: true });
  const ws = wb.addWorksheet('Return');
  fill(ws);
  ws.commit();
  await wb.commit();
  return Buffer.concat(chunks);
}

/**
 * A 256 MB shared string packed into a quarter of a megabyte (deflate of one repeated letter): a
 * workbook that unpacks to a thousand times its size. Its directory tells the truth unless
 * `declaredSize` is given; the reader counts what it unpacks anyway.
 */
async function zipBomb(declaredSize?: number): Promise<Buffer> {
  const x = (s: string) => Buffer.from(s);
  const big = 256 * 1024 * 1024;
  const head = x('<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="1" uniqueCount="1"><si><t>');
  const tail = x('</t></si></sst>');
  // Deflate streams the letters in 1 MiB chunks: the test never holds the 256 MB.
  const z = createDeflateRaw({ level: 9 });
  const packedChunks: Buffer[] = [];
  z.on('data', (c: Buffer) => packedChunks.push(c));
  const done = new Promise((resolve) => z.on('end', resolve));
  z.write(head);
  const letters = Buffer.alloc(1024 * 1024, 'A');
  for (let i = 0; i < big / letters.length; i++) if (!z.write(letters)) await new Promise((r) => z.once('drain', r));
  z.end(tail);
  await done;
  const sharedPacked = Buffer.concat(packedChunks);
  const sharedSize = head.length + big + tail.length;
  const sheet = x(
    '<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>' +
      '<row r="1"><c r="A1" t="s"><v>0</v></c></row></sheetData></worksheet>',
  );
  const parts = [
    { name: '[Content_Types].xml', data: x('<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>') },
    { name: 'xl/workbook.xml', data: x('<?xml version="1.0"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="Return" sheetId="1" r:id="rId1"/></sheets></workbook>') },
    {
      name: 'xl/_rels/workbook.xml.rels',
      data: x(
        '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">' +
          '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>' +
          '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/></Relationships>',
      ),
    },
    { name: 'xl/worksheets/sheet1.xml', data: sheet },
  ];
  // The shared strings part with its true (or the declared) unpacked size in the headers.
  return patchSize(zipArchive([...parts, { name: 'xl/sharedStrings.xml', data: Buffer.alloc(0), packed: sharedPacked }]), 'xl/sharedStrings.xml', declaredSize ?? sharedSize);
}

/** Writes the unpacked size of one part into its local header and directory entry. */
function patchSize(archive: Buffer, name: string, size: number): Buffer {
  const needle = Buffer.from(name);
  for (let i = archive.indexOf(needle); i >= 0; i = archive.indexOf(needle, i + 1)) {
    if (archive.readUInt32LE(i - 30) === 0x04034b50) archive.writeUInt32LE(size, i - 30 + 22);
    if (i >= 46 && archive.readUInt32LE(i - 46) === 0x02014b50) archive.writeUInt32LE(size, i - 46 + 24);
  }
  return archive;
}

/**
 * A full garbage collection (V8's `gc`, exposed at run time). Without it the baseline holds the
 * garbage of every spec run before in this process, and V8, whose next major collection is due only
 * after a growth proportional to that heap, lets the upload's short-lived rows pile up: once, in the
 * whole suite, +134 MB against +14 MB for the same upload run alone.
 */
v8.setFlagsFromString('--expose-gc');
const collectGarbage = vm.runInNewContext('gc') as () => void;

/**
 * Runs `send` while sampling this process's heap (the app runs in it) every 10 ms: the answer, the
 * time it took and the heap's peak growth over the heap before (after a full collection).
 */
async function measured(send: () => Promise<request.Response>): Promise<{ res: request.Response; ms: number; heapGrowthMb: number }> {
  collectGarbage();
  const baseline = process.memoryUsage().heapUsed;
  let peak = baseline;
  const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().heapUsed)), 10);
  const t0 = Date.now();
  try {
    const res = await send();
    return { res, ms: Date.now() - t0, heapGrowthMb: (Math.max(peak, process.memoryUsage().heapUsed) - baseline) / (1024 * 1024) };
  } finally {
    clearInterval(sampler);
  }
}

/** Another user's request, sent while an upload is being read: it must be answered meanwhile. */
async function meanwhile(upload: Promise<request.Response>): Promise<{ res: request.Response; otherAnsweredFirst: boolean; otherMs: number }> {
  let uploadDone = false;
  const t0 = Date.now();
  const other = (async () => {
    // Wait until the upload has been sent and is being read.
    await new Promise((r) => setTimeout(r, 150));
    await http.get(`/api/v1/zones/${zone}/returns`).set(auth(hr)).expect(200);
    return { first: !uploadDone, ms: Date.now() - t0 - 150 };
  })();
  const res = await upload.then(
    (r) => ((uploadDone = true), r),
    (err: unknown) => {
      uploadDone = true;
      throw err;
    },
  );
  const o = await other;
  return { res, otherAnsweredFirst: o.first, otherMs: o.ms };
}

/** An upload `measured`, with another user's request sent `meanwhile`: the measures and how the other request fared. */
async function measuredMeanwhile(send: () => Promise<request.Response>): Promise<{ res: request.Response; ms: number; heapGrowthMb: number; otherAnsweredFirst: boolean; otherMs: number }> {
  let other = { otherAnsweredFirst: false, otherMs: 0 };
  const m = await measured(async () => {
    const r = await meanwhile(send());
    other = r;
    return r.res;
  });
  return { ...m, otherAnsweredFirst: other.otherAnsweredFirst, otherMs: other.otherMs };
}

describe('bounded uploads', () => {
  it('answers a 100,000-row per-person workbook 413 at the row limit, serving others meanwhile with a bounded heap', async () => {
    const xlsx = await streamedWorkbook((ws) => {
      ws.addRow(PERSON_HEADER).commit();
      for (let i = 0; i < 100_000; i++) ws.addRow(['basic', i % 2 ? 'male' : 'female', 'be_be', 'yes', '', 'no', '']).commit();
    });
    const m = await measuredMeanwhile(() => upload(xlsx, 'extract.xlsx'));
    expect(m.res.status).toBe(413);
    expect(m.res.body).toMatchObject({ statusCode: 413, errors: [{ code: 'too_many_rows', row: 50_002 }] });
    expect(m.res.body.message).toMatch(/more than 50,000 data rows/);
    // Another user's request was answered while the file was being read.
    expect(m.otherAnsweredFirst).toBe(true);
    // Reading 50,000 rows of a workbook costs a few tens of MB at most (main: hundreds, and out of memory at 192 MB).
    expect(m.heapGrowthMb).toBeLessThan(96);
    console.info(
      `100,000-row XLSX (${(xlsx.length / 1e6).toFixed(1)} MB): ${m.res.status} in ${m.ms} ms, heap +${m.heapGrowthMb.toFixed(0)} MB; another request answered meanwhile in ${m.otherMs} ms`,
    );
  });

  it('answers a zip bomb 413 before unpacking it, and the API goes on serving', async () => {
    const bomb = await zipBomb();
    expect(bomb.length).toBeLessThan(1024 * 1024);
    const m = await measuredMeanwhile(() => upload(bomb, 'bomb.xlsx'));
    expect(m.res.status).toBe(413);
    expect(['zip_bomb', 'unzipped_too_large']).toContain(m.res.body.errors[0].code);
    expect(m.res.body.message).toMatch(/unpacks to/);
    expect(m.heapGrowthMb).toBeLessThan(96);
    console.info(`zip bomb (${(bomb.length / 1e3).toFixed(0)} kB, 256 MB unpacked): ${m.res.status} in ${m.ms} ms, heap +${m.heapGrowthMb.toFixed(0)} MB; another request answered in ${m.otherMs} ms`);
    // Still serving.
    await http.get(`/api/v1/zones/${zone}/returns`).set(auth(hr)).expect(200);
  });

  it('answers a zip bomb whose directory claims a small part 413 while unpacking it', async () => {
    // 256 MB declared as 100 kB: every check of the declared size passes; unpacking stops at 100 kB.
    const bomb = await zipBomb(100 * 1024);
    const m = await measured(() => upload(bomb, 'bomb.xlsx'));
    expect(m.res.status).toBe(413);
    expect(m.res.body).toMatchObject({ statusCode: 413, errors: [{ code: 'zip_bomb', row: null }] });
    expect(m.res.body.message).toMatch(/unpacks to far more than it holds/);
    expect(m.heapGrowthMb).toBeLessThan(96);
    await http.get(`/api/v1/zones/${zone}/returns`).set(auth(hr)).expect(200);
  });

  it('lists the first problems by row and counts the rest, in a small answer', async () => {
    const rows = Array.from({ length: 5000 }, (_, i) => `headcount,,nobody${i},female,be_be,1`);
    const csv = Buffer.from(['measure,detail,category,gender,origin,count', ...rows].join('\n'));
    const res = await upload(csv, 'bad.csv', { reason: 'test' }).expect(422);
    expect(res.body.errors).toHaveLength(200);
    expect(res.body).toMatchObject({ truncated: true, more: 4800 });
    expect(res.body.errors[0].row).toBe(2);
    expect(res.body.errors[199].row).toBe(201);
    expect(res.body.message).toMatch(/There are 5000 problems.*first 200 are listed/);
    expect(JSON.stringify(res.body).length).toBeLessThan(100_000);
    // The same in a preview, and for JSON: 20,000 duplicate cells.
    const preview = await upload(csv, 'bad.csv').expect(200);
    expect(preview.body).toMatchObject({ valid: false, truncated: true, more: 4800 });
    const cell = sampleCells()[0]!;
    const json = await http
      .post(`/api/v1/zones/${zone}/returns/${period}/validate`)
      .set(auth(hr))
      .send({ cells: Array.from({ length: 20_000 }, () => cell) })
      .expect(200);
    expect(json.body.errors).toHaveLength(200);
    expect(json.body).toMatchObject({ truncated: true, more: 19_999 - 200 });
  });
});

describe('deep JSON', () => {
  const deep = (n: number) => `{"reason":"x","cells":${'['.repeat(n)}${']'.repeat(n)}}`;
  const deepObjects = (n: number) => `{"reason":"x","cells":[${'{"a":'.repeat(n)}1${'}'.repeat(n)}]}`;

  it('is refused 422 (never 500) on validate and PUT, also for a signed-off quarter', async () => {
    for (const body of [deep(100_000), deepObjects(100_000)]) {
      const v = await http.post(`/api/v1/zones/${zone}/returns/${period}/validate`).set(auth(hr)).set('Content-Type', 'application/json').send(body);
      expect(v.status).toBe(422);
      expect(v.body.errors[0]).toMatchObject({ code: 'too_deep', row: null });
      const put = await http.put(`/api/v1/zones/${zone}/returns/${period}`).set(auth(hr)).set('Content-Type', 'application/json').send(body);
      expect(put.status).toBe(422);
      expect(put.body.errors[0].code).toBe('too_deep');
    }
    const signed = pastPeriod(3);
    await http.put(`/api/v1/zones/${zone}/returns/${signed}`).set(auth(hr)).send({ reason: 'first', cells: sampleCells() }).expect(201);
    await http.post(`/api/v1/zones/${zone}/returns/${signed}/sign-off`).set(auth(hr)).expect(200);
    const put = await http.put(`/api/v1/zones/${zone}/returns/${signed}`).set(auth(hr)).set('Content-Type', 'application/json').send(deep(100_000));
    expect(put.status).toBe(422);
    expect(put.body.errors[0].code).toBe('too_deep');
  });
});

describe('messages that quote nothing typed', () => {
  it('never echoes a name typed in a code column', async () => {
    const csv = Buffer.from('measure,detail,category,gender,origin,count\nheadcount,,basic,Jan Peeters,be_be,3\n');
    const res = await upload(csv, 'named.csv').expect(200);
    expect(res.body.errors).toEqual([expect.objectContaining({ row: 2, column: 'gender', code: 'unknown_code' })]);
    expect(res.body.errors[0].message).toMatch(/Use one of: .*female/);
    expect(JSON.stringify(res.body)).not.toMatch(/Jan|Peeters/);
  });

  it('reads UTF-16 files (LE and BE, with byte order mark) instead of finding no columns', async () => {
    const text = toCsv(sampleCells(), ';');
    const le = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]);
    const be = Buffer.from(le);
    be.swap16();
    for (const file of [le, be]) {
      const res = await upload(file, 'unicode.csv').expect(200);
      expect(res.body).toMatchObject({ valid: true, rowsRead: sampleCells().length, errors: [] });
    }
  });

  it('says which encoding to use for a file it cannot decode', async () => {
    const utf32 = Buffer.concat([Buffer.from([0xff, 0xfe, 0, 0]), Buffer.from('measure\0\0\0')]);
    const res = await upload(utf32, 'utf32.csv').expect(422);
    expect(res.body.errors[0]).toMatchObject({ code: 'unreadable_file' });
    expect(res.body.errors[0].message).toMatch(/CSV UTF-8/);
  });

  it('explains a formula without a calculated result', async () => {
    const xlsx = await streamedWorkbook((ws) => {
      ws.addRow(['measure', 'detail', 'category', 'gender', 'origin', 'count']).commit();
      ws.addRow(['headcount', '', 'basic', 'female', 'be_be', 3]).commit();
      ws.addRow(['headcount', '', 'basic', 'male', 'be_be', { formula: 'F2+1' } as unknown as ExcelJS.CellValue]).commit();
    });
    const res = await upload(xlsx, 'formula.xlsx').expect(200);
    expect(res.body.errors).toEqual([expect.objectContaining({ row: 3, column: 'count', code: 'formula_without_value' })]);
    expect(res.body.errors[0].message).toMatch(/formula without a calculated result.*Paste Values/);
    expect(JSON.stringify(res.body)).not.toContain('[object Object]');
  });

  it('says a count of 1e400, a negative or a decimal count is out of range, not "NaN"', async () => {
    const cells = sampleCells().slice(0, 3);
    const body = JSON.stringify({ cells }).replace('"count":10}', '"count":1e400}').replace('"count":11}', '"count":-2}').replace('"count":12}', '"count":2.5}');
    const res = await http.post(`/api/v1/zones/${zone}/returns/${period}/validate`).set(auth(hr)).set('Content-Type', 'application/json').send(body).expect(200);
    expect(res.body.errors.map((e: { row: number; code: string }) => [e.row, e.code])).toEqual([
      [1, 'too_large'],
      [2, 'negative'],
      [3, 'not_integer'],
    ]);
    expect(JSON.stringify(res.body.errors)).not.toMatch(/NaN|Infinity|1e400|-2|2\.5/);
  });
});

describe('one error shape for every refusal', () => {
  const shaped = (res: request.Response, status: number, code: string) => {
    expect(res.status).toBe(status);
    expect(res.body).toMatchObject({ statusCode: status, error: expect.any(String), message: expect.any(String) });
    expect(res.body.errors).toHaveLength(1);
    const [problem] = res.body.errors as { row: unknown; column: unknown; code: unknown; message: unknown; params?: unknown }[];
    // `params` (what the message is built from, for clients in other languages) only when there are any.
    const keys = Object.keys(problem!).sort();
    expect(keys).toEqual(problem!.params === undefined ? ['code', 'column', 'message', 'row'] : ['code', 'column', 'message', 'params', 'row']);
    if (problem!.params !== undefined) {
      expect(Object.values(problem!.params as object).every((v) => typeof v === 'string' || typeof v === 'number')).toBe(true);
    }
    expect(problem!.row === null || typeof problem!.row === 'number').toBe(true);
    expect(problem!.column === null || typeof problem!.column === 'string').toBe(true);
    expect(problem).toMatchObject({ code, message: expect.any(String) });
  };

  it('403, 409, 400 (JSON and forms), 413 and 415 carry errors[]', async () => {
    // 403: another zone.
    shaped(await http.post(uploadUrl(period, otherZone)).set(auth(hr)).attach('file', Buffer.from(toCsv(sampleCells())), 'r.csv'), 403, 'zone_forbidden');
    // 400: invalid JSON.
    shaped(await http.post(`/api/v1/zones/${zone}/returns/${period}/validate`).set(auth(hr)).set('Content-Type', 'application/json').send('{"cells": ['), 400, 'invalid_json');
    // 400: two files; a file under another field name; a malformed form.
    shaped(await http.post(uploadUrl()).set(auth(hr)).attach('file', Buffer.from('a'), 'a.csv').attach('file', Buffer.from('b'), 'b.csv'), 400, 'too_many_files');
    shaped(await http.post(uploadUrl()).set(auth(hr)).attach('other', Buffer.from('a'), 'a.csv'), 400, 'unexpected_file_field');
    shaped(
      await http.post(uploadUrl()).set(auth(hr)).set('Content-Type', 'multipart/form-data; boundary=XYZ').send('--XYZ\r\nContent-Disposition: form-data; name="file"; filename="a.csv"\r\n\r\nabc'),
      400,
      'malformed_form',
    );
    // 413: more rows than allowed, from a CSV.
    const many = Buffer.from(['measure,detail,category,gender,origin,count', ...Array.from({ length: 50_001 }, () => 'headcount,,basic,female,be_be,1')].join('\n'));
    shaped(await upload(many, 'many.csv'), 413, 'too_many_rows');
    // 409: a signed-off quarter, refused before the file is read (even a preview).
    const signed = pastPeriod(2);
    await http.put(`/api/v1/zones/${zone}/returns/${signed}`).set(auth(hr)).send({ reason: 'first', cells: sampleCells() }).expect(201);
    await http.post(`/api/v1/zones/${zone}/returns/${signed}/sign-off`).set(auth(hr)).expect(200);
    shaped(await upload(many, 'many.csv', { dryRun: 'true' }, hr, signed), 409, 'signed_off');
    shaped(await http.put(`/api/v1/zones/${zone}/returns/${signed}`).set(auth(admin)).send({ reason: 'again', cells: sampleCells() }), 409, 'signed_off');
  });
});
