// Availability benchmarks as administrators keep them, through the HTTP API on a real PostgreSQL:
// every year listed, one deleted, many loaded from a file (preview, then for real), every refusal
// with all its problems at once by row and column and nothing written, every write audited.
import type { INestApplication } from '@nestjs/common';
import type { AvailabilityBenchmarkRow, AvailabilityImportResult, NationalDto, Problem } from '@equity/shared';
import type request from 'supertest';
import type { DataSource } from 'typeorm';
import { auth, createTestApp, createZone, login, pastPeriod, sampleCells } from './utils.js';

let app: INestApplication;
let db: DataSource;
let http: ReturnType<typeof request>;
let admin: { token: string; username: string };
let management: { token: string; username: string };
let zone: string;
let other: string;

beforeAll(async () => {
  ({ app, db, http } = await createTestApp({ loginRateLimit: 100_000 }));
  admin = await login(http, db, 'admin');
  management = await login(http, db, 'management');
  zone = await createZone(db, 'Benchmark zone');
  other = await createZone(db, 'Other benchmark zone');
});
afterAll(async () => {
  await app.close();
});

const upload = (csv: string | Buffer, dryRun: boolean, token = admin.token) =>
  http
    .post(`/api/v1/availability/import?dryRun=${dryRun}`)
    .set(auth(token))
    .attach('file', Buffer.isBuffer(csv) ? csv : Buffer.from(csv), 'availability.csv');

async function stored(code: string): Promise<{ dimension: string; group_code: string; year: number; share: number; source: string }[]> {
  return db.query('SELECT dimension, group_code, year, share, source FROM availability_benchmark WHERE zone_id = (SELECT id FROM zone WHERE code = $1) ORDER BY dimension, group_code, year', [code]);
}

async function auditOf(action: string, code: string): Promise<Record<string, unknown>[]> {
  const rows = (await db.query('SELECT details FROM audit_event WHERE actor_username = $1 AND action = $2 AND zone_code = $3 ORDER BY id', [admin.username, action, code])) as { details: Record<string, unknown> }[];
  return rows.map((r) => r.details);
}

const where = (errors: Problem[]) => errors.map((e) => `${e.row ?? '-'}:${e.column ?? '-'}:${e.code}`).sort();

describe('load benchmarks from a file', () => {
  it('previews, then writes every row in one go (fractions and percentages), audited per zone; a second load is unchanged', async () => {
    const csv = [
      'zone;dimension;group;year;share;source',
      `${zone};origin;migration_background;2024;0,31;Statbel 2024`,
      `${zone};origin;migration_background;2025;33,5%;Statbel 2025`,
      `${zone};gender;female;2025;0.51;Statbel 2025`,
      `${other};origin;non_eu_background;2025;12%;Statbel 2025`,
    ].join('\n');
    const preview = (await upload(csv, true).expect(200)).body as AvailabilityImportResult;
    expect(preview).toMatchObject({ dryRun: true, created: 4, changed: 0, unchanged: 0 });
    expect(preview.rows.map((r) => [r.row, r.zone, `${r.dimension}:${r.group}`, r.year, r.share, r.status])).toEqual([
      [2, zone, 'origin:migration_background', 2024, 0.31, 'created'],
      [3, zone, 'origin:migration_background', 2025, 0.335, 'created'],
      [4, zone, 'gender:female', 2025, 0.51, 'created'],
      [5, other, 'origin:non_eu_background', 2025, 0.12, 'created'],
    ]);
    expect(await stored(zone)).toEqual([]);

    await upload(csv, false).expect(200);
    expect(await stored(zone)).toEqual([
      { dimension: 'gender', group_code: 'female', year: 2025, share: 0.51, source: 'Statbel 2025' },
      { dimension: 'origin', group_code: 'migration_background', year: 2024, share: 0.31, source: 'Statbel 2024' },
      { dimension: 'origin', group_code: 'migration_background', year: 2025, share: 0.335, source: 'Statbel 2025' },
    ]);
    const events = await auditOf('availability.set', zone);
    expect(events).toHaveLength(1);
    expect((events[0]!['benchmarks'] as unknown[]).length).toBe(3);
    expect(events[0]!['origin']).toBe('file');
    expect(await auditOf('availability.set', other)).toHaveLength(1);

    // Every year is listed; the figures use the latest (the existing endpoint).
    const all = (await http.get(`/api/v1/zones/${zone}/availability/all`).set(auth(management.token)).expect(200)).body as AvailabilityBenchmarkRow[];
    expect(all.map((b) => `${b.dimension}:${b.group}:${b.year}`)).toEqual(['gender:female:2025', 'origin:migration_background:2025', 'origin:migration_background:2024']);
    const latest = (await http.get(`/api/v1/zones/${zone}/availability`).set(auth(admin.token)).expect(200)).body as { group: string; year: number }[];
    expect(latest.find((b) => b.group === 'migration_background')!.year).toBe(2025);

    const changed = csv.replace('0,31;Statbel 2024', '0,32;Statbel 2024 (revised)');
    const again = (await upload(changed, false).expect(200)).body as AvailabilityImportResult;
    expect(again).toMatchObject({ created: 0, changed: 1, unchanged: 3 });
    expect(again.rows[0]).toMatchObject({ status: 'changed', previousShare: 0.31, share: 0.32 });
    expect((await stored(zone))[1]).toMatchObject({ share: 0.32, source: 'Statbel 2024 (revised)' });
  });

  it('refuses a file with problems in many rows, each by row and column, and writes nothing', async () => {
    const z = await createZone(db, 'Refused benchmarks');
    const csv = [
      'zone,dimension,group,year,share,source',
      `${z},origin,migration_background,2025,0.3,Statbel 2025`, // fine, but not written
      `${z},origin,migration_background,2024,1.5,Statbel`, // share 1.5
      `${z},origin,martian,2025,0.2,Statbel`, // not a group of origin
      `${z},height,tall,2025,0.2,Statbel`, // not a classification of the profile
      `0000000,origin,be_be,2025,0.2,Statbel`, // no such zone
      `${z},origin,migration_background,1800,,  `, // year, share and source
      `${z},origin,migration_background,2025,0.31,Statbel again`, // the same benchmark twice
    ].join('\n');
    const res = await upload(csv, false).expect(422);
    expect(where(res.body.errors)).toEqual(
      ['3:share:invalid_share', '4:group:unknown_group', '5:dimension:unknown_dimension', '6:zone:unknown_zone', '7:year:invalid_year', '7:share:required', '7:source:required', '8:group:duplicate_benchmark'].sort(),
    );
    expect((res.body.errors as Problem[]).find((e) => e.code === 'unknown_group')!.message).toMatch(/migration_background/);
    expect((res.body.errors as Problem[]).find((e) => e.code === 'duplicate_benchmark')!.message).toMatch(/already on row 2/);
    expect(await stored(z)).toEqual([]);
    expect(await auditOf('availability.set', z)).toEqual([]);
  });

  it('refuses missing columns, an empty file and a file over 10 MB', async () => {
    expect(where((await upload('zone,dimension,group,share\nx,y,z,0.1\n', true).expect(422)).body.errors)).toEqual(['1:source:missing_column', '1:year:missing_column']);
    expect(where((await upload('', false).expect(422)).body.errors)).toEqual(['-:file:empty_file']);
    const big = Buffer.concat([Buffer.from(`zone,dimension,group,year,share,source\n${zone},origin,be_be,2020,0.5,big\n`), Buffer.alloc(10 * 1024 * 1024 + 1, 'x')]);
    const res = await upload(big, false);
    expect(res.status).toBe(413);
    expect(res.body.errors[0].code).toBe('file_too_large');
    expect((await stored(zone)).filter((b) => b.year === 2020)).toEqual([]);
  });

  it('is for administrators only', async () => {
    const z = await createZone(db, 'Not for management');
    await upload(`zone,dimension,group,year,share,source\n${z},origin,be_be,2025,0.5,Statbel\n`, false, management.token).expect(403);
    expect(await stored(z)).toEqual([]);
  });
});

