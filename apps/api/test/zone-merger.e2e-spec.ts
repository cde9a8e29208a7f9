// Zone mergers through the HTTP API on a real PostgreSQL: an administrator records that zone A is
// succeeded by zone C from a quarter on; C's figures then count A's earlier returns as its own, and A
// takes no return from that quarter on — through the form, an upload or the bulk path. Every refusal
// lists all its problems at once and writes nothing.
import type { Problem, ZoneDto, ZoneMetricsDto } from '@equity/shared';
import type { AuthUser } from '../src/auth/auth-user.js';
import { AnalyticsRepository } from '../src/analytics/analytics.repository.js';
import { ReturnsService } from '../src/returns/returns.service.js';
import { appForFile, auth, login, pastPeriod, sampleCells, toCsv, uniqueCode } from './utils.js';

const ctx = appForFile({ loginRateLimit: 100_000 });
let admin: { token: string; username: string };

beforeAll(async () => {
  admin = await login(ctx.http, ctx.db, 'admin');
});

const register = async (name: string, profile = 'belgium-police') => {
  const code = uniqueCode('8');
  await ctx.http.post('/api/v1/zones').set(auth(admin.token)).send({ code, nameNl: name, nameFr: name, profile }).expect(201);
  return code;
};
const merge = (zone: string, body: object) => ctx.http.post(`/api/v1/zones/${zone}/merger`).set(auth(admin.token)).send(body);
const where = (errors: Problem[]) => errors.map((e) => `${e.column ?? '-'}:${e.code}:${String(e.params?.['reason'] ?? '')}`).sort();
const zoneRow = async (code: string) => ((await ctx.db.query('SELECT successor_id, merged_from FROM zone WHERE code = $1', [code])) as { successor_id: number | null; merged_from: string | null }[])[0]!;

const before = pastPeriod(3);
const mergeFrom = pastPeriod(2);

