// Cells and sums belong to an existing revision, and a revision with cells is never deleted: checked
// per statement by triggers (migration 1764500000000) instead of row-by-row foreign keys. These
// tests try to break the rule by every way of writing: INSERT, COPY (the bulk path), UPDATE, DELETE.
import type { INestApplication } from '@nestjs/common';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import type request from 'supertest';
import type { DataSource } from 'typeorm';
import { auth, createTestApp, createZone, login, pastPeriod, sampleCells, testDatabaseUrl } from './utils.js';

let app: INestApplication;
let db: DataSource;
let http: ReturnType<typeof request>;
let zoneId: number;
let revision: string;
const period = pastPeriod(2);
const MISSING = '999999999';

beforeAll(async () => {
  ({ app, db, http } = await createTestApp());
  const zone = await createZone(db, 'Revision checks zone');
  const hr = (await login(http, db, 'hr', [zone])).token;
  await http.put(`/api/v1/zones/${zone}/returns/${period}`).set(auth(hr)).send({ reason: 'first entry', cells: sampleCells(9) }).expect(201);
  const [row] = (await db.query('SELECT r.zone_id, r.current_revision_id AS id FROM quarterly_return r JOIN zone z ON z.id = r.zone_id WHERE z.code = $1 AND r.period = $2', [
    zone,
    period,
  ])) as { zone_id: number; id: string }[];
  zoneId = row!.zone_id;
  revision = row!.id;
});
afterAll(async () => {
  await app.close();
});

const cellCount = async () => ((await db.query('SELECT count(*)::int AS n FROM return_cell')) as { n: number }[])[0]!.n;
const sumCount = async () => ((await db.query('SELECT count(*)::int AS n FROM return_sum')) as { n: number }[])[0]!.n;

test('a cell of a revision that does not exist is refused, and nothing of the statement is written', async () => {
  const before = await cellCount();
  await expect(
    db.query(
      `INSERT INTO return_cell (revision_id, measure, detail, category, classes, count)
       VALUES ($1, 'headcount', '', 'basic', '{"gender": "female", "origin": "be_be", "x": "1"}', 1), ($2, 'headcount', '', 'basic', '{"gender": "female", "origin": "be_be"}', 1)`,
      [revision, MISSING],
    ),
  ).rejects.toMatchObject({ driverError: { code: '23503', message: expect.stringContaining(`names revision ${MISSING}`) } });
  expect(await cellCount()).toBe(before);
});

test('COPY (the bulk path) of cells or sums naming a missing revision is refused as a whole', async () => {
  const client = new pg.Client({ connectionString: testDatabaseUrl() });
  await client.connect();
  try {
    const [cells, sums] = [await cellCount(), await sumCount()];
    const cellLines = `${revision}\theadcount\t\tbasic\t{"gender": "male", "origin": "be_be", "y": "1"}\t2\n${MISSING}\theadcount\t\tbasic\t{"gender": "male", "origin": "be_be"}\t2\n`;
    await expect(pipeline(Readable.from([cellLines]), client.query(copyFrom('COPY return_cell (revision_id, measure, detail, category, classes, count) FROM STDIN')))).rejects.toMatchObject({
      code: '23503',
    });
    const sumLines = `${zoneId}\t${MISSING}\theadcount\t\tbasic\tgender\tmale\t2\n`;
    await expect(
      pipeline(Readable.from([sumLines]), client.query(copyFrom('COPY return_sum (zone_id, revision_id, measure, detail, category, dimension, value, count) FROM STDIN'))),
    ).rejects.toMatchObject({ code: '23503' });
    expect([await cellCount(), await sumCount()]).toEqual([cells, sums]);
  } finally {
    await client.end();
  }
});

test('moving cells or sums to a missing revision is refused', async () => {
  await expect(db.query('UPDATE return_cell SET revision_id = $1 WHERE revision_id = $2', [MISSING, revision])).rejects.toMatchObject({ driverError: { code: '23503' } });
  await expect(db.query('UPDATE return_sum SET revision_id = $1 WHERE revision_id = $2', [MISSING, revision])).rejects.toMatchObject({ driverError: { code: '23503' } });
  expect(((await db.query('SELECT count(*)::int AS n FROM return_cell WHERE revision_id = $1', [revision])) as { n: number }[])[0]!.n).toBe(sampleCells(9).length);
});

test('a revision with cells can be neither deleted nor renumbered', async () => {
  const client = new pg.Client({ connectionString: testDatabaseUrl() });
  await client.connect();
  try {
    // In a transaction that is rolled back, whatever happens: the pointer above must come back.
    await client.query('BEGIN');
    await client.query('UPDATE quarterly_return SET current_revision_id = NULL WHERE current_revision_id = $1', [revision]);
    await client.query('DELETE FROM protected_table WHERE revision_id = $1', [revision]);
    await expect(client.query('DELETE FROM return_revision WHERE id = $1', [revision])).rejects.toMatchObject({ code: '23503', message: expect.stringContaining('never deleted') });
    await client.query('ROLLBACK');
    await client.query('BEGIN');
    await client.query('UPDATE quarterly_return SET current_revision_id = NULL WHERE current_revision_id = $1', [revision]);
    await expect(client.query('UPDATE return_revision SET id = $1 WHERE id = $2', [MISSING, revision])).rejects.toMatchObject({ code: '23503', message: expect.stringContaining('cannot change') });
    await client.query('ROLLBACK');
    // Changing something else of a revision is not the check's business.
    await client.query('BEGIN');
    await expect(client.query('UPDATE return_revision SET reason = reason WHERE id = $1', [revision])).resolves.toMatchObject({ rowCount: 1 });
    await client.query('ROLLBACK');
  } finally {
    await client.end();
  }
  expect(((await db.query('SELECT count(*)::int AS n FROM return_revision WHERE id = $1', [revision])) as { n: number }[])[0]!.n).toBe(1);
});
