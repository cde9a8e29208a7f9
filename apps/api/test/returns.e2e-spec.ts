// Quarterly returns through the HTTP API on a real PostgreSQL: submission, validation, revisions,
// sign-off, zone scoping, uploads (CSV, XLSX, per-person) and the audit log.
import type { INestApplication } from '@nestjs/common';
import { addQuarters, type BreakdownDto, type Cell, cellKey, type CellDto, isSuppressed, type Problem } from '@equity/shared';
import ExcelJS from 'exceljs';
import type request from 'supertest';
import type { DataSource } from 'typeorm';
import { auth, createTestApp, createZone, login, pastPeriod, sampleCells, toCsv } from './utils.js';

let app: INestApplication;
let db: DataSource;
let http: ReturnType<typeof request>;
let zoneA: string;
let zoneB: string;
let hrA: string;
let hrB: string;
let admin: string;
let management: string;
let researcher: string;

const sortCells = <T extends Pick<Cell, 'measure' | 'detail' | 'category' | 'classes'>>(cells: T[]) => [...cells].sort((a, b) => cellKey(a).localeCompare(cellKey(b)));
const asPlain = (cells: (Cell | CellDto)[]) => sortCells(cells).map((c) => ({ measure: c.measure, detail: c.detail, category: c.category, classes: c.classes, count: c.count }));

async function revisionCount(zone: string, period: string): Promise<number> {
  const [row] = (await db.query(
    'SELECT count(rv.id)::int AS n FROM zone z JOIN quarterly_return r ON r.zone_id = z.id JOIN return_revision rv ON rv.return_id = r.id WHERE z.code = $1 AND r.period = $2',
    [zone, period],
  )) as { n: number }[];
  return row?.n ?? 0;
}

beforeAll(async () => {
  ({ app, db, http } = await createTestApp());
  zoneA = await createZone(db, 'Zone A');
  zoneB = await createZone(db, 'Zone B');
  hrA = (await login(http, db, 'hr', [zoneA])).token;
  hrB = (await login(http, db, 'hr', [zoneB])).token;
  admin = (await login(http, db, 'admin')).token;
  management = (await login(http, db, 'management')).token;
  researcher = (await login(http, db, 'researcher')).token;
});

afterAll(async () => {
  await app.close();
});

describe('submitting a return as JSON', () => {
  it('stores revision 1 and reads back exactly the cells sent', async () => {
    const period = pastPeriod(10);
    const cells = sampleCells();
    const res = await http.put(`/api/v1/zones/${zoneA}/returns/${period}`).set(auth(hrA)).send({ reason: 'First entry', cells }).expect(201);
    expect(res.body.revision).toMatchObject({ number: 1, reason: 'First entry', source: 'form', cellCount: cells.length });
    expect(res.body.summary).toMatchObject({ zone: zoneA, period, status: 'open', currentRevision: 1 });
    const back = await http.get(`/api/v1/zones/${zoneA}/returns/${period}`).set(auth(hrA)).expect(200);
    expect(asPlain(back.body.cells)).toEqual(asPlain(cells));
  });

  it('reports every problem at once with row and column, and writes nothing', async () => {
    const period = pastPeriod(9);
    const good = sampleCells();
    const cells = [
      good[0],
      { ...good[1], category: 'sergeant' },
      { ...good[2], count: -4 },
      { ...good[3], classes: { gender: 'female' } },
      { ...good[4], count: 2.5 },
      { measure: 'hires', detail: '', category: 'basic', classes: { gender: 'male', origin: 'be_be' }, count: 1 },
      good[0],
    ];
    const res = await http.put(`/api/v1/zones/${zoneA}/returns/${period}`).set(auth(hrA)).send({ reason: '', cells }).expect(422);
    expect(res.body).toMatchObject({ statusCode: 422, error: 'Unprocessable Entity' });
    const errors = res.body.errors as Problem[];
    const at = (row: number | null, column: string | null) => errors.find((e) => e.row === row && e.column === column);
    // What was typed is not quoted back: the problem says what is expected instead.
    expect(at(2, 'category')?.message).toMatch(/category is not one of the known codes.*Use one of: .*basic/);
    expect(at(2, 'category')?.message).not.toContain('sergeant');
    expect(at(3, 'count')?.code).toBe('negative');
    expect(at(4, 'origin')?.code).toBe('required');
    expect(at(5, 'count')?.code).toBe('not_integer');
    expect(at(6, 'detail')?.message).toMatch(/new_recruit, transfer_in/);
    expect(at(7, null)?.message).toMatch(/repeats row 1/);
    expect(at(null, 'reason')?.code).toBe('required');
    expect(errors).toHaveLength(7);
    expect(await revisionCount(zoneA, period)).toBe(0);
  });

  it('rejects a malformed quarter and a quarter that has not started', async () => {
    const bad = await http.put(`/api/v1/zones/${zoneA}/returns/2025-Q5`).set(auth(hrA)).send({ reason: 'x', cells: sampleCells() }).expect(422);
    expect(bad.body.errors[0]).toMatchObject({ column: 'period', code: 'invalid_period' });
    const future = await http.put(`/api/v1/zones/${zoneA}/returns/${pastPeriod(-2)}`).set(auth(hrA)).send({ reason: 'x', cells: sampleCells() }).expect(422);
    expect(future.body.errors[0].code).toBe('future_period');
  });

  it('validate is a dry run: report, no write', async () => {
    const period = pastPeriod(8);
    const res = await http.post(`/api/v1/zones/${zoneA}/returns/${period}/validate`).set(auth(hrA)).send({ cells: sampleCells() }).expect(200);
    expect(res.body).toMatchObject({ valid: true, format: 'json', rowsRead: sampleCells().length, errors: [] });
    expect(await revisionCount(zoneA, period)).toBe(0);
  });
});

