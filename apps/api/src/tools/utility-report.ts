/**
 * The utility report (issue 14): of the headline figures that disclosure control could publish to a
 * protected role, how many it does publish. See docs/utility.md; the command is tools/utility.ts.
 *
 * For every zone × quarter × group × category level, the figures are computed twice through
 * `AnalyticsService.exportFigures` — the computation, counter (`ProtectedCounts`) and serving
 * (`serveMetrics`) of the zone metrics endpoint, for many selections in one counter run:
 * - with full access (threshold 1): the truth, with every rate's numerator and denominator;
 * - at the role's threshold (`ZonesService.authorize`, as a request of that role gets it).
 * A figure is in the **publishable bound** for threshold k when the numerator, the denominator and
 * the complement (denominator − numerator) of every rate it is made of are each 0 or ≥ k; it is
 * **published** when the role gets a number for it (not withheld). Share = published ∩ bound ÷ bound.
 * Figures that full access cannot compute either (no base, no quarter before the window) are neither.
 */
import type { INestApplicationContext } from '@nestjs/common';
import {
  addQuarters,
  type ClassificationProfile,
  type Count,
  type Group,
  groupSpecs,
  referenceGroup,
  resolveGroup,
  type Served,
  WINDOW_QUARTERS,
  type ZoneMetrics,
} from '@equity/shared';
import { DataSource } from 'typeorm';
import { AnalyticsService, defaultGroup } from '../analytics/analytics.service.js';
import type { AuthUser } from '../auth/auth-user.js';
import { Rng } from '../demo/demo-data.js';
import { ProfilesService } from '../profiles/profiles.service.js';
import { type ZoneRef, ZonesService } from '../zones/zones.service.js';

export const FAMILIES = [
  'representation',
  'declaration rate',
  'hiring share',
  'hiring ratio',
  'promotion rate',
  'promotion impact ratio',
  'separation rate',
  'retention',
  'funnel stages',
] as const;
export type Family = (typeof FAMILIES)[number];

/** Figures over the rolling window: only quarters whose whole window (4 quarters) has data count. */
export const WINDOWED: ReadonlySet<Family> = new Set<Family>(['hiring share', 'hiring ratio', 'promotion rate', 'promotion impact ratio', 'separation rate', 'retention', 'funnel stages']);

export const LEVELS = ['all staff', 'category group', 'category'] as const;
export type Level = (typeof LEVELS)[number];
/** The levels the goal is about. */
export const HEADLINE_LEVELS: readonly Level[] = ['all staff', 'category group'];
/** Goal: at least this share of the bound published at the headline levels, per role, dataset and family. */
export const GOAL_SHARE = 0.95;

export type ProtectedRole = 'management' | 'researcher';
export const PROTECTED_ROLES: readonly ProtectedRole[] = ['management', 'researcher'];

/** The counts of one rate, as served (numbers with full access). */
export interface RateCounts {
  numerator: Count;
  denominator: Count;
}

/** One figure read from a served ZoneMetrics: its value and the rates it is made of. */
export interface FigureReading {
  family: Family;
  /** Unique within one zone × quarter × group × category selection (e.g. `funnel stages:applicants>hired`). */
  id: string;
  value: number | null;
  rates: RateCounts[];
}

/**
 * The headline figures of one served ZoneMetrics (the metrics endpoint's body has the same fields).
 * The reference group has no impact ratio (it is what the others are compared with); the
 * declaration rate belongs to the classification, not the group: read it once (`declaration`).
 */
export function readFigures(m: Served<ZoneMetrics>, options: { reference: boolean; declaration: boolean }): FigureReading[] {
  const out: FigureReading[] = [];
  const rate = (family: Family, r: Served<ZoneMetrics>['hiring']['share'], id: string = family) =>
    out.push({ family, id, value: r.value, rates: [{ numerator: r.numerator, denominator: r.denominator }] });
  rate('representation', m.representation.ofDeclared);
  if (options.declaration) rate('declaration rate', m.representation.declaration);
  rate('hiring share', m.hiring.share);
  out.push({ family: 'hiring ratio', id: 'hiring ratio', value: m.hiring.ratio, rates: [m.hiring.share, m.hiring.workforceShare] });
  rate('promotion rate', m.promotion.group);
  if (!options.reference) out.push({ family: 'promotion impact ratio', id: 'promotion impact ratio', value: m.promotion.impactRatio, rates: [m.promotion.group, m.promotion.reference] });
  rate('separation rate', m.separation.group);
  rate('retention', m.separation.retention.group);
  for (const f of m.funnel) rate('funnel stages', f.comparison.group, `funnel stages:${f.from}>${f.stage}`);
  return out;
}

