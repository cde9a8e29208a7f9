import { Inject, Injectable } from '@nestjs/common';
import type { AppConfig } from '../config/config.js';
import { APP_CONFIG } from '../config/config.module.js';
import { Lru } from '../core/lru.js';
import { addQuarters, type ClassificationProfile, type MeasureCode, WINDOW_QUARTERS } from '@equity/shared';
import { FUNNEL_STAGES, itemCount, type LeafCount, LINKED_MEASURES, type LinkedMeasure, type ProtectedTables, protectFunnel, protectQuarter, protectTables, protectWindow, publishStored, WINDOW_MEASURES, type WindowMeasure, windowLeaves } from './cube.js';
import { type CountWrite, DisclosureRepository, type StoredProtectionRow } from './disclosure.repository.js';

/** Zone-quarters whose revisions' places and previous quarters are remembered (a few bytes each). */
const PLACES_SIZE = 8000;
/** Revisions whose leaves one query reads when stored protections are loaded (loadStored). */
const LOAD_CHUNK = 100;

/**
 * A measure protected on its own; `quarter`: headcount and the flows protected together
 * (`protectQuarter`); `window`: the flows as 4-quarter windows (`protectWindow`); `funnel`: the
 * selection funnel's stages as 4-quarter windows (`protectFunnel`).
 */
export type ProtectionKind = MeasureCode | 'quarter' | 'window';

/** Where a revision is, and the current revisions of its zone's four quarters before (the key of a linked or window protection). */
export interface RevisionPlace {
  revision: string;
  zone: number;
  period: string;
  /** The current revisions of quarters q − 1 … q − 4 (null: no return). */
  earlier: (string | null)[];
}

/**
 * What a protection of some kind was computed against, part of its key: for `quarter` the previous
 * quarter's current revision, for `window` those of the four quarters before; '0' for none.
 */
export function contextKey(kind: ProtectionKind, earlier: readonly (string | null)[]): string {
  if (kind === 'quarter') return earlier[0] ?? '0';
  if (kind === 'window' || kind === 'funnel') return Array.from({ length: WINDOW_QUARTERS }, (_, i) => earlier[i] ?? '0').join(',');
  return '0';
}

/** A protection's result: one measure's tables, or several protected together (by measure, or by funnel stage). */
type Protection = ProtectedTables | Partial<Record<string, ProtectedTables>>;

/** Whether a kind's result holds several tables (`Protection` by measure or stage). */
const isJoint = (kind: ProtectionKind) => kind === 'quarter' || kind === 'window' || kind === 'funnel';

/** One measure's tables (a funnel stage's: `detail`) of a protection of some kind. */
function tablesOf(result: Protection, kind: ProtectionKind, measure: MeasureCode, detail: string | undefined): ProtectedTables | undefined {
  return isJoint(kind) ? (result as Partial<Record<string, ProtectedTables>>)[kind === 'funnel' ? detail! : measure] : (result as ProtectedTables);
}

/** The measure an answer is stored under (`protected_count`): a funnel stage is a table of its own. */
export function answerMeasure(measure: MeasureCode, detail?: string): string {
  return measure === 'funnel' && detail !== undefined ? `funnel:${detail}` : measure;
}

/** A question asked of a protected table, as stored in `protected_count` (order-free: it names a set of leaves). */
export function countQueryKey(categories: string[] | null, dimension: string, values: string[]): string {
  return `${categories === null ? '*' : [...categories].sort().join(',')}|${dimension}|${[...values].sort().join(',')}`;
}

/** The question a `countQueryKey` names. */
export function parseCountQueryKey(query: string): { categories: string[] | null; dimension: string; values: string[] } {
  const [categories = '', dimension = '', values = ''] = query.split('|');
  const list = (text: string) => (text === '' ? [] : text.split(','));
  return { categories: categories === '*' ? null : list(categories), dimension, values: list(values) };
}

/** The key of an answer in the map of `ProtectedCounts.storedAnswers`. */
export function answerKey(revision: string, measure: string, query: string): string {
  return `${revision}|${measure}|${query}`;
}

/** One bit per item, first item in the high bit of the first byte. */
export function encodeBits(bits: boolean[]): Buffer {
  const out = Buffer.alloc(Math.ceil(bits.length / 8));
  bits.forEach((b, i) => {
    if (b) out[i >> 3]! |= 0x80 >> (i & 7);
  });
  return out;
}

