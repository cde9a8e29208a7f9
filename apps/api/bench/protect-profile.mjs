// Cost of one cold protection on L-like zones (dense: 8 categories × 4 genders × 6 origins, every
// measure), without a database: `node apps/api/bench/protect-profile.mjs [zones] [repeats]`
// (after `npm run build`). Prints per zone-quarter the researcher protection (`protectQuarter`,
// linked to the previous quarter, K_RESEARCH), management's (four `protectTables`, K_MANAGE), the
// flows' 4-quarter windows (`protectWindow`, K_MANAGE) and the funnel by stage (`protectFunnel`, at
// K_MANAGE and K_RESEARCH).
import { BELGIUM_POLICE } from '@equity/shared';
import { generateDemoReturns } from '../dist/demo/demo-data.js';
import { FUNNEL_STAGES, LINKED_MEASURES, protectFunnel, protectQuarter, protectTables, protectWindow, WINDOW_MEASURES } from '../dist/disclosure/cube.js';
import { LinearSystem } from '../dist/disclosure/lp-audit.js';
import { benchPeriods, benchZones } from './data.mjs';

// Counts the LPs solved (HiGHS) and the time spent in them.
const lp = { n: 0, ms: 0 };
const extreme = LinearSystem.prototype.extreme;
LinearSystem.prototype.extreme = async function (...args) {
  const t = performance.now();
  try {
    return await extreme.apply(this, args);
  } finally {
    lp.n += 1;
    lp.ms += performance.now() - t;
  }
};
const count = Number(process.argv[2] ?? 6);
const repeats = Number(process.argv[3] ?? 1);
const K_RESEARCH = Number(process.env.K_RESEARCH ?? 10);
const K_MANAGE = Number(process.env.K_MANAGE ?? 5);
const all = benchZones('L');
// Smallest, median and largest zones, spread over the size distribution.
const bySize = [...all].sort((a, b) => (a.total ?? 0) - (b.total ?? 0));
const zones = Array.from({ length: count }, (_, i) => bySize[Math.round((i * (bySize.length - 1)) / Math.max(1, count - 1))]);
const span = benchPeriods(40).slice(-5);
const periods = span.slice(-2);
const returns = generateDemoReturns(BELGIUM_POLICE, zones, benchPeriods(40)).filter((r) => span.includes(r.period));
const dims = BELGIUM_POLICE.dimensions.filter((d) => !d.optional).map((d) => d.code);
const leavesOf = (cells, measure, detail) => {
  const sums = new Map();
  for (const c of cells) {
    if (c.measure !== measure || (detail !== undefined && c.detail !== detail)) continue;
    const classes = Object.fromEntries(dims.map((d) => [d, c.classes[d]]));
    const key = `${c.category}|${JSON.stringify(classes)}`;
    const s = sums.get(key) ?? { category: c.category, classes, count: 0 };
    s.count += c.count;
    sums.set(key, s);
  }
  return [...sums.values()];
};
const rows = [];
for (const z of zones) {
  const [before, now] = periods.map((p) => returns.find((r) => r.zone === z.code && r.period === p));
  if (!before || !now) continue;
  const current = Object.fromEntries(LINKED_MEASURES.map((m) => [m, leavesOf(now.cells, m)]));
  const previous = leavesOf(before.cells, 'headcount');
  for (let i = 0; i < repeats; i++) {
    const lpBefore = { ...lp };
    let t = performance.now();
    const q = await protectQuarter(BELGIUM_POLICE, current, previous, K_RESEARCH);
    const research = performance.now() - t;
    const lps = lp.n - lpBefore.n;
    const lpMs = Math.round(lp.ms - lpBefore.ms);
    t = performance.now();
    for (const m of LINKED_MEASURES) await protectTables(BELGIUM_POLICE, current[m], K_MANAGE);
    const manage = performance.now() - t;
    const hidden = LINKED_MEASURES.map((m) => q[m].hidden.filter(Boolean).length).join('/');
    const quarters = span.map((p) => returns.find((r) => r.zone === z.code && r.period === p) ?? null);
    t = performance.now();
    for (const m of WINDOW_MEASURES) await protectWindow(BELGIUM_POLICE, quarters.map((r) => (r ? leavesOf(r.cells, m) : null)), K_MANAGE);
    const windows = performance.now() - t;
    const stages = quarters.map((r) => (r ? Object.fromEntries(FUNNEL_STAGES.map((s) => [s, leavesOf(r.cells, 'funnel', s)])) : null));
    const funnel = {};
    for (const k of [K_MANAGE, K_RESEARCH]) {
      t = performance.now();
      await protectFunnel(BELGIUM_POLICE, stages, k);
      funnel[k] = Math.round(performance.now() - t);
    }
    rows.push({ zone: z.code, staff: z.total ?? null, research: Math.round(research), researchLps: lps, researchLpMs: lpMs, manage: Math.round(manage), windows: Math.round(windows), funnelManage: funnel[K_MANAGE], funnelResearch: funnel[K_RESEARCH], hidden });
    console.log(JSON.stringify(rows.at(-1)));
  }
}
const med = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
console.log(JSON.stringify({ zoneQuarters: rows.length, researchMedianMs: med(rows.map((r) => r.research)), researchMaxMs: Math.max(...rows.map((r) => r.research)), manageMedianMs: med(rows.map((r) => r.manage)), windowsMedianMs: med(rows.map((r) => r.windows)), funnelMedianMs: med(rows.map((r) => r.funnelManage + r.funnelResearch)) }));
