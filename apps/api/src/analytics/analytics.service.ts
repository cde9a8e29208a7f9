import { BadRequestException, Injectable, NotFoundException } from '@nestjs/common';
import {
  addQuarters,
  type Aggregate,
  type AnalysisContext,
  aggregateCounter,
  type AvailabilityDto,
  type ClassificationProfile,
  computeZoneMetrics,
  type Counter,
  countsAsked,
  dimensionOf,
  glassCeiling,
  groupSpecs,
  type GlassCeilingDto,
  type Group,
  figureValue,
  type ServedZoneMetrics,
  isPeriod,
  knownCounts,
  metricsPeriods,
  NATIONAL_METRICS,
  nationalDimension,
  type NationalDto,
  type NationalMetric,
  type NationalRow,
  periodIndex,
  periodOf,
  periodRange,
  referenceGroup,
  resolveGroup,
  type SeriesDto,
  type Served,
  sumCounters,
  type ZoneMetrics,
  type ZoneMetricsDto,
  WINDOW_QUARTERS,
} from '@equity/shared';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AuditService } from '../audit/audit.service.js';
import { type PlacesRead, ProtectedCounts } from '../disclosure/protected-counts.js';
import { ProtectionWorker } from '../disclosure/protection-worker.js';
import type { AuthUser } from '../auth/auth-user.js';
import { refusalBody, requestProblem } from '../core/problems.js';
import { serveMetrics, serveRate } from '../core/serve.js';
import { ProfilesService } from '../profiles/profiles.service.js';
import { type ZoneAccess, type ZoneRef, ZonesService } from '../zones/zones.service.js';
import { AnalyticsRepository } from './analytics.repository.js';
import { FiguresCache } from './figures-cache.js';
import { SharedWork } from '../core/shared-work.js';
import { Slots } from '../core/slots.js';

/** Whole national tables an instance keeps (`AnalyticsService.national`). */
const NATIONAL_TABLES_KEPT = 32;
/** National tables computed at once per instance (`tables`). */
const NATIONAL_SLOTS = 2;

export interface AnalysisQuery {
  period?: string;
  /** Rolling window in quarters for flows (default 4). */
  window?: number;
  group?: string;
  reference?: string;
  categories?: string;
}

interface Resolved {
  /** With its data version, read in the same query (before any data the figures are computed from). */
  zone: ZoneRef & { version: string };
  profile: ClassificationProfile;
  threshold: number;
  group: Group;
  reference: Group;
  categories: string[];
  context: AnalysisContext;
}

const MAX_SERIES_QUARTERS = 80;

/** What one zone's metrics are computed for. */
interface MetricsSelection {
  period: string;
  group: Group;
  reference: Group;
  categories: string[];
  windowQuarters: number;
  /** false: no funnel figures (pages that show none; `MetricsOptions.funnel`). */
  funnel?: boolean;
}

/** The cache key of a zone's full-access metrics (FiguresCache; the version is the zone's data version). */
const metricsKey = (zoneId: number, s: MetricsSelection) =>
  `metrics|${zoneId}|${s.period}|${s.group.dimension}:${s.group.code}|${s.reference.dimension}:${s.reference.code}|${s.categories.join(',')}|${s.windowQuarters}|${s.funnel === false ? 'no-funnel' : 'funnel'}`;

/** The first roll-up of the profile (e.g. migration background), else the first non-reference value. */
export function defaultGroup(profile: ClassificationProfile): string {
  const withRollup = profile.dimensions.find((d) => d.rollups?.length);
  if (withRollup) return `${withRollup.code}:${withRollup.rollups![0]!.code}`;
  const d = profile.dimensions[0]!;
  const v = d.values.find((x) => !x.notDeclared && x.code !== d.reference) ?? d.values[0]!;
  return `${d.code}:${v.code}`;
}

/** Served figures of one zone, quarter, group and category selection (exports). */
export interface ExportFigures {
  period: string;
  group: Group;
  reference: Group;
  categories: string[];
  metrics: Served<ZoneMetrics>;
  /** The availability benchmark of the group, if set (the gap is read by `figureValue`). */
  availability: { share: number } | null;
}

/**
 * Which data version a cached figure is keyed by (`zoneWithVersion`, `readableWithVersions`): the
 * full one, or that of callers under disclosure control. Keys shared by both name it, so the two
 * never overwrite each other's entries.
 */
const viewOf = (threshold: number): 'full' | 'protected' => (threshold > 1 ? 'protected' : 'full');

