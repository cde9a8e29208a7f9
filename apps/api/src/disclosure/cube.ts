/**
 * The published counts of one zone, quarter and measure, as one model for disclosure control.
 *
 * Leaves (never published): staff category × every required classification value. Published
 * items: for every classification, staff category × value with category totals, value totals and
 * the grand total. They share totals and are protected together: a count withheld in one table
 * cannot be recovered from another. Any other count (a roll-up, a category group, "all declared")
 * is answered by `count` only when these published items already determine it.
 */
import { type ClassificationProfile, type Count, type DimensionDef, MEASURES, WINDOW_QUARTERS } from '@equity/shared';
import { LinearSystem, type Link, type SumItem } from './lp-audit.js';
import { type Context, type CubeModel, protect, type Relation } from './protect.js';

export interface LeafCount {
  category: string;
  /** Values of the profile's classifications (optional ones are summed over). */
  classes: Record<string, string>;
  count: number;
}

export interface ProtectedTables {
  /** For each classification: counts of category × value and the value totals. */
  byDimension: Map<string, { cells: Map<string, Count>; valueTotals: Map<string, Count> }>;
  categoryTotals: Map<string, Count>;
  total: Count;
  /**
   * The hierarchy above the tables, published as cells of them: every roll-up of values (and "all
   * declared") per category, category group and all categories, and every value per category group.
   */
  sums: PublishedSum[];
  /** Which published items are withheld (the result of `protect`), in the cube's item order: what is stored. */
  hidden: boolean[];
  /**
   * The sum over some categories (null: all) and values of one classification, if it is published
   * or determined by what is published (then publishing it tells nothing new); null otherwise.
   */
  count(categories: string[] | null, dimension: string, values: string[]): Promise<number | null>;
}

/** A published sum over some categories (null: all) and values of one classification. */
export interface PublishedSum {
  categories: string[] | null;
  dimension: string;
  values: string[];
  count: Count;
}

const SUPPRESSED = { suppressed: true } as const;

/**
 * The published items of one table (one measure) of a zone and quarter, and how they relate. The
 * structure depends on the profile only and is shared by every table of it (a national table keeps
 * thousands in memory); a table adds its leaf and item values.
 */
function buildCube(profile: ClassificationProfile, leaves: LeafCount[], feeders = false) {
  const shape = shapeOf(profile, feeders);
  const { dims, leafIndex, keyOf } = shape;
  const leafValues = new Array<number>(shape.leafValues.length).fill(0);
  for (const l of leaves) {
    const classes = Object.fromEntries(dims.map((d) => [d.code, l.classes[d.code] ?? d.values.find((v) => v.notDeclared)!.code]));
    const i = leafIndex.get(keyOf(l.category, classes));
    if (i !== undefined) leafValues[i]! += l.count;
  }
  const items: SumItem[] = shape.model.items.map((it) => ({ leaves: it.leaves, value: it.leaves.reduce((sum, i) => sum + leafValues[i]!, 0) }));
  return { ...shape, leafValues, model: { ...shape.model, items } };
}

/**
 * Whether a measure's tables, protected on their own, have the feeder rows: the headcount's, the
 * base of the promotion rate (the headcount of the categories that feed promotions, at the
 * window's start). The joint tables of a quarter (`protectQuarter`) have none: the roles they are
 * for see a quarter's promotions, mostly withheld, and the rows would make the joint audit slower.
 */
export const hasFeederRows = (measure: string): boolean => measure === 'headcount';

const shapes = new Map<string, ReturnType<typeof buildShape>>();
/** Shapes by profile object (profiles are long-lived), before the signature lookup. */
const shapeByProfile = new WeakMap<ClassificationProfile, ReturnType<typeof buildShape>[]>();

