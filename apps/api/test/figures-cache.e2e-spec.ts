// Computed figures are cached per API instance at the data version the database bumps on every
// write (migration 1764300000000, analytics/figures-cache.ts): the first request after a write —
// through the API, through plain SQL, or through another instance — answers from the new data.
import type { INestApplication } from '@nestjs/common';
import { addQuarters, type BreakdownDto, type Cell, type NationalDto, type TargetProgressDto, type ZoneMetricsDto } from '@equity/shared';
import type request from 'supertest';
import type { DataSource } from 'typeorm';
import { auth, createTestApp, createZone, login, pastPeriod } from './utils.js';

let app: INestApplication;
let db: DataSource;
let http: ReturnType<typeof request>;
let other: { app: INestApplication; http: ReturnType<typeof request> };
let zone: string;
let hr: string;
let admin: string;
let targetId: number;

const Q4 = pastPeriod(30);
const Q = (i: number) => addQuarters(Q4, i - 4);

/** Headcount basic be_be 100 and be_non_eu `nonEu`, middle be_be 30 and be_non_eu 5. */
const cells = (nonEu: number): Cell[] => [
  { measure: 'headcount', detail: '', category: 'basic', classes: { gender: 'male', origin: 'be_be' }, count: 100 },
  { measure: 'headcount', detail: '', category: 'basic', classes: { gender: 'male', origin: 'be_non_eu' }, count: nonEu },
  { measure: 'headcount', detail: '', category: 'middle', classes: { gender: 'male', origin: 'be_be' }, count: 30 },
  { measure: 'headcount', detail: '', category: 'middle', classes: { gender: 'male', origin: 'be_non_eu' }, count: 5 },
];
/** Representation of migration background among the declared. */
const share = (nonEu: number) => (nonEu + 5) / (nonEu + 135);

const GROUP = 'group=origin:migration_background';
const zoneFigure = async (h: ReturnType<typeof request>, token: string) =>
  ((await h.get(`/api/v1/zones/${zone}/metrics?period=${Q4}&${GROUP}`).set(auth(token)).expect(200)).body as ZoneMetricsDto).representation.ofDeclared.value;
const latestZoneFigure = async (token: string) => (await http.get(`/api/v1/zones/${zone}/metrics?${GROUP}`).set(auth(token)).expect(200)).body as ZoneMetricsDto;
const nationalFigure = async (h: ReturnType<typeof request>, token: string) =>
  ((await h.get(`/api/v1/national?period=${Q4}&metric=representation&${GROUP}`).set(auth(token)).expect(200)).body as NationalDto).rows.find((r) => r.zone === zone)?.value;
/** The national total's staff of migration background (every zone of the shared test database), checked to be the sum of the rows'. */
const nationalTotal = async (h: ReturnType<typeof request>, token: string) => {
  const n = (await h.get(`/api/v1/national?period=${Q4}&metric=representation&${GROUP}`).set(auth(token)).expect(200)).body as NationalDto;
  const numerator = n.total.rate!.numerator as number;
  expect(numerator).toBe(n.rows.reduce((sum, r) => sum + (r.rate!.numerator as number), 0));
  return numerator;
};
const targetFigure = async (h: ReturnType<typeof request>, token: string) => {
  const list = (await h.get(`/api/v1/targets?zone=${zone}`).set(auth(token)).expect(200)).body as TargetProgressDto[];
  return list.find((t) => t.id === targetId)!;
};
const breakdownFigure = async (h: ReturnType<typeof request>, token: string) =>
  ((await h.get(`/api/v1/zones/${zone}/returns/${Q4}/breakdown?measure=headcount&dimension=origin`).set(auth(token)).expect(200)).body as BreakdownDto).rows.find(
    (r) => r.category === 'basic' && r.value === 'be_non_eu',
  )?.count;
const versionOf = async (code: string): Promise<number> =>
  Number(((await db.query('SELECT coalesce(max(v.version), 0) AS v FROM zone z LEFT JOIN data_version v ON v.zone_id = z.id WHERE z.code = $1', [code])) as { v: string }[])[0]!.v);

