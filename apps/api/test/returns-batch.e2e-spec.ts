// The bulk path (ReturnsService.submitBatch: the import CLI and the benchmark's ingest) on a real
// PostgreSQL, compared with the single-return path it must match: same cells, sums, revisions,
// warnings and audit events; all or nothing with every problem named by return, row and column.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { INestApplication } from '@nestjs/common';
import type { Cell, Problem } from '@equity/shared';
import type request from 'supertest';
import type { DataSource } from 'typeorm';
import type { AuthUser } from '../src/auth/auth-user.js';
import { ValidationProblemsException } from '../src/core/problems.js';
import { ImportsService } from '../src/imports/imports.service.js';
import { BatchMemory, ReturnsService } from '../src/returns/returns.service.js';
import { createTestApp, createZone, login, pastPeriod, sampleCells } from './utils.js';

const here = path.dirname(fileURLToPath(import.meta.url));
let app: INestApplication;
let db: DataSource;
let http: ReturnType<typeof request>;
let service: ReturnsService;
let admin: AuthUser;

const [q1, q2, q3, q4] = [pastPeriod(8), pastPeriod(7), pastPeriod(6), pastPeriod(5)];

/** Three quarters of a zone; q2's headcount does not follow from q1's flows (a stock-flow warning), q3's does not either. */
const quarters = (): { period: string; cells: Cell[] }[] => [
  { period: q1, cells: sampleCells(10) },
  { period: q2, cells: sampleCells(11) },
  { period: q3, cells: sampleCells(13).map((c) => (c.measure === 'hires' ? { ...c, count: 5 } : c)) },
];

async function adminUser(): Promise<AuthUser> {
  const { username } = await login(http, db, 'admin');
  const [row] = (await db.query('SELECT id FROM app_user WHERE username = $1', [username])) as { id: number }[];
  return { id: row!.id, username, displayName: 'Test admin', role: 'admin', zones: [] } as unknown as AuthUser;
}

/** Everything stored for a zone, without ids and times: revisions, cells, sums, audit events. */
async function stored(zone: string) {
  const revisions = await db.query(
    `SELECT r.period, rv.revision_no, u.username AS author, rv.reason, rv.source, rv.cell_count, (r.current_revision_id = rv.id) AS current
       FROM zone z JOIN quarterly_return r ON r.zone_id = z.id JOIN return_revision rv ON rv.return_id = r.id JOIN app_user u ON u.id = rv.author_id
      WHERE z.code = $1 ORDER BY r.period, rv.revision_no`,
    [zone],
  );
  const cells = await db.query(
    `SELECT r.period, rv.revision_no, c.measure, c.detail, c.category, c.classes, c.count
       FROM zone z JOIN quarterly_return r ON r.zone_id = z.id JOIN return_revision rv ON rv.return_id = r.id JOIN return_cell c ON c.revision_id = rv.id
      WHERE z.code = $1 ORDER BY 1, 2, 3, 4, 5, c.classes::text`,
    [zone],
  );
  const sums = await db.query(
    `SELECT r.period, rv.revision_no, s.measure, s.detail, s.category, s.dimension, s.value, s.count
       FROM zone z JOIN quarterly_return r ON r.zone_id = z.id JOIN return_revision rv ON rv.return_id = r.id JOIN return_sum s ON s.revision_id = rv.id AND s.zone_id = z.id
      WHERE z.code = $1 ORDER BY 1, 2, 3, 4, 5, 6, 7`,
    [zone],
  );
  const audit = await db.query(`SELECT actor_username, action, period, details FROM audit_event WHERE zone_code = $1 ORDER BY id`, [zone]);
  return { revisions, cells, sums, audit };
}

async function problemsOf(run: Promise<unknown>): Promise<{ errors: Problem[]; warnings: Problem[] }> {
  try {
    await run;
  } catch (err) {
    expect(err).toBeInstanceOf(ValidationProblemsException);
    return (err as ValidationProblemsException).getResponse() as { errors: Problem[]; warnings: Problem[] };
  }
  throw new Error('the batch was accepted');
}

beforeAll(async () => {
  ({ app, db, http } = await createTestApp());
  service = app.get(ReturnsService);
  admin = await adminUser();
});
afterAll(async () => {
  await app.close();
});