describe('corrections and history', () => {
  it('a correction is a new revision; the earlier one stays retrievable unchanged', async () => {
    const period = pastPeriod(7);
    const first = sampleCells(10);
    const second = sampleCells(20);
    await http.put(`/api/v1/zones/${zoneA}/returns/${period}`).set(auth(hrA)).send({ reason: 'First entry', cells: first }).expect(201);
    await http.put(`/api/v1/zones/${zoneA}/returns/${period}`).set(auth(admin)).send({ reason: 'Corrected basic cadre', cells: second }).expect(201);
    const revisions = await http.get(`/api/v1/zones/${zoneA}/returns/${period}/revisions`).set(auth(hrA)).expect(200);
    expect(revisions.body.map((r: { number: number; reason: string }) => [r.number, r.reason])).toEqual([
      [2, 'Corrected basic cadre'],
      [1, 'First entry'],
    ]);
    const current = await http.get(`/api/v1/zones/${zoneA}/returns/${period}`).set(auth(hrA)).expect(200);
    expect(current.body.revision.number).toBe(2);
    expect(asPlain(current.body.cells)).toEqual(asPlain(second));
    const old = await http.get(`/api/v1/zones/${zoneA}/returns/${period}/revisions/1`).set(auth(hrA)).expect(200);
    expect(asPlain(old.body.cells)).toEqual(asPlain(first));
    await http.get(`/api/v1/zones/${zoneA}/returns/${period}/revisions/3`).set(auth(hrA)).expect(404);
  });

  it('concurrent submissions get consecutive revision numbers and none is lost', async () => {
    const period = pastPeriod(6);
    const results = await Promise.all(
      [1, 2, 3, 4, 5].map((i) => http.put(`/api/v1/zones/${zoneB}/returns/${period}`).set(auth(hrB)).send({ reason: `Parallel ${i}`, cells: sampleCells(i) })),
    );
    expect(results.map((r) => r.status)).toEqual([201, 201, 201, 201, 201]);
    expect(results.map((r) => r.body.revision.number).sort()).toEqual([1, 2, 3, 4, 5]);
    expect(await revisionCount(zoneB, period)).toBe(5);
  });

  it('warns about stock-flow gaps against the previous quarter, with the size of the gap', async () => {
    const q1 = pastPeriod(5);
    const q2 = pastPeriod(4);
    const start: Cell[] = [{ measure: 'headcount', detail: '', category: 'basic', classes: { gender: 'female', origin: 'be_be' }, count: 30 }];
    await http.put(`/api/v1/zones/${zoneB}/returns/${q1}`).set(auth(hrB)).send({ reason: 'start', cells: start }).expect(201);
    const next: Cell[] = [
      { measure: 'headcount', detail: '', category: 'basic', classes: { gender: 'female', origin: 'be_be' }, count: 35 },
      { measure: 'hires', detail: 'new_recruit', category: 'basic', classes: { gender: 'female', origin: 'be_be' }, count: 3 },
    ];
    const res = await http.put(`/api/v1/zones/${zoneB}/returns/${q2}`).set(auth(hrB)).send({ reason: 'next', cells: next }).expect(201);
    expect(res.body.warnings).toHaveLength(1);
    expect(res.body.warnings[0]).toMatchObject({ code: 'stock_flow_gap', value: '2' });
    expect(res.body.warnings[0].message).toMatch(/^Basic cadre \(inspector\) · Female · Belgian of Belgian origin: headcount 35.*30 \+ 3 hired.*= 33 \(gap \+2\)/);
    const consistent = [{ ...next[0]!, count: 33 }, next[1]!];
    const ok = await http.put(`/api/v1/zones/${zoneB}/returns/${q2}`).set(auth(hrB)).send({ reason: 'fixed', cells: consistent }).expect(201);
    expect(ok.body.warnings).toEqual([]);
  });
});

