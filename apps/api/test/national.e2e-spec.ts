// The national comparison (GET /api/v1/national) on a database of its own, with two zones whose
// returns are written here so that every expected figure can be summed by hand: `categories` is
// honoured exactly as by a zone's metrics (category codes and category groups; unknown codes 400),
// and the total row adds the zones up — for full access the sums of every count, under disclosure
// control the sum of the counts every zone publishes, else withheld.
import {
  type Aggregate,
  addQuarters,
  BELGIUM_POLICE,
  type Cell,
  computeZoneMetrics,
  type Count,
  NATIONAL_METRICS,
  type NationalDto,
  type NationalMetric,
  type RateDto,
  referenceGroup,
  resolveGroup,
  type ZoneMetricsDto,
} from '@equity/shared';
import { largeZoneFlows, largeZoneHeadcounts, smallZoneFlows, smallZoneHeadcounts } from './sample-zones.js';
import { auth, createOwnDatabase, createTestApp, createZone, hc, login, pastPeriod } from './utils.js';

const DB = `equity_national_${process.pid}`;
let ctx: Awaited<ReturnType<typeof createTestApp>>;
let dbUrl: string;
let admin: string;
let management: string;
let hr: string;
let zoneA: string;
let zoneB: string;

const Q4 = pastPeriod(6);
const Q = (i: number) => addQuarters(Q4, i - 4); // Q(0) … Q(4) = Q4
const GROUP = 'origin:migration_background';
const MIGRATION = ['be_eu', 'be_non_eu', 'non_be_eu', 'non_be_non_eu'];
const DECLARED = ['be_be', ...MIGRATION];


/** Zone A: the large sample zone, and civilian staff too. Flows in quarters 1–4. */
function cellsA(i: number): Cell[] {
  const cells = [
    ...largeZoneHeadcounts(),
    hc('calog_d', 'be_be', 30), hc('calog_d', 'be_non_eu', 12), hc('calog_d', 'not_declared', 4),
    hc('calog_c', 'be_be', 10), hc('calog_c', 'be_non_eu', 5),
  ];
  return i > 0 ? [...cells, ...largeZoneFlows()] : cells;
}

/** Zone B: the smaller sample zone, with 2 officers of migration background — withheld from management (k = 5). Flows in quarters 1–4. */
const cellsB = (i: number): Cell[] => (i > 0 ? [...smallZoneHeadcounts(), ...smallZoneFlows()] : smallZoneHeadcounts());

/** Headcount at Q4 of some categories (null: all) and origins, summed by hand from the cells. */
const headcount = (cells: Cell[], categories: string[] | null, origins: string[]) =>
  cells.filter((c) => c.measure === 'headcount' && (categories === null || categories.includes(c.category)) && origins.includes(c.classes['origin']!)).reduce((s, c) => s + c.count, 0);

const CALOG = ['calog_d', 'calog_c', 'calog_b', 'calog_a'];
const OPERATIONAL = ['agent', 'basic', 'middle', 'officer'];
/** Selections as the query says them, and the categories they stand for. */
const SELECTIONS: { query: string; categories: string[] }[] = [
  { query: '', categories: [] },
  { query: 'middle', categories: ['middle'] },
  { query: 'officer', categories: ['officer'] },
  { query: 'basic,officer', categories: ['basic', 'officer'] },
  { query: 'calog', categories: CALOG },
  { query: 'operational', categories: OPERATIONAL },
];

beforeAll(async () => {
  dbUrl = await createOwnDatabase(DB);
  // Every protection computed on the request path (no zone pending) and no worker competing for the CPU.
  ctx = await createTestApp({ databaseUrl: dbUrl, disclosureInlineMax: 100000, disclosureWarmup: false });
  zoneA = await createZone(ctx.db, 'National zone A');
  zoneB = await createZone(ctx.db, 'National zone B');
  hr = (await login(ctx.http, ctx.db, 'hr', [zoneA, zoneB])).token;
  admin = (await login(ctx.http, ctx.db, 'admin')).token;
  management = (await login(ctx.http, ctx.db, 'management')).token;
  for (let i = 0; i <= 4; i++) {
    await ctx.http.put(`/api/v1/zones/${zoneA}/returns/${Q(i)}`).set(auth(hr)).send({ reason: 'national test', cells: cellsA(i) }).expect(201);
    await ctx.http.put(`/api/v1/zones/${zoneB}/returns/${Q(i)}`).set(auth(hr)).send({ reason: 'national test', cells: cellsB(i) }).expect(201);
  }
}, 60000);
afterAll(async () => {
  await ctx?.app.close();
});

