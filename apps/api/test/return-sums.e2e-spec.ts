// The pre-aggregated sums (return_sum) that dashboards read: written with every revision, equal to
// the sums of the cells themselves, and what the breakdown serves.
import type { INestApplication } from '@nestjs/common';
import type { BreakdownDto, Cell } from '@equity/shared';
import type request from 'supertest';
import type { DataSource } from 'typeorm';
import { auth, createTestApp, createZone, login, pastPeriod, sampleCells } from './utils.js';

let app: INestApplication;
let db: DataSource;
let http: ReturnType<typeof request>;
let zone: string;
let hr: string;
const period = pastPeriod(3);

/** The sample return plus cells that carry an optional classification (age band) and some that do not. */
const cells = (): Cell[] => [
  ...sampleCells(12),
  { measure: 'hires', detail: 'transfer_in', category: 'middle', classes: { gender: 'male', origin: 'be_eu', age_band: 'under_30' }, count: 3 },
  { measure: 'hires', detail: 'transfer_in', category: 'middle', classes: { gender: 'male', origin: 'be_eu' }, count: 4 },
];

/** The same sums computed from the cells' JSONB, the way the aggregates were computed before. */
const fromCells = (revision: string) =>
  db.query(
    `SELECT c.measure, c.detail, c.category, d.code AS dimension, coalesce(c.classes ->> d.code, 'not_declared') AS value, sum(c.count)::int AS count
       FROM return_cell c CROSS JOIN unnest(ARRAY['gender', 'origin', 'age_band', 'disability']) AS d(code)
      WHERE c.revision_id = $1 GROUP BY 1, 2, 3, 4, 5 ORDER BY 1, 2, 3, 4, 5`,
    [revision],
  );
const fromSums = (revision: string) =>
  db.query('SELECT measure, detail, category, dimension, value, count FROM return_sum WHERE revision_id = $1 ORDER BY 1, 2, 3, 4, 5', [revision]);

beforeAll(async () => {
  ({ app, db, http } = await createTestApp());
  zone = await createZone(db, 'Sums zone');
  hr = (await login(http, db, 'hr', [zone])).token;
  await http.put(`/api/v1/zones/${zone}/returns/${period}`).set(auth(hr)).send({ reason: 'first entry', cells: cells() }).expect(201);
});
afterAll(async () => {
  await app.close();
});

const currentRevision = async (): Promise<string> =>
  ((await db.query('SELECT r.current_revision_id AS id FROM quarterly_return r JOIN zone z ON z.id = r.zone_id WHERE z.code = $1 AND r.period = $2', [zone, period])) as { id: string }[])[0]!.id;

test('every revision stores the sums of its cells for every classification of the profile, missing values as not declared', async () => {
  const revision = await currentRevision();
  const sums = await fromSums(revision);
  expect(sums.length).toBeGreaterThan(0);
  expect(sums).toEqual(await fromCells(revision));
  // The transfer without an age band counts as "not declared" for the age band, the other as under 30.
  expect(sums.filter((s: { measure: string; dimension: string }) => s.measure === 'hires' && s.dimension === 'age_band')).toEqual(
    expect.arrayContaining([
      { measure: 'hires', detail: 'transfer_in', category: 'middle', dimension: 'age_band', value: 'not_declared', count: 4 },
      { measure: 'hires', detail: 'transfer_in', category: 'middle', dimension: 'age_band', value: 'under_30', count: 3 },
    ]),
  );
});

test('a new revision gets its own sums and the breakdown follows it', async () => {
  const first = await currentRevision();
  const changed = cells().map((c) => (c.measure === 'headcount' && c.category === 'basic' && c.classes['origin'] === 'be_be' && c.classes['gender'] === 'female' ? { ...c, count: 40 } : c));
  await http.put(`/api/v1/zones/${zone}/returns/${period}`).set(auth(hr)).send({ reason: 'correction', cells: changed }).expect(201);
  const second = await currentRevision();
  expect(second).not.toBe(first);
  expect(await fromSums(second)).toEqual(await fromCells(second));
  expect(await fromSums(first)).toEqual(await fromCells(first));
  const res = await http.get(`/api/v1/zones/${zone}/returns/${period}/breakdown?measure=headcount&dimension=origin`).set(auth(hr)).expect(200);
  const body = res.body as BreakdownDto;
  // basic × be_be: women 40 (corrected from 12) + men 15.
  expect(body.rows.find((r) => r.category === 'basic' && r.value === 'be_be')?.count).toBe(40 + 15);
});
