// Stored disclosure protections (protected_table) and the protection worker, on a database of its
// own: what is stored is what is published, a fresh instance answers from the table without the LP,
// the worker protects new revisions found in the database, and the researcher national table never
// shows a count the protections withhold.
import { BELGIUM_POLICE, type BreakdownDto, type Cell, computeZoneMetrics, type Count, type Counter, groupSpecs, type NationalDto, nationalDimension, referenceGroup, resolveGroup, type ZoneMetricsDto } from '@equity/shared';
import pg from 'pg';
import { jest } from '@jest/globals';
import type { AppConfig } from '../src/config/config.js';
import { APP_CONFIG } from '../src/config/config.module.js';
import { type LeafCount, LINKED_MEASURES, protectQuarter, protectTables } from '../src/disclosure/cube.js';
import { DisclosureRepository } from '../src/disclosure/disclosure.repository.js';
import { DisclosureService } from '../src/disclosure/disclosure.service.js';
import { PROTECTION_VERSION } from '../src/disclosure/protect.js';
import { ProtectedCounts } from '../src/disclosure/protected-counts.js';
import { ProtectionWorker } from '../src/disclosure/protection-worker.js';
import { AnalyticsRepository } from '../src/analytics/analytics.repository.js';
import { AnalyticsService } from '../src/analytics/analytics.service.js';
import { auth, createTestApp, createZone, login, pastPeriod, queriesDuring, testDatabaseUrl } from './utils.js';
import { FiguresCache } from '../src/analytics/figures-cache.js';

const DB = `equity_pt_${process.pid}`;
let ctx: Awaited<ReturnType<typeof createTestApp>>;
let hr: string;
let researcher: string;
let management: string;
const zones: string[] = [];
const PERIODS = [pastPeriod(3), pastPeriod(2), pastPeriod(1)];

/** A return with a mix of small (withheld) and larger counts, different per zone and quarter. */
function cells(seed: number): Cell[] {
  const out: Cell[] = [];
  let n = seed;
  const next = () => {
    n = (n * 7 + 3) % 23;
    return n;
  };
  for (const category of ['basic', 'middle', 'officer']) {
    for (const gender of ['female', 'male']) {
      for (const origin of ['be_be', 'be_eu', 'be_non_eu', 'not_declared']) {
        out.push({ measure: 'headcount', detail: '', category, classes: { gender, origin }, count: 4 + next() });
      }
    }
  }
  out.push({ measure: 'hires', detail: 'new_recruit', category: 'basic', classes: { gender: 'female', origin: 'be_non_eu' }, count: 2 + (seed % 3) });
  out.push({ measure: 'hires', detail: 'new_recruit', category: 'basic', classes: { gender: 'male', origin: 'be_be' }, count: 12 });
  out.push({ measure: 'separations', detail: 'retirement', category: 'middle', classes: { gender: 'male', origin: 'be_be' }, count: 1 + (seed % 2) });
  return out;
}