describe('sign-off', () => {
  it('blocks changes until an administrator reopens the quarter with a reason', async () => {
    const period = pastPeriod(3);
    await http.put(`/api/v1/zones/${zoneA}/returns/${period}`).set(auth(hrA)).send({ reason: 'entry', cells: sampleCells() }).expect(201);
    const signed = await http.post(`/api/v1/zones/${zoneA}/returns/${period}/sign-off`).set(auth(hrA)).expect(200);
    expect(signed.body).toMatchObject({ status: 'signed_off', signedOffBy: expect.stringMatching(/^hr\./) });
    const blocked = await http.put(`/api/v1/zones/${zoneA}/returns/${period}`).set(auth(hrA)).send({ reason: 'late fix', cells: sampleCells(11) }).expect(409);
    expect(blocked.body.message).toMatch(/signed off.*administrator must reopen/);
    expect(await revisionCount(zoneA, period)).toBe(1);
    await http.post(`/api/v1/zones/${zoneA}/returns/${period}/reopen`).set(auth(hrA)).send({ reason: 'please' }).expect(403);
    const noReason = await http.post(`/api/v1/zones/${zoneA}/returns/${period}/reopen`).set(auth(admin)).send({ reason: '  ' }).expect(422);
    expect(noReason.body.errors[0]).toMatchObject({ column: 'reason' });
    const reopened = await http.post(`/api/v1/zones/${zoneA}/returns/${period}/reopen`).set(auth(admin)).send({ reason: 'Error in hires found by the zone' }).expect(200);
    expect(reopened.body).toMatchObject({ status: 'open', signedOffAt: null });
    await http.put(`/api/v1/zones/${zoneA}/returns/${period}`).set(auth(hrA)).send({ reason: 'late fix', cells: sampleCells(11) }).expect(201);
    await http.post(`/api/v1/zones/${zoneA}/returns/${period}/sign-off`).set(auth(hrA)).expect(200);
    await http.post(`/api/v1/zones/${zoneA}/returns/${period}/sign-off`).set(auth(hrA)).expect(409);
  });
});

