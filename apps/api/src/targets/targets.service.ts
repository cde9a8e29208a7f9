import { Injectable, NotFoundException } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import {
  addQuarters,
  type Aggregate,
  type ClassificationProfile,
  computeZoneMetrics,
  dimensionOf,
  flowProjection,
  figureValue,
  flowRates,
  type Group,
  isPeriod,
  type NoValueReason,
  periodIndex,
  periodRange,
  projectTrend,
  referenceGroup,
  resolveGroup,
  type ServedZoneMetrics,
  type TargetDto,
  type TargetInput,
  type TargetMetric,
  type TargetPoint,
  type TargetProgressDto,
  targetStatus,
  trajectory,
  unavailableStatus,
  TREND_QUARTERS,
  WINDOW_QUARTERS,
} from '@equity/shared';
import { DataSource } from 'typeorm';
import { AnalyticsRepository } from '../analytics/analytics.repository.js';
import { FiguresCache } from '../analytics/figures-cache.js';
import { AuditService } from '../audit/audit.service.js';
import { ProtectedCounts } from '../disclosure/protected-counts.js';
import type { AuthUser } from '../auth/auth-user.js';
import { ValidationProblemsException, requestProblem } from '../core/problems.js';
import { serveMetrics } from '../core/serve.js';
import { ProfilesService } from '../profiles/profiles.service.js';
import { type ZoneRef, ZonesService } from '../zones/zones.service.js';
import { type TargetRow, TargetsRepository } from './targets.repository.js';

/**
 * The metric a target follows, read from one quarter's figures by the one reader of a figure
 * (`figureValue`), and why it has none: not supplied (`no_data`), withheld (`suppressed`) or too few
 * (`too_few_to_conclude`: a target's ratio is only read when it is conclusive, `conclusiveOnly`).
 */
export function targetMetricValue(metric: TargetMetric, m: ServedZoneMetrics): { value: number | null; unavailable: NoValueReason | null } {
  const { value, reason } = figureValue(metric, m, { conclusiveOnly: true });
  return { value, unavailable: reason };
}