function shapeOf(profile: ClassificationProfile, feeders = false): ReturnType<typeof buildShape> {
  const known = shapeByProfile.get(profile)?.[Number(feeders)];
  if (known) return known;
  const signature = `${profile.code}|${profile.categories.map((c) => `${c.code}<${c.feeders.join('+')}`).join(',')}|${profile.dimensions.map((d) => `${d.code}${d.optional ? '?' : ''}:${d.values.map((v) => v.code).join(',')}`).join(';')}|${feeders ? 'feeders' : ''}`;
  let shape = shapes.get(signature);
  if (!shape) {
    shape = buildShape(profile, feeders);
    shapes.set(signature, shape);
  }
  const both = shapeByProfile.get(profile) ?? [];
  both[Number(feeders)] = shape;
  shapeByProfile.set(profile, both);
  return shape;
}

function buildShape(profile: ClassificationProfile, feeders: boolean) {
  const dims: DimensionDef[] = profile.dimensions.filter((d) => !d.optional);
  const categories = profile.categories.map((c) => c.code);
  const combos: Record<string, string>[] = dims.reduce<Record<string, string>[]>(
    (acc, d) => acc.flatMap((c) => d.values.map((v) => ({ ...c, [d.code]: v.code }))),
    [{}],
  );
  const leafIndex = new Map<string, number>();
  const leafValues: number[] = [];
  const leafCategory: string[] = [];
  const leafCombo: Record<string, string>[] = [];
  const keyOf = (category: string, classes: Record<string, string>) => `${category}|${dims.map((d) => classes[d.code]).join('|')}`;
  for (const c of categories) {
    for (const combo of combos) {
      leafIndex.set(keyOf(c, combo), leafValues.length);
      leafValues.push(0);
      leafCategory.push(c);
      leafCombo.push(combo);
    }
  }
  const leavesOf = (cats: string[] | null, dim: string | null, values: string[] | null) =>
    leafValues
      .map((_, i) => i)
      .filter((i) => (cats === null || cats.includes(leafCategory[i]!)) && (dim === null || values === null || values.includes(leafCombo[i]![dim]!)));
  const leafKey = (ls: number[]) => ls.join(',');

  // Items, deduplicated by the leaves they sum.
  const items: SumItem[] = [];
  const isMargin: boolean[] = [];
  const byKey = new Map<string, number>();
  const item = (ls: number[], margin: boolean): number => {
    const key = leafKey(ls);
    const found = byKey.get(key);
    if (found !== undefined) {
      if (!margin) isMargin[found] = false;
      return found;
    }
    items.push({ leaves: ls, value: ls.reduce((s, i) => s + leafValues[i]!, 0) });
    isMargin.push(margin);
    byKey.set(key, items.length - 1);
    return items.length - 1;
  };
  // Published as items: the tables (category × value) with their totals, and the hierarchy above
  // them — roll-ups of values (migration background, BAME, …, and "all declared", the base of every
  // share) and groups of categories (operational, CALog) — as cells of the same tables, linked to
  // their parts. Roll-ups and totals are margins: complementary suppression withholds detail parts
  // first and a headline last (tau-ARGUS's hierarchical tables with costs). Any other count is
  // published only when these determine it (every extra published sum would be another equation
  // for an attacker): see `count`.
  const groupRows = profile.categoryGroups
    .map((g) => ({ code: `group:${g.code}`, cats: profile.categories.filter((c) => c.group === g.code).map((c) => c.code) }))
    .filter((g) => g.cats.length > 0);
  // Feeder rows (headcount only): the categories that feed promotions into the categories of all
  // staff or of a group — the base of the promotion rate at each level (`promotionBase` in the
  // figures), with the parent row = feeders + the categories that feed none (each ladder's top).
  const feedersOf = (cats: string[]) => [...new Set(profile.categories.filter((c) => cats.includes(c.code) && c.feeders.length === 1).map((c) => c.feeders[0]!))];
  const knownRows = new Set([...categories.map((c) => c), ...groupRows.map((g) => [...g.cats].sort().join(','))]);
  const feederRows = feeders
    ? [{ code: '*', cats: categories }, ...groupRows]
        .map((parent) => ({ parent: parent.code, code: `feeders:${parent.code}`, cats: feedersOf(parent.cats).filter((c) => parent.cats.includes(c)) }))
        .filter((f) => f.cats.length > 1 && !knownRows.has([...f.cats].sort().join(',')))
    : [];
  const rowSets: { code: string; cats: string[] | null }[] = [...categories.map((c) => ({ code: c, cats: [c] })), ...groupRows, ...feederRows, { code: '*', cats: null }];
  const relations: Relation[] = [];
  const cellIdx = new Map<string, Map<string, number>>();
  const valueIdx = new Map<string, Map<string, number>>();
  const catTotal = new Map<string, number>();
  const sumIdx: { categories: string[] | null; dimension: string; values: string[]; index: number }[] = [];
  let total = -1;
  for (const d of dims) {
    const declared = d.values.filter((v) => !v.notDeclared).map((v) => v.code);
    const notDeclared = d.values.filter((v) => v.notDeclared).map((v) => v.code);
    const rollups = [...(d.rollups ?? []).map((r) => ({ code: `rollup:${r.code}`, values: r.members })), { code: 'declared', values: declared }];
    const colSets: { code: string; values: string[] }[] = [...d.values.map((v) => ({ code: v.code, values: [v.code] })), ...rollups, { code: '*', values: d.values.map((v) => v.code) }];
    const at = new Map<string, number>();
    for (const r of rowSets) for (const c of colSets) {
      const single = r.cats !== null && r.cats.length === 1 && r.code === r.cats[0] && c.values.length === 1;
      const i = item(leavesOf(r.cats, d.code, c.values), !single);
      at.set(`${r.code}|${c.code}`, i);
      // The hierarchy's own cells (not a table cell, value total, category total or the total).
      const tableRow = r.code === '*' || (r.cats !== null && r.cats.length === 1 && r.code === r.cats[0]);
      if (!tableRow || (c.values.length > 1 && c.code !== '*')) sumIdx.push({ categories: r.cats, dimension: d.code, values: c.values, index: i });
    }
    // Additivity across values (rows: the total, each roll-up, total = declared + not declared)
    // and across categories (columns: all categories, each group, all = the groups).
    for (const r of rowSets) {
      const cell = (c: string) => at.get(`${r.code}|${c}`)!;
      relations.push({ total: cell('*'), parts: d.values.map((v) => cell(v.code)) });
      for (const u of rollups) relations.push({ total: cell(u.code), parts: u.values.map((v) => cell(v)) });
      relations.push({ total: cell('*'), parts: [cell('declared'), ...notDeclared.map((v) => cell(v))] });
    }
    for (const c of colSets) {
      const cell = (row: string) => at.get(`${row}|${c.code}`)!;
      relations.push({ total: cell('*'), parts: categories.map((cat) => cell(cat)) });
      for (const g of groupRows) relations.push({ total: cell(g.code), parts: g.cats.map((cat) => cell(cat)) });
      if (groupRows.length > 1 && groupRows.reduce((n, g) => n + g.cats.length, 0) === categories.length) relations.push({ total: cell('*'), parts: groupRows.map((g) => cell(g.code)) });
      for (const f of feederRows) {
        const parent = f.parent === '*' ? categories : groupRows.find((g) => g.code === f.parent)!.cats;
        relations.push({ total: cell(f.code), parts: f.cats.map((cat) => cell(cat)) });
        relations.push({ total: cell(f.parent), parts: [cell(f.code), ...parent.filter((cat) => !f.cats.includes(cat)).map((cat) => cell(cat))] });
      }
    }
    cellIdx.set(d.code, new Map(categories.flatMap((c) => d.values.map((v) => [`${c}|${v.code}`, at.get(`${c}|${v.code}`)!] as const))));
    valueIdx.set(d.code, new Map(d.values.map((v) => [v.code, at.get(`*|${v.code}`)!] as const)));
    for (const c of categories) catTotal.set(c, at.get(`${c}|*`)!);
    total = at.get('*|*')!;
  }
  // A relation whose total is one of its parts (a group of one category, a roll-up of one value) says nothing.
  const useful = relations.filter((r) => !r.parts.includes(r.total) && r.parts.length > 0);
  const model: CubeModel = { leafCount: leafValues.length, items, isMargin, relations: useful };
  return { model, dims, leafValues, leafCategory, leafCombo, leafIndex, keyOf, leavesOf, byKey, cellIdx, valueIdx, catTotal, total, sumIdx };
}

