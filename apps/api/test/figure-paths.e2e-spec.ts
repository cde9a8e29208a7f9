// The same figure on every path (issue 16): every figure of the registry, read from a zone's metrics
// (GET /api/v1/zones/:code/metrics), must be the same in the national comparison (its zone's row,
// and for full access the total row against the sum of the zones), in a target on that figure (its
// value for the quarter) and in the export — counts exact, shares within 0.1 percentage point, and
// "no data" or "suppressed" the same on every path (a flow a zone never supplied is no data
// everywhere, never 0). As an administrator (full access), as management (k = 5, protected tables)
// and as HR of two zones (a total with flows), for all staff and for one rank (`categories=middle`).
import {
  addQuarters,
  type Cell,
  EXPORT_METRICS,
  figuresOfferedIn,
  NATIONAL_METRICS,
  type NationalDto,
  type RateDto,
  TARGET_METRICS,
  type TargetMetric,
  type TargetProgressDto,
  type ZoneMetricsDto,
} from '@equity/shared';
import { compareFigurePaths, differences, isCount, nationalReading, type Reading, zoneReading } from './figure-readings.js';
import { largeZoneFlows, largeZoneHeadcounts, smallZoneFlows, smallZoneHeadcounts } from './sample-zones.js';
import { auth, createOwnDatabase, createTestApp, createZone, flow, login, pastPeriod } from './utils.js';

const DB = `equity_figure_paths_${process.pid}`;
let ctx: Awaited<ReturnType<typeof createTestApp>>;
let admin: string;
let management: string;
/** HR of zones A and B: full counts, and a national total whose zones all supplied their flows. */
let hrAB: string;
let zoneA: string;
let zoneB: string;
let zoneS: string;
/** The target on each zone, selection and figure: `${zone}|${selection}|${metric}` → id. */
const targets = new Map<string, number>();

const Q4 = pastPeriod(6);
const Q = (i: number) => addQuarters(Q4, i - 4); // Q(0) … Q(4) = Q4: the window Q(1)…Q(4), its start Q(0)
const GROUP = 'origin:migration_background';
const GROUP_CODE = 'migration_background';
/** All staff, and one rank. */
const SELECTIONS = ['', 'middle'] as const;
type Selection = (typeof SELECTIONS)[number];


/** Zone A: the large sample zone, with an availability benchmark; in the window, its flows and more in the higher ranks. */
function cellsA(i: number): Cell[] {
  if (i === 0) return largeZoneHeadcounts();
  const higherRanks = [flow('hires', 'new_recruit', 'middle', 'be_non_eu', 1), flow('promotions', '', 'officer', 'be_be', 1), flow('separations', 'resignation', 'middle', 'be_be', 1)];
  return [...largeZoneHeadcounts(), ...largeZoneFlows(), ...higherRanks];
}

/** Zone B: the smaller sample zone, with small counts of the group (withheld from management); in the window, its flows and a separation from middle. */
const cellsB = (i: number): Cell[] => (i > 0 ? [...smallZoneHeadcounts(), ...smallZoneFlows(), flow('separations', 'resignation', 'middle', 'be_non_eu', 1)] : smallZoneHeadcounts());

/** Zone S: headcounts only (a stocks-only source, as the UK file): every flow figure is no data. */
const cellsS = (): Cell[] => cellsB(0);

