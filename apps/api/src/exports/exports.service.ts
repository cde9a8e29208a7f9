import { createHash } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import {
  type ClassificationProfile,
  type Count,
  type CountStatistic,
  countStatistic,
  DECLARED_CODE,
  DEFAULT_PROFILE_CODE,
  EXPORT_MEASURES,
  EXPORT_METRICS,
  figureValue,
  FIGURES,
  type ExportFormat,
  type ExportMeasure,
  type ExportMetric,
  type ExportProvenance,
  type ExportRow,
  type ExportValue,
  type Group,
  addQuarters,
  isPeriod,
  type MeasureCode,
  NO_DATA_SYMBOL,
  periodsTo,
  METRIC_DEFINITIONS,
  type Problem,
  type QuarterStatus,
  quarterStatus,
  resolveGroup,
  referenceGroup,
  SUPPRESSION_SYMBOL,
  TOO_FEW_SYMBOL,
  TOTAL_CODE,
  WINDOW_QUARTERS,
} from '@equity/shared';
import { DataSource } from 'typeorm';
import { AnalyticsService, type ExportFigures } from '../analytics/analytics.service.js';
import { AuditService } from '../audit/audit.service.js';
import { Lru } from '../core/lru.js';
import { APP_CONFIG } from '../config/config.module.js';
import type { AppConfig } from '../config/config.js';
import type { AuthUser } from '../auth/auth-user.js';
import { requestProblem, ValidationProblemsException } from '../core/problems.js';
import { DisclosureService } from '../disclosure/disclosure.service.js';
import { type PlacesRead, ProtectedCounts } from '../disclosure/protected-counts.js';
import { ProfilesService } from '../profiles/profiles.service.js';
import { optionalRefused, ReturnsService } from '../returns/returns.service.js';
import { type ZoneRef, ZonesService } from '../zones/zones.service.js';
import { type ExportZoneRow, ExportsRepository } from './exports.repository.js';

export interface ExportQuery {
  format?: string;
  profile?: string;
  zones?: string;
  from?: string;
  to?: string;
  categories?: string;
  classifications?: string;
  measures?: string;
  metrics?: string;
  groups?: string;
}

interface ZonePart {
  period: string;
  status: QuarterStatus;
  revisionId: string;
  revision: number;
  createdAt: Date;
}

interface ZonePlan {
  zone: ZoneRef;
  threshold: number;
  /** The zone's data version when the export was planned (part of a kept file's key). */
  version: string;
  parts: ZonePart[];
  /**
   * The measures asked for, each with the statistic its count rows carry at the zone's threshold:
   * the measure, or `<measure>_4q` where the caller gets the flow as 4-quarter windows
   * (DisclosureService.windowed: management), so a window never passes for a quarter.
   */
  counts: { measure: ExportMeasure; statistic: CountStatistic }[];
  /** The measures the zone supplied, by quarter (in the revision the export reflects): a count without them is no data. */
  supplied: Map<string, Set<MeasureCode>>;
}

/** Zones whose figures an export computes together at most (ProtectedCounts' chunk)… */
const EXPORT_ZONE_CHUNK = 10;
/** …and figures (quarter × group × categories) at most, beyond one zone (≈ 2 kB each). */
const EXPORT_FIGURES_AT_ONCE = 2000;

/**
 * Rows of zones an instance keeps for later exports, per MB of EXPORT_CACHE_MB (≈ 250 bytes a row):
 * after a correction is published, an export of several zones computes that zone's rows again, not
 * every zone's. A zone of more rows than a tenth of them is not kept.
 */
const ZONE_ROWS_PER_MB = 2_500;

/** Everything an export will contain, resolved and checked before the first byte is sent. */
export interface ExportPlan {
  format: ExportFormat;
  profile: ClassificationProfile;
  zones: ZonePlan[];
  categories: string[];
  classifications: string[];
  measures: ExportMeasure[];
  metrics: ExportMetric[];
  /** Groups of each classification the figures are computed for. */
  groups: Map<string, Group[]>;
  /** Number of data rows the export will hold (for progress). */
  rows: number;
  generatedAt: string;
  provenance: ExportProvenance;
}

const SUPPRESSED = { suppressed: true } as const;
const NO_DATA = { noData: true } as const;
const TOO_FEW = { tooFew: true } as const;

const list = (raw: string | undefined): string[] | undefined =>
  raw === undefined ? undefined : raw.split(',').map((s) => s.trim()).filter(Boolean);