@Injectable()
export class AnalyticsService {
  constructor(
    private readonly zones: ZonesService,
    private readonly profiles: ProfilesService,
    private readonly repo: AnalyticsRepository,
    private readonly audit: AuditService,
    private readonly counts: ProtectedCounts,
    private readonly cache: FiguresCache,
    @InjectDataSource() private readonly db: DataSource,
    worker: ProtectionWorker,
  ) {
    worker.afterProtecting(() => this.warmNational());
  }

  /**
   * Computes the national tables under disclosure control of the latest quarter — management's and
   * researchers' thresholds, every group the national page offers (`nationalDimension`) — so the
   * answers they ask of the protected tables are stored (`protected_count`) before anyone asks:
   * then a national table is read, not computed (docs/performance.md). The protection worker calls
   * it after storing protections. A zone whose answers were warmed at its data version is skipped
   * (`FiguresCache.mark`), so after one write it reads or computes the answers of that zone only.
   */
  async warmNational(): Promise<void> {
    // Both roles read every current zone under disclosure control, so the zones, their versions,
    // the national page's profile (the first zone's) and its latest quarter are read once.
    const { zones, versions } = await this.repo.readableWithVersions(null, true);
    const profileCode = zones[0]?.profileCode;
    if (!profileCode) return;
    const ofProfile = zones.filter((z) => z.profileCode === profileCode);
    const dimension = nationalDimension(await this.profiles.get(profileCode));
    const period = await this.repo.latestPeriod(ofProfile.map((z) => z.id));
    if (!dimension || !period) return; // no data yet: nothing to warm
    for (const role of ['management', 'researcher'] as const) {
      const scope = this.zones.readableScope({ id: 0, username: 'protection-worker', displayName: 'Protection worker', role, zones: [] });
      for (const group of groupSpecs(dimension)) {
        // Only the zones whose answers this instance has not warmed at their data version: after one
        // write, that zone's (a whole table's zones from the cache would exceed FIGURES_CACHE_ENTRIES
        // at scale L, 185 zones × 6 groups × 2 thresholds, and be read again every time).
        const warmed = (z: ZoneRef) => `warmed|${scope.threshold}|${z.id}|${period}|${group}`;
        const todo = ofProfile.filter((z) => !this.cache.marked(warmed(z), versions.byZone.get(z.id) ?? '0'));
        if (!todo.length) continue;
        const { value: table } = await this.tables.run(`warm|${scope.threshold}|${period}|${group}|${todo.map((z) => z.id).join(',')}`, () =>
          this.nationalOf(todo.map((zone) => ({ zone, access: scope.access, threshold: scope.threshold })), versions, 'representation', { group, period }, { refreshOnly: true }),
        );
        todo.forEach((z, i) => {
          if (!table.rows[i]!.pending) this.cache.mark(warmed(z), versions.byZone.get(z.id) ?? '0');
        });
      }
    }
  }

  /** Checks access and resolves the group, reference group and categories of a query. */
  private async resolve(user: AuthUser, zoneCode: string, q: AnalysisQuery): Promise<Resolved> {
    const { zone, threshold } = await this.zones.authorize(user, zoneCode, 'read', (code, granted) => this.repo.zoneWithVersion(code, granted.threshold > 1));
    const profile = await this.profiles.get(zone.profileCode);
    const { group, reference } = this.groups(profile, q);
    const expanded = this.categories(profile, q.categories);
    return {
      zone,
      profile,
      threshold,
      group,
      reference,
      categories: expanded,
      context: {
        zone: zone.code,
        zoneName: zone.name,
        group: { dimension: group.dimension, code: group.code, label: group.label },
        reference: { dimension: reference.dimension, code: reference.code, label: reference.label },
        categories: expanded,
        threshold,
      },
    };
  }

  /**
   * The staff categories of a query's `categories` (comma-separated codes of categories or of
   * category groups, a group standing for its categories); empty = all. Unknown codes are refused
   * with 400, every one named in `errors`, before any figure is computed.
   */
  categories(profile: ClassificationProfile, raw: string | undefined): string[] {
    const codes = (raw ?? '').split(',').map((c) => c.trim()).filter(Boolean);
    const isGroup = (c: string) => profile.categoryGroups.some((g) => g.code === c);
    const unknown = [...new Set(codes.filter((c) => !isGroup(c) && !profile.categories.some((x) => x.code === c)))];
    if (unknown.length) {
      const known = `Use one of: ${profile.categories.map((x) => x.code).join(', ')}, or a category group: ${profile.categoryGroups.map((g) => g.code).join(', ')}.`;
      const problems = unknown.map((c) =>
        requestProblem('categories', 'unknown_code', `"${c}" is not a staff category. ${known}`, c, {
          column: 'categories',
          vocabulary: 'category',
          expected: profile.categories.map((x) => x.code).join(', '),
        }),
      );
      throw new BadRequestException({ ...refusalBody(400, 'Bad Request', problems.map((p) => p.message).join(' ')), errors: problems });
    }
    return [...new Set(codes.flatMap((c) => (isGroup(c) ? profile.categories.filter((x) => x.group === c).map((x) => x.code) : [c])))];
  }

