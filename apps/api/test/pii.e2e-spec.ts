// Personal data in uploads and JSON submissions, through the HTTP API on a real PostgreSQL: files
// and cells carrying national register numbers, names, e-mail addresses or phone numbers are
// refused as a whole (even in a preview), nothing is written, no answer quotes the personal value,
// and neither the database nor the server log keeps any trace of it.
import type { Problem } from '@equity/shared';
import ExcelJS from 'exceljs';
import { appForFile, auth, countRevisions, createZone, login, pastPeriod, sampleCells, toCsv } from './utils.js';

/** National register number from the rule: CC = 97 − (YYMMDDXXX mod 97), or 97 − (2YYMMDDXXX mod 97) from 2000. */
function nationalNumber(year: number, month: number, day: number, sequence: number): string {
  const pad = (n: number, w: number) => String(n).padStart(w, '0');
  const nine = `${pad(year % 100, 2)}${pad(month, 2)}${pad(day, 2)}${pad(sequence, 3)}`;
  const check = 97 - (Number(year >= 2000 ? `2${nine}` : nine) % 97);
  return `${nine}${pad(check, 2)}`;
}
const formatted = (n: string) => `${n.slice(0, 2)}.${n.slice(2, 4)}.${n.slice(4, 6)}-${n.slice(6, 9)}.${n.slice(9)}`;

const NRN_1985 = nationalNumber(1985, 7, 31, 3); // 85073100328
const NRN_2003 = nationalNumber(2003, 5, 12, 124); // 03051212431
const EMAIL = 'jan.peeters@politie-test.be';
const PHONE = '0471/12.34.56';

// The server's output is captured from before the app starts (capture, below) until after it stops.
beforeAll(capture);
const ctx = appForFile({ logLevel: 'debug' });
let zone: string;
let hr: string;
let admin: string;

/** Everything the server writes to stdout/stderr or the console while this file runs (at log level debug). */
let serverOutput = '';
const restore: (() => void)[] = [];

function capture(): void {
  for (const stream of [process.stdout, process.stderr]) {
    const original = stream.write.bind(stream) as (...args: unknown[]) => boolean;
    stream.write = ((chunk: unknown, ...rest: unknown[]) => {
      const text = typeof chunk === 'string' ? chunk : Buffer.isBuffer(chunk) ? chunk.toString('utf8') : String(chunk);
      serverOutput += text;
      // The framework's own start-up lines are captured, not shown: they would only clutter the test output.
      return /\[Nest\]/.test(text) ? true : original(chunk, ...rest);
    }) as typeof stream.write;
    restore.push(() => {
      stream.write = original as typeof stream.write;
    });
  }
  for (const method of ['log', 'info', 'warn', 'error', 'debug'] as const) {
    const original = console[method];
    console[method] = (...args: unknown[]) => {
      serverOutput += args.map(String).join(' ') + '\n';
      original.apply(console, args);
    };
    restore.push(() => {
      console[method] = original;
    });
  }
}

const upload = (period: string, file: Buffer, name: string, fields: Record<string, string> = {}) => {
  let req = ctx.http.post(`/api/v1/zones/${zone}/returns/${period}/upload`).set(auth(hr));
  for (const [k, v] of Object.entries(fields)) req = req.field(k, v);
  return req.attach('file', file, name);
};

const revisionCount = (period: string) => countRevisions(ctx.db, zone, period);

/** Rows anywhere in the database (every column of every table, cast to text) that contain `needle`. */
async function tracesInDatabase(needle: string): Promise<{ table: string; column: string; rows: number }[]> {
  const columns = (await ctx.db.query(
    `SELECT c.table_schema, c.table_name, c.column_name
       FROM information_schema.columns c
       JOIN information_schema.tables t ON t.table_schema = c.table_schema AND t.table_name = c.table_name AND t.table_type = 'BASE TABLE'
      WHERE c.table_schema NOT IN ('pg_catalog', 'information_schema')`,
  )) as { table_schema: string; table_name: string; column_name: string }[];
  expect(columns.length).toBeGreaterThan(20);
  const id = (s: string) => `"${s.replace(/"/g, '""')}"`;
  const found: { table: string; column: string; rows: number }[] = [];
  for (const c of columns) {
    const [row] = (await ctx.db.query(`SELECT count(*)::int AS n FROM ${id(c.table_schema)}.${id(c.table_name)} WHERE ${id(c.column_name)}::text LIKE $1`, [
      `%${needle}%`,
    ])) as { n: number }[];
    if (row!.n > 0) found.push({ table: c.table_name, column: c.column_name, rows: row!.n });
  }
  return found;
}

const codes = (errors: Problem[]) => errors.map((e) => [e.row, e.column, e.code]);

beforeAll(async () => {
  zone = await createZone(ctx.db, 'PII test zone');
  hr = (await login(ctx.http, ctx.db, 'hr', [zone])).token;
  admin = (await login(ctx.http, ctx.db, 'admin')).token;
});