describe('zone scoping and roles', () => {
  const period = pastPeriod(2);
  beforeAll(async () => {
    await http.put(`/api/v1/zones/${zoneA}/returns/${period}`).set(auth(hrA)).send({ reason: 'entry', cells: sampleCells(2) }).expect(201);
  });

  it('HR of one zone cannot write or read another zone', async () => {
    const write = await http.put(`/api/v1/zones/${zoneA}/returns/${period}`).set(auth(hrB)).send({ reason: 'x', cells: sampleCells() }).expect(403);
    expect(write.body.message).toMatch(/only enter data for your own zone/);
    await http.get(`/api/v1/zones/${zoneA}/returns/${period}`).set(auth(hrB)).expect(403);
    await http.get(`/api/v1/zones/${zoneA}/returns`).set(auth(hrB)).expect(403);
    await http.post(`/api/v1/zones/${zoneA}/returns/${period}/sign-off`).set(auth(hrB)).expect(403);
    const zones = await http.get('/api/v1/zones').set(auth(hrB)).expect(200);
    expect(zones.body.map((z: { code: string }) => z.code)).toEqual([zoneB]);
  });

  it('management and researchers cannot write', async () => {
    for (const token of [management, researcher]) {
      await http.put(`/api/v1/zones/${zoneA}/returns/${period}`).set(auth(token)).send({ reason: 'x', cells: sampleCells() }).expect(403);
      await http.post(`/api/v1/zones/${zoneA}/returns/${period}/upload`).set(auth(token)).attach('file', Buffer.from(toCsv(sampleCells())), 'r.csv').expect(403);
    }
  });

  it('management never sees raw cells: the cells of a return are for HR and admin; tables are protected', async () => {
    const raw = await http.get(`/api/v1/zones/${zoneA}/returns/${period}`).set(auth(hrA)).expect(200);
    const small = (raw.body.cells as CellDto[]).filter((c) => typeof c.count === 'number' && c.count > 0 && c.count < 5);
    expect(small.length).toBeGreaterThan(0);
    for (const token of [management, researcher]) {
      const denied = await http.get(`/api/v1/zones/${zoneA}/returns/${period}`).set(auth(token)).expect(403);
      expect(denied.body.message).toMatch(/protected tables/);
      await http.get(`/api/v1/zones/${zoneA}/returns/${period}/revisions/1`).set(auth(token)).expect(403);
      // The revision list: which revision and when, never who, why or how many cells (a count of
      // cells going from 230 to 231 says a zero became a small count).
      const list = await http.get(`/api/v1/zones/${zoneA}/returns/${period}/revisions`).set(auth(token)).expect(200);
      expect(list.body.length).toBeGreaterThan(0);
      for (const r of list.body as Record<string, unknown>[]) expect(Object.keys(r).sort()).toEqual(['createdAt', 'number', 'source']);
    }
    const own = await http.get(`/api/v1/zones/${zoneA}/returns/${period}/revisions`).set(auth(hrA)).expect(200);
    expect(Object.keys(own.body[0]).sort()).toEqual(['author', 'cellCount', 'createdAt', 'number', 'reason', 'source']);
    const b = await http.get(`/api/v1/zones/${zoneA}/returns/${period}/breakdown?dimension=origin`).set(auth(management)).expect(200);
    expect(b.body.threshold).toBe(5);
    // The headcount is the quarter's own (a stock is never a window).
    expect(b.body.window).toBeNull();
    const visible = (b.body.rows as { count: unknown }[]).filter((r) => typeof r.count === 'number') as { count: number }[];
    expect(visible.every((r) => r.count === 0 || r.count >= 5)).toBe(true);
    // No suppressed cell is the only one in its row of the table: it cannot be recovered from the row total.
    for (const category of ['basic', 'middle']) {
      const row = (b.body.rows as { category: string; count: unknown }[]).filter((r) => r.category === category);
      const total = (b.body.categoryTotals as { category: string; count: unknown }[]).find((t) => t.category === category)!.count;
      const hidden = row.filter((r) => isSuppressed(r.count as never)).length + (isSuppressed(total as never) ? 1 : 0);
      expect(hidden === 0 || hidden >= 2).toBe(true);
    }
    const full = await http.get(`/api/v1/zones/${zoneA}/returns/${period}/breakdown?dimension=origin`).set(auth(hrA)).expect(200);
    expect(full.body.threshold).toBe(1);
    expect(full.body.window).toBeNull();
    expect((full.body.rows as { count: unknown }[]).every((r) => typeof r.count === 'number')).toBe(true);
  });

  it('management gets hires, promotions and separations as 4-quarter windows, and the breakdown says which quarters', async () => {
    const flow = async (token: string, measure: string) =>
      (await http.get(`/api/v1/zones/${zoneA}/returns/${period}/breakdown?measure=${measure}&dimension=origin`).set(auth(token)).expect(200)).body as BreakdownDto;
    for (const measure of ['hires', 'promotions', 'separations']) {
      expect((await flow(management, measure)).window).toEqual({ from: addQuarters(period, -3), to: period, quarters: 4 });
      // Researchers, HR of the zone and administrators: the quarter's own flows.
      for (const token of [researcher, hrA, admin]) expect((await flow(token, measure)).window).toBeNull();
    }
  });

  it('researchers use the stricter threshold k = 10', async () => {
    const b = await http.get(`/api/v1/zones/${zoneA}/returns/${period}/breakdown?dimension=gender`).set(auth(researcher)).expect(200);
    expect(b.body.threshold).toBe(10);
    expect((b.body.rows as { count: unknown }[]).every((r) => typeof r.count !== 'number' || r.count === 0 || r.count >= 10)).toBe(true);
  });

  it('breakdown sums in the database match the cells', async () => {
    const b = await http.get(`/api/v1/zones/${zoneA}/returns/${period}/breakdown?dimension=gender`).set(auth(hrA)).expect(200);
    const cells = sampleCells(2).filter((c) => c.measure === 'headcount');
    const femaleBasic = cells.filter((c) => c.category === 'basic' && c.classes['gender'] === 'female').reduce((s, c) => s + c.count, 0);
    expect(b.body.rows.find((r: { category: string; value: string }) => r.category === 'basic' && r.value === 'female').count).toBe(femaleBasic);
    expect(b.body.total).toBe(cells.reduce((s, c) => s + c.count, 0));
    await http.get(`/api/v1/zones/${zoneA}/returns/${period}/breakdown?dimension=shoe_size`).set(auth(hrA)).expect(400);
  });
});

