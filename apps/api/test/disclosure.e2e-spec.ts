// The attacker on the demo data, through the API: for every zone's latest quarter, everything a
// manager or researcher can fetch of the headcount (the tables by origin and by gender with all
// their totals) is handed to an LP solver, which must not narrow any withheld count below its
// protection interval. The true counts come from the administrator's view.
import { BELGIUM_POLICE, type BreakdownDto, type CellDto, type Count, type GlassCeilingDto, type ZoneMetricsDto } from '@equity/shared';
import pg from 'pg';
import { breaches, chainBreaches, countEquation, type Equation, LINKED, loadAttacker, type PublishedTables, type QuarterView, type TrueLeaf } from './attacker.js';
import { createTestApp, testDatabaseUrl } from './utils.js';

const DB = `equity_dc_${process.pid}`;
let ctx: Awaited<ReturnType<typeof createTestApp>>;
const tokens = new Map<string, string>();

beforeAll(async () => {
  await loadAttacker();
  const admin = new pg.Client({ connectionString: testDatabaseUrl() });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${DB}`);
  await admin.end();
  ctx = await createTestApp({ databaseUrl: testDatabaseUrl().replace(/\/[^/]+$/, `/${DB}`), demoData: true });
  for (const user of ['admin', 'management', 'researcher']) {
    const res = await ctx.http.post('/api/v1/auth/login').send({ username: user, password: 'equity-demo' }).expect(200);
    tokens.set(user, res.body.token);
  }
}, 60000);
afterAll(async () => {
  await ctx?.app.close();
});

const get = async <T>(user: string, url: string): Promise<T> => (await ctx.http.get(url).set({ Authorization: `Bearer ${tokens.get(user)}` }).expect(200)).body as T;

async function published(user: string, zone: string, period: string, measure = 'headcount'): Promise<PublishedTables> {
  const [byOrigin, byGender] = await Promise.all(
    ['origin', 'gender'].map((d) => get<BreakdownDto>(user, `/api/v1/zones/${zone}/returns/${period}/breakdown?measure=${measure}&dimension=${d}`)),
  );
  const table = (b: BreakdownDto) => ({
    cells: new Map<string, Count>(b.rows.map((r) => [`${r.category}|${r.value}`, r.count])),
    valueTotals: new Map<string, Count>(b.valueTotals.map((v) => [v.value, v.count])),
  });
  // Both tables publish the category totals and the total: the attacker keeps every number it sees.
  return {
    total: typeof byOrigin!.total === 'number' ? byOrigin!.total : byGender!.total,
    categoryTotals: new Map(byOrigin!.categoryTotals.map((t, i) => [t.category, typeof t.count === 'number' ? t.count : byGender!.categoryTotals[i]!.count])),
    origin: table(byOrigin!),
    gender: table(byGender!),
  };
}

async function trueLeaves(zone: string, period: string, measure: string): Promise<TrueLeaf[]> {
  return (await get<{ cells: CellDto[] }>('admin', `/api/v1/zones/${zone}/returns/${period}`)).cells
    .filter((c) => c.measure === measure)
    .map((c) => ({ category: c.category, classes: c.classes, count: c.count as number })) as TrueLeaf[];
}

it.each(['5345', '5415', '5330', '5344', '5339'])('zone %s, latest quarter: management (k=5) and researchers (k=10) cannot narrow any withheld headcount', async (zone) => {
  const [latest] = await get<{ period: string }[]>('admin', `/api/v1/zones/${zone}/returns`);
  const period = latest!.period;
  const truth = await trueLeaves(zone, period, 'headcount');
  for (const [user, k] of [
    ['management', 5],
    ['researcher', 10],
  ] as const) {
    const p = await published(user, zone, period);
    const shown = [...p.origin.cells.values(), ...p.gender.cells.values(), ...p.origin.valueTotals.values(), ...p.gender.valueTotals.values(), ...p.categoryTotals.values()];
    expect(shown.filter((c) => typeof c === 'number' && c > 0 && c < k)).toEqual([]);
    expect(shown.some((c) => typeof c !== 'number')).toBe(true);
    expect(breaches(p, truth, k)).toEqual([]);

    // The figures too: what the metrics and the glass ceiling publish of this quarter's headcount
    // (group counts and declared bases, overall and per category) joins the attacker's equations.
    const origin = BELGIUM_POLICE.dimensions.find((d) => d.code === 'origin')!;
    const declared = origin.values.filter((v) => !v.notDeclared).map((v) => v.code);
    const all = origin.values.map((v) => v.code);
    const extra: Equation[] = [];
    for (const rollup of origin.rollups!) {
      const m = await get<ZoneMetricsDto>(user, `/api/v1/zones/${zone}/metrics?period=${period}&group=origin:${rollup.code}`);
      extra.push(...countEquation(null, 'origin', rollup.members, m.representation.ofDeclared.numerator as Count));
      extra.push(...countEquation(null, 'origin', declared, m.representation.ofDeclared.denominator as Count));
      extra.push(...countEquation(null, 'origin', all, m.representation.ofTotal.denominator as Count));
      const g = await get<GlassCeilingDto>(user, `/api/v1/zones/${zone}/glass-ceiling?period=${period}&group=origin:${rollup.code}`);
      for (const row of g.rows) {
        const cats = row.level === 'category' ? [row.category] : BELGIUM_POLICE.categories.filter((c) => c.group === row.category).map((c) => c.code);
        extra.push(...countEquation(cats, 'origin', rollup.members, row.representation.numerator as Count));
        extra.push(...countEquation(cats, 'origin', declared, row.representation.denominator as Count));
        extra.push(...countEquation(cats, 'origin', all, row.declaration.denominator as Count));
      }
    }
    expect({ user, equations: extra.length > 5 }).toEqual({ user, equations: true });
    expect(breaches(p, truth, k, extra)).toEqual([]);
  }
}, 300000); // cold protections of a quarter and its roll-ups: seconds each, more on a busy machine

// Across quarters: the two latest quarters' headcount and flow tables, as a researcher sees them,
// tied by the stock-flow identity with its residual known. (Before the quarters were protected
// together, 12 of 53 withheld headcounts of the latest quarters at k = 5 could be narrowed, one exactly.)
it.each(['5344', '5339'])('zone %s, two latest quarters: the stock-flow identity does not narrow any withheld count for researchers (k=10)', async (zone) => {
  const periods = (await get<{ period: string }[]>('admin', `/api/v1/zones/${zone}/returns`)).slice(0, 2).map((r) => r.period).reverse();
  const views: QuarterView[] = [];
  for (const period of periods) {
    const tables = {} as QuarterView['tables'];
    const truth = {} as QuarterView['truth'];
    for (const m of LINKED) {
      tables[m] = await published('researcher', zone, period, m);
      truth[m] = await trueLeaves(zone, period, m);
    }
    views.push({ tables, truth });
  }
  expect(chainBreaches(views, 10)).toEqual([]);
}, 300000);