export function decodeBits(bytes: Buffer, n: number): boolean[] {
  return Array.from({ length: n }, (_, i) => ((bytes[i >> 3] ?? 0) & (0x80 >> (i & 7))) !== 0);
}
/**
 * How long the earlier quarters' current revisions are remembered. A correction of one of them
 * reaches this quarter's protection within this time (the protection is then recomputed).
 */
const EARLIER_TTL_MS = 5000;

/**
 * Protected tables of a revision. Revisions never change, so a protection computed once for a
 * revision, measure and threshold is kept: stored in `protected_table` (shared by every instance,
 * filled by the protection worker or by the first request) and in a bounded memory cache (`cache`).
 */
@Injectable()
export class DisclosureService {
  /**
   * Protections kept in memory (`PROTECTION_CACHE_ENTRIES`, 100 by default), the least recently
   * used out first (`protected_table` is the second level); until 7 December 2026 the oldest, so the
   * pages read most were dropped and rebuilt from `protected_table` as often as any. An entry holds
   * a zone-quarter's tables with the leaves their counts are answered from (a `quarter` entry four
   * tables; the cube structure is shared per profile): ≈ 240 KB at scale L, so 100 ≈ 25 MB. A
   * national table goes through them 10 zones at a time (ProtectedCounts.runMany: ≤ 50 of them, a
   * zone's 4-quarter window and the quarter before) and is cached whole (AnalyticsService.national).
   */
  private readonly cache: Lru<Promise<Protection>>;

  constructor(
    private readonly repo: DisclosureRepository,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    this.cache = new Lru(config.protectionCacheEntries);
  }

  /**
   * The protected tables of a revision for one measure. At the researcher threshold (researchers,
   * the public: everything that leaves the police), headcount and the flows are protected together
   * and against the previous quarter's headcount through the stock-flow identity (`protectQuarter`).
   * Management (an internal role, `K_MANAGE`) gets each table protected on its own, quarter by
   * quarter, unless LINK_QUARTERS_FOR_MANAGEMENT — docs/privacy.md says why. The funnel is always
   * protected on its own.
   *
   * A protection is looked for in memory, then in `protected_table`; else computed and stored.
   * With `storedOnly`, null instead of computing (the caller shows the figure as pending).
   */
  async tables(profile: ClassificationProfile, revisionId: string, measure: MeasureCode, k: number): Promise<ProtectedTables>;
  async tables(profile: ClassificationProfile, revisionId: string, measure: MeasureCode, k: number, storedOnly: true): Promise<ProtectedTables | null>;
  async tables(profile: ClassificationProfile, revisionId: string, measure: MeasureCode, k: number, storedOnly = false): Promise<ProtectedTables | null> {
    return (await this.resolve(profile, revisionId, measure, k, storedOnly, undefined))?.tables ?? null;
  }

  /** The protected tables with the earlier revisions they were protected against (`contextKey`: the key of what they answer). */
  private async resolve(
    profile: ClassificationProfile,
    revisionId: string,
    measure: MeasureCode,
    k: number,
    storedOnly: boolean,
    detail: string | undefined,
  ): Promise<{ tables: ProtectedTables; kind: ProtectionKind; context: string } | null> {
    const kind = this.kindOf(measure, k);
    if (kind === 'funnel' && (detail === undefined || !FUNNEL_STAGES.includes(detail))) throw new Error('The funnel is protected by stage: name the stage');
    const context = contextKey(kind, isJoint(kind) ? await this.earlierRevisions(revisionId) : []);
    const key = this.key(profile, revisionId, kind, k, context);
    if (storedOnly && !this.cache.has(key)) {
      const place = await this.place(revisionId);
      if (!place) return null;
      const [row] = await this.repo.storedProtections([{ zone: place.zone, revision: revisionId, kind, context }], k);
      if (!row) return null;
      await this.loadStored(profile, [row]);
      if (!this.cache.has(key)) return null;
    }
    const result = await this.cached(key, () => this.compute(profile, revisionId, kind, k, context));
    const tables = tablesOf(result, kind, measure, detail)!;
    return { tables, kind, context };
  }

