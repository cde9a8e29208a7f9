// Callers under disclosure control are shown a quarter's published revision (docs/privacy.md), so
// an HR correction of a published quarter changes nothing they see until the protection worker
// publishes it. Their cached figures are keyed by a data version of their own
// (`data_version.protected_version`, migration 1765400000000) that the correction does not move and
// the publication does: their figures are computed once per correction, not twice (once for the
// write, once for its publication: the tail of the L mix, docs/performance.md). Full-access callers
// see the correction at once, as before.
import type { INestApplication } from '@nestjs/common';
import type { Cell, ZoneMetricsDto } from '@equity/shared';
import type request from 'supertest';
import type { DataSource } from 'typeorm';
import { AnalyticsRepository } from '../src/analytics/analytics.repository.js';
import { ProtectionWorker } from '../src/disclosure/protection-worker.js';
import { auth, createTestApp, createZone, login, pastPeriod, queriesDuring } from './utils.js';

let app: INestApplication;
let db: DataSource;
let http: ReturnType<typeof request>;

beforeAll(async () => {
  ({ app, db, http } = await createTestApp({ disclosureWarmup: false, disclosureQuarters: 1 }));
});
afterAll(async () => {
  await app.close();
});

/** Headcount: basic be_be 200 and be_non_eu `nonEu`, middle be_be 60 and be_non_eu 20 (every count ≥ 10). */
const cells = (nonEu: number): Cell[] => [
  { measure: 'headcount', detail: '', category: 'basic', classes: { gender: 'male', origin: 'be_be' }, count: 200 },
  { measure: 'headcount', detail: '', category: 'basic', classes: { gender: 'male', origin: 'be_non_eu' }, count: nonEu },
  { measure: 'headcount', detail: '', category: 'middle', classes: { gender: 'male', origin: 'be_be' }, count: 60 },
  { measure: 'headcount', detail: '', category: 'middle', classes: { gender: 'male', origin: 'be_non_eu' }, count: 20 },
];

it('a correction of a published quarter: full access sees it at once; protected callers keep their cached figure until it is published, then see it', async () => {
  const zone = await createZone(db, 'Protected version zone');
  const zoneId = Number(((await db.query('SELECT id FROM zone WHERE code = $1', [zone])) as { id: number }[])[0]!.id);
  const hr = (await login(http, db, 'hr', [zone])).token;
  const admin = (await login(http, db, 'admin')).token;
  const manager = (await login(http, db, 'management')).token;
  const period = pastPeriod(1);
  const repo = app.get(AnalyticsRepository);
  const worker = app.get(ProtectionWorker);
  const versions = async () => [(await repo.zoneWithVersion(zone, false))!.version, (await repo.zoneWithVersion(zone, true))!.version] as const;
  const figure = async (token: string) =>
    ((await http.get(`/api/v1/zones/${zone}/metrics?period=${period}&group=origin:migration_background`).set(auth(token)).expect(200)).body as ZoneMetricsDto).representation.ofDeclared.value;
  const publishedRevision = async () => ((await db.query('SELECT revision_id::text AS r FROM publication WHERE zone_id = $1 AND period = $2', [zoneId, period])) as { r: string }[])[0]?.r ?? null;

  await http.put(`/api/v1/zones/${zone}/returns/${period}`).set(auth(hr)).send({ reason: 'first entry', cells: cells(40) }).expect(201);
  await worker.runOnce((m) => m.zone === zoneId);
  expect(await publishedRevision()).not.toBeNull();
  const first = 60 / 320;
  expect(await figure(manager)).toBeCloseTo(first, 10);
  expect(await figure(admin)).toBeCloseTo(first, 10);
  const [full1, protected1] = await versions();

  // The correction: the full version moves, the protected one does not.
  await http.put(`/api/v1/zones/${zone}/returns/${period}`).set(auth(hr)).send({ reason: 'correction', cells: cells(100) }).expect(201);
  const [full2, protected2] = await versions();
  expect(full2).not.toBe(full1);
  expect(protected2).toBe(protected1);
  expect(await figure(admin)).toBeCloseTo(120 / 380, 10);
  // Management: the published revision's figure, from its cache (one query: the zone and its version).
  let seen = 0;
  expect(await queriesDuring(db, async () => (seen = (await figure(manager))!))).toHaveLength(1);
  expect(seen).toBeCloseTo(first, 10);

  // Published: the protected version moves and management sees the correction.
  await worker.runOnce((m) => m.zone === zoneId);
  const [, protected3] = await versions();
  expect(protected3).not.toBe(protected2);
  expect(await figure(manager)).toBeCloseTo(120 / 380, 10);

  // Signing off changes what protected callers are shown (the quarter's status, in exports): both move.
  await http.post(`/api/v1/zones/${zone}/returns/${period}/sign-off`).set(auth(hr)).expect(200);
  const [full4, protected4] = await versions();
  expect([full4 !== full2, protected4 !== protected3]).toEqual([true, true]);
});

it('control: a quarter without a publication is read at its current revision, so a correction moves both versions', async () => {
  const zone = await createZone(db, 'Unpublished zone');
  const hr = (await login(http, db, 'hr', [zone])).token;
  const period = pastPeriod(1);
  const repo = app.get(AnalyticsRepository);
  const versions = async () => [(await repo.zoneWithVersion(zone, false))!.version, (await repo.zoneWithVersion(zone, true))!.version] as const;
  await http.put(`/api/v1/zones/${zone}/returns/${period}`).set(auth(hr)).send({ reason: 'first entry', cells: cells(40) }).expect(201);
  const [full1, protected1] = await versions();
  await http.put(`/api/v1/zones/${zone}/returns/${period}`).set(auth(hr)).send({ reason: 'correction', cells: cells(100) }).expect(201);
  const [full2, protected2] = await versions();
  expect([full2 !== full1, protected2 !== protected1]).toEqual([true, true]);
});