afterAll(() => {
  for (const r of restore.reverse()) r();
});

describe('a CSV with a national register number', () => {
  const period = pastPeriod(20);
  const csv = () =>
    Buffer.from(
      [
        'measure;detail;category;gender;origin;count',
        'headcount;;basic;female;be_be;14',
        `headcount;;basic;male;${formatted(NRN_1985)};3`,
        'headcount;;middle;male;be_be;6',
        `headcount;;middle;female;be_non_eu;${NRN_2003}`,
      ].join('\r\n'),
    );

  it('is refused in the preview: the personal-data problems, no cells, no quoted number', async () => {
    const res = await upload(period, csv(), 'crafted.csv', { dryRun: 'true' }).expect(200);
    expect(res.body).toMatchObject({ valid: false, format: 'cells', cells: [], warnings: [] });
    expect(codes(res.body.errors)).toEqual([
      [3, 'origin', 'personal_data_value'],
      [5, 'count', 'personal_data_value'],
    ]);
    expect(res.body.errors[0].message).toBe(
      'Row 3, column "origin" holds what looks like a national register number (rijksregisternummer / numéro de registre national). ' +
        'Returns must be anonymous: remove it and upload again.',
    );
    expect(res.body.errors.every((e: Problem) => e.value === undefined)).toBe(true);
    expect(res.text).not.toContain(NRN_1985.slice(0, 6));
    expect(res.text).not.toContain(NRN_2003);
  });

  it('is refused on upload with 422 and nothing is written', async () => {
    const res = await upload(period, csv(), 'crafted.csv', { reason: 'Quarterly upload' }).expect(422);
    expect(res.body).toMatchObject({ statusCode: 422, error: 'Unprocessable Entity', message: 'There are 2 problems; nothing was saved.' });
    expect(codes(res.body.errors)).toEqual([
      [3, 'origin', 'personal_data_value'],
      [5, 'count', 'personal_data_value'],
    ]);
    expect(res.text).not.toMatch(new RegExp(`${NRN_1985}|${formatted(NRN_1985).replace(/\./g, '\\.')}|${NRN_2003}`));
    expect(await revisionCount(period)).toBe(0);
    const audit = (await ctx.db.query('SELECT count(*)::int AS n FROM audit_event WHERE zone_code = $1 AND period = $2', [zone, period])) as { n: number }[];
    expect(audit[0]!.n).toBe(0);
  });

  it('leaves no trace of the number in audit_event or in any table', async () => {
    // The search itself works: it finds this zone's code.
    expect((await tracesInDatabase(zone)).map((t) => t.table)).toContain('zone');
    for (const needle of [NRN_1985, formatted(NRN_1985), NRN_1985.slice(0, 9), NRN_2003, formatted(NRN_2003)]) {
      expect([needle, await tracesInDatabase(needle)]).toEqual([needle, []]);
    }
    const audit = (await ctx.db.query("SELECT count(*)::int AS n FROM audit_event WHERE details::text LIKE '%' || $1 || '%'", [NRN_1985])) as { n: number }[];
    expect(audit[0]!.n).toBe(0);
  });
});