  /**
   * What the protected tables of a revision answer for the sum over `categories` (null: all) and
   * `values` of one classification (`ProtectedTables.count`). The answer is kept to be stored by
   * `saveCounts` (`protected_count`), so `ProtectedCounts.storedAnswers` finds it next time without the tables.
   */
  async count(profile: ClassificationProfile, revisionId: string, measure: MeasureCode, k: number, categories: string[] | null, dimension: string, values: string[], detail?: string): Promise<number | null> {
    const { tables, kind, context } = (await this.resolve(profile, revisionId, measure, k, false, detail))!;
    const value = await tables.count(categories, dimension, values);
    const place = await this.place(revisionId);
    if (place) {
      this.unsaved.push({ zone: place.zone, revision: revisionId, kind, threshold: k, context, measure: answerMeasure(measure, detail), query: countQueryKey(categories, dimension, values), profile: profile.code, items: itemCount(profile, 'headcount'), value });
    }
    return value;
  }

  /** Answers of `count` not stored yet. */
  private unsaved: CountWrite[] = [];

  /** Stores the answers of `count` given since the last call (one statement per 5,000; an answer already stored is the same). */
  async saveCounts(): Promise<void> {
    const rows = this.unsaved;
    this.unsaved = [];
    await this.repo.insertCounts(rows);
  }

  /**
   * Answers, for a revision about to be published (`to`, with the earlier revisions it is published
   * against), the questions answered until now for `from` — the revision published in its place, or
   * the same revision published against other earlier revisions — at threshold k, and stores the
   * answers (`protected_count`). The protection worker calls it before it publishes a correction:
   * every page and national table computed again after the publication then reads stored answers,
   * instead of loading the new protections and counting on the request path, where a national table
   * waited for it for up to a second and every request admitted meanwhile with it (the tail of the
   * benchmark's mix). The protections are read once each and not kept. Resolves to how many answers
   * were stored.
   */
  async carryAnswers(profile: ClassificationProfile, from: string, to: RevisionPlace, k: number): Promise<number> {
    const questions = await this.repo.answeredQuestions(to.zone, from, k, profile.code);
    if (!questions.length) return 0;
    this.rememberPlace(to.revision, { zone: to.zone, period: to.period });
    const read = new Map<string, Promise<Protection>>();
    const rows: CountWrite[] = [];
    for (const { measure: asked, query } of questions) {
      const [measure, stage] = asked.split(':') as [MeasureCode, string | undefined];
      const kind = this.kindOf(measure, k);
      const context = contextKey(kind, to.earlier);
      const key = this.key(profile, to.revision, kind, k, context);
      let protection = this.cache.get(key) ?? read.get(key);
      if (!protection) read.set(key, (protection = this.compute(profile, to.revision, kind, k, context)));
      const result = await protection;
      const tables = tablesOf(result, kind, measure, stage);
      if (!tables) continue;
      const { categories, dimension, values } = parseCountQueryKey(query);
      const value = await tables.count(categories, dimension, values);
      rows.push({ zone: to.zone, revision: to.revision, kind, threshold: k, context, measure: asked, query, profile: profile.code, items: itemCount(profile, 'headcount'), value });
    }
    await this.repo.insertCounts(rows);
    return rows.length;
  }

  /**
   * Makes sure one protection is stored (the protection worker): `context` (`contextKey`) names the
   * earlier quarters' current revisions as the caller found them in the database (not the
   * few-seconds memory of `earlierRevisions`), so a corrected earlier quarter is taken into account at once.
   * The protection is in memory while it is computed (a request asking for it meanwhile waits for
   * it), then only in `protected_table`: the worker computes protections for every correction, and
   * kept in memory they pushed out what requests read (≈ 240 KB each at scale L).
   */
  async ensure(profile: ClassificationProfile, revisionId: string, kind: ProtectionKind, k: number, context: string): Promise<void> {
    const key = this.key(profile, revisionId, kind, k, context);
    if (this.cache.has(key)) return void (await this.cache.get(key));
    const computing = this.compute(profile, revisionId, kind, k, context);
    this.remember(key, computing);
    try {
      await computing;
    } finally {
      if (this.cache.get(key) === computing) this.cache.delete(key);
    }
  }