beforeAll(async () => {
  ({ app, db, http } = await createTestApp());
  const second = await createTestApp();
  other = { app: second.app, http: second.http };
  zone = await createZone(db, 'Cache zone');
  hr = (await login(http, db, 'hr', [zone])).token;
  admin = (await login(http, db, 'admin')).token;
  for (let i = 0; i <= 4; i++) await http.put(`/api/v1/zones/${zone}/returns/${Q(i)}`).set(auth(hr)).send({ reason: 'cache test', cells: cells(40) }).expect(201);
  const created = await http
    .post('/api/v1/targets')
    .set(auth(admin))
    .send({ zone, group: 'origin:migration_background', metric: 'representation', categories: [], value: 0.3, baselinePeriod: Q(0), deadlinePeriod: addQuarters(Q(0), 8), note: 'cache' })
    .expect(201);
  targetId = (created.body as TargetProgressDto).id;
});
afterAll(async () => {
  await other.app.close();
  await app.close();
});

test('a correction through the API changes the zone, national and target figures on the next request', async () => {
  const totalBefore = await nationalTotal(http, admin);
  // Twice each: the second answer comes from the cache.
  for (let i = 0; i < 2; i++) {
    expect(await zoneFigure(http, hr)).toBeCloseTo(share(40), 12);
    expect(await zoneFigure(http, admin)).toBeCloseTo(share(40), 12);
    expect(await nationalFigure(http, admin)).toBeCloseTo(share(40), 12);
    expect(await nationalTotal(http, admin)).toBe(totalBefore);
    expect((await targetFigure(http, admin)).current).toMatchObject({ period: Q4, actual: share(40) });
    expect((await latestZoneFigure(hr)).period).toBe(Q4);
    expect(await breakdownFigure(http, hr)).toBe(40);
  }
  const before = await versionOf(zone);
  await http.put(`/api/v1/zones/${zone}/returns/${Q4}`).set(auth(hr)).send({ reason: 'correction', cells: cells(60) }).expect(201);
  expect(await versionOf(zone)).toBeGreaterThan(before);
  expect(await zoneFigure(http, hr)).toBeCloseTo(share(60), 12);
  expect(await zoneFigure(http, admin)).toBeCloseTo(share(60), 12);
  expect(await nationalFigure(http, admin)).toBeCloseTo(share(60), 12);
  // The total follows: 20 more of migration background (the other zones' answers from the cache).
  expect(await nationalTotal(http, admin)).toBe(totalBefore + 20);
  expect((await targetFigure(http, admin)).current!.actual).toBeCloseTo(share(60), 12);
  expect(await breakdownFigure(http, hr)).toBe(60);
});

test('a new quarter moves the default (latest) quarter of the dashboard', async () => {
  expect((await latestZoneFigure(hr)).period).toBe(Q4);
  await http.put(`/api/v1/zones/${zone}/returns/${Q(5)}`).set(auth(hr)).send({ reason: 'next quarter', cells: cells(70) }).expect(201);
  const next = await latestZoneFigure(hr);
  expect(next.period).toBe(Q(5));
  expect(next.representation.ofDeclared.value).toBeCloseTo(share(70), 12);
  expect((await targetFigure(http, admin)).current).toMatchObject({ period: Q(5) });
  expect((await targetFigure(http, admin)).current!.actual).toBeCloseTo(share(70), 12);
});

test('a write by plain SQL (a bulk import, a manual fix) invalidates through the triggers, on every instance', async () => {
  // Both instances have the current figure cached.
  expect(await zoneFigure(http, admin)).toBeCloseTo(share(60), 12);
  expect(await zoneFigure(other.http, admin)).toBeCloseTo(share(60), 12);
  expect(await nationalFigure(other.http, admin)).toBeCloseTo(share(60), 12);
  const total60 = await nationalTotal(other.http, admin);
  expect(await breakdownFigure(other.http, admin)).toBe(60);
  // Point Q4 back at its first revision (40) without the API.
  await db.query(
    `UPDATE quarterly_return r SET current_revision_id = (SELECT min(rv.id) FROM return_revision rv WHERE rv.return_id = r.id)
      WHERE r.zone_id = (SELECT id FROM zone WHERE code = $1) AND r.period = $2`,
    [zone, Q4],
  );
  expect(await zoneFigure(http, admin)).toBeCloseTo(share(40), 12);
  expect(await zoneFigure(other.http, admin)).toBeCloseTo(share(40), 12);
  expect(await nationalFigure(other.http, admin)).toBeCloseTo(share(40), 12);
  expect(await nationalFigure(http, admin)).toBeCloseTo(share(40), 12);
  expect(await nationalTotal(other.http, admin)).toBe(total60 - 20);
  expect(await breakdownFigure(other.http, admin)).toBe(40);
});