describe('uploads', () => {
  it('CSV with semicolons (Belgian Excel): preview, then store, then read back', async () => {
    const period = pastPeriod(11);
    const cells = sampleCells(7);
    const csv = Buffer.from('\uFEFF' + toCsv(cells, ';'));
    const preview = await http
      .post(`/api/v1/zones/${zoneA}/returns/${period}/upload`)
      .set(auth(hrA))
      .field('dryRun', 'true')
      .attach('file', csv, 'return.csv')
      .expect(200);
    expect(preview.body).toMatchObject({ valid: true, format: 'cells', rowsRead: cells.length, errors: [] });
    expect(await revisionCount(zoneA, period)).toBe(0);
    const stored = await http
      .post(`/api/v1/zones/${zoneA}/returns/${period}/upload`)
      .set(auth(hrA))
      .field('reason', 'Upload from HR system')
      .attach('file', csv, 'return.csv')
      .expect(200);
    expect(stored.body.revision).toMatchObject({ number: 1, source: 'csv', cellCount: cells.length });
    const back = await http.get(`/api/v1/zones/${zoneA}/returns/${period}`).set(auth(hrA)).expect(200);
    expect(asPlain(back.body.cells)).toEqual(asPlain(cells));
  });

  it('XLSX round trip, with a totals row that is checked and not stored', async () => {
    const period = pastPeriod(12);
    const cells = sampleCells(4);
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('Return');
    ws.addRow(['Measure', 'Detail', 'Category', 'Gender', 'Origin', 'Count']);
    for (const c of cells) ws.addRow([c.measure, c.detail, c.category, c.classes['gender'], c.classes['origin'], c.count]);
    const basicTotal = cells.filter((c) => c.measure === 'headcount' && c.category === 'basic').reduce((s, c) => s + c.count, 0);
    ws.addRow(['headcount', '', 'basic', 'total', 'total', basicTotal]);
    const xlsx = Buffer.from(await wb.xlsx.writeBuffer());
    const stored = await http
      .post(`/api/v1/zones/${zoneA}/returns/${period}/upload`)
      .set(auth(hrA))
      .field('reason', 'Excel upload')
      .attach('file', xlsx, 'return.xlsx')
      .expect(200);
    expect(stored.body.revision).toMatchObject({ source: 'xlsx', cellCount: cells.length });
    const back = await http.get(`/api/v1/zones/${zoneA}/returns/${period}`).set(auth(hrA)).expect(200);
    expect(asPlain(back.body.cells)).toEqual(asPlain(cells));

    ws.getRow(ws.rowCount).getCell(6).value = basicTotal + 3;
    const wrong = Buffer.from(await wb.xlsx.writeBuffer());
    const res = await http.post(`/api/v1/zones/${zoneA}/returns/${period}/upload`).set(auth(hrA)).field('reason', 'x').attach('file', wrong, 'return.xlsx').expect(422);
    expect(res.body.errors).toEqual([expect.objectContaining({ row: cells.length + 2, column: 'count', code: 'total_mismatch' })]);
    expect(res.body.errors[0].message).toMatch(/difference of 3/);
    expect(await revisionCount(zoneA, period)).toBe(1);
  });

  it('a per-person extract is aggregated on ingest and its rows are not kept', async () => {
    const period = pastPeriod(13);
    const csv = [
      'category,gender,origin,in_service_at_end,joined,promoted,left_reason',
      'basic,female,be_non_eu,yes,new_recruit,no,',
      'basic,female,be_non_eu,yes,,no,',
      'basic,male,be_be,yes,,no,',
      'middle,male,be_be,yes,,yes,',
      'middle,female,not_declared,no,,no,retirement',
      'basic,male,be_be,ja,transfer_in,nee,',
    ].join('\n');
    const res = await http
      .post(`/api/v1/zones/${zoneA}/returns/${period}/upload`)
      .set(auth(hrA))
      .field('reason', 'Extract from payroll')
      .attach('file', Buffer.from(csv), 'people.csv')
      .expect(200);
    expect(res.body.revision.source).toBe('person-csv');
    const back = await http.get(`/api/v1/zones/${zoneA}/returns/${period}`).set(auth(hrA)).expect(200);
    const c = (measure: string, detail: string, category: string, gender: string, origin: string, count: number) => ({ measure, detail, category, classes: { gender, origin }, count });
    expect(asPlain(back.body.cells)).toEqual(
      asPlain([
        c('headcount', '', 'basic', 'female', 'be_non_eu', 2),
        c('headcount', '', 'basic', 'male', 'be_be', 2),
        c('headcount', '', 'middle', 'male', 'be_be', 1),
        c('hires', 'new_recruit', 'basic', 'female', 'be_non_eu', 1),
        c('hires', 'transfer_in', 'basic', 'male', 'be_be', 1),
        c('promotions', '', 'middle', 'male', 'be_be', 1),
        c('separations', 'retirement', 'middle', 'female', 'not_declared', 1),
      ] as Cell[]),
    );
    const audit = (await db.query("SELECT details::text AS d FROM audit_event WHERE zone_code = $1 AND period = $2", [zoneA, period])) as { d: string }[];
    expect(audit).toHaveLength(1);
    expect(audit[0]!.d).not.toMatch(/in_service_at_end|be_non_eu,yes/);
  });

  it('a bad file gets every error with row and column; preview shows them; nothing is written', async () => {
    const period = pastPeriod(14);
    const csv = [
      'measure,detail,category,gender,origin,count',
      'headcount,,basic,female,be_be,12',
      'headcount,,basic,femal,be_be,3',
      '',
      'headcount,,inspecteur,male,be_be,4',
      'hires,,basic,male,be_be,1',
      'headcount,,basic,male,be_be,-2',
      'headcount,,basic,female,be_be,5',
    ].join('\n');
    const preview = await http
      .post(`/api/v1/zones/${zoneA}/returns/${period}/upload`)
      .set(auth(hrA))
      .field('dryRun', 'true')
      .attach('file', Buffer.from(csv), 'bad.csv')
      .expect(200);
    expect(preview.body.valid).toBe(false);
    expect((preview.body.errors as Problem[]).map((e) => [e.row, e.column, e.code])).toEqual([
      [3, 'gender', 'unknown_code'],
      [5, 'category', 'unknown_code'],
      [6, 'detail', 'required'],
      [7, 'count', 'negative'],
      [8, null, 'duplicate'],
    ]);
    const res = await http.post(`/api/v1/zones/${zoneA}/returns/${period}/upload`).set(auth(hrA)).field('reason', 'try').attach('file', Buffer.from(csv), 'bad.csv').expect(422);
    expect(res.body.errors).toHaveLength(5);
    expect(res.body.message).toBe('There are 5 problems; nothing was saved.');
    expect(await revisionCount(zoneA, period)).toBe(0);
  });

  it('refuses unknown columns, unreadable files and missing files in words', async () => {
    const period = pastPeriod(15);
    const named = 'name,measure,detail,category,gender,origin,count\nJan Peeters,headcount,,basic,male,be_be,1\n';
    const r1 = await http.post(`/api/v1/zones/${zoneA}/returns/${period}/upload`).set(auth(hrA)).field('dryRun', 'true').attach('file', Buffer.from(named), 'x.csv').expect(200);
    expect(r1.body.errors[0]).toMatchObject({ row: 1, column: 'name', code: 'personal_data_column' });
    const r2 = await http.post(`/api/v1/zones/${zoneA}/returns/${period}/upload`).set(auth(hrA)).attach('file', Buffer.from('not a zip'), 'x.xlsx').expect(422);
    expect(r2.body.errors[0].message).toMatch(/not an Excel workbook/);
    const r3 = await http.post(`/api/v1/zones/${zoneA}/returns/${period}/upload`).set(auth(hrA)).attach('file', Buffer.from('PK\u0003\u0004garbage'), 'x.xlsx').expect(422);
    expect(r3.body.errors[0].message).toMatch(/could not be opened/);
    const r4 = await http.post(`/api/v1/zones/${zoneA}/returns/${period}/upload`).set(auth(hrA)).field('reason', 'x').expect(422);
    expect(r4.body.errors[0]).toMatchObject({ column: 'file', code: 'no_file' });
    const r5 = await http.post(`/api/v1/zones/${zoneA}/returns/${period}/upload`).set(auth(hrA)).attach('file', Buffer.from('%PDF'), 'x.pdf').expect(422);
    expect(r5.body.errors[0].message).toMatch(/neither a CSV/);
    const r6 = await http.post(`/api/v1/zones/${zoneA}/returns/${period}/upload`).set(auth(hrA)).field('dryRun', 'maybe').attach('file', Buffer.from(toCsv(sampleCells())), 'x.csv').expect(422);
    expect(r6.body.errors[0]).toMatchObject({ column: 'dryRun' });
    expect(await revisionCount(zoneA, period)).toBe(0);
  });

  it('serves the CSV templates, and a template is itself a valid upload', async () => {
    const tpl = await http.get('/api/v1/templates/cells.csv').set(auth(hrA)).expect(200);
    expect(tpl.headers['content-type']).toMatch(/text\/csv/);
    const period = pastPeriod(16);
    const res = await http.post(`/api/v1/zones/${zoneA}/returns/${period}/upload`).set(auth(hrA)).field('dryRun', 'true').attach('file', Buffer.from(tpl.text), 'tpl.csv').expect(200);
    expect(res.body).toMatchObject({ valid: true, errors: [] });
    const person = await http.get('/api/v1/templates/per-person.csv').set(auth(hrA)).expect(200);
    const res2 = await http.post(`/api/v1/zones/${zoneA}/returns/${period}/upload`).set(auth(hrA)).field('dryRun', 'true').attach('file', Buffer.from(person.text), 'p.csv').expect(200);
    expect(res2.body).toMatchObject({ valid: true, format: 'per-person' });
  });
});