beforeAll(async () => {
  // Every protection computed on the request path (no zone pending), no worker competing for the CPU.
  ctx = await createTestApp({ databaseUrl: await createOwnDatabase(DB), disclosureInlineMax: 100000, disclosureWarmup: false });
  zoneA = await createZone(ctx.db, 'Paths zone A');
  zoneB = await createZone(ctx.db, 'Paths zone B');
  zoneS = await createZone(ctx.db, 'Paths zone S (headcounts only)');
  const hr = (await login(ctx.http, ctx.db, 'hr', [zoneA, zoneB, zoneS])).token;
  hrAB = (await login(ctx.http, ctx.db, 'hr', [zoneA, zoneB])).token;
  admin = (await login(ctx.http, ctx.db, 'admin')).token;
  management = (await login(ctx.http, ctx.db, 'management')).token;
  for (let i = 0; i <= 4; i++) {
    await ctx.http.put(`/api/v1/zones/${zoneA}/returns/${Q(i)}`).set(auth(hr)).send({ reason: 'paths test', cells: cellsA(i) }).expect(201);
    await ctx.http.put(`/api/v1/zones/${zoneB}/returns/${Q(i)}`).set(auth(hr)).send({ reason: 'paths test', cells: cellsB(i) }).expect(201);
    await ctx.http.put(`/api/v1/zones/${zoneS}/returns/${Q(i)}`).set(auth(hr)).send({ reason: 'paths test', cells: cellsS() }).expect(201);
  }
  await ctx.http.put(`/api/v1/zones/${zoneA}/availability`).set(auth(admin)).send({ dimension: 'origin', group: GROUP_CODE, share: 0.2, source: 'paths test', year: 2024 }).expect(200);
  // A target on every target figure, zone and selection (read back by each caller).
  for (const zone of [zoneA, zoneB, zoneS]) {
    for (const selection of SELECTIONS) {
      for (const metric of TARGET_METRICS) {
        const body = { zone, group: GROUP, metric, categories: selection ? [selection] : [], value: metric === 'promotion_impact_ratio' ? 1 : metric === 'retention' ? 0.95 : 0.3, baselinePeriod: Q(0), deadlinePeriod: pastPeriod(-8), note: '' };
        const t = (await ctx.http.post('/api/v1/targets').set(auth(admin)).send(body).expect(201)).body as TargetProgressDto;
        targets.set(`${zone}|${selection}|${metric}`, t.id);
      }
    }
  }
}, 120000);
afterAll(async () => {
  await ctx?.app.close();
});

// ---- Asking each path --------------------------------------------------------------------------

const get = async <T>(token: string, url: string): Promise<T> => (await ctx.http.get(url).set(auth(token)).expect(200)).body as T;
const comparePaths = (token: string, who: string) =>
  compareFigurePaths(ctx.http, { token, who, zones: [zoneA, zoneB, zoneS], period: Q4, group: GROUP, selections: SELECTIONS, targets });
const categoriesOf = (selection: Selection) => (selection ? `&categories=${selection}` : '');
const zoneMetrics = (token: string, zone: string, selection: Selection) => get<ZoneMetricsDto>(token, `/api/v1/zones/${zone}/metrics?period=${Q4}&group=${GROUP}${categoriesOf(selection)}`);
const national = (token: string, metric: string, selection: Selection) => get<NationalDto>(token, `/api/v1/national?period=${Q4}&metric=${metric}&group=${GROUP}${categoriesOf(selection)}`);

// ---- The tests ---------------------------------------------------------------------------------

describe('the comparison itself', () => {
  const share: Reading = { value: 0.25, numerator: 10, denominator: 40, reason: null };
  it('CONTROL: flags a share 0.11 point off, a count off by one, a reason changed, 0 for no data — and passes what agrees', () => {
    expect(differences('x', 'representation', share, { ...share })).toEqual([]);
    expect(differences('x', 'representation', share, { ...share, value: 0.2509 })).toEqual([]);
    expect(differences('x', 'representation', share, { ...share, value: 0.2511 })).toHaveLength(1);
    expect(differences('x', 'representation', share, { ...share, numerator: 11 })).toHaveLength(1);
    expect(differences('x', 'representation', share, { ...share, denominator: { suppressed: true } })).toHaveLength(1);
    expect(differences('x', 'representation', share, { value: null, reason: 'suppressed' })).toHaveLength(2);
    const noData: Reading = { value: null, reason: 'no_data' };
    expect(differences('x', 'retention', noData, { value: 1, numerator: 480, denominator: 480, reason: null })).toHaveLength(2);
    expect(differences('x', 'retention', noData, { value: null, reason: 'suppressed' })).toHaveLength(1);
    expect(differences('x', 'separations_per_1000', { value: 80, reason: null }, { value: 80.2, reason: null })).toHaveLength(1);
    // A ratio is not a share: 0.001 of a ratio.
    expect(differences('x', 'hiring_ratio', { value: 1.1, reason: null }, { value: 1.102, reason: null })).toHaveLength(1);
  });
});