test('a correction through one instance is seen by the other at once', async () => {
  expect(await nationalFigure(other.http, admin)).toBeCloseTo(share(40), 12);
  expect((await targetFigure(other.http, admin)).points.find((p) => p.period === Q4)!.actual).toBeCloseTo(share(40), 12);
  await http.put(`/api/v1/zones/${zone}/returns/${Q4}`).set(auth(hr)).send({ reason: 'second correction', cells: cells(20) }).expect(201);
  expect(await nationalFigure(other.http, admin)).toBeCloseTo(share(20), 12);
  expect((await targetFigure(other.http, admin)).points.find((p) => p.period === Q4)!.actual).toBeCloseTo(share(20), 12);
  expect(await zoneFigure(other.http, hr)).toBeCloseTo(share(20), 12);
});

test('availability benchmarks and target edits invalidate too', async () => {
  const gap = async () => ((await http.get(`/api/v1/zones/${zone}/metrics?period=${Q4}&${GROUP}`).set(auth(admin)).expect(200)).body as ZoneMetricsDto).availability;
  expect(await gap()).toBeNull();
  await http.put(`/api/v1/zones/${zone}/availability`).set(auth(admin)).send({ dimension: 'origin', group: 'migration_background', share: 0.5, source: 'test', year: 2025 }).expect(200);
  expect((await gap())!.gap).toBeCloseTo(share(20) - 0.5, 12);
  const national = async () =>
    ((await other.http.get(`/api/v1/national?period=${Q4}&metric=availability_gap&${GROUP}`).set(auth(admin)).expect(200)).body as NationalDto).rows.find((r) => r.zone === zone)!.value;
  expect(await national()).toBeCloseTo(share(20) - 0.5, 12);
  await db.query(`UPDATE availability_benchmark SET share = 0.4 WHERE zone_id = (SELECT id FROM zone WHERE code = $1)`, [zone]);
  expect(await national()).toBeCloseTo(share(20) - 0.4, 12);
  expect((await gap())!.gap).toBeCloseTo(share(20) - 0.4, 12);

  expect((await targetFigure(other.http, admin)).value).toBe(0.3);
  await db.query('UPDATE target SET value = 0.35 WHERE id = $1', [targetId]);
  expect((await targetFigure(other.http, admin)).value).toBe(0.35);
});

test('one version bump per statement and zone, whatever the number of rows (bulk writers)', async () => {
  const z2 = await createZone(db, 'Cache zone 2');
  const [a, b] = [await versionOf(zone), await versionOf(z2)];
  // One statement touching both zones' returns (no-op assignment): one bump each.
  await db.query(`UPDATE quarterly_return SET current_revision_id = current_revision_id WHERE zone_id IN (SELECT id FROM zone WHERE code = ANY($1))`, [[zone, z2]]);
  expect(await versionOf(zone)).toBe(a + 1);
  // The second zone has no return: untouched.
  expect(await versionOf(z2)).toBe(b);
});

test('with two requests in flight at most, 40 concurrent dashboard requests all get their answer', async () => {
  const narrow = await createTestApp({ maxInFlight: 2, maxQueued: 100 });
  try {
    const answers = await Promise.all(Array.from({ length: 40 }, () => narrow.http.get(`/api/v1/zones/${zone}/metrics?period=${Q4}&${GROUP}`).set(auth(hr))));
    expect(answers.map((a) => a.status)).toEqual(Array(40).fill(200));
    expect(new Set(answers.map((a) => (a.body as ZoneMetricsDto).representation.ofDeclared.value)).size).toBe(1);
  } finally {
    await narrow.app.close();
  }
});