/** Each count of each rate 0 or ≥ k, and so is each complement (denominator − numerator). */
export function inBound(rates: RateCounts[], k: number): boolean {
  const ok = (n: number) => n === 0 || n >= k;
  return rates.every((r) => typeof r.numerator === 'number' && typeof r.denominator === 'number' && ok(r.numerator) && ok(r.denominator) && ok(r.denominator - r.numerator));
}

export const isPublished = (value: number | null | undefined): boolean => typeof value === 'number' && Number.isFinite(value);

export interface Tally {
  /** Figures full access can compute (quarter with data, window complete, a base). */
  computable: number;
  /** Of those, in the publishable bound of the role's threshold. */
  bound: number;
  /** Published to the role and in the bound. */
  published: number;
  /** Published to the role although outside the bound (a count 1 … k−1 or its complement among its counts). */
  publishedOutsideBound: number;
}

const emptyTally = (): Tally => ({ computable: 0, bound: 0, published: 0, publishedOutsideBound: 0 });

export function addTally(into: Tally, t: Tally): Tally {
  into.computable += t.computable;
  into.bound += t.bound;
  into.published += t.published;
  into.publishedOutsideBound += t.publishedOutsideBound;
  return into;
}

/** published ÷ bound; null when the bound is empty. */
export const share = (t: Tally): number | null => (t.bound > 0 ? t.published / t.bound : null);

export interface TallyRow extends Tally {
  role: ProtectedRole;
  family: Family;
  level: Level;
}

/** One zone × quarter × group × category selection served to a role, kept to compare with the endpoint over HTTP. */
export interface Sample {
  role: ProtectedRole;
  zone: string;
  period: string;
  group: string;
  /** The reference group's own figures are asked with another reference (the endpoint refuses an overlap). */
  reference: string | null;
  categories: string;
  readings: { id: string; value: number | null }[];
}

export interface WatchRow {
  period: string;
  /** Per figure: shown (a number), withheld, or null when full access cannot compute it either. */
  figures: Record<string, 'shown' | 'withheld' | null>;
}

export interface DatasetResult {
  dataset: string;
  profile: string;
  zones: number;
  quarters: number;
  periods: { first: string; last: string } | null;
  /** The quarters with data in any zone measured. */
  quarterList: string[];
  thresholds: Record<ProtectedRole, number>;
  /** Figures compared (computable ones, over every role). */
  figures: number;
  seconds: number;
  tallies: TallyRow[];
  /** Headline levels only, every family together: by group and by zone. */
  byGroup: ({ role: ProtectedRole; group: string } & Tally)[];
  byZone: ({ role: ProtectedRole; zone: string; zoneName: string } & Tally)[];
  watch: { zone: string; zoneName: string; role: ProtectedRole; group: string; rows: WatchRow[] } | null;
  /** Optional classifications left out in at least one zone because nobody declared them there. */
  notCollected: string[];
  /** The first figures published although outside the bound, with their full counts (for the people tuning the protection). */
  outsideBound: string[];
  samples: Sample[];
}

export interface MeasureOptions {
  /** Name printed for the dataset. */
  dataset: string;
  profile: string;
  roles?: readonly ProtectedRole[];
  /** Category levels to measure (default all three). */
  levels?: readonly Level[];
  /** Only the latest n quarters of each zone (e.g. the benchmark's quick line); default all. */
  latestQuarters?: number;
  /** Management's view of one zone (the issue's Antwerpen line): default group, all staff, per quarter. */
  watch?: { zone: string; role: ProtectedRole; families: Family[] };
  /** Selections kept per role for the HTTP comparison. */
  samples?: number;
  /** Only some zones (by their place in code order): one part of a measurement split over processes (`mergeResults`). */
  part?: { index: number; of: number };
  log?: (message: string) => void;
}