@Injectable()
export class TargetsService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly zones: ZonesService,
    private readonly profiles: ProfilesService,
    private readonly analytics: AnalyticsRepository,
    private readonly audit: AuditService,
    private readonly counts: ProtectedCounts,
    private readonly cache: FiguresCache,
    private readonly repo: TargetsRepository,
  ) {}

  async list(user: AuthUser, zoneCode?: string): Promise<TargetProgressDto[]> {
    const visible = (await this.zones.list(user)).map((z) => z.code);
    const codes = zoneCode ? visible.filter((c) => c === zoneCode) : visible;
    if (zoneCode && codes.length === 0) await this.zones.authorize(user, zoneCode, 'read');
    const rows = await this.repo.ofZones(codes);
    return this.progressAll(user, rows);
  }

  async get(user: AuthUser, id: number): Promise<TargetProgressDto> {
    const row = await this.row(id);
    await this.zones.authorize(user, row.zone, 'read');
    const [progress] = await this.progressAll(user, [row]);
    if (!progress) throw new NotFoundException(`There is no target ${id}.`);
    return progress;
  }

  /**
   * Progress of many targets with a fixed number of queries, whatever their number: the zones'
   * access, latest quarters and sums (per classification, for full-access callers) are read for all
   * of them at once, not target by target.
   */
  private async progressAll(user: AuthUser, rows: TargetRow[]): Promise<TargetProgressDto[]> {
    if (rows.length === 0) return [];
    const access = await this.zones.authorizeAll(user, [...new Set(rows.map((r) => r.zone))]);
    const ids = [...new Set([...access.values()].map((a) => a.zone.id))];
    // Data versions first (FiguresCache): a full-access target's progress is reused while its zone's
    // data, its latest quarter and the target itself are unchanged.
    const versions = await this.analytics.versions(ids);
    const latest = await this.analytics.latestPeriods(ids);
    const plans = await Promise.all(
      rows.map(async (row) => {
        const a = access.get(row.zone);
        const profile = await this.profiles.get(row.profile_code);
        const group = resolveGroup(profile, row.group_spec);
        const last = a ? latest.get(a.zone.id) : undefined;
        const version = a && a.threshold <= 1 ? `${versions.byZone.get(a.zone.id) ?? '0'}|${last ?? ''}|${a.threshold}|${JSON.stringify(row)}` : null;
        const cached = version === null ? undefined : this.cache.get<TargetProgressDto>(`target|${row.id}`, version);
        return { row, a, profile, group, latest: last, version, cached, first: addQuarters(row.baseline_period, -(TREND_QUARTERS + WINDOW_QUARTERS)) };
      }),
    );
    // Sums for full-access callers (of the targets not cached), one query per classification;
    // protected counts come from the protected tables.
    const sums = new Map<string, Map<number, Aggregate[]>>();
    const wanted = plans.filter((p) => p.a && p.a.threshold <= 1 && p.group && p.latest && p.cached === undefined);
    for (const dimension of new Set(wanted.map((p) => p.group!.dimension))) {
      const of = wanted.filter((p) => p.group!.dimension === dimension);
      const from = of.map((p) => p.first).sort()[0]!;
      const to = of.map((p) => p.latest!).sort().at(-1)!;
      sums.set(dimension, await this.analytics.aggregatesOf([...new Set(of.map((p) => p.a!.zone.id))], dimensionOf(of[0]!.profile, dimension).code, from, to));
    }
    const out: TargetProgressDto[] = [];
    for (const p of plans) {
      if (!p.a) continue;
      if (p.cached !== undefined) {
        out.push(p.cached);
        continue;
      }
      const aggs = p.group ? (sums.get(p.group.dimension)?.get(p.a.zone.id) ?? []) : [];
      const progress = await this.progress(p.row, { zone: p.a.zone, threshold: p.a.threshold, profile: p.profile, group: p.group, latest: p.latest ?? null, aggregates: aggs });
      out.push(p.version === null ? progress : this.cache.set(`target|${p.row.id}`, p.version, progress));
    }
    return out;
  }

  private async row(id: number): Promise<TargetRow> {
    const row = await this.repo.byId(id);
    if (!row) throw new NotFoundException(`There is no target ${id}.`);
    return row;
  }

  /** Checks a target completely, reporting every problem at once. */
  private async validate(input: TargetInput): Promise<{ zoneId: number; profile: ClassificationProfile; group: Group }> {
    const problems = [];
    let zoneId = 0;
    let profile: ClassificationProfile | null = null;
    try {
      const zone = await this.zones.find(input.zone);
      zoneId = zone.id;
      profile = await this.profiles.get(zone.profileCode);
    } catch {
      problems.push(requestProblem('zone', 'unknown_zone', `There is no zone with code "${input.zone}".`, input.zone));
    }
    const group = profile ? resolveGroup(profile, input.group) : null;
    if (profile && !group) problems.push(requestProblem('group', 'unknown_group', `"${input.group}" is not a group. Write classification:group, e.g. origin:migration_background.`, input.group));
    if (profile) {
      for (const c of input.categories) {
        if (!profile.categories.some((x) => x.code === c)) problems.push(requestProblem('categories', 'unknown_category', `"${c}" is not a staff category.`, c));
      }
    }
    const max = input.metric === 'promotion_impact_ratio' ? 5 : 1;
    if (!(input.value > 0 && input.value <= max)) {
      problems.push(
        requestProblem(
          'value',
          'out_of_range',
          input.metric === 'promotion_impact_ratio' ? 'An impact ratio target is a number above 0 (1 means parity).' : 'A share target is a number above 0 and at most 1 (e.g. 0.25 for 25%).',
          undefined,
          { kind: input.metric === 'promotion_impact_ratio' ? 'ratio' : 'share' },
        ),
      );
    }
    for (const field of ['baselinePeriod', 'deadlinePeriod'] as const) {
      if (!isPeriod(input[field])) problems.push(requestProblem(field, 'invalid_period', `"${input[field]}" is not a quarter. Write it like 2025-Q3.`, input[field]));
    }
    if (isPeriod(input.baselinePeriod) && isPeriod(input.deadlinePeriod) && periodIndex(input.deadlinePeriod) <= periodIndex(input.baselinePeriod)) {
      problems.push(requestProblem('deadlinePeriod', 'deadline_before_baseline', 'The deadline must come after the baseline quarter.'));
    }
    if (problems.length || !profile || !group) throw new ValidationProblemsException(problems);
    return { zoneId, profile, group };
  }

  async create(user: AuthUser, input: TargetInput): Promise<TargetProgressDto> {
    const { zoneId } = await this.validate(input);
    const id = await this.db.transaction(async (m) => {
      const created = await this.repo.insert(m, zoneId, input, user.id);
      await this.audit.record(m, user, 'target.created', { zone: input.zone, details: { id: created, ...input } });
      return created;
    });
    return this.get(user, id);
  }

  async update(user: AuthUser, id: number, input: TargetInput): Promise<TargetProgressDto> {
    const before = await this.row(id);
    const { zoneId } = await this.validate(input);
    await this.db.transaction(async (m) => {
      await this.repo.update(m, id, zoneId, input);
      await this.audit.record(m, user, 'target.updated', {
        zone: input.zone,
        details: { id, before: { zone: before.zone, group: before.group_spec, metric: before.metric, value: before.value, baseline: before.baseline_period, deadline: before.deadline_period }, after: input },
      });
    });
    return this.get(user, id);
  }

  async remove(user: AuthUser, id: number): Promise<void> {
    const before = await this.row(id);
    await this.db.transaction(async (m) => {
      await this.repo.delete(m, id);
      await this.audit.record(m, user, 'target.deleted', {
        zone: before.zone,
        details: { id, group: before.group_spec, metric: before.metric, value: before.value, baseline: before.baseline_period, deadline: before.deadline_period },
      });
    });
  }

  /** Actual, trajectory, gap and status for every quarter from the baseline to the latest data, and the projections. */
  private async progress(
    row: TargetRow,
    ctx: { zone: ZoneRef; threshold: number; profile: ClassificationProfile; group: Group | null; latest: string | null; aggregates: Aggregate[] },
  ): Promise<TargetProgressDto> {
    const { zone, threshold, profile, group, latest } = ctx;
    const dto: TargetDto = {
      id: row.id,
      zone: row.zone,
      zoneName: row.zone_name,
      group: group ? { dimension: group.dimension, code: group.code, label: group.label } : { dimension: row.group_spec, code: row.group_spec, label: { en: row.group_spec } },
      metric: row.metric,
      categories: row.categories,
      value: row.value,
      baselinePeriod: row.baseline_period,
      deadlinePeriod: row.deadline_period,
      note: row.note,
      createdBy: row.created_by,
      createdAt: row.created_at.toISOString(),
      updatedAt: row.updated_at.toISOString(),
    };
    if (!group || !latest) return { ...dto, baselineValue: null, points: [], current: null, projection: null, flowProjection: null };
    const reference = referenceGroup(profile, group.dimension);
    const dim = dimensionOf(profile, group.dimension);
    const aggs = ctx.aggregates;
    const periods = periodRange(row.baseline_period, periodIndex(latest) < periodIndex(row.baseline_period) ? row.baseline_period : latest);
    const history = periodRange(addQuarters(latest, -(TREND_QUARTERS - 1)), latest);
    const input = { profile, zoneId: zone.id, dimension: dim.code, threshold, aggregates: aggs };
    const wanted = [...new Set([...periods, ...history])];
    const values = new Map(
      await this.counts.run(input, (count) =>
        wanted.map((period) => [period, targetMetricValue(row.metric, serveMetrics(computeZoneMetrics(profile, count, { period, group, reference, categories: row.categories, funnel: false }), threshold))] as const),
      ),
    );
    const valueAt = (period: string) => values.get(period)?.value ?? null;
    const unavailableAt = (period: string) => values.get(period)?.unavailable ?? null;
    const last = periodIndex(latest) < periodIndex(row.baseline_period) ? row.baseline_period : latest;
    const actuals = periodRange(row.baseline_period, last).map((period) => ({ period, actual: valueAt(period) }));
    // The trajectory starts at the baseline quarter's value, or at the first quarter after it that has one.
    const start = actuals.find((a) => a.actual !== null);
    const baselineValue = start?.actual ?? null;
    const points: TargetPoint[] = actuals.map(({ period, actual }) => {
      const traj =
        start === undefined || baselineValue === null || periodIndex(period) < periodIndex(start.period)
          ? null
          : trajectory(baselineValue, row.value, start.period, row.deadline_period, period);
      return {
        period,
        actual,
        unavailable: actual === null ? unavailableAt(period) : null,
        trajectory: traj,
        gap: actual !== null && traj !== null ? actual - traj : null,
        // Before the trajectory starts (no baseline value yet) a quarter without a value still says why.
        status: traj === null ? unavailableStatus(actual === null ? unavailableAt(period) : null) : targetStatus(row.metric, actual, traj, row.value, unavailableAt(period)),
      };
    });
    const current = [...points].reverse().find((p) => p.actual !== null) ?? null;
    const trend = history.map((period) => ({ period, value: valueAt(period) }));
    let flow: TargetProgressDto['flowProjection'] = null;
    // Only where the current representation itself is shown (not withheld by disclosure control).
    if (row.metric === 'representation' && valueAt(latest) !== null && periodIndex(row.deadline_period) > periodIndex(latest)) {
      // None when hires or separations were not supplied over the last 4 quarters (never flows of 0).
      const rates = await this.counts.run(input, (count) => flowRates(profile, count, latest, group, row.categories));
      flow = rates ? flowProjection(latest, rates, periodIndex(row.deadline_period) - periodIndex(latest)) : null;
    }
    return { ...dto, baselineValue, points, current, projection: projectTrend(trend, row.value, row.deadline_period), flowProjection: flow };
  }
}