beforeAll(async () => {
  const admin = new pg.Client({ connectionString: testDatabaseUrl() });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${DB}`);
  await admin.end();
  ctx = await createTestApp({ databaseUrl: testDatabaseUrl().replace(/\/[^/]+$/, `/${DB}`), disclosureQuarters: 8, disclosureInlineMax: 0 });
  for (let z = 0; z < 2; z++) zones.push(await createZone(ctx.db, `Protected zone ${z}`));
  hr = (await login(ctx.http, ctx.db, 'hr', zones)).token;
  researcher = (await login(ctx.http, ctx.db, 'researcher')).token;
  management = (await login(ctx.http, ctx.db, 'management')).token;
  for (const [z, zone] of zones.entries()) {
    for (const [p, period] of PERIODS.entries()) {
      await ctx.http.put(`/api/v1/zones/${zone}/returns/${period}`).set(auth(hr)).send({ reason: 'First entry', cells: cells(z * 5 + p + 1) }).expect(201);
    }
  }
}, 60000);
afterAll(async () => {
  await ctx?.app.close();
});

const config = () => ctx.app.get<AppConfig>(APP_CONFIG);
/** A second instance's disclosure control on the same database (nothing in its memory). */
const serviceOf = () => new DisclosureService(new DisclosureRepository(ctx.db), config());
const countsOf = (service: DisclosureService) => new ProtectedCounts(new DisclosureRepository(ctx.db), new AnalyticsRepository(ctx.db), service, config());
/** A second instance of the API on the same database, without its warm-up. */
const otherInstance = (extra: Partial<AppConfig> = {}) =>
  createTestApp({ databaseUrl: testDatabaseUrl().replace(/\/[^/]+$/, `/${DB}`), disclosureQuarters: 8, disclosureInlineMax: 0, disclosureWarmup: false, ...extra });
const storedCount = async () => Number((await ctx.db.query('SELECT count(*)::int AS n FROM protected_table'))[0].n);

async function leaves(revision: string, measure: string): Promise<LeafCount[]> {
  return ctx.db.query('SELECT category, classes, sum(count)::int AS count FROM return_cell WHERE revision_id = $1 AND measure = $2 GROUP BY category, classes', [revision, measure]);
}

async function currentRevision(zone: string, period: string): Promise<string> {
  const [row] = await ctx.db.query('SELECT r.current_revision_id::text AS id FROM quarterly_return r JOIN zone z ON z.id = r.zone_id WHERE z.code = $1 AND r.period = $2', [zone, period]);
  return row.id as string;
}

const national = async (token: string) =>
  (await ctx.http.get(`/api/v1/national?period=${PERIODS[2]}&metric=representation&group=origin:migration_background`).set(auth(token)).expect(200)).body as NationalDto;

it('a national table before the worker ran shows the zones as pending, every figure withheld', async () => {
  expect(await storedCount()).toBe(0);
  const n = await national(researcher);
  const ours = n.rows.filter((r) => zones.includes(r.zone));
  expect(ours).toHaveLength(2);
  for (const row of ours) {
    expect(row.pending).toBe(true);
    expect(row.value).toBeNull();
    for (const c of [row.rate?.numerator, row.rate?.denominator]) expect(typeof c === 'number').toBe(false);
  }
  // Nothing was computed on the request path.
  expect(await storedCount()).toBe(0);
});

it('the worker finds every current revision without a stored protection and protects it, once', async () => {
  const worker = ctx.app.get(ProtectionWorker);
  const missing = await worker.missing();
  // 2 zones × 3 quarters × (researchers: quarter + the funnel's windows; management: headcount, the flows' windows, the funnel's windows).
  expect(missing).toHaveLength(2 * 3 * (2 + 3));
  // Researchers' first, the funnel's (no national figure asks of it) after every other kind.
  const others = missing.filter((m) => m.kind !== 'funnel');
  expect(missing.slice(0, others.length)).toEqual(others);
  expect(others.slice(0, 6).every((m) => m.threshold === config().kResearch)).toBe(true);
  expect(await worker.runOnce()).toBe(missing.length);
  expect(await storedCount()).toBe(missing.length);
  expect(await worker.missing()).toEqual([]);
  expect(await worker.runOnce()).toBe(0);
});

it('a fresh instance answers from the table without recomputing, with the same tables as computing them', async () => {
  const fresh = serviceOf();
  const k = config().kResearch;
  for (const zone of zones) {
    for (const [p, period] of PERIODS.entries()) {
      const revision = await currentRevision(zone, period);
      const previous = p === 0 ? null : await currentRevision(zone, PERIODS[p - 1]!);
      const current = Object.fromEntries(await Promise.all(LINKED_MEASURES.map(async (m) => [m, await leaves(revision, m)] as const))) as Record<(typeof LINKED_MEASURES)[number], LeafCount[]>;
      const computed = await protectQuarter(BELGIUM_POLICE, current, previous === null ? null : await leaves(previous, 'headcount'), k);
      for (const m of LINKED_MEASURES) {
        const stored = await fresh.tables(BELGIUM_POLICE, revision, m, k);
        expect(stored.hidden).toEqual(computed[m].hidden);
        expect(stored.total).toEqual(computed[m].total);
        expect([...stored.byDimension.get('origin')!.cells]).toEqual([...computed[m].byDimension.get('origin')!.cells]);
        // Counts the figures ask for: the same answer, published, determined or withheld.
        for (const values of [['be_non_eu'], ['be_eu', 'be_non_eu'], ['be_be', 'be_eu', 'be_non_eu']]) {
          for (const cats of [null, ['basic'], ['middle', 'officer']]) {
            expect(await stored.count(cats, 'origin', values)).toEqual(await computed[m].count(cats, 'origin', values));
          }
        }
      }
      const managed = await fresh.tables(BELGIUM_POLICE, revision, 'headcount', config().kManage);
      expect(managed.hidden).toEqual((await protectTables(BELGIUM_POLICE, current.headcount, config().kManage, { measure: 'headcount' })).hidden);
    }
  }
  expect(fresh.computed).toBe(0);
});

it('the protections read most stay in memory: the least recently read one is dropped first', async () => {
  const fresh = new DisclosureService(new DisclosureRepository(ctx.db), { ...config(), protectionCacheEntries: 2 });
  const k = config().kResearch;
  const [a, b, c] = [await currentRevision(zones[0]!, PERIODS[2]!), await currentRevision(zones[1]!, PERIODS[2]!), await currentRevision(zones[0]!, PERIODS[1]!)];
  const read = (revision: string) => fresh.tables(BELGIUM_POLICE, revision, 'headcount', k, true);
  await read(a);
  await read(b);
  await read(a); // read again: now the most recently read
  await read(c); // a third one: b goes, a stays
  expect(fresh.loaded).toBe(3);
  expect(await read(a)).not.toBeNull();
  expect(fresh.loaded).toBe(3);
  expect(await read(b)).not.toBeNull();
  expect(fresh.loaded).toBe(4);
  expect(fresh.computed).toBe(0);
});

it('the researcher national table, once stored, equals the zone figures and shows only counts the protections publish or determine', async () => {
  const before = await storedCount();
  const n = await national(researcher);
  const ours = n.rows.filter((r) => zones.includes(r.zone));
  expect(ours).toHaveLength(2);
  const fresh = serviceOf();
  const origin = BELGIUM_POLICE.dimensions.find((d) => d.code === 'origin')!;
  const group = origin.rollups!.find((r) => r.code === 'migration_background')!.members;
  const declared = origin.values.filter((v) => !v.notDeclared).map((v) => v.code);
  for (const row of ours) {
    expect(row.pending).toBeUndefined();
    const m = (await ctx.http.get(`/api/v1/zones/${row.zone}/metrics?period=${PERIODS[2]}&group=origin:migration_background`).set(auth(researcher)).expect(200)).body as ZoneMetricsDto;
    expect(row.rate).toEqual(m.representation.ofDeclared);
    expect(row.value).toEqual(m.representation.ofDeclared.value);
    const tables = await fresh.tables(BELGIUM_POLICE, await currentRevision(row.zone, PERIODS[2]!), 'headcount', config().kResearch);
    const shown = (c: Count | undefined, values: string[]) => (typeof c === 'number' ? expect(tables.count(null, 'origin', values)).resolves.toBe(c) : Promise.resolve());
    await shown(row.rate?.numerator, group);
    await shown(row.rate?.denominator, declared);
    // The withheld headcount cells stay withheld in the breakdown researchers see.
    const b = (await ctx.http.get(`/api/v1/zones/${row.zone}/returns/${PERIODS[2]}/breakdown?measure=headcount&dimension=origin`).set(auth(researcher)).expect(200)).body as BreakdownDto;
    for (const r of b.rows) expect(r.count).toEqual(tables.byDimension.get('origin')!.cells.get(`${r.category}|${r.value}`));
  }
  // Served from the table: nothing new computed, nothing new stored.
  expect(await storedCount()).toBe(before);
  // A fresh instance loads every zone's stored protections in one batch and answers the same figures.
  const freshService = serviceOf();
  const freshCounts = countsOf(freshService);
  const ids: { id: number }[] = await ctx.db.query('SELECT id FROM zone WHERE code = ANY($1) ORDER BY code', [zones]);
  const migration = resolveGroup(BELGIUM_POLICE, 'origin:migration_background')!;
  const inputs = ids.map((z) => ({ profile: BELGIUM_POLICE, zoneId: z.id, dimension: 'origin', threshold: config().kResearch, aggregates: [] }));
  const figures = () => (count: Counter) => computeZoneMetrics(BELGIUM_POLICE, count, { period: PERIODS[2]!, group: migration, reference: referenceGroup(BELGIUM_POLICE, 'origin'), categories: [] });
  const batched = await freshCounts.runMany(inputs, figures);
  const own = await ctx.app.get(ProtectedCounts).runMany(inputs, figures);
  expect(batched.map((b) => b.pending)).toEqual([false, false]);
  expect(JSON.stringify(batched)).toEqual(JSON.stringify(own));
  expect(freshService.computed).toBe(0);
  // Management's national table too.
  expect((await national(management)).rows.filter((r) => zones.includes(r.zone)).every((r) => r.pending === undefined)).toBe(true);
});

it('answers are stored: a fresh instance answers the national table from them alone, and each is what the protection answers', async () => {
  const stored: { revision: string; kind: string; threshold: number; previous: string; measure: string; query: string; value: number | null }[] = await ctx.db.query(
    'SELECT revision_id::text AS revision, kind, threshold, context_revisions AS previous, measure, query, value FROM protected_count',
  );
  // Both thresholds, every current quarter of both zones asked by the two national tables above.
  expect(new Set(stored.map((s) => s.threshold))).toEqual(new Set([config().kResearch, config().kManage]));
  expect(new Set(stored.map((s) => s.revision)).size).toBe(zones.length * PERIODS.length);
  // Some are withheld (NULL) and some published: the test data has small cells.
  expect(stored.some((s) => s.value === null)).toBe(true);
  expect(stored.some((s) => s.value !== null)).toBe(true);
  // Each stored answer is what the stored protection answers (an answer never shows more than the protection).
  const fresh = serviceOf();
  for (const s of stored) {
    const [cats, dimension, values] = s.query.split('|') as [string, string, string];
    const tables = await fresh.tables(BELGIUM_POLICE, s.revision, s.measure as 'headcount', s.threshold);
    expect(await tables.count(cats === '*' ? null : cats.split(','), dimension, values.split(','))).toBe(s.value);
  }
  expect(fresh.computed).toBe(0);
  // A fresh instance: the same national figures from the answers, no protection computed or even
  // loaded: ProtectedCounts reads them of the repositories without asking DisclosureService.
  const service = serviceOf();
  const counts = countsOf(service);
  const askedOfService = [jest.spyOn(service, 'prefetch'), jest.spyOn(service, 'count'), jest.spyOn(service, 'tables')];
  const ids: { id: number }[] = await ctx.db.query('SELECT id FROM zone WHERE code = ANY($1) ORDER BY code', [zones]);
  const migration = resolveGroup(BELGIUM_POLICE, 'origin:migration_background')!;
  const figures = () => (count: Counter) => computeZoneMetrics(BELGIUM_POLICE, count, { period: PERIODS[2]!, group: migration, reference: referenceGroup(BELGIUM_POLICE, 'origin'), categories: [] });
  for (const k of [config().kResearch, config().kManage]) {
    const inputs = ids.map((z) => ({ profile: BELGIUM_POLICE, zoneId: z.id, dimension: 'origin', threshold: k, aggregates: [] }));
    const fromAnswers = await counts.runMany(inputs, figures);
    expect(fromAnswers.map((r) => r.pending)).toEqual([false, false]);
    expect(JSON.stringify(fromAnswers)).toEqual(JSON.stringify(await ctx.app.get(ProtectedCounts).runMany(inputs, figures)));
  }
  expect(service.computed).toBe(0);
  expect(service.loaded).toBe(0);
  expect(askedOfService.map((spy) => spy.mock.calls.length)).toEqual([0, 0, 0]);
  askedOfService.forEach((spy) => spy.mockRestore());
  // Without the answers, the same figures from the protections (and the answers stored again).
  // The running instance forgets the figures it computed from the deleted answers, as one started
  // afterwards would (the worker does not check the answers of figures it holds at their version).
  await ctx.db.query('DELETE FROM protected_count');
  ctx.app.get(FiguresCache).clear();
  const inputs = ids.map((z) => ({ profile: BELGIUM_POLICE, zoneId: z.id, dimension: 'origin', threshold: config().kResearch, aggregates: [] }));
  const again = countsOf(serviceOf());
  expect(JSON.stringify(await again.runMany(inputs, figures))).toEqual(JSON.stringify(await counts.runMany(inputs, figures)));
  expect(Number((await ctx.db.query('SELECT count(*)::int AS n FROM protected_count WHERE threshold = $1', [config().kResearch]))[0].n)).toBeGreaterThan(0);
});

it('a stored protection or answer of another protection version is never read: it is computed again', async () => {
  const k = config().kResearch;
  const revision = await currentRevision(zones[0]!, PERIODS[2]!);
  const expected = await serviceOf().tables(BELGIUM_POLICE, revision, 'headcount', k);
  expect(expected.hidden.some(Boolean)).toBe(true);
  // An older algorithm's rows in place of this one's: a pattern withholding nothing, answers publishing every count.
  const older = PROTECTION_VERSION - 1;
  await ctx.db.query(
    `INSERT INTO protected_table (zone_id, revision_id, kind, threshold, context_revisions, profile_code, items, hidden, compute_ms, protection_version)
     SELECT zone_id, revision_id, kind, threshold, context_revisions, profile_code, items, $3, compute_ms, $4 FROM protected_table
      WHERE revision_id = $1 AND threshold = $2 AND kind = 'quarter' AND protection_version = $5`,
    [revision, k, Buffer.alloc(64), older, PROTECTION_VERSION],
  );
  await ctx.db.query(`DELETE FROM protected_table WHERE revision_id = $1 AND threshold = $2 AND kind = 'quarter' AND protection_version = $3`, [revision, k, PROTECTION_VERSION]);
  await ctx.db.query(
    `INSERT INTO protected_count (zone_id, revision_id, kind, threshold, context_revisions, measure, query, profile_code, items, value, protection_version)
     SELECT zone_id, revision_id, kind, threshold, context_revisions, measure, query, profile_code, items, 1, $2 FROM protected_count WHERE revision_id = $1 AND protection_version = $3`,
    [revision, older, PROTECTION_VERSION],
  );
  await ctx.db.query('DELETE FROM protected_count WHERE revision_id = $1 AND protection_version = $2', [revision, PROTECTION_VERSION]);
  const fresh = serviceOf();
  const freshCounts = countsOf(fresh);
  const place = (await freshCounts.placesOf([[revision, PERIODS[2]!]])).get(revision)!;
  expect([...(await freshCounts.storedAnswers(BELGIUM_POLICE, [place], k, fresh.kindsAt(k))).keys()]).toEqual([]);
  const tables = await fresh.tables(BELGIUM_POLICE, revision, 'headcount', k);
  expect(fresh.computed).toBe(1);
  expect(tables.hidden).toEqual(expected.hidden);
  // Stored again under the current version, beside the older row (which nothing reads).
  const versions: { v: number }[] = await ctx.db.query("SELECT protection_version AS v FROM protected_table WHERE revision_id = $1 AND threshold = $2 AND kind = 'quarter' ORDER BY 1", [revision, k]);
  expect(versions.map((r) => r.v)).toEqual([older, PROTECTION_VERSION]);
});

it('a new revision, and the next quarter whose previous quarter changed, are protected by the worker', async () => {
  const worker = ctx.app.get(ProtectionWorker);
  const zone = zones[0]!;
  await ctx.http.put(`/api/v1/zones/${zone}/returns/${PERIODS[1]}`).set(auth(hr)).send({ reason: 'Correction', cells: cells(17) }).expect(201);
  const missing = await worker.missing();
  const corrected = await currentRevision(zone, PERIODS[1]!);
  const next = await currentRevision(zone, PERIODS[2]!);
  // The corrected quarter at both thresholds, and the next quarter's linked protection,
  // management's windows and the funnel's windows at both thresholds (their keys name the
  // corrected revision as the quarter before).
  expect(missing.filter((m) => m.revision === corrected)).toHaveLength(5);
  const before = await currentRevision(zone, PERIODS[0]!);
  expect(missing.filter((m) => m.revision === next)).toEqual([
    expect.objectContaining({ kind: 'quarter', threshold: config().kResearch, context: corrected }),
    expect.objectContaining({ kind: 'window', threshold: config().kManage, context: `${corrected},${before},0,0` }),
    expect.objectContaining({ kind: 'funnel', threshold: config().kResearch, context: `${corrected},${before},0,0` }),
    expect.objectContaining({ kind: 'funnel', threshold: config().kManage, context: `${corrected},${before},0,0` }),
  ]);
  expect(await worker.runOnce()).toBe(9);
  expect(await worker.missing()).toEqual([]);
  // What the worker makes sure of (`ensure`) is stored, not kept in the instance's memory: a request
  // then reads it from protected_table once (nothing computed), and from memory after that.
  const service = serviceOf();
  await service.ensure(BELGIUM_POLICE, corrected, 'quarter', config().kResearch, before);
  const read = () => queriesDuring(ctx.db, () => service.tables(BELGIUM_POLICE, corrected, 'headcount', config().kResearch));
  expect((await read()).filter((q) => q.includes('FROM protected_table'))).toHaveLength(1);
  expect(await read()).toEqual([]);
  expect(service.computed).toBe(0);
  const [row] = await ctx.db.query('SELECT context_revisions AS previous FROM protected_table WHERE revision_id = $1 AND kind = $2 ORDER BY created_at DESC LIMIT 1', [next, 'quarter']);
  expect(row.previous).toBe(corrected);
  // And the national table answers for the zone again without computing on the request path.
  const n = await national(researcher);
  expect(n.rows.find((r) => r.zone === zone)!.pending).toBeUndefined();
  // The next quarter's answers are asked again of its new protection: answers are keyed by the previous quarter's revision.
  const answered: { previous: string }[] = await ctx.db.query("SELECT DISTINCT context_revisions AS previous FROM protected_count WHERE revision_id = $1 AND kind = 'quarter'", [next]);
  expect(answered.map((a) => a.previous)).toContain(corrected);
});

it('after protecting, the worker stores the answers of the latest national tables (every group offered, both thresholds): they are then read, not computed', async () => {
  const worker = ctx.app.get(ProtectionWorker);
  await ctx.http.put(`/api/v1/zones/${zones[0]}/returns/${PERIODS[2]}`).set(auth(hr)).send({ reason: 'Correction', cells: cells(29) }).expect(201);
  const latest = await currentRevision(zones[0]!, PERIODS[2]!);
  expect(Number((await ctx.db.query('SELECT count(*)::int AS n FROM protected_count WHERE revision_id = $1', [latest]))[0].n)).toBe(0);
  expect(await worker.runOnce()).toBeGreaterThan(0);
  const specs = groupSpecs(nationalDimension(BELGIUM_POLICE)!);
  expect(specs).toContain('origin:non_eu_background');
  const service = serviceOf();
  const counts = countsOf(service);
  const ids: { id: number }[] = await ctx.db.query('SELECT id FROM zone WHERE code = ANY($1) ORDER BY code', [zones]);
  for (const spec of specs) {
    const group = resolveGroup(BELGIUM_POLICE, spec)!;
    const figures = () => (count: Counter) => computeZoneMetrics(BELGIUM_POLICE, count, { period: PERIODS[2]!, group, reference: referenceGroup(BELGIUM_POLICE, 'origin'), categories: [] });
    for (const k of [config().kResearch, config().kManage]) {
      const out = await counts.runMany(ids.map((z) => ({ profile: BELGIUM_POLICE, zoneId: z.id, dimension: 'origin', threshold: k, aggregates: [] })), figures, 0);
      expect(out.map((r) => r.pending)).toEqual([false, false]);
    }
  }
  expect(service.loaded).toBe(0);
  expect(service.computed).toBe(0);
  // With nothing written since, bringing the national tables up to date reads no zone's answers
  // again: per role and group, the zones' versions and the table kept at them (one query each).
  const tables = 2 * specs.length;
  const asked = await queriesDuring(ctx.db, () => ctx.app.get(AnalyticsService).warmNational());
  expect(asked.length).toBeLessThanOrEqual(2 + tables);
  expect(asked.filter((q) => /protected_count|protected_table/.test(q))).toEqual([]);
});

it('after a correction, bringing the national tables up to date reads that zone’s answers only, even when the instance cannot hold every zone’s figures', async () => {
  // An instance whose cache holds 10 figures: a whole table's zones (2 zones × 6 groups × 2
  // thresholds) are pushed out while it is warmed, every time.
  const small = await otherInstance({ figuresCacheEntries: 10 });
  try {
    const warm = small.app.get(AnalyticsService);
    await ctx.app.get(ProtectionWorker).runOnce();
    await warm.warmNational();
    const ids: { id: number; code: string }[] = await ctx.db.query('SELECT id, code FROM zone WHERE code = ANY($1)', [zones]);
    const idOf = (code: string) => ids.find((z) => z.code === code)!.id;
    await ctx.http.put(`/api/v1/zones/${zones[1]}/returns/${PERIODS[2]}`).set(auth(hr)).send({ reason: 'Correction', cells: cells(31) }).expect(201);
    await ctx.app.get(ProtectionWorker).runOnce(); // protected and published (the other instance)
    const asked: number[][] = [];
    const counts = small.app.get(ProtectedCounts);
    const original = counts.runMany.bind(counts);
    const spy = jest.spyOn(counts, 'runMany').mockImplementation((inputs, ...rest) => {
      asked.push(inputs.map((i) => i.zoneId));
      return original(inputs, ...rest);
    });
    try {
      await warm.warmNational();
    } finally {
      spy.mockRestore();
    }
    // Every group at both thresholds, for the corrected zone alone.
    expect(asked).toHaveLength(2 * groupSpecs(nationalDimension(BELGIUM_POLICE)!).length);
    expect(new Set(asked.flat())).toEqual(new Set([idOf(zones[1]!)]));
  } finally {
    await small.app.close();
  }
});

it('bringing the national tables up to date keeps no figures requests did not ask for: it refreshes those they did', async () => {
  const other = await otherInstance();
  try {
    await ctx.app.get(ProtectionWorker).runOnce();
    const cache = other.app.get(FiguresCache);
    const warm = other.app.get(AnalyticsService);
    const controlled = () => cache.size;
    await warm.warmNational();
    // 2 zones × 6 groups × 2 thresholds of figures computed, none kept (the latest quarter's lookups only).
    expect(groupSpecs(nationalDimension(BELGIUM_POLICE)!).length).toBe(6);
    const afterWarm = controlled();
    expect(afterWarm).toBeLessThanOrEqual(2);
    // A management request keeps its table's zones; the next warm-up after a correction refreshes them.
    await other.http.get(`/api/v1/national?period=${PERIODS[2]}&metric=representation`).set(auth(management)).expect(200);
    const asked = controlled();
    expect(asked).toBeGreaterThanOrEqual(afterWarm + 2);
    await ctx.http.put(`/api/v1/zones/${zones[0]}/returns/${PERIODS[2]}`).set(auth(hr)).send({ reason: 'Correction', cells: cells(43) }).expect(201);
    await ctx.app.get(ProtectionWorker).runOnce();
    await warm.warmNational();
    expect(controlled()).toBe(asked);
  } finally {
    await other.app.close();
  }
});

it('a correction never makes a protected reader wait: the published revision is shown until the worker has protected the new one', async () => {
  const zone = zones[1]!;
  const worker = ctx.app.get(ProtectionWorker);
  const service = ctx.app.get(DisclosureService);
  await worker.runOnce();
  const published = async () => (await ctx.db.query('SELECT p.revision_id::text AS id FROM publication p JOIN zone z ON z.id = p.zone_id WHERE z.code = $1 AND p.period = $2', [zone, PERIODS[2]]))[0]?.id as string | undefined;
  const before = await currentRevision(zone, PERIODS[2]!);
  expect(await published()).toBe(before);
  const read = async (token: string) => ({
    metrics: (await ctx.http.get(`/api/v1/zones/${zone}/metrics?period=${PERIODS[2]}&group=origin:migration_background`).set(auth(token)).expect(200)).body as ZoneMetricsDto,
    breakdown: (await ctx.http.get(`/api/v1/zones/${zone}/returns/${PERIODS[2]}/breakdown?measure=headcount&dimension=origin`).set(auth(token)).expect(200)).body as BreakdownDto,
    national: (await national(token)).rows.find((r) => r.zone === zone)!,
  });
  const first = { researcher: await read(researcher), management: await read(management) };
  // A correction with very different counts.
  const changed = cells(6).map((c) => (c.measure === 'headcount' ? { ...c, count: c.count + (c.classes['origin'] === 'be_non_eu' ? 90 : 30) } : c));
  await ctx.http.put(`/api/v1/zones/${zone}/returns/${PERIODS[2]}`).set(auth(hr)).send({ reason: 'Correction', cells: changed }).expect(201);
  const after = await currentRevision(zone, PERIODS[2]!);
  expect(after).not.toBe(before);
  // Until the worker has protected it: the published revision, on every page, with nothing computed on the request path.
  const computed = service.computed;
  for (const [token, seen] of [
    [researcher, first.researcher],
    [management, first.management],
  ] as const) {
    const now = await read(token);
    expect(now.metrics.representation).toEqual(seen.metrics.representation);
    expect(now.breakdown).toEqual(seen.breakdown);
    expect(now.national.pending).toBeUndefined();
    expect(now.national.rate).toEqual(seen.national.rate);
  }
  expect(service.computed).toBe(computed);
  expect(await published()).toBe(before);
  // HR of the zone sees the correction at once.
  const own = (await ctx.http.get(`/api/v1/zones/${zone}/returns/${PERIODS[2]}/breakdown?measure=headcount&dimension=origin`).set(auth(hr)).expect(200)).body as BreakdownDto;
  expect(own.revision).toBe(first.researcher.breakdown.revision + 1);
  // The worker protects it and publishes it: every page of both roles then shows the new revision.
  await worker.runOnce();
  expect(await published()).toBe(after);
  for (const [token, seen] of [
    [researcher, first.researcher],
    [management, first.management],
  ] as const) {
    const now = await read(token);
    expect(now.breakdown.revision).toBe(seen.breakdown.revision + 1);
    expect(now.national.rate).toEqual(now.metrics.representation.ofDeclared);
    if (token === management) expect(now.metrics.representation.ofDeclared).not.toEqual(seen.metrics.representation.ofDeclared);
  }
});

it('before a correction is published, the questions answered for the revision it replaces are answered for it: pages computed after the publication read them', async () => {
  const zone = zones[0]!;
  const worker = ctx.app.get(ProtectionWorker);
  await worker.runOnce();
  const before = await currentRevision(zone, PERIODS[2]!);
  // Pages the warm-up of the national tables does not ask: one category, as management and researchers.
  const page = (token: string) => ctx.http.get(`/api/v1/zones/${zone}/metrics?period=${PERIODS[2]}&group=origin:migration_background&categories=middle`).set(auth(token)).expect(200);
  await page(management);
  await page(researcher);
  const questions = async (revision: string, k: number) =>
    ((await ctx.db.query('SELECT DISTINCT measure, query FROM protected_count WHERE revision_id = $1 AND threshold = $2', [revision, k])) as { measure: string; query: string }[])
      .map((q) => `${q.measure}|${q.query}`)
      .sort();
  const asked = { research: await questions(before, config().kResearch), manage: await questions(before, config().kManage) };
  expect(asked.research.some((q) => q.includes('middle'))).toBe(true);
  expect(asked.manage.some((q) => q.includes('middle'))).toBe(true);
  await ctx.http.put(`/api/v1/zones/${zone}/returns/${PERIODS[2]}`).set(auth(hr)).send({ reason: 'Correction', cells: cells(37) }).expect(201);
  const after = await currentRevision(zone, PERIODS[2]!);
  // When the worker publishes it, its answers are stored already.
  const repo = ctx.app.get(DisclosureRepository);
  const publish = repo.publish.bind(repo);
  const atPublication: string[][] = [];
  const spy = jest.spyOn(repo, 'publish').mockImplementation(async (rows) => {
    if (rows.some((r) => r.revision === after)) atPublication.push(await questions(after, config().kResearch), await questions(after, config().kManage));
    return publish(rows);
  });
  try {
    await worker.runOnce();
  } finally {
    spy.mockRestore();
  }
  expect(atPublication).toEqual([asked.research, asked.manage]);
  // Each is what the new revision's protection answers.
  const fresh = serviceOf();
  const stored: { measure: string; query: string; threshold: number; value: number | null }[] = await ctx.db.query('SELECT measure, query, threshold, value FROM protected_count WHERE revision_id = $1', [after]);
  for (const s of stored) {
    const [measure, stage] = s.measure.split(':');
    const tables = stage ? null : await fresh.tables(BELGIUM_POLICE, after, measure as 'headcount', s.threshold);
    if (!tables) continue;
    const [cats, dimension, values] = s.query.split('|') as [string, string, string];
    expect(await tables.count(cats === '*' ? null : cats.split(','), dimension, values.split(','))).toBe(s.value);
  }
  // A fresh instance shows the page from the stored answers alone: no protection loaded or computed.
  const other = await otherInstance();
  try {
    const otherService = other.app.get(DisclosureService);
    const spies = [jest.spyOn(otherService, 'prefetch'), jest.spyOn(otherService, 'count'), jest.spyOn(otherService, 'tables')];
    for (const token of [management, researcher]) {
      const res = await other.http.get(`/api/v1/zones/${zone}/metrics?period=${PERIODS[2]}&group=origin:migration_background&categories=middle`).set(auth(token)).expect(200);
      expect((res.body as ZoneMetricsDto).representation).toBeDefined();
    }
    expect(spies.map((x) => x.mock.calls.length)).toEqual([0, 0, 0]);
    expect(otherService.loaded + otherService.computed).toBe(0);
  } finally {
    await other.app.close();
  }
});

it('a correction recomputes only the protections whose counts it changed: the others are the corrected revision’s, the same as computing them', async () => {
  const zone = zones[1]!;
  const worker = ctx.app.get(ProtectionWorker);
  const repo = ctx.app.get(DisclosureRepository);
  await worker.runOnce();
  const findSame = repo.sameInputProtection.bind(repo);
  /** Runs the worker after a correction: which kinds (at which threshold) it took from the revision before, and which it computed. */
  const correct = async (change: (c: Cell) => Cell) => {
    await ctx.http.put(`/api/v1/zones/${zone}/returns/${PERIODS[2]}`).set(auth(hr)).send({ reason: 'Correction', cells: cells(41).map(change) }).expect(201);
    const revision = await currentRevision(zone, PERIODS[2]!);
    const seen: { kind: string; threshold: number; reused: boolean }[] = [];
    const spy = jest.spyOn(repo, 'sameInputProtection').mockImplementation(async (...args) => {
      const found = await findSame(...args);
      if (args[1] === revision) seen.push({ kind: args[2], threshold: args[3], reused: found !== null });
      return found;
    });
    try {
      await worker.runOnce();
    } finally {
      spy.mockRestore();
    }
    const kinds = (reused: boolean) => seen.filter((x) => x.reused === reused).map((x) => `${x.kind}@${x.threshold}`).sort();
    return { revision, reused: kinds(true), computed: kinds(false) };
  };
  const [kR, kM] = [config().kResearch, config().kManage];
  // First the counts of cells(41): every measure with cells differs from the revision before, so
  // all is computed but the funnel (no funnel cells in either revision).
  const first = await correct((c) => c);
  expect(first.reused).toEqual([`funnel@${kM}`, `funnel@${kR}`].sort());
  // A correction of the headcount alone: the protections of the flows and the funnel are reused;
  // the researchers' joint quarter holds the headcount, so it is computed again.
  const headcount = await correct((c) => (c.measure === 'headcount' && c.category === 'officer' ? { ...c, count: c.count + 3 } : c));
  expect(headcount.computed).toEqual([`headcount@${kM}`, `quarter@${kR}`].sort());
  expect(headcount.reused).toEqual([`funnel@${kM}`, `funnel@${kR}`, `window@${kM}`].sort());
  // Control: a correction of a flow (the headcount as just corrected): the management window and
  // the researchers' joint quarter are computed again, management's headcount table is reused.
  const flows = await correct((c) => (c.measure === 'headcount' && c.category === 'officer' ? { ...c, count: c.count + 3 } : c.measure === 'hires' ? { ...c, count: c.count + 1 } : c));
  expect(flows.computed).toEqual([`quarter@${kR}`, `window@${kM}`].sort());
  expect(flows.reused).toEqual([`funnel@${kM}`, `funnel@${kR}`, `headcount@${kM}`].sort());
  // What was reused is what computing them gives: computed afresh by an instance without any of them stored.
  const rows: { kind: string; threshold: number; context: string; hidden: Buffer }[] = await ctx.db.query(
    'SELECT kind, threshold, context_revisions AS context, hidden FROM protected_table WHERE revision_id = $1',
    [headcount.revision],
  );
  const reusedRows = rows.filter((r) => headcount.reused.includes(`${r.kind}@${r.threshold}`));
  expect(reusedRows).toHaveLength(3);
  await ctx.db.query(
    `DELETE FROM protected_table t USING return_revision v, quarterly_return r, zone z
      WHERE v.id = t.revision_id AND r.id = v.return_id AND z.id = r.zone_id AND z.code = $1 AND r.period = $2 AND t.kind = ANY($3::text[])`,
    [zone, PERIODS[2], ['window', 'funnel']],
  );
  const fresh = serviceOf();
  for (const r of reusedRows) {
    await fresh.ensure(BELGIUM_POLICE, headcount.revision, r.kind as 'window', r.threshold, r.context);
    const [again] = await ctx.db.query('SELECT hidden FROM protected_table WHERE revision_id = $1 AND kind = $2 AND threshold = $3', [headcount.revision, r.kind, r.threshold]);
    expect(Buffer.from(again.hidden).equals(Buffer.from(r.hidden))).toBe(true);
  }
  expect(fresh.computed).toBe(3);
  expect(fresh.reused).toBe(0);
  await worker.runOnce();
});

it('a quarter never published never waits for the worker either: its protections are computed and stored on the request path', async () => {
  const zone = zones[1]!;
  const period = pastPeriod(8);
  await ctx.http.put(`/api/v1/zones/${zone}/returns/${period}`).set(auth(hr)).send({ reason: 'First entry', cells: cells(17) }).expect(201);
  const revision = await currentRevision(zone, period);
  await ctx.http.get(`/api/v1/zones/${zone}/metrics?period=${period}&group=origin:migration_background`).set(auth(researcher)).expect(200);
  const rows = await ctx.db.query('SELECT kind, threshold FROM protected_table WHERE revision_id = $1', [revision]);
  expect(rows).toContainEqual({ kind: 'quarter', threshold: config().kResearch });
  // The national table computes at most DISCLOSURE_INLINE_MAX (0 here) inline: the zone's own page
  // stored the researchers' protection; a national table for the management threshold waits for the worker.
  const n = (await ctx.http.get(`/api/v1/national?period=${period}&metric=representation&group=origin:migration_background`).set(auth(management)).expect(200)).body as NationalDto;
  expect(n.rows.find((r) => r.zone === zone)!.pending).toBe(true);
  expect(n.rows.find((r) => r.zone === zone)!.value).toBeNull();
  const counts = ctx.app.get(ProtectedCounts);
  const [inline] = await counts.runMany(
    [{ profile: BELGIUM_POLICE, zoneId: Number((await ctx.db.query('SELECT id FROM zone WHERE code = $1', [zone]))[0].id), dimension: 'origin', threshold: config().kManage, aggregates: [] }],
    () => (count) => count({ periods: [period], measure: 'headcount', categories: null, values: ['be_be'] }),
    100,
  );
  expect(inline!.pending).toBe(false);
});

it('the national table under disclosure control, cached as a whole, follows every write (never served at an older data version)', async () => {
  const zone = zones[0]!;
  const worker = ctx.app.get(ProtectionWorker);
  await worker.runOnce();
  const rowOf = async (n: NationalDto) => n.rows.find((r) => r.zone === zone)!;
  const first = await national(management);
  expect(await national(management)).toEqual(first);
  const researchers = await national(researcher);
  // A correction of the table's own quarter, with very different counts.
  const changed = cells(3).map((c) => (c.measure === 'headcount' ? { ...c, count: c.count + (c.classes['origin'] === 'be_non_eu' ? 90 : 30) } : c));
  await ctx.http.put(`/api/v1/zones/${zone}/returns/${PERIODS[2]}`).set(auth(hr)).send({ reason: 'Correction', cells: changed }).expect(201);
  await worker.runOnce();
  // The same figure as the zone's own page computes from the protections of the new revision, for both thresholds.
  for (const [token, before] of [
    [management, first],
    [researcher, researchers],
  ] as const) {
    const after = await rowOf(await national(token));
    expect(after.pending).toBeUndefined();
    const m = (await ctx.http.get(`/api/v1/zones/${zone}/metrics?period=${PERIODS[2]}&group=origin:migration_background`).set(auth(token)).expect(200)).body as ZoneMetricsDto;
    expect(after.rate).toEqual(m.representation.ofDeclared);
    if (token === management) {
      expect(after.value).not.toBeNull();
      expect(after.rate).not.toEqual((await rowOf(before)).rate);
    }
  }
});

it('runMany answers each input the same whether alone or among many (zones are loaded 10 at a time)', async () => {
  const counts = ctx.app.get(ProtectedCounts);
  const ids: { id: number }[] = await ctx.db.query('SELECT id FROM zone WHERE code = ANY($1) ORDER BY code', [zones]);
  const migration = resolveGroup(BELGIUM_POLICE, 'origin:migration_background')!;
  const figures = (input: { zoneId: number }, index: number) => (count: Counter) => ({
    index,
    zone: input.zoneId,
    metrics: computeZoneMetrics(BELGIUM_POLICE, count, { period: PERIODS[2]!, group: migration, reference: referenceGroup(BELGIUM_POLICE, 'origin'), categories: [] }),
  });
  const input = (id: number) => ({ profile: BELGIUM_POLICE, zoneId: id, dimension: 'origin', threshold: config().kResearch, aggregates: [] });
  const alone = await Promise.all(ids.map(async (z) => (await counts.runMany([input(z.id)], figures))[0]!));
  const many = await counts.runMany(Array.from({ length: 45 }, (_, i) => input(ids[i % ids.length]!.id)), figures);
  expect(many.map((r) => r.value.index)).toEqual(Array.from({ length: 45 }, (_, i) => i));
  for (const [i, r] of many.entries()) {
    expect(r.pending).toBe(false);
    expect(r.value.zone).toBe(ids[i % ids.length]!.id);
    expect(JSON.stringify(r.value.metrics)).toEqual(JSON.stringify(alone[i % ids.length]!.value.metrics));
  }
});

it('on a database without data, bringing the national tables up to date is a no-op, not an error', async () => {
  const name = `equity_pt_empty_${process.pid}`;
  const admin = new pg.Client({ connectionString: testDatabaseUrl() });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const empty = await createTestApp({ databaseUrl: testDatabaseUrl().replace(/\/[^/]+$/, `/${name}`) });
  try {
    await createZone(empty.db, 'Zone without returns');
    await expect(empty.app.get(AnalyticsService).warmNational()).resolves.toBeUndefined();
    expect(await empty.app.get(ProtectionWorker).runOnce()).toBe(0);
  } finally {
    await empty.app.close();
  }
});
