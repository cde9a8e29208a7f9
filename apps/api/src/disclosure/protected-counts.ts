import { Inject, Injectable } from '@nestjs/common';
import { type Aggregate, aggregateCounter, type ClassificationProfile, type Counter, type CountQuery, countKey, periodsTo, WINDOW_QUARTERS } from '@equity/shared';
import type { AppConfig } from '../config/config.js';
import { APP_CONFIG } from '../config/config.module.js';
import { AnalyticsRepository } from '../analytics/analytics.repository.js';
import { itemCount } from './cube.js';
import { DisclosureRepository } from './disclosure.repository.js';
import { answerKey, answerMeasure, contextKey, countQueryKey, DisclosureService, earlierByPeriod, type ProtectionKind, type RevisionPlace } from './disclosure.service.js';

/** Zones whose protections one step of `runMany` loads and counts together. */
const ZONE_CHUNK = 10;

export interface CountInput {
  profile: ClassificationProfile;
  zoneId: number;
  dimension: string;
  threshold: number;
  aggregates: Aggregate[];
}

/**
 * Counts for the figures of callers under disclosure control. A count is answered only when the
 * protected tables of its quarters publish it or determine it (then it tells nothing new); every
 * other count is NaN — withheld — and so is every figure built on it. Counts of one detail (a
 * separation reason, an entry type) are not in the published tables and are always withheld; a
 * funnel stage is a table of its own (published as 4-quarter windows, `protectFunnel`).
 * Where a flow is published as 4-quarter windows (`DisclosureService.windowed`: management), a
 * count of it is answered only over exactly the four quarters to some quarter q, from the window
 * table of q; over any other quarters it is withheld (a quarter's flows are never published).
 * Whether a measure was supplied (`CountQuery.supplied`) is no count: it is answered from the cells
 * the revisions read have (`suppliedMeasures`), to every caller.
 *
 * What it only reads (the revisions shown, where they are, the stored answers) it asks of the
 * repositories itself; `DisclosureService` is asked only for protections (memory, `protected_table`,
 * or computed): a request answered from stored answers reaches its SQL in four files.
 */