  /**
   * How a measure at threshold k is protected: with the quarter (linked: researchers, or management
   * with LINK_QUARTERS_FOR_MANAGEMENT); for management otherwise, the flows as 4-quarter windows and
   * the headcount on its own; the funnel always by stage as 4-quarter windows (`protectFunnel`).
   */
  kindOf(measure: MeasureCode, k: number): ProtectionKind {
    if (measure === 'funnel') return measure;
    if (k >= this.config.kResearch || this.config.linkQuartersForManagement) return 'quarter';
    return (WINDOW_MEASURES as readonly string[]).includes(measure) ? 'window' : measure;
  }

  /** Whether a measure at threshold k is published as 4-quarter windows: its table for quarter q sums the quarters q − 3 … q. */
  windowed(measure: MeasureCode, k: number): boolean {
    const kind = this.kindOf(measure, k);
    return k > 1 && (kind === 'window' || kind === 'funnel');
  }

  /** The kinds of protection the dashboards at threshold k ask for. */
  kindsAt(k: number): ProtectionKind[] {
    return [...new Set((['headcount', 'hires', 'promotions', 'separations', 'funnel'] as const).map((m) => this.kindOf(m, k)))];
  }

  private key(profile: ClassificationProfile, revisionId: string, kind: ProtectionKind, k: number, context: string): string {
    return `${profile.code}|${revisionId}|${context}|${kind}|${k}`;
  }

  /** Reads a stored protection, else computes it (the LP audit) and stores it. */
  private async compute(profile: ClassificationProfile, revisionId: string, kind: ProtectionKind, k: number, context: string): Promise<Protection> {
    const place = await this.place(revisionId);
    if (place) {
      const stored = await this.repo.storedProtections([{ zone: place.zone, revision: revisionId, kind, context }], k);
      const found = stored[0] ? await this.fromStored(profile, stored[0]) : null;
      if (found) return found;
      // A correction that left this protection's counts as they were (a correction of the headcount
      // leaves the flows' and the funnel's): the pattern of the revision it corrects, not the LP again.
      const same = await this.repo.sameInputProtection(place.zone, revisionId, kind, k, context, profile.code, measuresOf(kind));
      const reused = same ? await this.fromStored(profile, { ...same, revision: revisionId }) : null;
      if (same && reused) {
        await this.repo.insertProtection({ zone: place.zone, revision: revisionId, kind, threshold: k, context, profile: profile.code, items: same.items, hidden: same.hidden, computeMs: 0 });
        this.reused += 1;
        return reused;
      }
    }
    const started = Date.now();
    let result: Protection;
    let hidden: boolean[];
    if (kind === 'quarter') {
      const read = await this.leavesOf(profile, [...LINKED_MEASURES.map((m) => [revisionId, m] as const), ...(context === '0' ? [] : [[context, 'headcount'] as const])]);
      const current = Object.fromEntries(LINKED_MEASURES.map((m) => [m, read.get(`${revisionId}|${m}`) ?? []])) as Record<LinkedMeasure, LeafCount[]>;
      const quarter = await protectQuarter(profile, current, context === '0' ? null : (read.get(`${context}|headcount`) ?? []), k);
      result = quarter;
      hidden = LINKED_MEASURES.flatMap((m) => quarter[m].hidden);
    } else if (kind === 'window') {
      // Each flow over the quarters q − 4 … q (the window and the one before it), null without a return.
      const quarters = [...windowRevisions(context, WINDOW_QUARTERS).reverse(), revisionId];
      const read = await this.leavesOf(profile, quarters.flatMap((r) => (r === null ? [] : WINDOW_MEASURES.map((m) => [r, m] as const))));
      const windows: Partial<Record<WindowMeasure, ProtectedTables>> = {};
      for (const m of WINDOW_MEASURES) windows[m] = await protectWindow(profile, quarters.map((r) => (r === null ? null : (read.get(`${r}|${m}`) ?? []))), k);
      result = windows;
      hidden = WINDOW_MEASURES.flatMap((m) => windows[m]!.hidden);
    } else if (kind === 'funnel') {
      const quarters = [...windowRevisions(context, WINDOW_QUARTERS).reverse(), revisionId];
      const read = await this.leavesOf(profile, quarters.flatMap((r) => (r === null ? [] : [[r, 'funnel'] as const])));
      const stages = await protectFunnel(profile, quarters.map((r) => (r === null ? null : stagesOf(read, r))), k);
      result = stages;
      hidden = FUNNEL_STAGES.flatMap((stage) => stages[stage]!.hidden);
    } else {
      const tables = await protectTables(profile, await this.repo.leaves(revisionId, kind), k, { measure: kind });
      result = tables;
      hidden = tables.hidden;
    }
    this.computed += 1;
    if (place) {
      // Revisions never change (their cells are written once, with the revision), so the pattern
      // stays right for this key; a concurrent writer stores the same pattern (it is deterministic).
      await this.repo.insertProtection({ zone: place.zone, revision: revisionId, kind, threshold: k, context, profile: profile.code, items: hidden.length, hidden: encodeBits(hidden), computeMs: Date.now() - started });
    }
    return result;
  }