/**
 * Researcher exports. Counts are the published tables of the breakdown endpoint
 * (ReturnsService.publishedTable) and figures those of the metrics endpoint
 * (AnalyticsService.exportFigures), both for the caller's own threshold, so an export never holds
 * anything the dashboard withholds. Where the caller gets a flow as 4-quarter windows (management),
 * its count rows are the statistic `<measure>_4q`, as the breakdown's `window` says. Rows are
 * produced one zone-quarter at a time.
 */
@Injectable()
export class ExportsService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly zones: ZonesService,
    private readonly profiles: ProfilesService,
    private readonly returns: ReturnsService,
    private readonly analytics: AnalyticsService,
    private readonly audit: AuditService,
    private readonly disclosure: DisclosureService,
    private readonly counts: ProtectedCounts,
    private readonly repo: ExportsRepository,
    @Inject(APP_CONFIG) config: Pick<AppConfig, 'exportCacheMb'>,
  ) {
    this.zoneRowsCapacity = config.exportCacheMb * ZONE_ROWS_PER_MB;
    this.zoneRowsKept = new Lru<ExportRow[][]>(this.zoneRowsCapacity, (parts) => parts.reduce((n, p) => n + p.length, 1));
  }

  /** Rows of zones kept from earlier exports, by zone and selection (least recently used out). */
  private readonly zoneRowsKept: Lru<ExportRow[][]>;
  private readonly zoneRowsCapacity: number;

  /** Checks the selection and access, and lists the zone-quarters and revisions the export reflects. */
  async plan(user: AuthUser, q: ExportQuery): Promise<ExportPlan> {
    const problems: Problem[] = [];
    const format = (q.format ?? 'csv').toLowerCase() as ExportFormat;
    if (!['csv', 'xlsx', 'json', 'datapackage'].includes(format)) {
      problems.push(requestProblem('format', 'unknown_code', `"${q.format}" is not an export format. Use one of: csv, xlsx, json, datapackage.`, q.format, {
        column: 'format',
        expected: 'csv, xlsx, json, datapackage',
      }));
    }
    // Zones: the ones asked for (each checked like any read), else every zone the caller may read;
    // with their data versions and quarters, in one query before anything else (an export's
    // round trips to PostgreSQL are its latency under load: docs/performance.md).
    const asked = list(q.zones);
    const codes = asked?.length ? [...new Set(asked)] : null;
    // Each zone asked is checked before anything is read (an HR officer's other zones: 403).
    const granted = new Map((codes ?? []).map((code) => [code, this.zones.grant(user, code, 'read')]));
    const scope = this.zones.readableScope(user);
    const from = q.from?.toUpperCase();
    const to = q.to?.toUpperCase();
    // From three quarters before `from`: a 4-quarter window's count needs to know whether every
    // quarter of its window supplied the measure. Those earlier quarters are not exported.
    // Zones under disclosure control: the published revision (its protections stored), as on the dashboard.
    const rows = await this.repo.planZones(codes ? { codes } : { hrZones: scope.codes }, from && isPeriod(from) ? addQuarters(from, -(WINDOW_QUARTERS - 1)) : null, to ?? null, scope.access === 'protected');
    let zones: (ExportZoneRow & { threshold: number })[];
    if (codes) {
      const byCode = new Map(rows.map((r) => [r.code, r]));
      zones = codes.map((code) => {
        const { threshold } = granted.get(code)!;
        const row = byCode.get(code);
        if (!row) throw this.zones.notFound(code);
        return { ...row, threshold };
      });
    } else {
      zones = rows.map((r) => ({ ...r, threshold: scope.threshold }));
    }
    const profileCodes = [...new Set(zones.map((z) => z.profileCode))];
    let profileCode = q.profile ?? (asked?.length && profileCodes.length === 1 ? profileCodes[0]! : DEFAULT_PROFILE_CODE);
    if (asked?.length && profileCodes.length > 1) {
      problems.push(requestProblem('zones', 'mixed_profiles', `These zones use different classification profiles (${profileCodes.join(', ')}): export them separately.`, undefined, {
          profiles: profileCodes.join(', '),
        }));
    }
    if (asked?.length && q.profile && profileCodes.some((p) => p !== q.profile)) {
      problems.push(requestProblem('profile', 'wrong_profile', `The zones chosen use the profile ${profileCodes.join(', ')}, not ${q.profile}.`, q.profile, {
          profiles: profileCodes.join(', '),
        }));
    }
    let profile: ClassificationProfile;
    try {
      profile = await this.profiles.get(profileCode);
    } catch {
      problems.push(requestProblem('profile', 'unknown_code', `"${profileCode}" is not a classification profile.`, profileCode));
      profileCode = DEFAULT_PROFILE_CODE;
      profile = await this.profiles.get(profileCode);
    }
    zones = zones.filter((z) => z.profileCode === profile.code);

    for (const [name, value] of [['from', from], ['to', to]] as const) {
      if (value !== undefined && !isPeriod(value)) problems.push(requestProblem(name, 'invalid_period', `"${value}" is not a quarter. Write it like 2025-Q3.`, value));
    }
    if (from && to && isPeriod(from) && isPeriod(to) && from > to) problems.push(requestProblem('from', 'invalid_range', `"from" (${from}) is after "to" (${to}).`, from));

    const pick = <T extends string>(name: string, asked: string[] | undefined, all: readonly string[], fallback: readonly string[], what: string): T[] => {
      const chosen = asked ?? [...fallback];
      const unknown = chosen.filter((c) => !all.includes(c));
      // `vocabulary` names the codes for a client (categories by the profile's names; others as codes).
      const vocabulary = name === 'categories' ? 'category' : name;
      for (const u of unknown) problems.push(requestProblem(name, 'unknown_code', `"${u}" is not ${what}. Use one of: ${all.join(', ')}.`, u, { column: name, vocabulary, expected: all.join(', ') }));
      return all.filter((c) => chosen.includes(c)) as T[];
    };
    const categories = pick<string>('categories', list(q.categories), profile.categories.map((c) => c.code), profile.categories.map((c) => c.code), `a staff category of ${profile.code}`);
    const classifications = pick<string>(
      'classifications',
      list(q.classifications),
      profile.dimensions.map((d) => d.code),
      profile.dimensions.filter((d) => !d.optional).map((d) => d.code),
      `a classification of ${profile.code}`,
    );
    // Tables by an optional classification are not published under disclosure control.
    const protectedZones = zones.filter((z) => z.threshold > 1);
    for (const code of classifications) {
      const d = profile.dimensions.find((x) => x.code === code)!;
      if (d.optional && protectedZones.length) {
        const names = protectedZones.slice(0, 3).map((z) => z.name).join(', ') + (protectedZones.length > 3 ? ` and ${protectedZones.length - 3} more` : '');
        problems.push(requestProblem('classifications', 'not_published', `${optionalRefused(profile, d)} This export includes zones you see under disclosure control (${names}).`, code));
      }
    }
    const measures = pick<ExportMeasure>('measures', list(q.measures), EXPORT_MEASURES, ['headcount'], 'a measure that can be exported');
    const metrics = pick<ExportMetric>('metrics', list(q.metrics), EXPORT_METRICS, ['representation'], 'an exportable figure');

    // Groups for the figures: the ones asked for, else every declared value and roll-up of each classification.
    const groups = new Map<string, Group[]>();
    const askedGroups = list(q.groups);
    if (askedGroups) {
      for (const spec of askedGroups) {
        const g = resolveGroup(profile, spec);
        if (!g) problems.push(requestProblem('groups', 'unknown_code', `"${spec}" is not a group of ${profile.code}. Write classification:value or classification:roll-up, e.g. ${defaultGroupExample(profile)}.`, spec));
        else groups.set(g.dimension, [...(groups.get(g.dimension) ?? []), g]);
      }
    } else {
      for (const code of classifications) {
        const d = profile.dimensions.find((x) => x.code === code)!;
        const specs = [...d.values.filter((v) => !v.notDeclared).map((v) => v.code), ...(d.rollups ?? []).map((r) => r.code)];
        groups.set(code, specs.map((s) => resolveGroup(profile, `${code}:${s}`)!));
      }
    }
    if (problems.length) throw new ValidationProblemsException(problems, [], `The export cannot be made: ${problems.length === 1 ? '1 problem' : `${problems.length} problems`}.`);

    const plans: ZonePlan[] = zones
      .map(({ quarters, version, threshold, ...zone }) => ({
        zone,
        threshold,
        version,
        parts: quarters
          .filter((p) => from === undefined || p.period >= from)
          .map((p) => ({ period: p.period, status: quarterStatus(p.period, p.status), revisionId: p.revisionId, revision: p.revision, createdAt: p.createdAt })),
        counts: measures.map((measure) => ({ measure, statistic: countStatistic(measure, this.disclosure.windowed(measure, threshold)) })),
        // The measures each zone-quarter supplied (a cell of it in the revision the export reflects).
        supplied: new Map(quarters.map((p) => [p.period, new Set(p.measures)])),
      }))
      .filter((z) => z.parts.length > 0);
    // The count statistics the rows hold (with no zone: the measures asked for).
    const countStatistics = plans.length ? [...new Set(plans.flatMap((z) => z.counts.map((c) => c.statistic)))] : [...measures];
    const periods = [...new Set(plans.flatMap((z) => z.parts.map((p) => p.period)))].sort();
    const generatedAt = new Date().toISOString().replace(/\.\d{3}Z$/, 'Z');
    const plan: ExportPlan = {
      format,
      profile,
      zones: plans,
      categories,
      classifications,
      measures,
      metrics,
      groups,
      rows: 0,
      generatedAt,
      provenance: {
        generatedAt,
        generator: 'Equity Monitor',
        role: user.role,
        profile: profile.code,
        thresholds: plans.map((z) => ({ zone: z.zone.code, threshold: z.threshold })),
        countStatistics,
        suppressionSymbol: SUPPRESSION_SYMBOL,
        noDataSymbol: NO_DATA_SYMBOL,
        tooFewSymbol: TOO_FEW_SYMBOL,
        selection: {
          zones: plans.map((z) => z.zone.code),
          from: from ?? periods[0] ?? '',
          to: to ?? periods[periods.length - 1] ?? '',
          categories,
          classifications,
          measures,
          metrics,
          groups: [...groups.values()].flat().map((g) => `${g.dimension}:${g.code}`),
        },
        revisions: plans.flatMap((z) => z.parts.map((p) => ({ zone: z.zone.code, period: p.period, revision: p.revision, createdAt: p.createdAt.toISOString() }))),
      },
    };
    plan.rows = plans.reduce((sum, z) => sum + z.parts.length * rowsPerQuarter(plan), 0);
    return plan;
  }

  /**
   * Everything an export's file depends on but its generation time, as one key (ExportRunner keeps
   * small files under it): the format and role, the profile, each zone with its name, threshold,
   * data version (bumped by every write to its returns, publication, benchmarks and targets) and
   * the revisions and statuses of its quarters, and the selection.
   */
  fileKey(plan: ExportPlan): string {
    const parts = [
      plan.format,
      plan.provenance.role,
      // The profile by its code: a new version of it moves its zones' data versions (below).
      plan.profile.code,
      plan.zones.map((z) => [z.zone.id, z.zone.code, z.zone.name, z.threshold, z.version, z.parts.map((p) => [p.period, p.revisionId, p.revision, p.status])]),
      plan.provenance.selection,
    ];
    return createHash('sha256').update(JSON.stringify(parts)).digest('hex');
  }

  /** Records in the audit log who exported what (the selection, never the data). Public downloads have no actor. */
  async record(user: AuthUser, plan: ExportPlan): Promise<void> {
    if (user.role === 'public') return;
    await this.audit.record(this.db.manager, user, 'export.downloaded', {
      details: { format: plan.format, profile: plan.profile.code, ...plan.provenance.selection, rows: plan.rows },
    });
  }

  /**
   * The rows of an export, one zone-quarter after the other. The figures are computed for several
   * zones at a time (one counter run per classification for all of them: a few round trips to
   * PostgreSQL per chunk, not per zone): at most EXPORT_ZONE_CHUNK zones and, beyond one zone,
   * EXPORT_FIGURES_AT_ONCE figures, so memory holds a bounded chunk's figures whatever the export.
   */
  async *rows(plan: ExportPlan): AsyncGenerator<ExportRow[]> {
    const categorySets = plan.categories.length + 1;
    const groups = [...plan.groups.values()].reduce((n, g) => n + g.length, 0);
    const perZone = Math.max(1, ...plan.zones.map((z) => z.parts.length * groups * categorySets));
    const size = Math.max(1, Math.min(EXPORT_ZONE_CHUNK, Math.floor(EXPORT_FIGURES_AT_ONCE / perZone)));
    const selection = this.selectionKey(plan);
    for (let start = 0; start < plan.zones.length; start += size) {
      const chunk = plan.zones.slice(start, start + size);
      // A zone's rows kept from an earlier export of the same selection at the same data version
      // are not computed again (a published correction computes that zone's rows only); they carry
      // this export's generation time.
      const keys = chunk.map((z) => this.zoneRowsKey(selection, z));
      const kept = keys.map((key) => this.zoneRowsKept.get(key));
      const todo = chunk.filter((_, i) => !kept[i]);
      // Figures of the chunk's zones for all their quarters, by classification.
      const figures = new Map(todo.map((z) => [z, new Map<string, ExportFigures[]>()]));
      // Where the chunk's revisions are (ProtectedCounts.placesOf): read once for its figures and count rows.
      const places: PlacesRead = new Map();
      if (plan.metrics.length && todo.length) {
        const categorySets = [[], ...plan.categories.map((c) => [c])];
        const zones = todo.map((z) => ({ zone: z.zone, threshold: z.threshold, periods: z.parts.map((p) => p.period) }));
        for (const [dimension, groups] of plan.groups) {
          const ofZones = await this.analytics.exportFiguresOf(zones, plan.profile, dimension, groups, categorySets, { places });
          ofZones.forEach((list, i) => figures.get(todo[i]!)!.set(dimension, list));
        }
      }
      // The protected tables of the chunk's quarters (the count rows) loaded together, not one
      // revision at a time, of the kinds the measures asked are protected as (ProtectedCounts
      // prefetch; what is not stored is computed as before).
      if (plan.measures.length) {
        for (const threshold of new Set(todo.filter((z) => z.threshold > 1).map((z) => z.threshold))) {
          const revisions = todo.filter((z) => z.threshold === threshold).flatMap((z) => z.parts.map((p) => [p.revisionId, p.period] as const));
          const kinds = [...new Set(plan.measures.map((m) => this.disclosure.kindOf(m, threshold)))];
          await this.counts.prefetch(plan.profile, revisions, threshold, kinds, places);
        }
      }
      for (const [i, z] of chunk.entries()) {
        const rows = kept[i];
        if (rows) {
          for (const part of rows) yield part.map((r) => (r.generated_at === plan.generatedAt ? r : { ...r, generated_at: plan.generatedAt }));
          continue;
        }
        const parts: ExportRow[][] = [];
        let count = 0;
        for await (const part of this.zoneRows(plan, z, figures.get(z)!)) {
          count += part.length;
          if (count <= this.zoneRowsCapacity / 10) parts.push(part);
          yield part;
        }
        if (count <= this.zoneRowsCapacity / 10) this.zoneRowsKept.set(keys[i]!, parts);
      }
    }
  }

  /** What a zone's rows depend on besides the zone itself: the profile and the selection (not the zones). */
  private selectionKey(plan: ExportPlan): string {
    const { zones: _zones, ...selection } = plan.provenance.selection;
    return JSON.stringify([plan.profile.code, selection]);
  }

  /**
   * The key of one zone's rows: the selection, the zone (code and name as written in the rows), its
   * threshold (which also tells the view: its data version and count statistics), data version
   * (bumped by every write to its returns, its publication, benchmarks and profile) and the revision
   * and status of each quarter.
   */
  private zoneRowsKey(selection: string, z: ZonePlan): string {
    return JSON.stringify([selection, z.zone.id, z.zone.code, z.zone.name, z.threshold, z.version, z.parts.map((p) => [p.period, p.revisionId, p.revision, p.status])]);
  }

  /** The rows of one zone, a quarter at a time: its counts (the published tables) and its figures. */
  private async *zoneRows(plan: ExportPlan, z: ZonePlan, figures: Map<string, ExportFigures[]>): AsyncGenerator<ExportRow[]> {
    const { profile } = plan;
    for (const part of z.parts) {
      const base = { zone: z.zone.code, zone_name: z.zone.name, period: part.period, revision: part.revision, quarter_status: part.status, threshold: z.threshold, generated_at: plan.generatedAt };
      const out: ExportRow[] = [];
      const row = (statistic: CountStatistic, category: string, classification: string, group: string, value: ExportValue) =>
        out.push({ ...base, statistic, category, classification, group, value, numerator: null, denominator: null, ci_low: null, ci_high: null });
      for (const { measure, statistic } of z.counts) {
        // A measure the zone did not supply in the quarter (in every quarter of a window) is no data, not 0.
        const quarters = statistic === measure ? [part.period] : periodsTo(part.period, WINDOW_QUARTERS);
        const has = quarters.every((p) => z.supplied.get(p)?.has(measure));
        const count = (category: string, classification: string, group: string, value: Count) => row(statistic, category, classification, group, has ? value : { ...NO_DATA });
        for (const classification of plan.classifications) {
          const dim = profile.dimensions.find((d) => d.code === classification)!;
          const table = await this.returns.publishedTable(profile, z.zone.id, part.revisionId, measure, classification, z.threshold);
          const cats = profile.categories.map((c) => c.code);
          for (const category of plan.categories) {
            const i = cats.indexOf(category);
            dim.values.forEach((v, j) => count(category, classification, v.code, table.cells[i]![j]!));
            count(category, classification, TOTAL_CODE, table.rowTotals[i]!);
          }
          dim.values.forEach((v, j) => count(TOTAL_CODE, classification, v.code, table.columnTotals[j]!));
          count(TOTAL_CODE, classification, TOTAL_CODE, table.total);
        }
      }
      for (const [classification, list] of figures) {
        const forQuarter = list.filter((f) => f.period === part.period);
        for (const categories of [[], ...plan.categories.map((c) => [c])]) {
          const category = categories[0] ?? TOTAL_CODE;
          const set = forQuarter.filter((f) => (f.categories[0] ?? TOTAL_CODE) === category);
          if (plan.metrics.includes('declaration_rate') && set[0]) {
            out.push({ ...base, category, classification, group: DECLARED_CODE, ...figureRow('declaration_rate', set[0]) });
          }
          for (const f of set) {
            for (const metric of plan.metrics) {
              if (!applies(metric, f.group, f.reference)) continue;
              out.push({ ...base, category, classification, group: f.group.code, ...figureRow(metric, f) });
            }
          }
        }
      }
      yield out;
    }
  }
}