test('a batch stores exactly what single submissions store: cells, sums, revisions, warnings, audit events', async () => {
  const single = await createZone(db, 'Single path');
  const bulk = await createZone(db, 'Bulk path');
  const singleWarnings: Problem[][] = [];
  for (const q of quarters()) singleWarnings.push((await service.submitJson(admin, single, q.period, 'first entry', q.cells, 'import')).warnings);
  const result = await service.submitBatch(
    admin,
    quarters().map((q) => ({ zone: bulk, period: q.period, cells: q.cells })),
    { reason: 'first entry', source: 'import' },
  );
  expect(result.written).toBe(3);
  expect(result.returns.map((r) => r.revision)).toEqual([1, 1, 1]);
  // Stock-flow against the previous quarter in the same batch: the same warnings, word for word.
  expect(singleWarnings.flat().length).toBeGreaterThan(0);
  expect(result.returns.map((r) => r.warnings)).toEqual(singleWarnings);
  const a = await stored(single);
  const b = await stored(bulk);
  expect(b.revisions).toEqual(a.revisions);
  expect(b.cells).toEqual(a.cells);
  expect(b.cells.length).toBe(3 * sampleCells().length);
  expect(b.sums).toEqual(a.sums);
  expect(b.sums.length).toBeGreaterThan(0);
  expect(b.audit).toEqual(a.audit);
  expect(b.audit).toHaveLength(3);
  expect(b.audit[2]).toMatchObject({ action: 'return.revised', actor_username: admin.username, period: q3, details: { revision: 1, source: 'import', reason: 'first entry' } });

  // The next quarter alone: its previous quarter is now stored (not in the batch), warnings identical again.
  const next = sampleCells(15);
  const s = await service.submitJson(admin, single, q4, 'next quarter', next, 'import');
  const r = await service.submitBatch(admin, [{ zone: bulk, period: q4, cells: next }], { reason: 'next quarter', source: 'import' });
  expect(s.warnings.length).toBeGreaterThan(0);
  expect(r.returns[0]!.warnings).toEqual(s.warnings);
  expect((await stored(bulk)).sums).toEqual((await stored(single)).sums);
});

test('the previous quarter validated by an earlier batch of the same load counts for the stock-flow check', async () => {
  const single = await createZone(db, 'Single, two batches');
  const bulk = await createZone(db, 'Bulk, two batches');
  const qs = quarters();
  const singleWarnings: Problem[][] = [];
  for (const q of qs) singleWarnings.push((await service.submitJson(admin, single, q.period, 'load', q.cells, 'import')).warnings);
  const memory = new BatchMemory();
  // Batch 2 validated before batch 1 is written (the benchmark's pipeline).
  const first = await service.validateBatch(admin, [{ zone: bulk, period: q1, cells: qs[0]!.cells }, { zone: bulk, period: q2, cells: qs[1]!.cells }], { reason: 'load', source: 'import', memory });
  const second = await service.validateBatch(admin, [{ zone: bulk, period: q3, cells: qs[2]!.cells }], { reason: 'load', source: 'import', memory });
  const w1 = await service.writeBatch(admin, first);
  const w2 = await service.writeBatch(admin, second);
  expect([...w1.returns, ...w2.returns].map((r) => r.warnings)).toEqual(singleWarnings);
  expect((await stored(bulk)).cells).toEqual((await stored(single)).cells);
});

test('a batch with bad returns in the middle writes nothing and lists every problem with its return, row and column', async () => {
  const zone = await createZone(db, 'Bad batch');
  const other = await createZone(db, 'Bad batch, other');
  const auditBefore = ((await db.query('SELECT count(*)::int AS n FROM audit_event')) as { n: number }[])[0]!.n;
  const bad = sampleCells(10);
  bad[1] = { ...bad[1]!, category: 'general_staff' };
  bad[4] = { ...bad[4]!, count: -3 };
  const { errors } = await problemsOf(
    service.submitBatch(
      admin,
      [
        { zone, period: q1, cells: sampleCells(10) },
        { zone, period: q2, cells: bad },
        { zone: other, period: q2, cells: [{ measure: 'headcount', detail: '', category: 'basic', classes: { gender: 'female', origin: 'be_be' }, count: 'many' }] },
        { zone: 'NO-SUCH-ZONE', period: q2, cells: sampleCells(10) },
        { zone, period: q3, cells: sampleCells(10) },
      ],
      { reason: 'first entry', source: 'import' },
    ),
  );
  expect(errors).toEqual(
    expect.arrayContaining([
      expect.objectContaining({ row: 2, column: 'category', code: 'unknown_code', message: expect.stringMatching(new RegExp(`^${zone} ${q2}: `)) }),
      expect.objectContaining({ row: 5, column: 'count', code: 'negative', message: expect.stringMatching(new RegExp(`^${zone} ${q2}: `)) }),
      expect.objectContaining({ row: 1, column: 'count', code: 'not_a_number', message: expect.stringMatching(new RegExp(`^${other} ${q2}: `)) }),
      expect.objectContaining({ row: null, column: 'zone', code: 'unknown_zone', value: 'NO-SUCH-ZONE' }),
    ]),
  );
  expect(errors).toHaveLength(4);
  for (const z of [zone, other]) expect((await stored(z)).revisions).toEqual([]);
  expect(((await db.query('SELECT count(*)::int AS n FROM audit_event')) as { n: number }[])[0]!.n).toBe(auditBefore);
  const { errors: twice } = await problemsOf(
    service.submitBatch(admin, [{ zone, period: q1, cells: sampleCells(10) }, { zone, period: q1, cells: sampleCells(11) }], { reason: ' ', source: 'import' }),
  );
  expect(twice.map((e) => e.code).sort()).toEqual(['duplicate_return', 'required']);
});