type Cube = ReturnType<typeof buildCube>;

/** The tables of a cube with the items in `hidden` withheld. */
function publish(cube: Cube, hidden: boolean[]): ProtectedTables {
  const { model, dims, leafValues, leavesOf, byKey, cellIdx, valueIdx, catTotal, total, sumIdx } = cube;
  const { items } = model;
  const leafKey = (ls: number[]) => ls.join(',');
  const out = (i: number): Count => (hidden[i] ? { ...SUPPRESSED } : items[i]!.value);
  const counted = new Map<string, Promise<number | null>>();
  let derived: boolean[] | null = null;
  // The LP audit of counts that are not signed sums of published items: what is published, and the
  // optima found so far — each a feasible point, like the true counts. A count whose sum differs
  // between two feasible points is not determined: withheld without another LP. Otherwise the
  // smallest and then the largest value it can take decide, as `feasibleIntervals` does.
  let system: LinearSystem | null = null;
  const points: Map<number, number>[] = [];
  const sumAt = (point: Map<number, number>, ls: number[]) => ls.reduce((s, l) => s + (point.get(l) ?? 0), 0);
  const audit = async (ls: number[], value: number): Promise<number | null> => {
    if (points.some((p) => Math.abs(sumAt(p, ls) - value) >= 1e-6)) return null;
    system ??= new LinearSystem(items.filter((_, i) => !hidden[i]));
    const low = await system.extreme('Minimize', ls);
    if (low.point) points.push(low.point);
    if (value - low.value >= 1e-6) return null;
    const high = await system.extreme('Maximize', ls);
    if (high.point) points.push(high.point);
    // The solver blocks: let requests waiting on the event loop go first between audits.
    await new Promise((resolve) => setImmediate(resolve));
    return high.value - low.value < 1e-6 ? value : null;
  };
  return {
    byDimension: new Map(
      dims.map((d) => [
        d.code,
        {
          cells: new Map([...cellIdx.get(d.code)!].map(([key, i]) => [key, out(i)])),
          valueTotals: new Map([...valueIdx.get(d.code)!].map(([key, i]) => [key, out(i)])),
        },
      ]),
    ),
    categoryTotals: new Map([...catTotal].map(([c, i]) => [c, out(i)])),
    total: out(total),
    sums: sumIdx.map(({ index, ...sum }) => ({ ...sum, count: out(index) })),
    hidden,
    count(cats, dimension, values) {
      const ls = leavesOf(cats, dims.some((d) => d.code === dimension) ? dimension : null, values);
      const key = leafKey(ls);
      let answer = counted.get(key);
      if (!answer) {
        const known = byKey.get(key);
        const value = ls.reduce((s, i) => s + leafValues[i]!, 0);
        answer =
          (known !== undefined && !hidden[known]) || determined(cube, (derived ??= derivable(cube, hidden)), ls)
            ? Promise.resolve(value)
            : audit(ls, value);
        counted.set(key, answer);
      }
      return answer;
    },
  };
}