const national = async (token: string, metric: NationalMetric, categories: string, http = ctx.http): Promise<NationalDto> =>
  (await http.get(`/api/v1/national?period=${Q4}&metric=${metric}&group=${GROUP}${categories ? `&categories=${categories}` : ''}`).set(auth(token)).expect(200)).body as NationalDto;

const zoneMetrics = async (token: string, zone: string, categories: string): Promise<ZoneMetricsDto> =>
  (await ctx.http.get(`/api/v1/zones/${zone}/metrics?period=${Q4}&group=${GROUP}${categories ? `&categories=${categories}` : ''}`).set(auth(token)).expect(200)).body as ZoneMetricsDto;

/** What the national comparison shows of each metric, read from a zone's metrics (no availability benchmark is set here). */
function figureOf(m: ZoneMetricsDto, metric: NationalMetric): { value: number | null; rate: RateDto | null } {
  switch (metric) {
    case 'representation':
      return { value: m.representation.ofDeclared.value, rate: m.representation.ofDeclared };
    case 'declaration_rate':
      return { value: m.representation.declaration.value, rate: m.representation.declaration };
    case 'hiring_ratio':
      return { value: m.hiring.ratio, rate: m.hiring.share };
    case 'promotion_impact_ratio':
      return { value: m.promotion.impactRatio, rate: m.promotion.group };
    case 'retention':
      return { value: m.separation.retention.group.value, rate: m.separation.retention.group };
    case 'separations_per_1000':
      return { value: m.separation.groupPer1000, rate: m.separation.group };
    case 'availability_gap':
      return { value: null, rate: m.representation.ofTotal };
  }
}

const isCount = (c: Count): c is number => typeof c === 'number';

describe('categories', () => {
  it('per category and per category group, every zone’s national figures are the zone endpoint’s (admin and management)', async () => {
    for (const [token, threshold] of [[admin, 1], [management, 5]] as const) {
      for (const { query, categories } of SELECTIONS) {
        const zones = { [zoneA]: await zoneMetrics(token, zoneA, query), [zoneB]: await zoneMetrics(token, zoneB, query) };
        for (const metric of NATIONAL_METRICS) {
          const n = await national(token, metric, query);
          expect({ metric, query, categories: n.categories, threshold: n.threshold }).toEqual({ metric, query, categories, threshold });
          expect(n.rows.map((r) => r.zone).sort()).toEqual([zoneA, zoneB].sort());
          for (const row of n.rows) {
            expect({ metric, query, zone: row.zone, value: row.value, rate: row.rate }).toEqual({ metric, query, zone: row.zone, ...figureOf(zones[row.zone]!, metric) });
            expect(row.pending).toBeUndefined();
          }
        }
      }
    }
  }, 300000);

  it('the figures are those of the categories asked for, not of all staff (summed by hand)', async () => {
    const a = cellsA(4);
    const b = cellsB(4);
    const middle = await national(admin, 'representation', 'middle');
    const row = (n: NationalDto, zone: string) => n.rows.find((r) => r.zone === zone)!;
    expect(row(middle, zoneA).rate).toMatchObject({ numerator: 12, denominator: 62 });
    expect(row(middle, zoneB).rate).toMatchObject({ numerator: 8, denominator: 33 });
    const calog = await national(admin, 'representation', 'calog');
    expect(row(calog, zoneA).rate).toMatchObject({ numerator: headcount(a, CALOG, MIGRATION), denominator: headcount(a, CALOG, DECLARED) });
    expect(row(calog, zoneB).rate).toMatchObject({ numerator: 0, denominator: 0, value: null });
    const all = await national(admin, 'representation', '');
    expect(row(all, zoneA).rate).toMatchObject({ numerator: headcount(a, null, MIGRATION), denominator: headcount(a, null, DECLARED) });
    expect(row(all, zoneB).rate).toMatchObject({ numerator: headcount(b, null, MIGRATION), denominator: headcount(b, null, DECLARED) });
    // A group and the categories it stands for give the same figures.
    const operational = await national(admin, 'representation', 'operational');
    const listed = await national(admin, 'representation', OPERATIONAL.join(','));
    expect(operational.rows).toEqual(listed.rows);
    expect(operational.total).toEqual(listed.total);
  });

  it('unknown categories are refused with 400 in the one error shape, as by the zone endpoint', async () => {
    const refused = async (path: string) => (await ctx.http.get(path).set(auth(admin)).expect(400)).body as { statusCode: number; error: string; message: string; errors: unknown[] };
    const fromNational = await refused(`/api/v1/national?period=${Q4}&metric=representation&categories=nonsense`);
    expect(fromNational).toEqual({
      statusCode: 400,
      error: 'Bad Request',
      message: expect.stringMatching(/^"nonsense" is not a staff category\. Use one of: agent, basic, .*, or a category group: operational, calog\.$/),
      errors: [
        {
          row: null,
          column: 'categories',
          code: 'unknown_code',
          message: fromNational.message,
          value: 'nonsense',
          // The codes the message offers, for a client to name them in its language.
          params: { column: 'categories', vocabulary: 'category', expected: expect.stringMatching(/^agent, basic, /) },
        },
      ],
    });
    expect(await refused(`/api/v1/zones/${zoneA}/metrics?period=${Q4}&categories=nonsense`)).toEqual(fromNational);
    // Every unknown code is named, the known ones are not.
    const two = await refused(`/api/v1/national?period=${Q4}&categories=basic,nonsense,sergeant`);
    expect(two.errors).toEqual([
      expect.objectContaining({ column: 'categories', code: 'unknown_code', value: 'nonsense' }),
      expect.objectContaining({ column: 'categories', code: 'unknown_code', value: 'sergeant' }),
    ]);
    // Public callers (researcher level) are refused the same way.
    await ctx.http.get(`/api/v1/national?period=${Q4}&categories=nonsense`).expect(400);
  });
});