  groups(profile: ClassificationProfile, q: { group?: string; reference?: string }): { group: Group; reference: Group } {
    const spec = q.group ?? defaultGroup(profile);
    const group = resolveGroup(profile, spec);
    if (!group) {
      const examples = profile.dimensions.flatMap((d) => [...d.values.filter((v) => !v.notDeclared).map((v) => `${d.code}:${v.code}`), ...(d.rollups ?? []).map((r) => `${d.code}:${r.code}`)]);
      throw new BadRequestException(`"${spec}" is not a group. Write classification:group, one of: ${examples.join(', ')}.`);
    }
    const reference = q.reference ? resolveGroup(profile, q.reference) : referenceGroup(profile, group.dimension);
    if (!reference || reference.dimension !== group.dimension) {
      throw new BadRequestException(`The reference group must be a group of the same classification (${group.dimension}:…).`);
    }
    if (reference.members.some((m) => group.members.includes(m))) {
      throw new BadRequestException('The group and the reference group overlap; choose a reference group outside the group.');
    }
    return { group, reference };
  }

  private async period(zone: ZoneRef | null, requested: string | undefined): Promise<string> {
    if (requested !== undefined) {
      const p = requested.toUpperCase();
      if (!isPeriod(p)) throw new BadRequestException(`"${requested}" is not a quarter. Write it like 2025-Q3.`);
      return p;
    }
    const latest = await this.repo.latestPeriod(zone ? [zone.id] : null);
    if (!latest) throw new NotFoundException('There is no data yet.');
    return latest;
  }

  private countInput(r: Resolved, aggregates: Aggregate[]) {
    return { profile: r.profile, zoneId: r.zone.id, dimension: r.group.dimension, threshold: r.threshold, aggregates };
  }

  /**
   * The zone's sums for a full-access caller. Callers under disclosure control get their counts
   * from the protected tables only (ProtectedCounts never reads the sums), so no SQL runs for them.
   */
  private async aggregates(r: Pick<Resolved, 'zone' | 'profile' | 'group' | 'threshold'>, from: string, to: string): Promise<Aggregate[]> {
    if (r.threshold > 1) return [];
    return this.repo.zoneAggregates(r.zone.id, dimensionOf(r.profile, r.group.dimension).code, from, to);
  }

  async zoneMetrics(user: AuthUser, zoneCode: string, q: AnalysisQuery): Promise<ZoneMetricsDto> {
    const r = await this.resolve(user, zoneCode, q);
    const windowQuarters = q.window ?? WINDOW_QUARTERS;
    // Served figures cached at the zone's data version (read before the data), per threshold: for
    // callers under disclosure control too — what they see changes only with the zone's data or
    // its publication (docs/privacy.md), and both bump the version.
    const version = r.zone.version;
    const period = q.period !== undefined ? await this.period(r.zone, q.period) : await this.cache.getOrCompute(`latest|${viewOf(r.threshold)}|${r.zone.id}|${periodOf(new Date())}`, version, () => this.period(r.zone, undefined));
    const sel: MetricsSelection = { period, group: r.group, reference: r.reference, categories: r.categories, windowQuarters };
    const figures = await this.cache.getOrCompute(`served|${r.threshold}|${metricsKey(r.zone.id, sel)}`, version, async () => {
      const [metrics, benchmarks] = await Promise.all([
        r.threshold > 1
          ? this.counts.run(this.countInput(r, []), (count) => computeZoneMetrics(r.profile, count, sel))
          : this.fullMetrics(r.zone.id, r.profile, sel, version),
        this.cache.getOrCompute(`availability|${viewOf(r.threshold)}|${r.zone.id}`, version, () => this.repo.availability(r.zone.id)),
      ]);
      return this.withAvailability(r, serveMetrics(metrics, r.threshold), benchmarks);
    });
    return { ...r.context, ...figures };
  }

  private withAvailability(r: Resolved, served: ServedZoneMetrics, benchmarks: AvailabilityDto[]) {
    const benchmark = benchmarks.find((b) => b.dimension === r.group.dimension && b.group === r.group.code);
    return { ...served, availability: benchmark ? { ...benchmark, gap: figureValue('availability_gap', served, { benchmark }).value } : null };
  }