/**
 * Items whose value follows from the published ones through the relations alone (a total of
 * published parts; a part whose total and other parts are published), repeated until nothing
 * changes. Each step is an identity between sums of the same leaves, so these values are as good
 * as published: they tell an attacker nothing new.
 */
function derivable(cube: Cube, hidden: boolean[]): boolean[] {
  const known = hidden.map((h) => !h);
  let changed = true;
  while (changed) {
    changed = false;
    for (const r of cube.model.relations) {
      const unknown = r.parts.filter((p) => !known[p]);
      if (!known[r.total] && unknown.length === 0) {
        known[r.total] = true;
        changed = true;
      } else if (known[r.total] && unknown.length === 1) {
        known[unknown[0]!] = true;
        changed = true;
      }
    }
  }
  return known;
}

/**
 * Whether the sum of `target` leaves is a signed sum of known items (`derivable`): then it is
 * determined by what is published, without an LP. Tried: the sum of known items that partition it,
 * or a known item less known items that partition the rest. The decomposition is checked leaf by
 * leaf, so a wrong "yes" is impossible; a "no" only means the LP audit decides (as before).
 */
function determined(cube: Cube, known: boolean[], target: number[]): boolean {
  if (target.length === 0) return true;
  const { items } = cube.model;
  const inTarget = new Set(target);
  const within = (ls: number[]) => ls.every((l) => inTarget.has(l));
  // Largest known items inside the target first, taking those that do not overlap what is covered.
  const cover = (set: Set<number>, candidates: number[]): boolean => {
    const covered = new Set<number>();
    for (const i of candidates.sort((a, b) => items[b]!.leaves.length - items[a]!.leaves.length)) {
      const ls = items[i]!.leaves;
      if (ls.some((l) => covered.has(l))) continue;
      ls.forEach((l) => covered.add(l));
      if (covered.size === set.size) break;
    }
    return covered.size === set.size && [...set].every((l) => covered.has(l));
  };
  const knownIdx = items.map((_, i) => i).filter((i) => known[i] && items[i]!.leaves.length > 0);
  if (cover(inTarget, knownIdx.filter((i) => within(items[i]!.leaves)))) return true;
  // A known item containing the target, less known items covering the difference.
  for (const i of knownIdx) {
    const ls = items[i]!.leaves;
    if (ls.length <= target.length || !target.every((l) => ls.includes(l))) continue;
    const rest = new Set(ls.filter((l) => !inTarget.has(l)));
    if (cover(rest, knownIdx.filter((j) => items[j]!.leaves.every((l) => rest.has(l))))) return true;
  }
  return false;
}