describe('the total row', () => {
  /** The zones' cells of quarters 0–4 as the aggregates the metrics are computed from. */
  const aggregates = (cellsOf: (i: number) => Cell[]): Aggregate[] =>
    [0, 1, 2, 3, 4].flatMap((i) => cellsOf(i).map((c) => ({ period: Q(i), measure: c.measure, detail: c.detail, category: c.category, value: c.classes['origin']!, count: c.count })));

  it('for administrators it adds up every zone, with the figures of the shared metric functions', async () => {
    const group = resolveGroup(BELGIUM_POLICE, GROUP)!;
    const reference = referenceGroup(BELGIUM_POLICE, 'origin');
    for (const { query, categories } of SELECTIONS) {
      // The two zones' data as if they were one zone.
      const together = computeZoneMetrics(BELGIUM_POLICE, [...aggregates(cellsA), ...aggregates(cellsB)], { period: Q4, group, reference, categories });
      for (const metric of NATIONAL_METRICS) {
        const n = await national(admin, metric, query);
        expect(n.total.zones).toBe(2);
        expect(n.total.pending).toBeUndefined();
        const expected = figureOf({ ...together, availability: null } as unknown as ZoneMetricsDto, metric);
        expect({ metric, query, rate: n.total.rate }).toEqual({ metric, query, rate: expected.rate });
        if (expected.value === null) expect(n.total.value).toBeNull();
        else expect(n.total.value).toBeCloseTo(expected.value, 12);
        // Counts of the rates that are sums of the zones' (not the averaged bases of separations).
        if (['representation', 'declaration_rate', 'hiring_ratio', 'promotion_impact_ratio', 'availability_gap'].includes(metric)) {
          const sum = (side: 'numerator' | 'denominator') => n.rows.reduce((s, r) => s + (r.rate![side] as number), 0);
          expect([n.total.rate!.numerator, n.total.rate!.denominator]).toEqual([sum('numerator'), sum('denominator')]);
        }
      }
    }
    // By hand: migration background among declared staff, all categories: A (10 + 75 + 12 + 6 + 12 + 5)
    // of (30 + 275 + 62 + 21 + 42 + 15), B (30 + 8 + 2) of (130 + 33 + 11).
    expect([headcount(cellsA(4), null, MIGRATION), headcount(cellsA(4), null, DECLARED), headcount(cellsB(4), null, MIGRATION), headcount(cellsB(4), null, DECLARED)]).toEqual([120, 445, 40, 174]);
    const all = await national(admin, 'representation', '');
    expect(all.total.rate).toMatchObject({ numerator: 160, denominator: 619 });
    expect(all.total.value).toBeCloseTo(160 / 619, 12);
  }, 120000);

  it('under disclosure control a total count is the sum of the zones’ published counts or withheld, and withheld whenever a zone’s is', async () => {
    let published = 0;
    let withheldWithAZone = 0;
    for (const { query } of SELECTIONS) {
      for (const metric of NATIONAL_METRICS) {
        const n = await national(management, metric, query);
        expect(n.threshold).toBe(5);
        for (const side of ['numerator', 'denominator'] as const) {
          const parts = n.rows.map((r) => r.rate![side]);
          const total = n.total.rate![side];
          const context = { metric, query, side, parts, total };
          if (!parts.every(isCount)) {
            expect(context).toEqual({ ...context, total: { suppressed: true } });
            withheldWithAZone += 1;
          } else if (isCount(total)) {
            expect(context).toEqual({ ...context, total: parts.reduce((s, p) => s + p, 0) });
            published += 1;
          } else {
            expect(context).toEqual({ ...context, total: { suppressed: true } });
          }
        }
        if (!isCount(n.total.rate!.numerator) || !isCount(n.total.rate!.denominator)) expect(n.total.rate!.value).toBeNull();
      }
    }
    expect(published).toBeGreaterThan(0);
    expect(withheldWithAZone).toBeGreaterThan(0);
    // Officers: zone B's 2 officers of migration background are withheld, so the total is too
    // (it would be 6 + 2 = 8, and 8 − zone A's 6 would give B's 2 away).
    const officers = await national(management, 'representation', 'officer');
    expect(officers.rows.find((r) => r.zone === zoneB)!.rate!.numerator).toEqual({ suppressed: true });
    expect(officers.total.rate!.numerator).toEqual({ suppressed: true });
    expect(officers.total.value).toBeNull();
    // The basic cadre: both zones publish their staff of migration background, so the total does
    // ((60 + 15) + 30); zone B's declared staff are withheld (they would tell its 2 officers), so
    // the total's are too, and with them the share.
    const basic = await national(management, 'representation', 'basic');
    expect(basic.rows.map((r) => r.rate!.numerator)).toEqual(expect.arrayContaining([75, 30]));
    expect(basic.rows.find((r) => r.zone === zoneB)!.rate!.denominator).toEqual({ suppressed: true });
    expect(basic.total.rate).toEqual({ value: null, numerator: 105, denominator: { suppressed: true }, interval: null });
  }, 300000);

  it('a zone whose protections are pending withholds the total, which says it is pending', async () => {
    // Another instance that computes no protection on the request path; a new revision of zone B
    // is not protected yet, so B is pending there — and so is the total.
    const other = await createTestApp({ databaseUrl: dbUrl, disclosureInlineMax: 0, disclosureWarmup: false });
    try {
      const cells = cellsB(4).map((c) => (c.measure === 'headcount' && c.category === 'basic' && c.classes['origin'] === 'be_be' ? { ...c, count: 101 } : c));
      await ctx.http.put(`/api/v1/zones/${zoneB}/returns/${Q4}`).set(auth(hr)).send({ reason: 'correction', cells }).expect(201);
      const n = await national(management, 'representation', 'basic', other.http);
      expect(n.rows.find((r) => r.zone === zoneB)!.pending).toBe(true);
      expect(n.total).toMatchObject({ pending: true, value: null, rate: { numerator: { suppressed: true }, denominator: { suppressed: true } } });
      // Administrators are never pending: the total follows the correction at once.
      const full = await national(admin, 'representation', 'basic', other.http);
      expect(full.total.rate).toMatchObject({ numerator: 105, denominator: 406 });
    } finally {
      await other.app.close();
    }
  }, 120000);
});