  /**
   * The metrics of one zone for a full-access caller, from the cache when computed at the zone's
   * current data `version` (read before calling), else from the zone's sums.
   */
  private fullMetrics(zoneId: number, profile: ClassificationProfile, sel: MetricsSelection, version: string): Promise<ZoneMetrics> {
    return this.cache.getOrCompute(metricsKey(zoneId, sel), version, async () => {
      const range = metricsPeriods(sel.period, sel.windowQuarters);
      const aggs = await this.repo.zoneAggregates(zoneId, dimensionOf(profile, sel.group.dimension).code, range.from, range.to);
      return this.counts.run({ profile, zoneId, dimension: sel.group.dimension, threshold: 1, aggregates: aggs }, (count) => computeZoneMetrics(profile, count, sel));
    });
  }

  /**
   * Figures of one zone for the exports: for every quarter × group × category selection, the same
   * computation, counter and serving as the zone metrics endpoint (one counter run for all).
   */
  async exportFigures(
    access: { zone: ZoneRef; threshold: number },
    profile: ClassificationProfile,
    dimension: string,
    periods: string[],
    groups: Group[],
    categorySets: string[][],
    /** With the selection funnel's figures (exports show none: `MetricsOptions.funnel`; the utility report measures them). */
    options: { funnel?: boolean } = {},
  ): Promise<ExportFigures[]> {
    return (await this.exportFiguresOf([{ ...access, periods }], profile, dimension, groups, categorySets, options))[0]!;
  }

  /**
   * The same for several zones at once, in the order given: their sums in one query (full access)
   * or their protected answers loaded together (ProtectedCounts.runMany: a few queries for up to 10
   * zones, not a few per zone), and their benchmarks in one query. Protections not stored yet are
   * computed here, as for one zone. `places`: the revisions' places already read by the caller's
   * piece of work (an export's chunk), added to as they are read (ProtectedCounts.placesOf).
   */
  async exportFiguresOf(
    zones: { zone: ZoneRef; threshold: number; periods: string[] }[],
    profile: ClassificationProfile,
    dimension: string,
    groups: Group[],
    categorySets: string[][],
    options: { funnel?: boolean; places?: PlacesRead } = {},
  ): Promise<ExportFigures[][]> {
    const asked = zones.filter((z) => z.periods.length > 0 && groups.length > 0);
    if (!asked.length) return zones.map(() => []);
    const dim = dimensionOf(profile, dimension);
    const reference = referenceGroup(profile, dimension);
    const ordered = asked.flatMap((z) => z.periods).sort((a, b) => periodIndex(a) - periodIndex(b));
    // Callers under disclosure control are answered from the protected tables alone (no sums needed).
    const full = asked.filter((z) => z.threshold <= 1).map((z) => z.zone.id);
    const [sums, benchmarks] = await Promise.all([
      full.length ? this.repo.aggregatesOf(full, dim.code, metricsPeriods(ordered[0]!).from, ordered[ordered.length - 1]!) : new Map<number, Aggregate[]>(),
      this.repo.availabilityOf(asked.map((z) => z.zone.id)),
    ]);
    const keysOf = (z: (typeof asked)[number]) => z.periods.flatMap((period) => groups.flatMap((group) => categorySets.map((categories) => ({ period, group, categories }))));
    const inputs = asked.map((z) => ({ profile, zoneId: z.zone.id, dimension, threshold: z.threshold, aggregates: z.threshold > 1 ? [] : (sums.get(z.zone.id) ?? []) }));
    const raw = await this.counts.runMany(
      inputs,
      (_, i) => (count) => keysOf(asked[i]!).map((key) => computeZoneMetrics(profile, count, { ...key, reference, funnel: options.funnel ?? false })),
      Number.POSITIVE_INFINITY,
      options.places,
    );
    const out = new Map<(typeof asked)[number], ExportFigures[]>();
    asked.forEach((z, i) => {
      const ofZone = benchmarks.get(z.zone.id) ?? [];
      out.set(
        z,
        keysOf(z).map((key, j) => {
          const metrics = serveMetrics(raw[i]!.value[j]!, z.threshold);
          const benchmark = ofZone.find((b) => b.dimension === dimension && b.group === key.group.code);
          return { ...key, reference, metrics, availability: benchmark ? { share: benchmark.share } : null };
        }),
      );
    });
    return zones.map((z) => out.get(z) ?? []);
  }