describe('recording a merger', () => {
  it('A succeeded by C from a quarter on: stored, shown on both zones, audited; C counts A’s earlier return, A takes none from then on', async () => {
    const [a, c] = [await register('Merging A'), await register('Successor C')];
    const hr = await login(ctx.http, ctx.db, 'hr', [a]);
    await ctx.http.put(`/api/v1/zones/${a}/returns/${before}`).set(auth(hr.token)).send({ reason: 'first entry', cells: sampleCells(20) }).expect(201);
    const headcountOf = async (zone: string) =>
      ((await ctx.http.get(`/api/v1/zones/${zone}/metrics?period=${before}&group=origin:migration_background`).set(auth(admin.token)).expect(200)).body as ZoneMetricsDto).representation.ofTotal.denominator;
    const alone = await headcountOf(a);
    expect(alone).toBeGreaterThan(0);

    const res = await merge(a, { into: c, from: mergeFrom.toLowerCase() }).expect(201);
    expect(res.body).toMatchObject({ code: a, successor: c, mergedFrom: mergeFrom, predecessors: [] });
    const successor = (await ctx.http.get(`/api/v1/zones/${c}`).set(auth(admin.token)).expect(200)).body as ZoneDto;
    expect(successor).toMatchObject({ successor: null, mergedFrom: null, predecessors: [{ code: a, from: mergeFrom }] });
    const events = (await ctx.db.query("SELECT zone_code, details FROM audit_event WHERE action = 'zone.merged' AND zone_code = $1", [a])) as { zone_code: string; details: unknown }[];
    expect(events).toEqual([{ zone_code: a, details: { into: c, from: mergeFrom } }]);

    // History carried: C's figures of the quarter before the merger are A's.
    expect(await headcountOf(c)).toEqual(alone);

    // A takes no return from the merger on, by any path; nothing is written.
    const revisions = async () => Number(((await ctx.db.query('SELECT count(*)::int AS n FROM quarterly_return r JOIN zone z ON z.id = r.zone_id WHERE z.code = $1', [a])) as { n: number }[])[0]!.n);
    const form = await ctx.http.put(`/api/v1/zones/${a}/returns/${mergeFrom}`).set(auth(hr.token)).send({ reason: 'after the merger', cells: sampleCells(20) }).expect(409);
    expect(form.body.errors).toEqual([
      expect.objectContaining({ code: 'zone_merged', params: { zone: a, successor: c, from: mergeFrom, quarters: mergeFrom } }),
    ]);
    expect(form.body.message).toContain(`enter ${mergeFrom} for zone ${c}`);
    const upload = await ctx.http
      .post(`/api/v1/zones/${a}/returns/${mergeFrom}/upload`)
      .set(auth(hr.token))
      .field('reason', 'upload after the merger')
      .attach('file', Buffer.from(toCsv(sampleCells(20))), 'return.csv')
      .expect(409);
    expect(upload.body.errors[0].code).toBe('zone_merged');
    const service = ctx.app.get(ReturnsService);
    const [row] = (await ctx.db.query('SELECT id FROM app_user WHERE username = $1', [admin.username])) as { id: number }[];
    const actor = { id: row!.id, username: admin.username, displayName: 'admin', role: 'admin', zones: [] } as unknown as AuthUser;
    await expect(service.submitBatch(actor, [{ zone: a, period: pastPeriod(1), cells: sampleCells(20) }], { reason: 'bulk', source: 'import' })).rejects.toMatchObject({ status: 409 });
    expect(await revisions()).toBe(1);
    // A correction of a quarter before the merger is still taken.
    await ctx.http.put(`/api/v1/zones/${a}/returns/${before}`).set(auth(hr.token)).send({ reason: 'correction', cells: sampleCells(21) }).expect(201);
    // Control: the successor takes the quarter.
    const hrC = await login(ctx.http, ctx.db, 'hr', [c]);
    await ctx.http.put(`/api/v1/zones/${c}/returns/${mergeFrom}`).set(auth(hrC.token)).send({ reason: 'first entry', cells: sampleCells(30) }).expect(201);
  });

  it('a successor’s data version counts its predecessors’ data: every current zone’s, as one query reads them all (national) and as each is read alone', async () => {
    const [a, b, c] = [await register('Merging A2'), await register('Merging B2'), await register('Successor C2')];
    const hr = await login(ctx.http, ctx.db, 'hr', [a, b]);
    for (const z of [a, b]) await ctx.http.put(`/api/v1/zones/${z}/returns/${before}`).set(auth(hr.token)).send({ reason: 'first entry', cells: sampleCells(20) }).expect(201);
    for (const z of [a, b]) await merge(z, { into: c, from: mergeFrom }).expect(201);
    const repo = ctx.app.get(AnalyticsRepository);
    const ids = new Map(((await ctx.db.query('SELECT id, code FROM zone WHERE code = ANY($1)', [[a, b, c]])) as { id: number; code: string }[]).map((r) => [r.code, r.id]));
    const read = async () => {
      const all = await repo.readableWithVersions(null, false);
      const alone = await repo.versions(all.zones.map((z) => z.id));
      return { all, alone };
    };
    const first = await read();
    // Every current zone: the same version both ways; the merged zones are not current.
    expect(first.all.zones.map((z) => z.code)).toContain(c);
    expect(first.all.zones.map((z) => z.code)).not.toContain(a);
    expect(first.all.versions.byZone).toEqual(first.alone.byZone);
    const own = async (code: string) => Number(((await ctx.db.query('SELECT version FROM data_version WHERE zone_id = $1', [ids.get(code)])) as { version: string }[])[0]?.version ?? 0);
    expect(Number(first.all.versions.byZone.get(ids.get(c)!))).toBe((await own(a)) + (await own(b)) + (await own(c)));
    // A merged zone read alone has its own version; a zone read by code, its chain's (as nationally).
    expect((await repo.versions([ids.get(a)!])).byZone.get(ids.get(a)!)).toBe(String(await own(a)));
    expect((await repo.zoneWithVersion(c, false))?.version).toBe(first.all.versions.byZone.get(ids.get(c)!));
    // A correction of a predecessor's quarter changes the successor's version.
    await ctx.http.put(`/api/v1/zones/${a}/returns/${before}`).set(auth(hr.token)).send({ reason: 'correction', cells: sampleCells(21) }).expect(201);
    const second = await read();
    expect(second.all.versions.byZone.get(ids.get(c)!)).not.toBe(first.all.versions.byZone.get(ids.get(c)!));
    expect(second.all.versions.byZone).toEqual(second.alone.byZone);
  });

  it('refuses, with every problem at once and nothing written: an unknown successor and a bad quarter; itself; another profile; returns after the quarter; merged twice', async () => {
    const [a, c] = [await register('Refused A'), await register('Refused C')];
    const uk = await register('UK force', 'uk-home-office');
    const both = await merge(a, { into: 'NOPE', from: '2027-Q5' }).expect(422);
    expect(where(both.body.errors)).toEqual(['from:invalid_period:', 'into:merge_target:unknown']);
    expect(where((await merge(a, { into: a, from: mergeFrom }).expect(422)).body.errors)).toEqual(['into:merge_target:itself']);
    expect(where((await merge(a, {}).expect(422)).body.errors)).toEqual(['from:invalid_period:', 'into:merge_target:missing']);
    expect(where((await merge(a, { into: uk, from: mergeFrom }).expect(422)).body.errors)).toEqual(['into:merge_target:profile']);
    const hr = await login(ctx.http, ctx.db, 'hr', [a]);
    await ctx.http.put(`/api/v1/zones/${a}/returns/${mergeFrom}`).set(auth(hr.token)).send({ reason: 'entered', cells: sampleCells(20) }).expect(201);
    const late = (await merge(a, { into: c, from: before }).expect(422)).body.errors as Problem[];
    expect(where(late)).toEqual(['from:merge_returns_after:']);
    expect(late[0]!.params).toEqual({ zone: a, quarters: mergeFrom });
    expect(await zoneRow(a)).toEqual({ successor_id: null, merged_from: null });
    // Merged once; a second merger, and a merger into a merged zone, are refused.
    const d = await register('Refused D');
    await merge(a, { into: c, from: pastPeriod(1) }).expect(201);
    expect(where((await merge(a, { into: d, from: pastPeriod(1) }).expect(422)).body.errors)).toEqual(['-:merge_target:already']);
    expect(where((await merge(d, { into: a, from: pastPeriod(1) }).expect(422)).body.errors)).toEqual(['into:merge_target:merged']);
  });

  it('is for administrators only', async () => {
    const [a, c] = [await register('Guarded A'), await register('Guarded C')];
    const management = await login(ctx.http, ctx.db, 'management');
    await ctx.http.post(`/api/v1/zones/${a}/merger`).set(auth(management.token)).send({ into: c, from: mergeFrom }).expect(403);
    expect(await zoneRow(a)).toEqual({ successor_id: null, merged_from: null });
  });
});