describe.each([
  ['an administrator (full access)', () => admin, 'admin'],
  ['management (k = 5, protected tables)', () => management, 'management'],
])('every figure on every path, as %s', (_who, token, who) => {
  it('the national row, the target and the export say what the zone’s metrics say (all staff and per rank)', async () => {
    const tally = await comparePaths(token(), who);
    expect(tally.differences).toEqual([]);
    // 3 zones × 2 selections × (7 national + 4 target + 10 export figures).
    expect(tally.compared).toBe(3 * 2 * (NATIONAL_METRICS.length + TARGET_METRICS.length + EXPORT_METRICS.length));
    // The comparisons cover values and no data; under disclosure control, withheld figures too.
    expect(tally.reasons['value']).toBeGreaterThan(0);
    expect(tally.reasons['no_data']).toBeGreaterThan(0);
    if (who === 'management') expect(tally.reasons['suppressed']).toBeGreaterThan(0);
  }, 120000);

  it('a flow the zone never supplied is no data on every path, never 0', async () => {
    for (const selection of SELECTIONS) {
      const m = await zoneMetrics(token(), zoneS, selection);
      for (const code of ['hiring_share', 'hiring_ratio', 'promotion_rate', 'promotion_impact_ratio', 'separations_per_1000', 'retention'] as const) {
        expect({ code, ...zoneReading(m, code) }).toMatchObject({ code, value: null, reason: 'no_data' });
      }
      // The headcount is there: representation is data (a value, or withheld from management), not no data.
      expect(zoneReading(m, 'representation').reason).not.toBe('no_data');
    }
  });
});

/** The sum of the zones' counts of a rate (null when a count is not shown). */
const sum = (rates: RateDto[], side: 'numerator' | 'denominator') => rates.reduce<number | null>((s, r) => (s === null || !isCount(r[side]) ? null : s + r[side]), 0);

describe.each([
  ['an administrator (zones A, B and the headcount-only S)', () => admin, 3],
  ['HR of zones A and B (both supplied every flow)', () => hrAB, 2],
])('the national total row, as %s', (_who, token, zoneCount) => {
  it('is the figure of the zones’ summed counts, and no data when a zone did not supply a flow', async () => {
    const problems: string[] = [];
    for (const selection of SELECTIONS) {
      for (const metric of NATIONAL_METRICS) {
        const dto = await national(token(), metric, selection);
        expect(dto.rows).toHaveLength(zoneCount);
        const ms = await Promise.all(dto.rows.map((r) => zoneMetrics(token(), r.zone, selection)));
        const readings = ms.map((m) => zoneReading(m, metric));
        let expected: Reading;
        if (readings.some((r) => r.reason === 'no_data')) expected = { value: null, reason: 'no_data' };
        else {
          const ratio = (a: RateDto[], b: RateDto[]) => sum(a, 'numerator')! / sum(a, 'denominator')! / (sum(b, 'numerator')! / sum(b, 'denominator')!);
          const rates = (pick: (m: ZoneMetricsDto) => RateDto) => ms.map(pick);
          const of = (rs: RateDto[], value: number | null): Reading => ({ value, numerator: sum(rs, 'numerator'), denominator: sum(rs, 'denominator'), reason: null });
          const share = (rs: RateDto[]) => of(rs, sum(rs, 'numerator')! / sum(rs, 'denominator')!);
          switch (metric) {
            case 'representation':
              expected = share(rates((m) => m.representation.ofDeclared));
              break;
            case 'declaration_rate':
              expected = share(rates((m) => m.representation.declaration));
              break;
            case 'hiring_ratio':
              expected = of(rates((m) => m.hiring.share), ratio(rates((m) => m.hiring.share), rates((m) => m.hiring.workforceShare)));
              break;
            case 'promotion_impact_ratio':
              expected = of(rates((m) => m.promotion.group), ratio(rates((m) => m.promotion.group), rates((m) => m.promotion.reference)));
              break;
            case 'separations_per_1000': {
              const rs = rates((m) => m.separation.group);
              expected = of(rs, (1000 * sum(rs, 'numerator')!) / sum(rs, 'denominator')!);
              break;
            }
            case 'retention':
              expected = share(rates((m) => m.separation.retention.group));
              break;
            case 'availability_gap':
              // No benchmark covers the zones together: no gap, and no reason.
              expected = { value: null, numerator: sum(rates((m) => m.representation.ofTotal), 'numerator'), denominator: sum(rates((m) => m.representation.ofTotal), 'denominator'), reason: null };
              break;
          }
        }
        expect(dto.total.zones).toBe(zoneCount);
        problems.push(...differences(`total${selection ? ` categories=${selection}` : ''}`, metric, expected, nationalReading(dto.total, metric)));
      }
    }
    expect(problems).toEqual([]);
  }, 60000);
});

it('the target metrics and the figures compared are the registry’s', () => {
  const targetMetrics: readonly TargetMetric[] = TARGET_METRICS;
  expect([...targetMetrics]).toEqual(figuresOfferedIn('targets'));
  expect([...NATIONAL_METRICS]).toEqual(figuresOfferedIn('national'));
  expect([...EXPORT_METRICS]).toEqual(figuresOfferedIn('exports'));
});