  async series(user: AuthUser, zoneCode: string, q: AnalysisQuery & { from?: string; to?: string }): Promise<SeriesDto> {
    const r = await this.resolve(user, zoneCode, q);
    const version = r.zone.version;
    const to = q.to !== undefined ? await this.period(r.zone, q.to) : await this.cache.getOrCompute(`latest|${viewOf(r.threshold)}|${r.zone.id}|${periodOf(new Date())}`, version, () => this.period(r.zone, undefined));
    const from = q.from ? await this.period(r.zone, q.from) : addQuarters(to, -11);
    if (periodIndex(from) > periodIndex(to)) throw new BadRequestException('"from" must not be after "to".');
    if (periodIndex(to) - periodIndex(from) >= MAX_SERIES_QUARTERS) throw new BadRequestException(`A series covers at most ${MAX_SERIES_QUARTERS} quarters.`);
    // Cached at the zone's data version, per threshold (as the zone metrics).
    const key = `series|${r.threshold}|${r.zone.id}|${from}|${to}|${r.group.dimension}:${r.group.code}|${r.reference.dimension}:${r.reference.code}|${r.categories.join(',')}`;
    return this.cache.getOrCompute(key, version, () => this.seriesOf(r, from, to));
  }

  private async seriesOf(r: Resolved, from: string, to: string): Promise<SeriesDto> {
    const aggs = await this.aggregates(r, addQuarters(from, -WINDOW_QUARTERS), to);
    const computed = await this.counts.run(this.countInput(r, aggs), (count) =>
      periodRange(from, to).map((period) => computeZoneMetrics(r.profile, count, { period, group: r.group, reference: r.reference, categories: r.categories, funnel: false })),
    );
    const points = computed.map((raw) => {
      const m = serveMetrics(raw, r.threshold);
      const period = raw.period;
      return {
        period,
        representation: m.representation.ofDeclared,
        declaration: m.representation.declaration,
        hiringShare: m.hiring.share,
        hiringRatio: m.hiring.ratio,
        promotionImpactRatio: m.promotion.impactRatio,
        promotionVerdict: m.promotion.verdict,
        retention: m.separation.retention.group,
      };
    });
    return { ...r.context, points };
  }

  async glassCeiling(user: AuthUser, zoneCode: string, q: AnalysisQuery): Promise<GlassCeilingDto> {
    const r = await this.resolve(user, zoneCode, q);
    const period = await this.period(r.zone, q.period);
    const aggs = await this.aggregates(r, period, period);
    const rows = (await this.counts.run(this.countInput(r, aggs), (count) => glassCeiling(r.profile, count, period, r.group))).map((row) => ({
      ...row,
      representation: serveRate(row.representation, r.threshold),
      declaration: serveRate(row.declaration, r.threshold),
    }));
    return { ...r.context, period, rows };
  }

  /**
   * One metric for every zone (of the default profile) in one quarter, and for all of them together
   * (`total`): the same figure from the sums of the zones' counts (`sumCounters`), so under
   * disclosure control a count of the total is published only when every zone's is.
   * A zone's figures this instance holds at its data version were computed from answers read from,
   * or else stored in, `protected_count` (ProtectedCounts saves what it computes), so bringing the
   * stored answers up to date (`warmNational`) reads only the zones written since, as a request does.
   */
  async national(user: AuthUser, q: AnalysisQuery & { metric?: string; profile?: string }): Promise<NationalDto> {
    const metric = (q.metric ?? 'representation') as NationalMetric;
    if (!NATIONAL_METRICS.includes(metric)) throw new BadRequestException(`"${q.metric}" is not a metric. Use one of: ${NATIONAL_METRICS.join(', ')}.`);
    // The zones the caller may read with their data versions, in one round trip, before any data:
    // the kept table's key, and each zone's cached figures below.
    const scope = this.zones.readableScope(user);
    const { zones, versions } = await this.repo.readableWithVersions(scope.codes, scope.threshold > 1);
    const readable = zones.map((zone) => ({ zone, access: scope.access, threshold: scope.threshold }));
    // The same table asked by many at once (the same zones at the same thresholds, the same query)
    // is computed once, and at most two tables at once (`tables`).
    // The answer is kept whole at the version of all data (read before the data), once no zone is
    // pending, in a small LRU of its own (NATIONAL_TABLES_KEPT: a table of 185 zones is ≈ 200 kB).
    const asked = [readable.map((r) => `${r.zone.id}:${r.threshold}`).join(','), metric, q.profile ?? '', q.period ?? '', q.group ?? '', q.reference ?? '', q.categories ?? '', q.window ?? '', periodOf(new Date())];
    const key = JSON.stringify(asked);
    const kept = this.nationalTables.get<NationalDto>(key, versions.total);
    if (kept) return kept;
    const { value: table } = await this.tables.run(`national|${key}|${versions.total}`, () => this.nationalOf(readable, versions, metric, q));
    if (!table.total.pending) this.nationalTables.set(key, versions.total, table);
    return table;
  }