/**
 * One zone's tables of one measure, protected on their own. `keepTotal`: the grand total is not
 * chosen by complementary suppression (a survey's response count, which says nothing about anyone's
 * answer); when nothing else can protect a count, everything is withheld, the total too.
 */
export async function protectTables(profile: ClassificationProfile, leaves: LeafCount[], k: number, options: { keepTotal?: boolean; measure?: string } = {}): Promise<ProtectedTables> {
  const cube = buildCube(profile, leaves, hasFeederRows(options.measure ?? ''));
  return publish(cube, await protect(cube.model, k, undefined, undefined, options.keepTotal ? (i) => i === cube.total : undefined));
}

/**
 * One zone's tables of one measure with a stored pattern (`ProtectedTables.hidden`); null if it does
 * not fit the profile. `measure`: of a table protected on its own (null: part of a joint model).
 */
export function publishStored(profile: ClassificationProfile, leaves: LeafCount[], hidden: boolean[], measure: string | null): ProtectedTables | null {
  const cube = buildCube(profile, leaves, measure !== null && hasFeederRows(measure));
  return hidden.length === cube.model.items.length ? publish(cube, hidden) : null;
}

/** How many published items a table of the profile and measure has (the length of a stored pattern); `measure` as in `publishStored`. */
export function itemCount(profile: ClassificationProfile, measure: string | null): number {
  return shapeOf(profile, measure !== null && hasFeederRows(measure)).model.items.length;
}

const NO_PRUNE = { prune: false } as const;

/** The measures the stock-flow identity ties together, in the order of the joint model. */
export const LINKED_MEASURES = ['headcount', 'hires', 'promotions', 'separations'] as const;
export type LinkedMeasure = (typeof LINKED_MEASURES)[number];
/** The flows published to protected roles as 4-quarter windows. */
export const WINDOW_MEASURES = ['hires', 'promotions', 'separations'] as const;
export type WindowMeasure = (typeof WINDOW_MEASURES)[number];

/**
 * One zone's tables of a quarter — headcount, hires, promotions, separations — protected together
 * and against the previous quarter's headcount through the stock-flow identity, per cell:
 *
 *   headcount = previous headcount + hires + promotions in − promotions out − separations + r
 *
 * (promotions out of a category are the promotions into the category it feeds). The residual r —
 * transfers, re-gradings, late corrections — is taken as known to the attacker: an attacker who
 * assumes r = 0 knows less. The previous quarter is taken as published by its own protection of
 * that headcount alone; its actual publication withholds at least that (it starts from it), so
 * the attacker modelled knows at least as much as a real one. Each table starts from its own
 * protection, and the audit then also checks the previous quarter's withheld values: repairs
 * withhold more of this quarter's tables until neither quarter's can be narrowed.
 */
