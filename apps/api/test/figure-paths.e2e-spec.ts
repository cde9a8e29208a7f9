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
  type Count,
  EXPORT_METRICS,
  type ExportRow,
  FIGURES,
  type FigureCode,
  type FigureKind,
  figuresOfferedIn,
  NATIONAL_METRICS,
  type NationalDto,
  type NationalRow,
  type NoValueReason,
  type RateDto,
  TARGET_METRICS,
  type TargetMetric,
  type TargetProgressDto,
  type ZoneMetricsDto,
} from '@equity/shared';
import pg from 'pg';
import { auth, createTestApp, createZone, login, pastPeriod, testDatabaseUrl } from './utils.js';

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

const hc = (category: string, origin: string, count: number): Cell => ({ measure: 'headcount', detail: '', category, classes: { gender: 'male', origin }, count });
const flow = (measure: Cell['measure'], detail: string, category: string, origin: string, count: number): Cell => ({ measure, detail, category, classes: { gender: 'male', origin }, count });

/** Zone A: the same headcount every quarter (so average headcounts are exact), flows in the window, an availability benchmark. */
function cellsA(i: number): Cell[] {
  const cells = [
    hc('agent', 'be_be', 20), hc('agent', 'be_non_eu', 10), hc('agent', 'not_declared', 5),
    hc('basic', 'be_be', 200), hc('basic', 'be_non_eu', 60), hc('basic', 'be_eu', 15), hc('basic', 'not_declared', 20),
    hc('middle', 'be_be', 50), hc('middle', 'be_non_eu', 12), hc('middle', 'not_declared', 6),
    hc('officer', 'be_be', 15), hc('officer', 'be_non_eu', 6), hc('officer', 'not_declared', 1),
  ];
  if (i > 0) {
    cells.push(flow('hires', 'new_recruit', 'basic', 'be_be', 6), flow('hires', 'new_recruit', 'basic', 'be_non_eu', 4), flow('hires', 'new_recruit', 'middle', 'be_non_eu', 1));
    cells.push(flow('promotions', '', 'middle', 'be_be', 3), flow('promotions', '', 'middle', 'be_non_eu', 2), flow('promotions', '', 'officer', 'be_be', 1));
    cells.push(flow('separations', 'retirement', 'basic', 'be_be', 2), flow('separations', 'resignation', 'basic', 'be_non_eu', 1), flow('separations', 'resignation', 'middle', 'be_be', 1));
  }
  return cells;
}

/** Zone B: smaller, with small counts of the group (withheld from management). */
function cellsB(i: number): Cell[] {
  const cells = [
    hc('basic', 'be_be', 100), hc('basic', 'be_non_eu', 30), hc('basic', 'not_declared', 10),
    hc('middle', 'be_be', 25), hc('middle', 'be_non_eu', 8), hc('middle', 'not_declared', 3),
    hc('officer', 'be_be', 9), hc('officer', 'be_non_eu', 2),
  ];
  if (i > 0) {
    cells.push(flow('hires', 'new_recruit', 'basic', 'be_be', 3), flow('hires', 'new_recruit', 'basic', 'be_non_eu', 2));
    cells.push(flow('promotions', '', 'middle', 'be_be', 2), flow('promotions', '', 'middle', 'be_non_eu', 1));
    cells.push(flow('separations', 'retirement', 'basic', 'be_be', 1), flow('separations', 'resignation', 'middle', 'be_non_eu', 1));
  }
  return cells;
}

/** Zone S: headcounts only (a stocks-only source, as the UK file): every flow figure is no data. */
const cellsS = (): Cell[] => cellsB(0);