  /** Whole national tables (`national`), least recently used out: a table of 185 zones is ≈ 200 kB. */
  private readonly nationalTables = new FiguresCache({ figuresCacheEntries: NATIONAL_TABLES_KEPT });

  /**
   * National tables being computed: asked by many at once, computed once, at most NATIONAL_SLOTS at
   * a time (a table computed cold holds the sums of every zone, ≈ 45 MB at scale L, so 32 such
   * requests at once would exceed the API's heap: docs/performance.md, "Memory under 200 clients").
   */
  private readonly tables = new SharedWork(new Slots(NATIONAL_SLOTS));

  private async nationalOf(
    readable: { zone: ZoneRef; access: ZoneAccess; threshold: number }[],
    versions: { byZone: Map<number, string>; total: string },
    metric: NationalMetric,
    q: AnalysisQuery & { metric?: string; profile?: string },
    /**
     * The warm-up (`warmNational`): keep a zone's figures only where the instance keeps them already
     * (a request asked for them). Its 185 zones × 6 groups × 2 thresholds at scale L are more than
     * FIGURES_CACHE_ENTRIES: kept, they pushed out the figures requests read, and the first
     * management national table after the next publication read all 185 zones again (1.3 s under
     * the benchmark's mix, every request for it waiting).
     */
    options: { refreshOnly?: boolean } = {},
  ): Promise<NationalDto> {
    if (readable.length === 0) throw new NotFoundException('There are no zones you may see.');
    // Zones of one classification profile are compared (their groups differ between profiles): the
    // profile asked for, else the first zone's. A deployment may mix profiles (the UK file beside
    // the Belgian zones).
    const profileCodes = [...new Set(readable.map((r) => r.zone.profileCode))].sort();
    const askedProfile = q.profile?.trim();
    if (askedProfile !== undefined && askedProfile !== '' && !profileCodes.includes(askedProfile)) {
      const problem = requestProblem('profile', 'unknown_profile', `"${askedProfile}" is not the classification profile of any zone you may see. Use one of: ${profileCodes.join(', ')}.`, askedProfile, {
        profiles: profileCodes.join(', '),
      });
      throw new BadRequestException({ ...refusalBody(400, 'Bad Request', problem.message), errors: [problem] });
    }
    const profileCode = askedProfile || readable[0]!.zone.profileCode;
    const profile = await this.profiles.get(profileCode);
    const { group, reference } = this.groups(profile, q);
    const categories = this.categories(profile, q.categories);
    const zones = readable.filter((r) => r.zone.profileCode === profileCode);
    const full = zones.filter((z) => z.threshold <= 1);
    const protectedZones = zones.filter((z) => z.threshold > 1);
    const threshold = Math.max(1, ...zones.map((z) => z.threshold));
    // Full-access zones: each zone's metrics cached at its data version (read before the data); only
    // the zones written since are computed again, with their sums read in one query.
    // The latest quarter of this profile's zones (another profile's data may be of other years).
    const latestOfProfile = async () => {
      const latest = await this.repo.latestPeriod(zones.map((z) => z.zone.id));
      if (!latest) throw new NotFoundException('There is no data yet.');
      return latest;
    };
    const period =
      q.period !== undefined
        ? await this.period(null, q.period)
        : await this.cache.getOrCompute(`latest|${viewOf(threshold)}|${profileCode}|${periodOf(new Date())}`, versions.total, latestOfProfile);
    // The national table shows no funnel figure: none is computed, so no funnel count is asked.
    const sel: MetricsSelection = { period, group, reference, categories, windowQuarters: WINDOW_QUARTERS, funnel: false };
    const computed = new Map<number, ZoneMetrics>();
    const benchmarks = new Map<number, AvailabilityDto[]>();
    // The total: the same figures from the sums of the zones' counts. Each full-access zone's answers
    // to the counts the figures may ask (`countsAsked`) are cached at its version beside its metrics,
    // so after a write only the zones written are read again; the total of full-access zones alone
    // is cached at the version of all data. Beside zones under disclosure control it is computed
    // with their answers (below).
    const asked = countsAsked((count) => computeZoneMetrics(profile, count, sel));
    let fullTotal: ZoneMetrics | undefined;
    const fullCounters: Counter[] = [];
    const version = (id: number) => versions.byZone.get(id) ?? '0';
    if (full.length) {
      const totalKey = `national-total|${metricsKey(0, sel)}|${full.map((z) => z.zone.id).join(',')}`;
      fullTotal = protectedZones.length ? undefined : this.cache.get<ZoneMetrics>(totalKey, versions.total);
      const answersKey = (id: number) => `answers|${metricsKey(id, sel)}`;
      const missing = full
        .filter((z) => this.cache.get(metricsKey(z.zone.id, sel), version(z.zone.id)) === undefined || (fullTotal === undefined && this.cache.get(answersKey(z.zone.id), version(z.zone.id)) === undefined))
        .map((z) => z.zone.id);
      const range = metricsPeriods(period, WINDOW_QUARTERS);
      const sums = missing.length ? await this.repo.aggregatesOf(missing, dimensionOf(profile, group.dimension).code, range.from, range.to) : new Map<number, Aggregate[]>();
      const known = knownCounts(asked);
      for (const { zone } of full) {
        const aggs = sums.get(zone.id) ?? [];
        computed.set(
          zone.id,
          await this.cache.getOrCompute(metricsKey(zone.id, sel), version(zone.id), () =>
            this.counts.run({ profile, zoneId: zone.id, dimension: group.dimension, threshold: 1, aggregates: aggs }, (count) => computeZoneMetrics(profile, count, sel)),
          ),
        );
        if (fullTotal === undefined) fullCounters.push(known(await this.cache.getOrCompute(answersKey(zone.id), version(zone.id), async () => asked.map(aggregateCounter(aggs)))));
      }
      if (fullTotal === undefined && !protectedZones.length) fullTotal = this.cache.set(totalKey, versions.total, computeZoneMetrics(profile, sumCounters(fullCounters), sel));
      const noBenchmarks = full.filter((z) => this.cache.get(`availability|full|${z.zone.id}`, version(z.zone.id)) === undefined).map((z) => z.zone.id);
      const read = noBenchmarks.length ? await this.repo.availabilityOf(noBenchmarks) : new Map<number, AvailabilityDto[]>();
      for (const { zone } of full) {
        benchmarks.set(zone.id, await this.cache.getOrCompute(`availability|full|${zone.id}`, version(zone.id), async () => read.get(zone.id) ?? []));
      }
    }
    for (const [id, list] of protectedZones.length ? await this.repo.availabilityOf(protectedZones.map((r) => r.zone.id)) : []) benchmarks.set(id, list);
    // Callers under disclosure control: every zone's protected tables are loaded together (no sums
    // needed); zones whose protections are not stored yet come back pending.
    const underControl = zones.filter((z) => !computed.has(z.zone.id));
    // Each zone's metrics and its answers to the counts the figures may ask (`countsAsked`), cached
    // at the zone's version (read before its protections; a write or a publication bumps it) once it
    // is not pending, as for full-access zones: after a write only the zones written are read again
    // (a whole table of 185 zones from stored answers costs ≈ 400 ms at scale L).
    type Controlled = { metrics: ZoneMetrics; answers: number[] };
    const controlledKey = (access: { zone: { id: number }; threshold: number }) => `controlled|${access.threshold}|${metricsKey(access.zone.id, sel)}`;
    const controlledOf = new Map<number, Controlled & { pending: boolean }>();
    for (const access of underControl) {
      const hit = this.cache.get<Controlled>(controlledKey(access), version(access.zone.id));
      if (hit) controlledOf.set(access.zone.id, { ...hit, pending: false });
    }
    const toCount = underControl.filter((a) => !controlledOf.has(a.zone.id));
    const answered = toCount.length
      ? await this.counts.runMany(
          toCount.map((access) => ({ profile, zoneId: access.zone.id, dimension: group.dimension, threshold: access.threshold, aggregates: [] })),
          // Only what the figures ask is asked of the protected tables (the answers the worker
          // stores); the answers to `asked` are then read from those (NaN: not asked, withheld).
          () => (count) => ({ metrics: computeZoneMetrics(profile, count, sel), count }),
        )
      : [];
    toCount.forEach((access, i) => {
      const { value: answer, pending } = answered[i]!;
      const value: Controlled = { metrics: answer.metrics, answers: asked.map(answer.count) };
      if (!pending && (!options.refreshOnly || this.cache.holds(controlledKey(access)))) this.cache.set(controlledKey(access), version(access.zone.id), value);
      controlledOf.set(access.zone.id, { ...value, pending });
    });
    // The total from the same answers: a count withheld from a zone (or a pending zone's, all
    // withheld) is withheld from the total, so it never gives a withheld zone count away.
    const known = knownCounts(asked);
    const controlledTotal = underControl.length ? computeZoneMetrics(profile, sumCounters([...fullCounters, ...underControl.map((a) => known(controlledOf.get(a.zone.id)!.answers))]), sel) : undefined;
    const rows: NationalRow[] = zones.map((access) => {
      const z = access.zone;
      const fullMetrics = computed.get(z.id);
      const { metrics: raw, pending } = fullMetrics ? { metrics: fullMetrics, pending: false } : controlledOf.get(z.id)!;
      const availability = (benchmarks.get(z.id) ?? []).find((b) => b.dimension === group.dimension && b.group === group.code);
      const figure = nationalFigure(metric, serveMetrics(raw, access.threshold), availability);
      return { zone: z.code, zoneName: z.name, ...figure, ...(pending ? { pending: true as const } : {}) };
    });
    // No availability benchmark covers all zones together: the total has no availability gap.
    const total = nationalFigure(metric, serveMetrics(controlledTotal ?? fullTotal!, threshold), undefined);
    return {
      period,
      profile: profileCode,
      profiles: profileCodes,
      metric,
      group: { dimension: group.dimension, code: group.code, label: group.label },
      reference: { dimension: reference.dimension, code: reference.code, label: reference.label },
      categories,
      threshold,
      rows,
      total: { zones: rows.length, ...total, ...(rows.some((r) => r.pending) ? { pending: true as const } : {}) },
    };
  }