test('a correction in a batch becomes a new revision; the earlier one keeps its cells', async () => {
  const zone = await createZone(db, 'Corrections');
  await service.submitBatch(admin, [{ zone, period: q1, cells: sampleCells(10) }, { zone, period: q2, cells: sampleCells(10) }], { reason: 'first entry', source: 'import' });
  const corrected = sampleCells(10).map((c) => (c.measure === 'hires' ? { ...c, count: 7 } : c));
  const result = await service.submitBatch(admin, [{ zone, period: q2, cells: corrected }], { reason: 'corrected hires', source: 'import' });
  expect(result.returns[0]).toMatchObject({ zone, period: q2, revision: 2 });
  const s = await stored(zone);
  expect(s.revisions.filter((r: { period: string }) => r.period === q2)).toEqual([
    expect.objectContaining({ revision_no: 1, reason: 'first entry', current: false }),
    expect.objectContaining({ revision_no: 2, reason: 'corrected hires', current: true }),
  ]);
  const hires = s.cells.filter((c: { period: string; measure: string }) => c.period === q2 && c.measure === 'hires');
  expect(hires.map((c: { revision_no: number; count: number }) => [c.revision_no, c.count])).toEqual([
    [1, 2],
    [2, 7],
  ]);
  expect(s.audit.map((e: { details: { revision: number } }) => e.details.revision)).toEqual([1, 1, 2]);
});

test('a signed-off quarter in a batch stops the whole batch (409) and nothing is written', async () => {
  const zone = await createZone(db, 'Signed off');
  await service.submitBatch(admin, [{ zone, period: q1, cells: sampleCells(10) }], { reason: 'first entry', source: 'import' });
  await service.signOff(admin, zone, q1);
  await expect(
    service.submitBatch(admin, [{ zone, period: q2, cells: sampleCells(10) }, { zone, period: q1, cells: sampleCells(12) }], { reason: 'again', source: 'import' }),
  ).rejects.toMatchObject({ status: 409 });
  expect((await stored(zone)).revisions).toEqual([expect.objectContaining({ period: q1, revision_no: 1 })]);
});

test('the generic import: --dry-run writes nothing; the real run writes the whole file in one go, unchanged returns are not written again', async () => {
  const imports = app.get(ImportsService);
  const mapping = { name: 'mapping.json', text: readFileSync(path.resolve(here, '../../../examples/uk-police-workforce/mapping.json'), 'utf8') };
  const code = `E9${Date.now() % 10_000_000}`;
  const header = 'As at 31 March...,Geo code,Force Name,Region,Gender,Rank description,Worker type,Ethnicity,Ethnic group,Total (headcount),Total (FTE)';
  const rows = (year: number, women: number) => [
    `${year},${code},Test force,Region,Female,Constable,Police Officer,White,White, ${women} , ${women}`,
    `${year},${code},Test force,Region,Male,Constable,Police Officer,White,White, 30 , 30`,
  ];
  const file = { name: 'ranks.csv', content: Buffer.from([header, ...rows(2004, 20), ...rows(2005, 25)].join('\n')) };
  const dry = await imports.run(admin, mapping, file, { dryRun: true });
  expect(dry.returns?.returns.map((r) => [r.period, r.revision, r.cells])).toEqual([
    ['2004-Q1', null, 2],
    ['2005-Q1', null, 2],
  ]);
  expect(await db.query('SELECT 1 FROM zone WHERE code = $1', [code])).toEqual([]);
  const real = await imports.run(admin, mapping, file, { dryRun: false });
  expect(real.zonesCreated).toEqual([code]);
  expect(real.returns).toMatchObject({ written: 2, unchanged: 0 });
  // Yearly figures: 2005-Q1's previous quarter (2004-Q4) is in neither the file nor the database, so no stock-flow warning.
  expect(real.returns?.returns.map((r) => [r.period, r.revision, r.warnings])).toEqual([
    ['2004-Q1', 1, 0],
    ['2005-Q1', 1, 0],
  ]);
  const s = await stored(code);
  expect(s.revisions.map((r: { period: string; revision_no: number; source: string }) => [r.period, r.revision_no, r.source])).toEqual([
    ['2004-Q1', 1, 'import'],
    ['2005-Q1', 1, 'import'],
  ]);
  expect(s.cells).toHaveLength(4);
  expect(s.audit.filter((e: { action: string }) => e.action === 'return.revised')).toHaveLength(2);
  const again = await imports.run(admin, mapping, file, { dryRun: false });
  expect(again.returns).toMatchObject({ written: 0, unchanged: 2 });
  expect((await stored(code)).revisions).toHaveLength(2);
});