function defaultGroupExample(profile: ClassificationProfile): string {
  const d = profile.dimensions.find((x) => x.rollups?.length) ?? profile.dimensions[0]!;
  return `${d.code}:${d.rollups?.[0]?.code ?? d.values[0]!.code}`;
}

/** Whether a figure has a row for a group (comparisons need a group apart from the reference group). */
function applies(metric: ExportMetric, group: Group, reference: Group): boolean {
  const def = METRIC_DEFINITIONS[metric];
  if (def.perClassification) return false;
  if (def.needsReference && group.members.some((m) => reference.members.includes(m))) return false;
  return true;
}

/** Rows of one zone-quarter, known before any is computed (the progress indicator's total). */
export function rowsPerQuarter(plan: Pick<ExportPlan, 'profile' | 'categories' | 'classifications' | 'measures' | 'metrics' | 'groups'>): number {
  const { profile } = plan;
  let n = 0;
  for (const classification of plan.classifications) {
    const values = profile.dimensions.find((d) => d.code === classification)!.values.length;
    n += plan.measures.length * (plan.categories.length * (values + 1) + values + 1);
  }
  const categorySets = plan.categories.length + 1;
  for (const [dimension, groups] of plan.groups) {
    const reference = referenceGroup(profile, dimension);
    const perSet = (plan.metrics.includes('declaration_rate') && groups.length ? 1 : 0) + groups.reduce((s, g) => s + plan.metrics.filter((m) => applies(m, g, reference)).length, 0);
    if (plan.metrics.length) n += categorySets * perSet;
  }
  return n;
}