  /** How many protections this instance computed (not read from the table): for tests and the benchmark. */
  computed = 0;
  /** How many protections this instance took from another revision with the same counts (`sameInputProtection`) instead of computing them. */
  reused = 0;
  /** How many stored protections this instance loaded with their leaves (in batches: `prefetch`): for tests. */
  loaded = 0;

  /** Tables from a stored pattern and the revision's leaves; null when it does not fit the profile (then computed again). */
  private async fromStored(profile: ClassificationProfile, row: StoredProtectionRow, leaves?: Map<string, LeafCount[]>): Promise<Protection | null> {
    if (row.profile !== profile.code) return null;
    // The tables of a window or a joint quarter have no feeder rows: one length each.
    const n = itemCount(profile, null);
    const load = async (m: MeasureCode, revision = row.revision) => leaves?.get(`${revision}|${m}`) ?? (leaves ? [] : await this.repo.leaves(revision, m));
    if (row.kind === 'window') {
      if (row.items !== n * WINDOW_MEASURES.length) return null;
      const bits = decodeBits(row.hidden, row.items);
      // The window's quarters q − 3 … q: without all four, no window (its tables withheld whole).
      const span = [...windowRevisions(row.context, WINDOW_QUARTERS - 1), row.revision];
      const out: Partial<Record<WindowMeasure, ProtectedTables>> = {};
      for (const [i, m] of WINDOW_MEASURES.entries()) {
        const window = windowLeaves(await Promise.all(span.map((r) => (r === null ? null : load(m, r)))), WINDOW_QUARTERS - 1);
        const t = publishStored(profile, window ?? [], bits.slice(i * n, (i + 1) * n), null);
        if (!t) return null;
        out[m] = t;
      }
      return out;
    }
    if (row.kind === 'funnel') {
      if (row.items !== n * FUNNEL_STAGES.length) return null;
      const bits = decodeBits(row.hidden, row.items);
      const span = [...windowRevisions(row.context, WINDOW_QUARTERS - 1), row.revision];
      const read = leaves ?? (await this.leavesOf(profile, span.flatMap((r) => (r === null ? [] : [[r, 'funnel'] as const]))));
      const out: Partial<Record<string, ProtectedTables>> = {};
      for (const [i, stage] of FUNNEL_STAGES.entries()) {
        const window = windowLeaves(span.map((r) => (r === null ? null : (read.get(`${r}|funnel:${stage}`) ?? []))), WINDOW_QUARTERS - 1);
        const t = publishStored(profile, window ?? [], bits.slice(i * n, (i + 1) * n), null);
        if (!t) return null;
        out[stage] = t;
      }
      return out;
    }
    if (row.kind === 'quarter') {
      if (row.items !== n * LINKED_MEASURES.length) return null;
      const bits = decodeBits(row.hidden, row.items);
      const out: Partial<Record<LinkedMeasure, ProtectedTables>> = {};
      for (const [i, m] of LINKED_MEASURES.entries()) {
        const t = publishStored(profile, await load(m), bits.slice(i * n, (i + 1) * n), null);
        if (!t) return null;
        out[m] = t;
      }
      return out as Record<LinkedMeasure, ProtectedTables>;
    }
    if (row.items !== itemCount(profile, row.kind)) return null;
    return publishStored(profile, await load(row.kind as MeasureCode), decodeBits(row.hidden, row.items), row.kind);
  }