export async function protectQuarter(
  profile: ClassificationProfile,
  current: Record<LinkedMeasure, LeafCount[]>,
  previousHeadcount: LeafCount[] | null,
  k: number,
): Promise<Record<LinkedMeasure, ProtectedTables>> {
  const cubes = LINKED_MEASURES.map((m) => buildCube(profile, current[m]));
  // Not pruned (`protect`): a researcher's joint quarter is the costliest protection, and pruning
  // its five tables and the joint model tripled its LPs for little (researchers' headline figures
  // 2.9% → 4.5% of the bound, docs/utility.md).
  const alone = await Promise.all(cubes.map((c) => protect(c.model, k, undefined, undefined, undefined, NO_PRUNE)));
  const result = (hidden: boolean[][]) => Object.fromEntries(LINKED_MEASURES.map((m, n) => [m, publish(cubes[n]!, hidden[n]!)])) as Record<LinkedMeasure, ProtectedTables>;
  if (k <= 1 || previousHeadcount === null) return result(alone);
  const previous = buildCube(profile, previousHeadcount);
  const previousHidden = await protect(previous.model, k, undefined, undefined, undefined, NO_PRUNE);
  const L = previous.model.leafCount;
  // The joint model: the four tables' items over four copies of the leaves; the previous quarter after them.
  const shift = (item: SumItem, n: number): SumItem => ({ leaves: item.leaves.map((l) => l + n * L), value: item.value });
  const offsets = cubes.map((_, n) => cubes.slice(0, n).reduce((s, c) => s + c.model.items.length, 0));
  const joint: CubeModel = {
    leafCount: cubes.length * L,
    items: cubes.flatMap((c, n) => c.model.items.map((it) => shift(it, n))),
    isMargin: cubes.flatMap((c) => c.model.isMargin),
    relations: cubes.flatMap((c, n) => c.model.relations.map((r) => ({ total: r.total + offsets[n]!, parts: r.parts.map((p) => p + offsets[n]!) }))),
  };
  const P = cubes.length;
  const fed = new Map(profile.categories.filter((c) => c.feeders.length === 1).map((c) => [c.feeders[0]!, c.code]));
  const [H, hires, promotions, separations] = cubes.map((c) => c.leafValues);
  const links: Link[] = previous.leafValues.map((before, i) => {
    const next = fed.get(previous.leafCategory[i]!);
    const j = next === undefined ? undefined : previous.leafIndex.get(previous.keyOf(next, previous.leafCombo[i]!));
    const terms: [number, number][] = [[i, 1], [P * L + i, -1], [L + i, -1], [2 * L + i, -1], [3 * L + i, 1]];
    let value = H![i]! - before - hires![i]! - promotions![i]! + separations![i]!;
    if (j !== undefined) {
      terms.push([2 * L + j, 1]);
      value += promotions![j]!;
    }
    return { terms, value };
  });
  const context = {
    published: previous.model.items.filter((_, i) => !previousHidden[i]).map((it) => shift(it, P)),
    targets: previous.model.items.filter((it) => it.value > 0 && it.value < k).map((it) => shift(it, P)),
    links,
  };
  const hidden = await protect(joint, k, context, alone.flat(), undefined, NO_PRUNE);
  return result(cubes.map((c, n) => hidden.slice(offsets[n]!, offsets[n]! + c.model.items.length)));
}

/** The window ending at quarters[end] (its flows over four quarters), if all four have a return; null otherwise. */
export function windowLeaves(quarters: (LeafCount[] | null)[], end: number): LeafCount[] | null {
  const span = quarters.slice(end - WINDOW_QUARTERS + 1, end + 1);
  return span.length === WINDOW_QUARTERS && span.every((l) => l !== null) ? (span.flat() as LeafCount[]) : null;
}

