// Can an attacker who knows the stock-flow identity (headcount q = headcount q−1 + hires +
// promotions in − promotions out − separations, per cell) narrow withheld headcounts of a zone's
// latest quarter? Usage, after a build, against a database with data (e.g. the demo's):
//   node apps/api/tools/stock-flow-attack.mjs postgresql://… [k] [unlinked]
// `unlinked`: each table protected on its own, as management's are (docs/privacy.md).
import pg from 'pg';
import highsModule from 'highs';
import { BELGIUM_POLICE } from '@equity/shared';
import { protectQuarter, protectTables } from '../dist/disclosure/cube.js';
const highs = await highsModule();
const c = new pg.Client({ connectionString: process.argv[2] }); await c.connect();
const k = Number(process.argv[3] ?? 5);
const cats = BELGIUM_POLICE.categories.map((x) => x.code);
const next = Object.fromEntries(BELGIUM_POLICE.categories.filter((x) => x.feeders.length === 1).map((x) => [x.feeders[0], x.code]));
const genders = ['female', 'male', 'x', 'not_declared'];
const origins = ['be_be', 'be_eu', 'be_non_eu', 'non_be_eu', 'non_be_non_eu', 'not_declared'];
let breaches = 0, checked = 0;
for (const zone of ['5345', '5415', '5330', '5344', '5339']) {
  const revs = (await c.query(`SELECT r.period, r.current_revision_id id FROM quarterly_return r JOIN zone z ON z.id = r.zone_id WHERE z.code = $1 ORDER BY r.period DESC LIMIT 2`, [zone])).rows;
  const [q, p] = revs;
  const load = async (rev, measure) => (await c.query(`SELECT category, classes, sum(count)::int AS count FROM return_cell WHERE revision_id = $1 AND measure = $2 GROUP BY 1, 2`, [rev, measure])).rows;
  const parts = { Hq: [q.id, 'headcount'], Hp: [p.id, 'headcount'], hi: [q.id, 'hires'], pr: [q.id, 'promotions'], se: [q.id, 'separations'] };
  const eqs = [];
  const truth = {};
  const tables = {};
  for (const [name, [rev, measure]] of Object.entries(parts)) {
    const leaves = await load(rev, measure);
    truth[name] = leaves;
    tables[name] = await protectTables(BELGIUM_POLICE, leaves, k);
  }
  // What the product publishes at the researcher threshold: the quarter's four tables protected
  // together against the previous quarter (apps/api/src/disclosure/disclosure.service.ts). The
  // previous quarter is taken with its own protection alone, which publishes more: a stronger attacker.
  if (process.argv[4] !== 'unlinked') {
    const q = await protectQuarter(BELGIUM_POLICE, { headcount: truth.Hq, hires: truth.hi, promotions: truth.pr, separations: truth.se }, truth.Hp, k);
    Object.assign(tables, { Hq: q.headcount, hi: q.hires, pr: q.promotions, se: q.separations });
  }
  const x = (n, cat, g, o) => `${n}_${cat}_${g}_${o}`;
  for (const n of Object.keys(parts)) {
    const t = tables[n];
    const add = (lhs, v) => { if (typeof v === 'number') eqs.push({ lhs, rhs: v }); };
    add(cats.flatMap((cat) => genders.flatMap((g) => origins.map((o) => x(n, cat, g, o)))), t.total);
    for (const cat of cats) add(genders.flatMap((g) => origins.map((o) => x(n, cat, g, o))), t.categoryTotals.get(cat));
    for (const g of genders) { add(cats.flatMap((cat) => origins.map((o) => x(n, cat, g, o))), t.byDimension.get('gender').valueTotals.get(g)); for (const cat of cats) add(origins.map((o) => x(n, cat, g, o)), t.byDimension.get('gender').cells.get(`${cat}|${g}`)); }
    for (const o of origins) { add(cats.flatMap((cat) => genders.map((g) => x(n, cat, g, o))), t.byDimension.get('origin').valueTotals.get(o)); for (const cat of cats) add(genders.map((g) => x(n, cat, g, o)), t.byDimension.get('origin').cells.get(`${cat}|${o}`)); }
  }
  // identity per leaf: Hq = Hp + hi + pr(into cat) - pr(into next(cat)) - se (exact in the demo data)
  const idents = [];
  for (const cat of cats) for (const g of genders) for (const o of origins) {
    const terms = [`${x('Hq', cat, g, o)}`, `- ${x('Hp', cat, g, o)}`, `- ${x('hi', cat, g, o)}`, `- ${x('pr', cat, g, o)}`, `+ ${x('se', cat, g, o)}`];
    if (next[cat]) terms.push(`+ ${x('pr', next[cat], g, o)}`);
    idents.push(terms.join(' ') + ' = 0');
  }
  const vars = new Set(eqs.flatMap((e) => e.lhs)); for (const n of Object.keys(parts)) for (const cat of cats) for (const g of genders) for (const o of origins) vars.add(x(n, cat, g, o));
  const lp = (sense, target) => [sense, ` z: ${target.join(' + ')}`, 'Subject To', ...eqs.map((e, i) => ` e${i}: ${e.lhs.join(' + ')} = ${e.rhs}`), ...idents.map((s, i) => ` s${i}: ${s}`), 'Bounds', ...[...vars].map((v) => ` ${v} >= 0`), 'End'].join('\n');
  // audit withheld origin cells of Hq
  const t = tables.Hq.byDimension.get('origin');
  for (const [key, v] of t.cells) {
    if (typeof v === 'number') continue;
    const [cat, o] = key.split('|');
    const value = truth.Hq.filter((l) => l.category === cat && l.classes.origin === o).reduce((s, l) => s + l.count, 0);
    if (!(value > 0 && value < k)) continue;
    const target = genders.map((g) => x('Hq', cat, g, o));
    const lo = highs.solve(lp('Minimize', target)); const hi = highs.solve(lp('Maximize', target));
    const low = lo.ObjectiveValue, high = hi.Status === 'Unbounded' ? Infinity : hi.ObjectiveValue;
    checked++;
    const pl = Math.ceil(k / 2);
    if (lo.Status !== 'Optimal') { console.log(zone, 'LP', lo.Status); continue; }
    if (low > Math.max(0, value - pl) + 1e-6 || high < value + pl - 1e-6) { breaches++; console.log(zone, q.period, key, 'value', value, 'interval', low, high); }
  }
}
console.log('k', k, 'checked', checked, 'breaches', breaches);
await c.end();