  async availability(user: AuthUser, zoneCode: string): Promise<AvailabilityDto[]> {
    const { zone } = await this.zones.authorize(user, zoneCode, 'read');
    return this.repo.availability(zone.id);
  }

  /**
   * Sets many availability benchmarks at once (generic import): every group checked against the
   * zone's profile first, then all written in one transaction, one audit event per zone.
   */
  async importAvailability(user: AuthUser, items: { zone: ZoneRef; benchmarks: AvailabilityDto[] }[], dryRun: boolean): Promise<number> {
    for (const { zone, benchmarks } of items) {
      const profile = await this.profiles.get(zone.profileCode);
      for (const b of benchmarks) {
        if (!resolveGroup(profile, `${b.dimension}:${b.group}`)) throw new BadRequestException(`"${b.dimension}:${b.group}" is not a group of profile ${profile.code}.`);
        if (!(b.share >= 0 && b.share <= 1)) throw new BadRequestException(`The share of ${b.group} in ${zone.name} must be from 0 to 1.`);
      }
    }
    const count = items.reduce((s, i) => s + i.benchmarks.length, 0);
    if (dryRun) return count;
    await this.db.transaction(async (m) => {
      for (const { zone, benchmarks } of items) {
        for (const b of benchmarks) await this.repo.upsertAvailability(zone.id, b, m);
        await this.audit.record(m, user, 'availability.set', {
          zone: zone.code,
          details: { source: benchmarks[0]?.source, year: benchmarks[0]?.year, groups: benchmarks.map((b) => `${b.dimension}:${b.group}`), imported: true },
        });
      }
    });
    return count;
  }