@Injectable()
export class ProtectedCounts {
  constructor(
    private readonly repo: DisclosureRepository,
    private readonly analytics: AnalyticsRepository,
    private readonly disclosure: DisclosureService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /**
   * Runs a computation with the right counter: plain sums for full access (k = 1); otherwise
   * twice — first to learn which counts it asks for, then with those counts answered from the
   * protected tables. Protections not stored yet are computed here (one zone: seconds at most).
   */
  async run<T>(input: CountInput, compute: (count: Counter) => T): Promise<T> {
    const [out] = await this.runMany([input], () => compute, Number.POSITIVE_INFINITY);
    return out!.value;
  }

  /**
   * The same for many zones (a national table), with the protected tables of all of them loaded
   * together (`DisclosureService.prefetch`: a few queries, not a few per zone and quarter). At most
   * `inlineMax` (default DISCLOSURE_INLINE_MAX) missing protections are computed on the request
   * path; a zone needing one beyond that is `pending`: every count withheld (NaN) until the
   * protection worker has stored its protections. Withholding is always safe; computing the
   * protections of 185 zones here would take an hour.
   */
  async runMany<T>(
    inputs: CountInput[],
    computeOf: (input: CountInput, index: number) => (count: Counter) => T,
    inlineMax = this.config.disclosureInlineMax,
    places: PlacesRead = new Map(),
  ): Promise<{ value: T; pending: boolean }[]> {
    // ZONE_CHUNK zones at a time: their protections fit in the memory cache together, which then
    // need not hold a whole national table's (≈ 1,850 protections, ≈ 440 MB at scale L).
    const budget = { left: inlineMax };
    const out: { value: T; pending: boolean }[] = [];
    for (let start = 0; start < inputs.length; start += ZONE_CHUNK) {
      out.push(...(await this.runChunk(inputs.slice(start, start + ZONE_CHUNK), (input, i) => computeOf(input, start + i), budget, places)));
    }
    return out;
  }

  /**
   * Where each revision is and the earlier quarters' revisions its protections are keyed on
   * (`RevisionPlace`), read now in one query: `revisions` are pairs of a revision and its quarter.
   * `read` holds the places already read by the same piece of work (an export's chunk asks for its
   * figures and then for its count rows): only the others are read, and added to it. The places
   * are handed to `DisclosureService` (for the protections it then loads or computes).
   */
  async placesOf(revisions: Iterable<readonly [revision: string, period: string]>, read: PlacesRead = new Map()): Promise<PlacesRead> {
    const todo = new Map([...revisions].filter(([revision]) => !read.has(revision)));
    if (!todo.size) return read;
    const places = await this.repo.places([...todo.keys()], earlierByPeriod(todo.values()));
    this.disclosure.rememberPlaces(places);
    for (const p of places) read.set(p.revision, p);
    return read;
  }

  /**
   * Loads the protections of `revisions` (pairs of a revision and its quarter) at threshold k
   * together, of the `kinds` asked (`DisclosureService.prefetch`), for an export's count rows.
   */
  async prefetch(profile: ClassificationProfile, revisions: Iterable<readonly [string, string]>, k: number, kinds: readonly ProtectionKind[], read: PlacesRead = new Map()): Promise<void> {
    const list = [...revisions];
    const places = await this.placesOf(list, read);
    await this.disclosure.prefetch(profile, [...new Set(list.map(([r]) => r))].flatMap((r) => places.get(r) ?? []), k, kinds);
  }

  /**
   * The stored answers (`protected_count`) of the revisions of `places` at threshold k, for their
   * protections as they stand now (keyed by the earlier revisions of `contextKey`): a map from
   * `answerKey(revision, measure, countQueryKey(…))` to the count, or null where it is withheld.
   */
  async storedAnswers(profile: ClassificationProfile, places: readonly RevisionPlace[], k: number, kinds: readonly ProtectionKind[]): Promise<Map<string, number | null>> {
    const out = new Map<string, number | null>();
    const wanted = places.flatMap((p) => kinds.map((kind) => ({ ...p, kind, context: contextKey(kind, p.earlier) })));
    if (!wanted.length) return out;
    for (const r of await this.repo.storedCounts(wanted, k, profile.code, itemCount(profile, 'headcount'))) out.set(answerKey(r.revision, r.measure, r.query), r.value);
    return out;
  }

  private async runChunk<T>(
    inputs: CountInput[],
    computeOf: (input: CountInput, index: number) => (count: Counter) => T,
    budget: { left: number },
    read: PlacesRead,
  ): Promise<{ value: T; pending: boolean }[]> {
    const asked = inputs.map((input, i) => {
      if (input.threshold <= 1) return null;
      const queries = new Map<string, CountQuery>();
      computeOf(input, i)((q) => {
        queries.set(countKey(q), q);
        return 1;
      });
      return queries;
    });
    const protectedZones = inputs.map((input, i) => (asked[i] ? input.zoneId : null)).filter((z): z is number => z !== null);
    const periods = [...new Set(asked.flatMap((a) => (a ? [...a.values()].flatMap((q) => q.periods) : [])))];
    const revisions = protectedZones.length ? await this.revisions([...new Set(protectedZones)], periods) : new Map<number, Map<string, string[]>>();
    const groupOf = (input: CountInput) => `${input.profile.code}|${input.threshold}`;
    // The revisions each zone's questions ask about, and the questions themselves (null: always withheld).
    const plans = inputs.map((input, i) => {
      const queries = asked[i];
      if (!queries) return null;
      const zoneRevisions = revisions.get(input.zoneId) ?? new Map<string, string[]>();
      const dimension = input.profile.dimensions.find((d) => d.code === input.dimension);
      const questions = [...queries].map(([key, q]) => {
        const window = this.disclosure.windowed(q.measure, input.threshold);
        if (q.supplied) return { key, q, periods: q.periods, withheld: false, supplied: true, query: '' };
        return {
          key,
          q,
          supplied: false,
          // The quarters whose revisions answer it: a window's count is its last quarter's (the window table).
          periods: window ? q.periods.slice(-1) : q.periods,
          // A count of one detail is withheld, except a funnel stage: the funnel is published by stage (as windows).
          withheld: (q.detail !== undefined) !== (q.measure === 'funnel') || !dimension || dimension.optional || (window && !isWindow(q.periods, zoneRevisions)),
          query: countQueryKey(q.categories, input.dimension, q.values),
        };
      });
      // The revisions whose protections answer the counts; a `supplied` question needs only their cells.
      const revisionsOf = (list: typeof questions) => [...new Set(list.flatMap(({ periods }) => periods.flatMap((p) => zoneRevisions.get(p) ?? [])))];
      const revisionIds = revisionsOf(questions.filter((x) => !x.supplied));
      return { zoneRevisions, questions, revisionIds, suppliedRevisionIds: revisionsOf(questions.filter((x) => x.supplied)) };
    });
    // The revisions of the zones (of `only` of them) by profile and threshold, with their places.
    // The kinds of protection the questions ask of (a national table asks nothing of the funnel:
    // its zones need not wait for the funnel's protections).
    const byGroup = (only: (i: number) => boolean) => {
      const groups = new Map<string, { profile: ClassificationProfile; k: number; places: Map<string, RevisionPlace>; kinds: Set<ProtectionKind> }>();
      inputs.forEach((input, i) => {
        const plan = plans[i];
        if (!plan || !only(i)) return;
        const g = groups.get(groupOf(input)) ?? { profile: input.profile, k: input.threshold, places: new Map<string, RevisionPlace>(), kinds: new Set<ProtectionKind>() };
        for (const r of plan.revisionIds) if (places.has(r)) g.places.set(r, places.get(r)!);
        for (const { q, withheld, supplied } of plan.questions) if (!withheld && !supplied) g.kinds.add(this.disclosure.kindOf(q.measure, input.threshold));
        groups.set(groupOf(input), g);
      });
      return [...groups].map(([key, g]) => [key, { ...g, places: [...g.places.values()], kinds: [...g.kinds] }] as const);
    };
    // The places of the revisions whose protections answer the counts (each with its quarter).
    const places = await this.placesOf(
      plans.flatMap((plan) => {
        if (!plan) return [];
        const wanted = new Set(plan.revisionIds);
        return [...plan.zoneRevisions].flatMap(([period, ids]) => ids.filter((r) => wanted.has(r)).map((r) => [r, period] as const));
      }),
      read,
    );
    // The measures the revisions read supplied, and the answer to a `supplied` question: 1 when every
    // quarter asked has a revision with a cell of the measure.
    const measuresOf = await this.analytics.suppliedMeasures(plans.flatMap((p) => p?.suppliedRevisionIds ?? []));
    const suppliedAnswer = (plan: NonNullable<(typeof plans)[number]>, q: CountQuery) =>
      q.periods.every((p) => (plan.zoneRevisions.get(p) ?? []).some((r) => measuresOf.get(r)?.has(q.measure))) ? 1 : 0;
    // Stored answers first (`protected_count`): a zone whose every question is answered there needs
    // neither its protections nor its leaves.
    const stored = new Map<string, Map<string, number | null>>();
    for (const [key, g] of byGroup(() => true)) stored.set(key, await this.storedAnswers(g.profile, g.places, g.k, g.kinds));
    // A question's answer: the sum over its quarters and revisions, withheld (NaN) from the first
    // withheld part on (the parts after it are not asked: they would not change the answer).
    const sumOf = async (plan: NonNullable<(typeof plans)[number]>, periods: string[], part: (revisionId: string) => Promise<number | null | undefined>): Promise<number | undefined> => {
      let sum = 0;
      for (const period of periods) {
        for (const revisionId of plan.zoneRevisions.get(period) ?? []) {
          const n = await part(revisionId);
          if (n === undefined) return undefined;
          if (n === null) return Number.NaN;
          sum += n;
        }
      }
      return sum;
    };
    // Every question of the zone answered from the stored answers, or null when one is missing.
    const fromStored = await Promise.all(
      inputs.map(async (input, i) => {
        const plan = plans[i];
        if (!plan) return null;
        const answers = stored.get(groupOf(input))!;
        const out = new Map<string, number>();
        for (const { key, q, periods, withheld, supplied, query } of plan.questions) {
          if (supplied) {
            out.set(key, suppliedAnswer(plan, q));
            continue;
          }
          const sum = withheld ? Number.NaN : await sumOf(plan, periods, async (r) => answers.get(answerKey(r, answerMeasure(q.measure, q.detail), query)));
          if (sum === undefined) return null;
          out.set(key, sum);
        }
        return out;
      }),
    );
    const answeredAll = fromStored.map((a) => a !== null);
    // The other zones: their protections loaded together (stored ones), the missing ones counted.
    const missing = new Set<string>();
    for (const [key, g] of byGroup((i) => !answeredAll[i])) for (const r of await this.disclosure.prefetch(g.profile, g.places, g.k, g.kinds)) missing.add(`${key}|${r}`);
    const out: { value: T; pending: boolean }[] = [];
    for (const [i, input] of inputs.entries()) {
      const compute = computeOf(input, i);
      const plan = plans[i];
      if (!plan) {
        out.push({ value: compute(aggregateCounter(input.aggregates)), pending: false });
        continue;
      }
      if (!answeredAll[i]) {
        const needed = plan.revisionIds.filter((r) => missing.has(`${groupOf(input)}|${r}`));
        if (needed.length > budget.left) {
          out.push({ value: compute(() => Number.NaN), pending: true });
          continue;
        }
        budget.left -= needed.length;
      }
      let answers = fromStored[i];
      if (!answers) {
        answers = new Map<string, number>();
        for (const { key, q, periods, withheld, supplied } of plan.questions) {
          if (supplied) {
            answers.set(key, suppliedAnswer(plan, q));
            continue;
          }
          const sum = withheld
            ? Number.NaN
            : await sumOf(plan, periods, (revisionId) => this.disclosure.count(input.profile, revisionId, q.measure, input.threshold, q.categories, input.dimension, q.values, q.detail));
          answers.set(key, sum!);
        }
      }
      out.push({ value: compute((q) => answers.get(countKey(q)) ?? Number.NaN), pending: false });
    }
    await this.disclosure.saveCounts();
    return out;
  }

  /**
   * The revisions callers under disclosure control are shown, by zone and quarter (of the given
   * quarters), with the zones merged into each: the published revision (`publication`: its
   * protections are all stored), else the current one.
   */
  private async revisions(zoneIds: number[], periods: string[]): Promise<Map<number, Map<string, string[]>>> {
    const rows = await this.repo.shownRevisions(zoneIds, periods);
    const out = new Map<number, Map<string, string[]>>();
    for (const r of rows) {
      const byPeriod = out.get(r.root) ?? new Map<string, string[]>();
      byPeriod.set(r.period, [...(byPeriod.get(r.period) ?? []), r.revision]);
      out.set(r.root, byPeriod);
    }
    return out;
  }
}

/** Places of revisions read by one piece of work, by revision (`ProtectedCounts.placesOf`). */
export type PlacesRead = Map<string, RevisionPlace>;

/**
 * Whether quarters are one window a window table answers: exactly the four quarters to the last,
 * each with one current revision of the zone (a merged zone's quarters before the merger hold the
 * revisions of several zones: no window of one revision covers them).
 */
function isWindow(periods: string[], revisions: Map<string, string[]>): boolean {
  const last = periods[periods.length - 1];
  if (last === undefined || periods.length !== WINDOW_QUARTERS) return false;
  const expected = periodsTo(last, WINDOW_QUARTERS);
  return expected.every((p, i) => periods[i] === p && (revisions.get(p)?.length ?? 0) === 1);
}