describe('audit log', () => {
  it('records who revised, signed off and reopened, and only admins can read it', async () => {
    const period = pastPeriod(17);
    await http.put(`/api/v1/zones/${zoneB}/returns/${period}`).set(auth(hrB)).send({ reason: 'audit me', cells: sampleCells() }).expect(201);
    await http.post(`/api/v1/zones/${zoneB}/returns/${period}/sign-off`).set(auth(hrB)).expect(200);
    await http.post(`/api/v1/zones/${zoneB}/returns/${period}/reopen`).set(auth(admin)).send({ reason: 'typo' }).expect(200);
    const log = await http.get(`/api/v1/audit?zone=${zoneB}&limit=1000`).set(auth(admin)).expect(200);
    const events = (log.body as { action: string; period: string; actor: string; details: Record<string, unknown> }[]).filter((e) => e.period === period);
    expect(events.map((e) => e.action)).toEqual(['return.reopened', 'return.signed_off', 'return.revised']);
    expect(events[2]!.details).toMatchObject({ revision: 1, reason: 'audit me', cells: sampleCells().length });
    expect(events[0]!.actor).toMatch(/^admin\./);
    await http.get('/api/v1/audit').set(auth(hrB)).expect(403);
    await http.get('/api/v1/audit').set(auth(management)).expect(403);
  });
});