describe('other personal data', () => {
  it('refuses an XLSX with a "naam" column, in words an HR officer understands', async () => {
    const period = pastPeriod(21);
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('Return');
    ws.addRow(['Naam', 'Measure', 'Detail', 'Category', 'Gender', 'Origin', 'Count']);
    ws.addRow(['Jan Peeters', 'headcount', '', 'basic', 'male', 'be_be', 12]);
    ws.addRow(['Fatima El Amrani', 'headcount', '', 'basic', 'female', 'be_non_eu', 4]);
    const xlsx = Buffer.from(await wb.xlsx.writeBuffer());

    const preview = await upload(period, xlsx, 'staff.xlsx', { dryRun: 'true' }).expect(200);
    expect(preview.body).toMatchObject({ valid: false, cells: [] });
    const res = await upload(period, xlsx, 'staff.xlsx', { reason: 'Quarterly upload' }).expect(422);
    expect(res.body.errors).toEqual([
      {
        row: 1,
        column: 'naam',
        code: 'personal_data_column',
        message: 'The column "naam" holds names. Returns must be anonymous: remove the column and upload again.',
        params: { kind: 'name', place: 'file' },
      },
    ]);
    expect(preview.text + res.text).not.toMatch(/Peeters|Fatima/);
    expect(await revisionCount(period)).toBe(0);
  });

  it('refuses a per-person extract with an e-mail address', async () => {
    const period = pastPeriod(22);
    const csv = [
      'category,gender,origin,in_service_at_end,joined,promoted,left_reason',
      'basic,female,be_non_eu,yes,new_recruit,no,',
      `basic,male,${EMAIL},yes,,no,`,
      'middle,female,not_declared,no,,no,retirement',
    ].join('\n');
    const preview = await upload(period, Buffer.from(csv), 'people.csv', { dryRun: 'true' }).expect(200);
    expect(preview.body).toMatchObject({ valid: false, format: 'per-person', cells: [] });
    const res = await upload(period, Buffer.from(csv), 'people.csv', { reason: 'Extract' }).expect(422);
    expect(codes(res.body.errors)).toEqual([[3, 'origin', 'personal_data_value']]);
    expect(res.body.errors[0].message).toMatch(/^Row 3, column "origin" holds what looks like an e-mail address\. Returns must be anonymous/);
    expect(preview.text + res.text).not.toContain('peeters');
    expect(await revisionCount(period)).toBe(0);
    expect(await tracesInDatabase(EMAIL)).toEqual([]);
  });

  it('refuses a JSON cell with a phone number in "detail", on validate and on submit', async () => {
    const period = pastPeriod(23);
    const cells: unknown[] = [...sampleCells()];
    cells[1] = { measure: 'hires', detail: PHONE, category: 'basic', classes: { gender: 'female', origin: 'be_be' }, count: 1 };
    const checked = await ctx.http.post(`/api/v1/zones/${zone}/returns/${period}/validate`).set(auth(hr)).send({ cells }).expect(200);
    expect(checked.body).toMatchObject({ valid: false, format: 'json', cells: [] });
    expect(codes(checked.body.errors)).toEqual([[2, 'detail', 'personal_data_value']]);
    const res = await ctx.http.put(`/api/v1/zones/${zone}/returns/${period}`).set(auth(hr)).send({ reason: 'Form entry', cells }).expect(422);
    expect(codes(res.body.errors)).toEqual([[2, 'detail', 'personal_data_value']]);
    expect(res.body.errors[0].message).toBe('Cell 2, field "detail" holds what looks like a phone number. Returns must be anonymous: remove it and send the return again.');
    expect(checked.text + res.text).not.toMatch(/0471|12\.34\.56/);
    expect(await revisionCount(period)).toBe(0);
    expect(await tracesInDatabase('12.34.56')).toEqual([]);
  });

  it('refuses a reason that holds contact details: it would be kept in the history and the audit log', async () => {
    const period = pastPeriod(24);
    const res = await upload(period, Buffer.from(toCsv(sampleCells())), 'ok.csv', { reason: `Asked by ${EMAIL}` }).expect(422);
    expect(codes(res.body.errors)).toEqual([[null, 'reason', 'personal_data_value']]);
    expect(res.text).not.toContain('peeters');
    expect(await revisionCount(period)).toBe(0);
  });
});

describe('reopening', () => {
  it('refuses a reopening reason with a phone number, and accepts it without', async () => {
    const period = pastPeriod(26);
    await ctx.http.put(`/api/v1/zones/${zone}/returns/${period}`).set(auth(hr)).send({ reason: 'First entry', cells: sampleCells() }).expect(201);
    await ctx.http.post(`/api/v1/zones/${zone}/returns/${period}/sign-off`).set(auth(hr)).expect(200);
    const res = await ctx.http.post(`/api/v1/zones/${zone}/returns/${period}/reopen`).set(auth(admin)).send({ reason: `Call me on ${PHONE}` }).expect(422);
    expect(codes(res.body.errors)).toEqual([[null, 'reason', 'personal_data_value']]);
    expect(res.body.errors[0].message).toMatch(/^The reason holds what looks like a phone number\. It is kept in the history and the audit log/);
    expect(res.text).not.toContain('0471');
    await ctx.http.post(`/api/v1/zones/${zone}/returns/${period}/reopen`).set(auth(admin)).send({ reason: 'Correction asked by the zone' }).expect(200);
    expect(await tracesInDatabase(PHONE)).toEqual([]);
  });
});

describe('clean files', () => {
  it('a clean CSV and a clean per-person extract still pass and are stored', async () => {
    const period = pastPeriod(25);
    const cells = sampleCells(9);
    const ok = await upload(period, Buffer.from(toCsv(cells, ';')), 'clean.csv', { reason: 'Quarterly upload' }).expect(200);
    expect(ok.body.revision).toMatchObject({ number: 1, source: 'csv', cellCount: cells.length });
    const people = [
      'category,gender,origin,in_service_at_end,joined,promoted,left_reason',
      'basic,female,be_non_eu,yes,new_recruit,no,',
      'middle,male,be_be,yes,,yes,',
    ].join('\n');
    const ok2 = await upload(period, Buffer.from(people), 'people.csv', { reason: 'Extract from payroll' }).expect(200);
    expect(ok2.body.revision).toMatchObject({ number: 2, source: 'person-csv' });
    expect(await revisionCount(period)).toBe(2);
  });
});

describe('server log', () => {
  it('holds none of the personal values sent, even at log level debug', () => {
    // The capture works: the framework's start-up lines are in it.
    expect(serverOutput).toMatch(/Nest/);
    for (const needle of [NRN_1985, formatted(NRN_1985), NRN_2003, EMAIL, PHONE, 'Peeters', 'Fatima']) {
      expect([needle, serverOutput.includes(needle)]).toEqual([needle, false]);
    }
  });
});