  async setAvailability(user: AuthUser, zoneCode: string, b: AvailabilityDto): Promise<AvailabilityDto[]> {
    const zone = await this.zones.find(zoneCode);
    const profile = await this.profiles.get(zone.profileCode);
    if (!resolveGroup(profile, `${b.dimension}:${b.group}`)) {
      throw new BadRequestException(`"${b.dimension}:${b.group}" is not a group of profile ${profile.code}.`);
    }
    await this.db.transaction(async (m) => {
      await this.repo.upsertAvailability(zone.id, b, m);
      await this.audit.record(m, user, 'availability.set', { zone: zone.code, details: { ...b } });
    });
    return this.repo.availability(zone.id);
  }
}

/**
 * The value of one national metric from a zone's (or the total's) served metrics, with the rate
 * behind it and its verdict: the one reader of a figure (`figureValue`), and the benchmark the gap
 * to availability is measured against.
 */
function nationalFigure(metric: NationalMetric, m: ServedZoneMetrics, availability: AvailabilityDto | undefined): Pick<NationalRow, 'value' | 'rate' | 'verdict' | 'benchmark'> {
  const { value, rate, verdict } = figureValue(metric, m, { benchmark: availability ?? null });
  return { value, rate, verdict, ...(metric === 'availability_gap' && availability ? { benchmark: { year: availability.year, source: availability.source } } : {}) };
}