test('a write to a zone merged into another changes the successor’s figures on the next request, on every instance', async () => {
  const merged = await createZone(db, 'Merged cache zone');
  const successor = await createZone(db, 'Successor cache zone');
  const hrBoth = (await login(http, db, 'hr', [merged, successor])).token;
  await http.put(`/api/v1/zones/${merged}/returns/${Q4}`).set(auth(hrBoth)).send({ reason: 'merger test', cells: cells(40) }).expect(201);
  await http.put(`/api/v1/zones/${merged}/returns/${Q4}`).set(auth(hrBoth)).send({ reason: 'merger test, corrected', cells: cells(90) }).expect(201);
  await http.put(`/api/v1/zones/${successor}/returns/${Q4}`).set(auth(hrBoth)).send({ reason: 'merger test', cells: cells(40) }).expect(201);
  await db.query('UPDATE zone SET successor_id = (SELECT id FROM zone WHERE code = $2) WHERE code = $1', [merged, successor]);
  const figure = async (h: ReturnType<typeof request>) =>
    ((await h.get(`/api/v1/zones/${successor}/metrics?period=${Q4}&${GROUP}`).set(auth(admin)).expect(200)).body as ZoneMetricsDto).representation.ofDeclared.value;
  // The successor counts both zones (the merged zone's quarters fold into it), cached on both instances.
  for (const h of [http, other.http]) expect(await figure(h)).toBeCloseTo((90 + 5 + 40 + 5) / (225 + 175), 12);
  // The merged zone's quarter pointed back at its first revision by plain SQL: the successor's version changes with it.
  await db.query(
    `UPDATE quarterly_return r SET current_revision_id = (SELECT min(rv.id) FROM return_revision rv WHERE rv.return_id = r.id)
      WHERE r.zone_id = (SELECT id FROM zone WHERE code = $1) AND r.period = $2`,
    [merged, Q4],
  );
  for (const h of [other.http, http]) expect(await figure(h)).toBeCloseTo((40 + 5 + 40 + 5) / (175 + 175), 12);
});

test('under disclosure control figures are cached too, and follow a write and a change of publication on every instance', async () => {
  const management = (await login(http, db, 'management')).token;
  await http.put(`/api/v1/zones/${zone}/returns/${Q4}`).set(auth(hr)).send({ reason: 'publication test', cells: cells(50) }).expect(201);
  // Twice on each instance: the second answer from the cache. Every count is 0 or ≥ k, so all is published.
  for (const h of [http, other.http, http, other.http]) {
    expect(await zoneFigure(h, management)).toBeCloseTo(share(50), 12);
    expect(await breakdownFigure(h, management)).toBe(50);
  }
  // The worker publishes an earlier revision (here by SQL): protected readers of both instances see
  // it at once, HR keeps seeing the current one.
  const [first] = await db.query(
    `SELECT min(rv.id)::text AS id, r.zone_id AS zone FROM return_revision rv JOIN quarterly_return r ON r.id = rv.return_id JOIN zone z ON z.id = r.zone_id
      WHERE z.code = $1 AND r.period = $2 GROUP BY r.zone_id`,
    [zone, Q4],
  );
  await db.query(`INSERT INTO publication (zone_id, period, revision_id, earlier) VALUES ($1, $2, $3, '{NULL,NULL,NULL,NULL}')`, [first.zone, Q4, first.id]);
  for (const h of [other.http, http]) {
    expect(await zoneFigure(h, management)).toBeCloseTo(share(40), 12);
    expect(await breakdownFigure(h, management)).toBe(40);
    expect(await zoneFigure(h, hr)).toBeCloseTo(share(50), 12);
  }
  await db.query('DELETE FROM publication WHERE zone_id = $1 AND period = $2', [first.zone, Q4]);
  for (const h of [http, other.http]) expect(await zoneFigure(h, management)).toBeCloseTo(share(50), 12);
});