type Figure = Pick<ExportRow, 'statistic' | 'value' | 'numerator' | 'denominator' | 'ci_low' | 'ci_high'>;

/**
 * One figure's row, read by the one reader of a figure (`figureValue`): a `rate` figure of the
 * registry with its numerator, denominator and interval, a `number` figure alone. Not supplied is
 * the no-data symbol (counts too), withheld the suppression symbol, never 0; a figure without a value
 * because its counts are too few to conclude is the too-few symbol (its counts as they are), never
 * empty like one without a base. A figure with a value keeps it, whatever its verdict.
 */
function figureRow(metric: ExportMetric, f: Pick<ExportFigures, 'metrics' | 'availability'>): Figure {
  const { value, rate, reason } = figureValue(metric, f.metrics, { benchmark: f.availability });
  const shown: ExportValue =
    reason === 'no_data' ? { ...NO_DATA } : reason === 'suppressed' ? { ...SUPPRESSED } : reason === 'too_few_to_conclude' && value === null ? { ...TOO_FEW } : value;
  if (FIGURES[metric].value === 'number') return { statistic: metric, value: shown, numerator: null, denominator: null, ci_low: null, ci_high: null };
  if (reason === 'no_data') return { statistic: metric, value: shown, numerator: { ...NO_DATA }, denominator: { ...NO_DATA }, ci_low: null, ci_high: null };
  return { statistic: metric, value: shown, numerator: rate.numerator, denominator: rate.denominator, ci_low: rate.interval?.low ?? null, ci_high: rate.interval?.high ?? null };
}