/**
 * Flows published as 4-quarter windows (docs/privacy.md, "Flows as windows"): a role under this
 * protection is never shown a quarter's hires, promotions or separations, only their sum over the
 * four quarters to q — the window W(q) — whose tables are large enough to publish. `quarters`: one
 * flow's leaves in the quarters q − 4 … q (index 0 … 4; null: no return). Without four quarters of
 * returns to q there is no window: its tables are withheld whole.
 *
 * The audit models every quarter's flow per leaf as an unknown, the window W(q) (the model, whose
 * items this protection withholds) and the window before, W(q − 1), as its own protection alone
 * publishes it (its actual publication withholds at least that: it starts from it). Together they
 * give away F(q) − F(q − 4); the withheld counts from 1 to k − 1 of both windows must keep their
 * protection interval. A quarter's own flow counts are never published; they are unknowns, not
 * promised intervals (an attacker may learn that a window grew — that someone left this quarter —
 * but no published count below k). The stock-flow identity with the headcount is not modelled:
 * this is the protection of a role whose quarters are not linked (management, docs/privacy.md).
 */
export async function protectWindow(profile: ClassificationProfile, quarters: (LeafCount[] | null)[], k: number): Promise<ProtectedTables> {
  const now = quarters.length - 1;
  const window = windowLeaves(quarters, now);
  const cube = buildCube(profile, window ?? []);
  if (!window) return publish(cube, cube.model.items.map(() => true));
  const alone = await protect(cube.model, k);
  const previous = windowLeaves(quarters, now - 1);
  if (k <= 1 || !previous) return publish(cube, alone);
  const L = cube.model.leafCount;
  // Leaves: the flow in each quarter q − 4 … q (blocks of L); a window item sums its leaves over four of them.
  const overWindow = (leaves: number[], end: number) => Array.from({ length: WINDOW_QUARTERS }, (_, j) => leaves.map((l) => l + (end - j) * L)).flat();
  const model: CubeModel = { ...cube.model, leafCount: (now + 1) * L, items: cube.model.items.map((it) => ({ leaves: overWindow(it.leaves, now), value: it.value })) };
  const before = buildCube(profile, previous);
  const beforeHidden = await protect(before.model, k);
  const context = {
    published: before.model.items.filter((_, i) => !beforeHidden[i]).map((it) => ({ leaves: overWindow(it.leaves, now - 1), value: it.value })),
    targets: before.model.items.filter((it) => it.value > 0 && it.value < k).map((it) => ({ leaves: overWindow(it.leaves, now - 1), value: it.value })),
    links: [],
  };
  return publish(cube, await protect(model, k, context, alone));
}

/** The stages of the selection funnel, in order: each is entered from the one before. */
export const FUNNEL_STAGES: readonly string[] = MEASURES.funnel.details.map((d) => d.code);

/**
 * The selection funnel published as 4-quarter windows (docs/privacy.md, "The selection funnel"):
 * one table per stage (applicants, passed tests, passed interview, hired), each the stage's count
 * summed over the four quarters to q, protected together. `quarters`: the funnel's leaves by stage
 * in the quarters q − 4 … q (index 0 … 4; null: no return). Without four quarters of returns to q
 * there is no window: every table is withheld whole.
 *
 * The audit models every quarter's count per stage and leaf as an unknown, like `protectWindow`
 * (the window before, W(q − 1), as its own protection alone publishes it, so the two windows'
 * difference F(q) − F(q − 4) is covered), and what an attacker knows of a funnel: in every quarter
 * and cell a stage holds no more people than the stage before (those who passed the tests are
 * among the applicants). That is an inequality, modelled as an equation with a slack unknown ≥ 0:
 * F(stage) − F(next stage) − s = 0. Without it a published stage bounds a withheld later one: 5
 * who passed the interview published and 3 hired withheld gives "at most 5", not the promised
 * 3 + ⌈k/2⌉ (the control test of cube.spec.ts). Where a return breaks the order (a later stage
 * larger), that cell has no such equation: the attacker could not assume it either.
 */