  /**
   * Puts stored protections in the memory cache: the leaves of LOAD_CHUNK revisions per query (a
   * national table has ~1,000 revisions and 700,000 leaves; read at once they made the process's
   * memory jump by hundreds of megabytes for a moment, which it then keeps).
   */
  private async loadStored(profile: ClassificationProfile, rows: StoredProtectionRow[]): Promise<void> {
    const revisions = [...new Set(rows.map((r) => r.revision))];
    for (let i = 0; i < revisions.length; i += LOAD_CHUNK) {
      const chunk = new Set(revisions.slice(i, i + LOAD_CHUNK));
      await this.loadStoredChunk(profile, rows.filter((r) => chunk.has(r.revision)));
    }
  }

  private async loadStoredChunk(profile: ClassificationProfile, rows: StoredProtectionRow[]): Promise<void> {
    if (!rows.length) return;
    const pairs = [
      ...new Set(
        rows.flatMap((r) => {
          if (r.kind === 'window') return [r.revision, ...windowRevisions(r.context, WINDOW_QUARTERS - 1).filter((x) => x !== null)].flatMap((rev) => WINDOW_MEASURES.map((m) => `${rev}|${m}`));
          if (r.kind === 'funnel') return [r.revision, ...windowRevisions(r.context, WINDOW_QUARTERS - 1).filter((x) => x !== null)].map((rev) => `${rev}|funnel`);
          return (r.kind === 'quarter' ? LINKED_MEASURES : [r.kind]).map((m) => `${r.revision}|${m}`);
        }),
      ),
    ].map((p) => p.split('|') as [string, MeasureCode]);
    const leaves = await this.leavesOf(profile, pairs);
    for (const row of rows) {
      const key = this.key(profile, row.revision, row.kind, row.threshold, row.context);
      if (this.cache.has(key)) continue;
      const tables = await this.fromStored(profile, row, leaves);
      if (tables) {
        this.remember(key, Promise.resolve(tables));
        this.loaded += 1;
      }
    }
  }

  /**
   * The leaves of many revisions and measures in one query, by `${revision}|${measure}` (the funnel
   * by stage: `${revision}|funnel:${stage}`): required
   * classifications as text columns (no JSONB to parse per leaf); a missing value is "not declared",
   * as in the cube. Optional classifications are summed over (the cube has none).
   */
  private async leavesOf(profile: ClassificationProfile, pairs: readonly (readonly [string, MeasureCode])[]): Promise<Map<string, LeafCount[]>> {
    const dims = profile.dimensions.filter((d) => !d.optional).map((d) => ({ code: d.code, notDeclared: d.values.find((v) => v.notDeclared)?.code ?? '' }));
    const leafRows = await this.repo.leafRows(dims, pairs);
    const leaves = new Map<string, LeafCount[]>();
    for (const l of leafRows) {
      const key = `${l.revision}|${l.measure}`;
      let list = leaves.get(key);
      if (!list) leaves.set(key, (list = []));
      const classes: Record<string, string> = {};
      dims.forEach((d, i) => (classes[d.code] = l[`d${i}`]!));
      list.push({ category: l.category, classes, count: l.count });
    }
    return leaves;
  }

  /**
   * Makes the protections of many revisions (`places`, from `ProtectedCounts.placesOf`) at threshold k ready to
   * read with few queries (a national table): the stored patterns and the leaves of all of them at
   * once. Returns the revisions with some kind still missing (neither in memory nor stored).
   * `kinds`: those the figures ask of (default: every kind the dashboards ask for).
   */
  async prefetch(profile: ClassificationProfile, places: readonly RevisionPlace[], k: number, kinds: readonly ProtectionKind[] = this.kindsAt(k)): Promise<Set<string>> {
    if (!places.length) return new Set();
    const wanted = places.flatMap((p) =>
      kinds.map((kind) => {
        const context = contextKey(kind, p.earlier);
        return { ...p, kind, context, key: this.key(profile, p.revision, kind, k, context) };
      }),
    );
    const missing = wanted.filter((w) => !this.cache.has(w.key));
    if (missing.length) {
      await this.loadStored(profile, await this.repo.storedProtections(missing, k));
    }
    return new Set(wanted.filter((w) => !this.cache.has(w.key)).map((w) => w.revision));
  }