interface CategorySet {
  level: Level;
  code: string;
  categories: string[];
}

/** All staff, each category group (its categories), each category — as the metrics endpoint's `categories` expands them. */
export function categorySets(profile: ClassificationProfile, levels: readonly Level[] = LEVELS): CategorySet[] {
  const sets: CategorySet[] = [{ level: 'all staff', code: '', categories: [] }];
  for (const g of profile.categoryGroups) sets.push({ level: 'category group', code: g.code, categories: profile.categories.filter((c) => c.group === g.code).map((c) => c.code) });
  for (const c of profile.categories) sets.push({ level: 'category', code: c.code, categories: [c.code] });
  return sets.filter((s) => levels.includes(s.level));
}

const caller = (role: 'admin' | ProtectedRole): AuthUser => ({ id: 0, username: `utility-report-${role}`, displayName: 'Utility report', role, zones: [] });

/** A small deterministic generator for the samples (the demo data's mulberry32). */
function random(seed: number): () => number {
  const rng = new Rng(seed);
  return () => rng.next();
}

/** Measures one dataset (the zones of one profile) for the protected roles. */
export async function measureDataset(app: INestApplicationContext, options: MeasureOptions): Promise<DatasetResult> {
  const started = performance.now();
  const log = options.log ?? (() => undefined);
  const roles = options.roles ?? PROTECTED_ROLES;
  const db = app.get(DataSource);
  const zones = app.get(ZonesService);
  const analytics = app.get(AnalyticsService);
  const profile = await app.get(ProfilesService).get(options.profile);
  const sets = categorySets(profile, options.levels);
  const rows: { code: string; periods: string[] }[] = await db.query(
    `SELECT z.code, array_agg(r.period ORDER BY r.period) AS periods
       FROM zone z JOIN quarterly_return r ON r.zone_id = z.id AND r.current_revision_id IS NOT NULL
      WHERE z.profile_code = $1 AND z.successor_id IS NULL
      GROUP BY z.code ORDER BY z.code`,
    [profile.code],
  );
  const zonesOfPart = options.part ? rows.filter((_, i) => i % options.part!.of === options.part!.index) : rows;
  const tallies = new Map<string, TallyRow>();
  const byGroup = new Map<string, { role: ProtectedRole; group: string } & Tally>();
  const byZone = new Map<string, { role: ProtectedRole; zone: string; zoneName: string } & Tally>();
  const thresholds = {} as Record<ProtectedRole, number>;
  const watchGroup = defaultGroup(profile);
  const watch = options.watch && zonesOfPart.some((r) => r.code === options.watch!.zone) ? { ...options.watch, group: watchGroup, zoneName: '', rows: new Map<string, WatchRow>() } : null;
  const samples: Sample[] = [];
  const sampleRate = options.samples ? random(14) : null;
  const candidates: Sample[] = [];
  let figures = 0;
  const outsideBound: string[] = [];
  const notCollected = new Set<string>();
  const allPeriods = new Set<string>();

  for (const row of zonesOfPart) {
    const periods = options.latestQuarters ? row.periods.slice(-options.latestQuarters) : row.periods;
    periods.forEach((p) => allPeriods.add(p));
    const withData = new Set(row.periods);
    const windowComplete = (p: string) => Array.from({ length: WINDOW_QUARTERS }, (_, i) => addQuarters(p, -i)).every((q) => withData.has(q));
    const truthAccess = await zones.authorize(caller('admin'), row.code, 'read');
    const roleAccess = new Map<ProtectedRole, { zone: ZoneRef; threshold: number }>();
    for (const role of roles) {
      const a = await zones.authorize(caller(role), row.code, 'read');
      roleAccess.set(role, a);
      thresholds[role] = a.threshold;
    }
    if (watch && row.code === watch.zone) watch.zoneName = truthAccess.zone.name;
    const t0 = performance.now();
    for (const dimension of profile.dimensions) {
      const reference = referenceGroup(profile, dimension.code);
      const groups: Group[] = [...groupSpecs(dimension).map((spec) => resolveGroup(profile, spec)!), reference];
      const keys = periods.flatMap((period) => groups.flatMap((group) => sets.map((set) => ({ period, group, set }))));
      const categoryLists = sets.map((s) => s.categories);
      const truth = await analytics.exportFigures(truthAccess, profile, dimension.code, periods, groups, categoryLists, { funnel: true });
      // An optional classification the zone does not collect (nobody declared it) has no figures to publish.
      if (dimension.optional && truth.every((f) => f.metrics.representation.declaration.numerator === 0)) {
        notCollected.add(dimension.code);
        continue;
      }
      for (const role of roles) {
        const access = roleAccess.get(role)!;
        const served = await analytics.exportFigures(access, profile, dimension.code, periods, groups, categoryLists, { funnel: true });
        keys.forEach((key, i) => {
          const t = truth[i]!;
          const s = served[i]!;
          if (t.period !== key.period || s.period !== key.period || t.group.code !== key.group.code || s.group.code !== key.group.code) {
            throw new Error(`exportFigures answered out of order at ${row.code} ${key.period} ${key.group.code}`);
          }
          const isReference = key.group.code === reference.code;
          const options = { reference: isReference, declaration: isReference };
          const shown = new Map(readFigures(s.metrics, options).map((f) => [f.id, f.value]));
          const spec = `${dimension.code}:${key.group.code}`;
          for (const f of readFigures(t.metrics, options)) {
            if (!withData.has(key.period) || (WINDOWED.has(f.family) && !windowComplete(key.period))) continue;
            const isWatched = watch && role === watch.role && row.code === watch.zone && spec === watch.group && key.set.level === 'all staff' && watch.families.includes(f.family);
            if (isWatched) {
              const w = watch.rows.get(key.period) ?? { period: key.period, figures: Object.fromEntries(watch.families.map((fam) => [fam, null])) };
              w.figures[f.family] = isPublished(f.value) ? (isPublished(shown.get(f.id)) ? 'shown' : 'withheld') : null;
              watch.rows.set(key.period, w);
            }
            if (!isPublished(f.value)) continue;
            figures += 1;
            const one = emptyTally();
            one.computable = 1;
            const bound = inBound(f.rates, access.threshold);
            const published = isPublished(shown.get(f.id));
            if (bound) one.bound = 1;
            if (bound && published) one.published = 1;
            if (!bound && published) {
              one.publishedOutsideBound = 1;
              if (outsideBound.length < 20) {
                const counts = f.rates.map((r) => `${String(r.numerator)}/${String(r.denominator)}`).join(', ');
                outsideBound.push(`${role} (k = ${access.threshold}): ${row.code} ${key.period} ${spec} ${key.set.code || 'all staff'} ${f.id}: counts ${counts}`);
              }
            }
            const tKey = `${role}|${f.family}|${key.set.level}`;
            addTally(tallies.get(tKey) ?? tallies.set(tKey, { role, family: f.family, level: key.set.level, ...emptyTally() }).get(tKey)!, one);
            if (HEADLINE_LEVELS.includes(key.set.level)) {
              const gKey = `${role}|${f.family === 'declaration rate' ? `${dimension.code}:declared` : spec}`;
              addTally(byGroup.get(gKey) ?? byGroup.set(gKey, { role, group: gKey.split('|')[1]!, ...emptyTally() }).get(gKey)!, one);
              const zKey = `${role}|${row.code}`;
              addTally(byZone.get(zKey) ?? byZone.set(zKey, { role, zone: row.code, zoneName: truthAccess.zone.name, ...emptyTally() }).get(zKey)!, one);
            }
          }
          // The reference group's own figures are asked with another reference (the endpoint refuses an overlap).
          const otherReference = isReference ? (groupSpecs(dimension)[0] ?? null) : null;
          if (sampleRate && withData.has(key.period) && (!isReference || otherReference)) {
            candidates.push({
              role,
              zone: row.code,
              period: key.period,
              group: spec,
              reference: otherReference,
              categories: key.set.code,
              readings: readFigures(s.metrics, options).map((f) => ({ id: f.id, value: f.value })),
            });
          }
        });
      }
    }
    log(`${options.dataset}: zone ${row.code} (${truthAccess.zone.name}), ${periods.length} quarters, in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  }
  if (sampleRate && options.samples) {
    for (const role of roles) {
      const mine = candidates.filter((c) => c.role === role);
      for (let i = 0; i < options.samples && mine.length; i++) samples.push(mine.splice(Math.floor(sampleRate() * mine.length), 1)[0]!);
    }
  }
  const order = (a: TallyRow, b: TallyRow) => roles.indexOf(a.role) - roles.indexOf(b.role) || FAMILIES.indexOf(a.family) - FAMILIES.indexOf(b.family) || LEVELS.indexOf(a.level) - LEVELS.indexOf(b.level);
  const sortedPeriods = [...allPeriods].sort();
  return {
    dataset: options.dataset,
    profile: profile.code,
    zones: zonesOfPart.length,
    quarters: allPeriods.size,
    periods: sortedPeriods.length ? { first: sortedPeriods[0]!, last: sortedPeriods[sortedPeriods.length - 1]! } : null,
    quarterList: sortedPeriods,
    thresholds,
    figures,
    seconds: Math.round((performance.now() - started) / 100) / 10,
    tallies: [...tallies.values()].sort(order),
    byGroup: [...byGroup.values()],
    byZone: [...byZone.values()],
    notCollected: [...notCollected],
    outsideBound,
    watch: watch ? { zone: watch.zone, zoneName: watch.zoneName, role: watch.role, group: watch.group, rows: [...watch.rows.values()].sort((a, b) => a.period.localeCompare(b.period)) } : null,
    samples,
  };
}

/** One dataset's result from the parts measured by several processes (tallies added up, zones and samples put together). */
export function mergeResults(parts: DatasetResult[]): DatasetResult {
  const [first, ...rest] = parts;
  if (!first) throw new RangeError('nothing to merge');
  const addUp = <T extends Tally>(lists: T[][], key: (t: T) => string): T[] => {
    const out = new Map<string, T>();
    for (const t of lists.flat()) {
      const k = key(t);
      const into = out.get(k);
      if (into) addTally(into, t);
      else out.set(k, { ...t });
    }
    return [...out.values()];
  };
  const periods = [...new Set(parts.flatMap((p) => p.quarterList))].sort();
  const order = (a: TallyRow, b: TallyRow) => a.role.localeCompare(b.role) || FAMILIES.indexOf(a.family) - FAMILIES.indexOf(b.family) || LEVELS.indexOf(a.level) - LEVELS.indexOf(b.level);
  return {
    ...first,
    zones: parts.reduce((n, p) => n + p.zones, 0),
    quarters: periods.length,
    periods: periods.length ? { first: periods[0]!, last: periods[periods.length - 1]! } : null,
    quarterList: periods,
    thresholds: Object.assign({}, ...parts.map((p) => p.thresholds)) as Record<ProtectedRole, number>,
    figures: parts.reduce((n, p) => n + p.figures, 0),
    seconds: Math.max(...parts.map((p) => p.seconds)),
    tallies: addUp(parts.map((p) => p.tallies), (t) => `${t.role}|${t.family}|${t.level}`).sort(order),
    byGroup: addUp(parts.map((p) => p.byGroup), (t) => `${t.role}|${t.group}`),
    byZone: parts.flatMap((p) => p.byZone).sort((a, b) => a.role.localeCompare(b.role) || a.zone.localeCompare(b.zone)),
    watch: parts.find((p) => p.watch)?.watch ?? null,
    notCollected: [...new Set(parts.flatMap((p) => p.notCollected))],
    outsideBound: parts.flatMap((p) => p.outsideBound).slice(0, 20),
    samples: [first, ...rest].flatMap((p) => p.samples),
  };
}

/** Sums tally rows matching a filter. */
export function sum(rows: TallyRow[], filter: (r: TallyRow) => boolean): Tally {
  return rows.filter(filter).reduce((t, r) => addTally(t, r), emptyTally());
}

export interface Goal {
  dataset: string;
  role: ProtectedRole;
  /** A family, or `all headline figures` (every family together). */
  figure: string;
  share: number | null;
  bound: number;
  published: number;
  met: boolean;
}

/**
 * The issue's goal, per dataset, role and family at the headline levels (all staff and category
 * group): ≥ 95% of the bound. A family with an empty bound has nothing to miss.
 */
export function goals(results: DatasetResult[]): Goal[] {
  const out: Goal[] = [];
  for (const r of results) {
    for (const role of Object.keys(r.thresholds) as ProtectedRole[]) {
      const headline = (fam: (f: Family) => boolean) => sum(r.tallies, (t) => t.role === role && fam(t.family) && HEADLINE_LEVELS.includes(t.level));
      for (const family of FAMILIES) {
        const t = headline((f) => f === family);
        const s = share(t);
        out.push({ dataset: r.dataset, role, figure: family, share: s, bound: t.bound, published: t.published, met: s === null || s >= GOAL_SHARE });
      }
      const all = headline(() => true);
      out.push({ dataset: r.dataset, role, figure: 'all headline figures', share: share(all), bound: all.bound, published: all.published, met: share(all) === null || share(all)! >= GOAL_SHARE });
    }
  }
  return out;
}

const pct = (s: number | null) => (s === null ? '—' : `${(s * 100).toFixed(1)}%`);
const cell = (t: Tally) => (t.bound === 0 ? (t.computable ? `0/0 (${t.computable} outside)` : '—') : `${t.published}/${t.bound} ${pct(share(t))}`);

/** The report as printed: one table of shares, the goals, the watched zone. */
export function formatReport(results: DatasetResult[]): string {
  const lines: string[] = [];
  const row = (...cells: string[]) => lines.push(`| ${cells.join(' | ')} |`);
  lines.push('Published / publishable bound (figures whose counts and complements are each 0 or ≥ k), and the share:', '');
  row('dataset', 'role (k)', 'figure family', ...LEVELS, 'headline (all staff + category group)');
  row('---', '---', '---', ...LEVELS.map(() => '---:'), '---:');
  for (const r of results) {
    for (const role of Object.keys(r.thresholds) as ProtectedRole[]) {
      for (const family of FAMILIES) {
        const byLevel = LEVELS.map((level) => sum(r.tallies, (t) => t.role === role && t.family === family && t.level === level));
        const headline = sum(r.tallies, (t) => t.role === role && t.family === family && HEADLINE_LEVELS.includes(t.level));
        const mark = headline.bound === 0 ? '' : share(headline)! >= GOAL_SHARE ? ' ✓' : ' ✗';
        row(r.dataset, `${role} (${r.thresholds[role]})`, family, ...byLevel.map(cell), `${cell(headline)}${mark}`);
      }
      const all = LEVELS.map((level) => sum(r.tallies, (t) => t.role === role && t.level === level));
      const headline = sum(r.tallies, (t) => t.role === role && HEADLINE_LEVELS.includes(t.level));
      row(r.dataset, `${role} (${r.thresholds[role]})`, '**all families**', ...all.map(cell), `${cell(headline)}${headline.bound && share(headline)! >= GOAL_SHARE ? ' ✓' : ' ✗'}`);
    }
  }
  lines.push('', '✓ / ✗: goal ≥ 95% of the bound at the headline levels. "—": no figure computable there. "0/0 (n outside)": n figures exist, none in the bound.');
  for (const r of results) {
    const outside = sum(r.tallies, () => true).publishedOutsideBound;
    if (outside) lines.push(`${r.dataset}: ${outside} figures published although outside the bound (a count or complement between 1 and k − 1), e.g. ${r.outsideBound.slice(0, 3).join('; ')}`);
  }
  for (const r of results) {
    if (!r.watch) continue;
    const w = r.watch;
    const families = Object.keys(w.rows[0]?.figures ?? {});
    lines.push('', `${w.zoneName} (${w.zone}) as ${w.role}, ${w.group}, all staff, quarters with four quarters of data:`, '');
    row('quarter', ...families);
    row('---', ...families.map(() => '---'));
    for (const x of w.rows) row(x.period, ...families.map((f) => x.figures[f] ?? 'not computable (full access either)'));
  }
  return lines.join('\n');
}