beforeAll(async () => {
  const client = new pg.Client({ connectionString: testDatabaseUrl() });
  await client.connect();
  await client.query(`CREATE DATABASE ${DB}`);
  await client.end();
  // Every protection computed on the request path (no zone pending), no worker competing for the CPU.
  ctx = await createTestApp({ databaseUrl: testDatabaseUrl().replace(/\/[^/]+$/, `/${DB}`), disclosureInlineMax: 100000, disclosureWarmup: false });
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

// ---- Reading a figure on each path -------------------------------------------------------------

/** One figure as a path shows it: its value, the counts of the rate behind it (when the path shows them) and why it has none. */
interface Reading {
  value: number | null;
  numerator?: Count | null;
  denominator?: Count | null;
  reason: NoValueReason | null;
}

const isCount = (c: unknown): c is number => typeof c === 'number';
const REASONS: readonly string[] = ['no_data', 'suppressed', 'too_few_to_conclude'];
const asReason = (verdict: string | null | undefined): NoValueReason | null => (verdict && REASONS.includes(verdict) ? (verdict as NoValueReason) : null);
const rateReason = (r: RateDto): NoValueReason | null => (r.noData ? 'no_data' : !isCount(r.numerator) || !isCount(r.denominator) ? 'suppressed' : null);
const ofRate = (r: RateDto, value: number | null = r.value): Reading => ({ value, numerator: r.numerator, denominator: r.denominator, reason: rateReason(r) });

/**
 * A figure read from the zone's metrics, written out field by field (not with the API's reader,
 * so that this test does not share its mistakes).
 */
function zoneReading(m: ZoneMetricsDto, code: FigureCode): Reading {
  switch (code) {
    case 'representation':
      return ofRate(m.representation.ofDeclared);
    case 'representation_of_total':
      return ofRate(m.representation.ofTotal);
    case 'declaration_rate':
      return ofRate(m.representation.declaration);
    case 'hiring_share':
      return ofRate(m.hiring.share);
    case 'hiring_ratio': {
      const h = m.hiring;
      const reason = h.noData ? 'no_data' : h.withheld ? 'suppressed' : h.ratio === null && h.tooFewToConclude ? 'too_few_to_conclude' : null;
      return { value: h.ratio, numerator: h.share.numerator, denominator: h.share.denominator, reason };
    }
    case 'promotion_rate':
      return ofRate(m.promotion.group);
    case 'promotion_impact_ratio': {
      const p = m.promotion;
      return { value: p.impactRatio, numerator: p.group.numerator, denominator: p.group.denominator, reason: p.impactRatio === null ? asReason(p.verdict) : null };
    }
    case 'separations_per_1000':
      return ofRate(m.separation.group, m.separation.groupPer1000);
    case 'retention':
      return ofRate(m.separation.retention.group);
    case 'availability_gap': {
      const r = m.representation.ofTotal;
      const reason = r.noData ? 'no_data' : m.availability === null ? null : rateReason(r);
      return { value: m.availability?.gap ?? null, numerator: r.numerator, denominator: r.denominator, reason };
    }
  }
}

/** A zone's (or the total's) row of the national comparison. */
function nationalReading(row: Pick<NationalRow, 'value' | 'rate' | 'verdict' | 'benchmark'>, code: FigureCode): Reading {
  const r = row.rate!;
  const counts = { numerator: r.numerator, denominator: r.denominator };
  if (code === 'hiring_ratio' || code === 'promotion_impact_ratio') return { value: row.value, ...counts, reason: row.value === null ? asReason(row.verdict) : null };
  if (code === 'availability_gap') return { value: row.value, ...counts, reason: r.noData ? 'no_data' : !row.benchmark ? null : rateReason(r) };
  return { value: row.value, ...counts, reason: rateReason(r) };
}

/** A target's value for the quarter: no counts. */
const targetReading = (p: { actual: number | null; unavailable: NoValueReason | null }): Reading => ({ value: p.actual, reason: p.unavailable });

/** An export row: `{noData: true}` and `{suppressed: true}` are the reasons; counts only for rate figures. */
function exportReading(row: ExportRow, code: FigureCode): Reading {
  const v = row.value as unknown;
  const reason = typeof v === 'object' && v !== null ? ('noData' in v ? 'no_data' : 'suppressed') : null;
  const counts = FIGURES[code].value === 'rate' ? { numerator: row.numerator as Count | null, denominator: row.denominator as Count | null } : {};
  return { value: isCount(v) ? v : null, ...counts, reason };
}

/**
 * What a target shows of a zone's figure: the same, except that a promotion impact ratio "too few
 * to conclude" has no value there (`conclusiveOnly`, docs/metrics.md).
 */
function forTarget(expected: Reading, code: FigureCode, m: ZoneMetricsDto): Reading {
  if (code === 'promotion_impact_ratio' && m.promotion.verdict === 'too_few_to_conclude') return { value: null, reason: 'too_few_to_conclude' };
  return { value: expected.value, reason: expected.reason };
}

/** What an export shows: it has no symbol for "too few to conclude" (an empty value), and no counts beside no data. */
const forExport = (expected: Reading): Reading => (expected.reason === 'too_few_to_conclude' ? { ...expected, reason: null } : expected);

/** Tolerance of a value, by kind: 0.1 percentage point for shares and points, 0.001 for ratios, 0.1 per 1,000. */
const TOLERANCE: Record<FigureKind, number> = { share: 0.001, percentage_points: 0.001, ratio: 0.001, rate_per_1000: 0.1 };

/**
 * The differences between a path's reading and the zone's (empty when they agree): the same reason,
 * a value within the kind's tolerance (or none on both), and the same counts where both show them.
 */
function differences(where: string, code: FigureCode, expected: Reading, actual: Reading): string[] {
  const out: string[] = [];
  const say = (what: string, e: unknown, a: unknown) => out.push(`${where} ${code} ${what}: expected ${JSON.stringify(e)}, got ${JSON.stringify(a)}`);
  if (expected.reason !== actual.reason) say('reason', expected.reason, actual.reason);
  if ((expected.value === null) !== (actual.value === null)) say('value', expected.value, actual.value);
  else if (expected.value !== null && actual.value !== null && !(Math.abs(expected.value - actual.value) <= TOLERANCE[FIGURES[code].kind])) say('value', expected.value, actual.value);
  if (expected.reason === null && actual.reason === null) {
    for (const side of ['numerator', 'denominator'] as const) {
      const [e, a] = [expected[side], actual[side]];
      if (e !== undefined && a !== undefined && JSON.stringify(e) !== JSON.stringify(a)) say(side, e, a);
    }
  }
  return out;
}

// ---- Asking each path --------------------------------------------------------------------------

const get = async <T>(token: string, url: string): Promise<T> => (await ctx.http.get(url).set(auth(token)).expect(200)).body as T;
const categoriesOf = (selection: Selection) => (selection ? `&categories=${selection}` : '');
const zoneMetrics = (token: string, zone: string, selection: Selection) => get<ZoneMetricsDto>(token, `/api/v1/zones/${zone}/metrics?period=${Q4}&group=${GROUP}${categoriesOf(selection)}`);
const national = (token: string, metric: string, selection: Selection) => get<NationalDto>(token, `/api/v1/national?period=${Q4}&metric=${metric}&group=${GROUP}${categoriesOf(selection)}`);

interface Tally {
  compared: number;
  reasons: Record<string, number>;
  differences: string[];
}

/** Every figure of every zone the caller sees, on every path that offers it, against the zone path. */
async function comparePaths(token: string, who: string): Promise<Tally> {
  const tally: Tally = { compared: 0, reasons: {}, differences: [] };
  const check = (where: string, code: FigureCode, expected: Reading, actual: Reading) => {
    tally.compared += 1;
    tally.reasons[expected.reason ?? 'value'] = (tally.reasons[expected.reason ?? 'value'] ?? 0) + 1;
    tally.differences.push(...differences(where, code, expected, actual));
  };
  const zones = [zoneA, zoneB, zoneS];
  const exported = (
    await get<{ rows: ExportRow[] }>(
      token,
      `/api/v1/exports?format=json&zones=${zones.join(',')}&from=${Q4}&to=${Q4}&categories=middle&classifications=origin&measures=headcount&metrics=${EXPORT_METRICS.join(',')}&groups=${GROUP}`,
    )
  ).rows;
  const targetList = await get<TargetProgressDto[]>(token, '/api/v1/targets');
  for (const selection of SELECTIONS) {
    const nationals = new Map<string, NationalDto>();
    for (const metric of NATIONAL_METRICS) nationals.set(metric, await national(token, metric, selection));
    for (const zone of zones) {
      const m = await zoneMetrics(token, zone, selection);
      const where = (path: string) => `${who} ${path} zone ${zone}${selection ? ` categories=${selection}` : ''}`;
      for (const code of figuresOfferedIn('exports')) {
        const expected = zoneReading(m, code);
        if ((NATIONAL_METRICS as readonly string[]).includes(code)) {
          const row = nationals.get(code)!.rows.find((r) => r.zone === zone);
          expect(row).toBeDefined();
          check(where('national'), code, expected, nationalReading(row!, code));
        }
        if ((TARGET_METRICS as readonly string[]).includes(code)) {
          const t = targetList.find((x) => x.id === targets.get(`${zone}|${selection}|${code}`));
          const point = t?.points.find((p) => p.period === Q4);
          expect(point).toBeDefined();
          check(where('target'), code, forTarget(expected, code, m), targetReading(point!));
        }
        const group = code === 'declaration_rate' ? 'declared' : GROUP_CODE;
        const rows = exported.filter((r) => r.zone === zone && r.statistic === code && r.category === (selection || 'total') && r.group === group);
        expect(rows).toHaveLength(1);
        check(where('export'), code, forExport(expected), exportReading(rows[0]!, code));
      }
    }
  }
  return tally;
}

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