describe('delete a benchmark', () => {
  it('deletes one year of one group, audited; a second time is 404; others may not', async () => {
    const z = await createZone(db, 'Delete benchmark');
    await http.put(`/api/v1/zones/${z}/availability`).set(auth(admin.token)).send({ dimension: 'origin', group: 'be_be', share: 0.6, source: 'Statbel 2024', year: 2024 }).expect(200);
    await http.put(`/api/v1/zones/${z}/availability`).set(auth(admin.token)).send({ dimension: 'origin', group: 'be_be', share: 0.58, source: 'Statbel 2025', year: 2025 }).expect(200);
    await http.delete(`/api/v1/zones/${z}/availability/origin/be_be/2025`).set(auth(management.token)).expect(403);
    await http.delete(`/api/v1/zones/${z}/availability/origin/be_be/2025`).set(auth(admin.token)).expect(204);
    expect(await stored(z)).toEqual([{ dimension: 'origin', group_code: 'be_be', year: 2024, share: 0.6, source: 'Statbel 2024' }]);
    expect(await auditOf('availability.deleted', z)).toEqual([{ dimension: 'origin', group: 'be_be', year: 2025, share: 0.58, source: 'Statbel 2025' }]);
    const again = await http.delete(`/api/v1/zones/${z}/availability/origin/be_be/2025`).set(auth(admin.token)).expect(404);
    expect(again.body.errors[0].code).toBe('not_found');
    // The figures fall back to the year left.
    const latest = (await http.get(`/api/v1/zones/${z}/availability`).set(auth(admin.token)).expect(200)).body as { year: number }[];
    expect(latest.map((b) => b.year)).toEqual([2024]);
  });
});

describe('the gap to availability names its benchmark', () => {
  it('the national comparison of availability_gap gives each zone the year and source of the benchmark used (the latest)', async () => {
    const z = await createZone(db, 'Gap year zone');
    const hr = await login(http, db, 'hr', [z]);
    const period = pastPeriod(2);
    await http.put(`/api/v1/zones/${z}/returns/${period}`).set(auth(hr.token)).send({ reason: 'gap', cells: sampleCells(20) }).expect(201);
    await upload(`zone,dimension,group,year,share,source\n${z},origin,migration_background,2023,0.30,Statbel 2023\n${z},origin,migration_background,2025,0.35,Statbel 2025\n`, false).expect(200);
    const national = (await http.get(`/api/v1/national?period=${period}&metric=availability_gap&group=origin:migration_background`).set(auth(admin.token)).expect(200)).body as NationalDto;
    const row = national.rows.find((r) => r.zone === z)!;
    expect(row.benchmark).toEqual({ year: 2025, source: 'Statbel 2025' });
    expect(row.value).not.toBeNull();
    expect(national.total).not.toHaveProperty('benchmark');
    // Another metric carries no benchmark.
    const representation = (await http.get(`/api/v1/national?period=${period}&metric=representation&group=origin:migration_background`).set(auth(admin.token)).expect(200)).body as NationalDto;
    expect(representation.rows.find((r) => r.zone === z)).not.toHaveProperty('benchmark');
  });
});