export async function protectFunnel(profile: ClassificationProfile, quarters: (Record<string, LeafCount[]> | null)[], k: number): Promise<Record<string, ProtectedTables>> {
  const now = quarters.length - 1;
  const stageQuarters = (stage: string) => quarters.map((q) => (q === null ? null : (q[stage] ?? [])));
  const windowAt = (end: number) => FUNNEL_STAGES.map((stage) => windowLeaves(stageQuarters(stage), end));
  const windows = windowAt(now);
  const cubes = windows.map((w) => buildCube(profile, w ?? []));
  const result = (hidden: boolean[][]) => Object.fromEntries(FUNNEL_STAGES.map((stage, s) => [stage, publish(cubes[s]!, hidden[s]!)]));
  if (windows.some((w) => w === null)) return result(cubes.map((c) => c.model.items.map(() => true)));
  if (k <= 1) return result(cubes.map((c) => c.model.items.map(() => false)));
  const S = FUNNEL_STAGES.length;
  const Q = now + 1;
  const L = cubes[0]!.model.leafCount;
  const n = cubes[0]!.model.items.length;
  // Leaves: stage s in quarter j is the block s·Q + j; the slack of stage s over s + 1 in quarter j follows all of them.
  const leafOf = (s: number, j: number, l: number) => (s * Q + j) * L + l;
  const slackOf = (s: number, j: number, l: number) => S * Q * L + (s * Q + j) * L + l;
  const overWindow = (s: number, leaves: number[], end: number) => Array.from({ length: WINDOW_QUARTERS }, (_, d) => leaves.map((l) => leafOf(s, end - d, l))).flat();
  /** The stages' window tables ending at quarter `end` as one model over the quarterly leaves. */
  const jointOf = (stageCubes: Cube[], end: number): CubeModel => ({
    leafCount: (2 * S - 1) * Q * L,
    items: stageCubes.flatMap((c, s) => c.model.items.map((it) => ({ leaves: overWindow(s, it.leaves, end), value: it.value }))),
    isMargin: stageCubes.flatMap((c) => c.model.isMargin),
    relations: stageCubes.flatMap((c, s) => c.model.relations.map((r) => ({ total: r.total + s * n, parts: r.parts.map((p) => p + s * n) }))),
  });
  const split = (hidden: boolean[]) => FUNNEL_STAGES.map((_, s) => hidden.slice(s * n, (s + 1) * n));
  // Per quarter and cell: a stage holds no more than the stage before (where the return agrees).
  const leafCounts = (leaves: LeafCount[]) => buildCube(profile, leaves).leafValues;
  const order = (from: number, to: number): Link[] => {
    const links: Link[] = [];
    for (let j = Math.max(0, from); j <= to; j++) {
      const quarter = quarters[j];
      if (!quarter) continue;
      const counts = FUNNEL_STAGES.map((stage) => leafCounts(quarter[stage] ?? []));
      for (let s = 0; s + 1 < S; s++) {
        for (let l = 0; l < L; l++) {
          if (counts[s]![l]! < counts[s + 1]![l]!) continue;
          links.push({ terms: [[leafOf(s, j, l), 1], [leafOf(s + 1, j, l), -1], [slackOf(s, j, l), -1]], value: 0 });
        }
      }
    }
    return links;
  };
  /**
   * A window's stages protected together with the order of the stages in its own quarters, each
   * stage starting from its own protection: what the window withholds at least, whatever the
   * windows before it (the next window's audit assumes it, as `protectWindow` does).
   */
  const alone = async (stageCubes: Cube[], end: number): Promise<boolean[]> => {
    const own = await Promise.all(stageCubes.map((c) => protect(c.model, k)));
    return protect(jointOf(stageCubes, end), k, { published: [], targets: [], links: order(end - WINDOW_QUARTERS + 1, end) }, own.flat());
  };
  const initial = await alone(cubes, now);
  const before = windowAt(now - 1);
  if (before.some((w) => w === null)) return result(split(initial));
  // The window before, as its own protection alone publishes it; their difference F(q) − F(q − 4) and the order of the stages in all five quarters.
  const beforeCubes = before.map((w) => buildCube(profile, w!));
  const beforeHidden = await alone(beforeCubes, now - 1);
  const beforeModel = jointOf(beforeCubes, now - 1);
  const context: Context = {
    published: beforeModel.items.filter((_, i) => !beforeHidden[i]),
    targets: beforeModel.items.filter((it) => it.value > 0 && it.value < k),
    links: order(0, now),
  };
  return result(split(await protect(jointOf(cubes, now), k, context, initial)));
}