  /**
   * Remembers where revisions are and the earlier quarters' revisions they are keyed on, as just
   * read by `ProtectedCounts.placesOf` (for `place` and `earlierRevisions`: a protection loaded or
   * computed next needs them).
   */
  rememberPlaces(places: readonly RevisionPlace[]): void {
    const now = Date.now();
    for (const p of places) {
      this.rememberPlace(p.revision, { zone: p.zone, period: p.period });
      this.earlierSeen.set(p.revision, { revisions: p.earlier, at: now });
    }
  }

  /** Zone and quarter of each revision seen (they never change). */
  private readonly revisionPlace = new Map<string, { zone: number; period: string }>();
  /** The earlier quarters' revisions by revision (`earlierRevisions`), remembered for a few seconds: one figure asks for many counts. */
  private readonly earlierSeen = new Map<string, { revisions: (string | null)[]; at: number }>();

  /** Zone and quarter of a revision. */
  private async place(revisionId: string): Promise<{ zone: number; period: string } | null> {
    const place = this.revisionPlace.get(revisionId);
    if (place) return place;
    const [row] = await this.repo.revisionZone(revisionId);
    if (!row) return null;
    this.rememberPlace(revisionId, row);
    return row;
  }

  private rememberPlace(revisionId: string, place: { zone: number; period: string }): void {
    this.revisionPlace.set(revisionId, place);
    if (this.revisionPlace.size > PLACES_SIZE * 4) this.revisionPlace.delete(this.revisionPlace.keys().next().value!);
  }

  /**
   * The revisions of the same zone's quarters q − 1 … q − 4 a revision's protections are keyed on
   * (null: no return): for the published revision, those it was published with (`publication`);
   * for any other, the current ones.
   */
  private async earlierRevisions(revisionId: string): Promise<(string | null)[]> {
    const place = await this.place(revisionId);
    if (!place) return [];
    const seen = this.earlierSeen.get(revisionId);
    if (seen && Date.now() - seen.at < EARLIER_TTL_MS) return seen.revisions;
    // One rule for both cases, the one `ProtectedCounts.placesOf` reads (`DisclosureRepository.places`).
    const [read] = await this.repo.places([revisionId], earlierByPeriod([place.period]));
    const revisions = earlierPeriods(place.period).map((_, i) => read?.earlier[i] ?? null);
    this.earlierSeen.set(revisionId, { revisions, at: Date.now() });
    if (this.earlierSeen.size > PLACES_SIZE) this.earlierSeen.delete(this.earlierSeen.keys().next().value!);
    return revisions;
  }

  private cached(key: string, compute: () => Promise<Protection>): Promise<Protection> {
    const hit = this.cache.get(key);
    if (hit) return hit;
    const computing = compute();
    this.remember(key, computing);
    return computing;
  }

  private remember(key: string, value: Promise<Protection>): void {
    value.catch(() => this.cache.delete(key));
    this.cache.set(key, value);
  }

}

/** The measures whose cells of the revision itself a protection of some kind is computed from (the earlier revisions' are named by its context). */
function measuresOf(kind: ProtectionKind): readonly MeasureCode[] {
  if (kind === 'quarter') return LINKED_MEASURES;
  if (kind === 'window') return WINDOW_MEASURES;
  return [kind];
}

/** The funnel's leaves of one revision by stage, from `leavesOf`. */
function stagesOf(read: Map<string, LeafCount[]>, revision: string): Record<string, LeafCount[]> {
  return Object.fromEntries(FUNNEL_STAGES.map((stage) => [stage, read.get(`${revision}|funnel:${stage}`) ?? []]));
}

/** The quarters q − 1 … q − 4 of quarter q (the context of a linked or window protection). */
export function earlierPeriods(period: string): string[] {
  return Array.from({ length: WINDOW_QUARTERS }, (_, i) => addQuarters(period, -(i + 1)));
}

/** The JSON `DisclosureRepository.places` reads: each of `periods` with its quarters q − 1 … q − 4. */
export function earlierByPeriod(periods: Iterable<string>): string {
  return JSON.stringify(Object.fromEntries([...new Set(periods)].map((p) => [p, earlierPeriods(p)])));
}

/** The earlier revisions q − 1 … q − n named by a `window` context key (null: no return). */
function windowRevisions(context: string, n: number): (string | null)[] {
  const list = context.split(',');
  return Array.from({ length: n }, (_, i) => (list[i] && list[i] !== '0' ? list[i]! : null));
}
