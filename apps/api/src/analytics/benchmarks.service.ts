import { Injectable, NotFoundException } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import {
  AVAILABILITY_FILE_COLUMNS,
  AVAILABILITY_SOURCE_MAX,
  AVAILABILITY_SOURCE_MIN,
  AVAILABILITY_YEAR_MAX,
  AVAILABILITY_YEAR_MIN,
  type AvailabilityBenchmarkRow,
  type AvailabilityImportResult,
  type AvailabilityImportRow,
  type ClassificationProfile,
  parseShare,
  type Problem,
  type ProblemCode,
  resolveGroup,
} from '@equity/shared';
import { DataSource, type EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service.js';
import type { AuthUser } from '../auth/auth-user.js';
import type { UploadLimits } from '../config/config.js';
import { ValidationProblemsException } from '../core/problems.js';
import { ProfilesService } from '../profiles/profiles.service.js';
import { readAdminFile } from '../zones/admin-file.js';
import { ZonesService } from '../zones/zones.service.js';
import { AnalyticsRepository } from './analytics.repository.js';
import { BenchmarksRepository } from './benchmarks.repository.js';

const summary = (problems: Problem[], what: string) => (problems.length === 1 ? `There is 1 problem; ${what}.` : `There are ${problems.length} problems; ${what}.`);

/** The groups a benchmark may be about in one classification of a profile: its values and roll-ups. */
export function groupChoices(profile: ClassificationProfile, dimension: string): string[] {
  const d = profile.dimensions.find((x) => x.code === dimension);
  if (!d) return [];
  return [...(d.rollups ?? []).map((r) => r.code), ...d.values.filter((v) => !v.notDeclared).map((v) => v.code)];
}

/**
 * Availability benchmarks as administrators keep them: every year of every group of a zone, one
 * deleted, many loaded from a file (preview, then written in one transaction). Setting one is
 * `AnalyticsService.setAvailability` (PUT). Every write is audited; figures see it at once (the
 * table's triggers bump the zone's data version).
 */
@Injectable()
export class BenchmarksService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly zones: ZonesService,
    private readonly profiles: ProfilesService,
    private readonly repo: AnalyticsRepository,
    private readonly benchmarks: BenchmarksRepository,
    private readonly audit: AuditService,
  ) {}

  /** Every benchmark of the zone, every year, by classification, group and year (newest first). */
  async list(user: AuthUser, zoneCode: string): Promise<AvailabilityBenchmarkRow[]> {
    const { zone } = await this.zones.authorize(user, zoneCode, 'read');
    return this.benchmarks.list(zone.id);
  }

  async delete(actor: AuthUser, zoneCode: string, dimension: string, group: string, yearText: string): Promise<void> {
    const zone = await this.zones.find(zoneCode);
    const year = /^\d{4}$/.test(yearText) ? Number(yearText) : NaN;
    await this.db.transaction(async (m) => {
      const rows = await this.benchmarks.forDelete(m, zone.id, dimension, group, Number.isNaN(year) ? -1 : year);
      if (!rows[0]) throw new NotFoundException(`Zone ${zone.code} has no availability benchmark for ${dimension}:${group} in ${yearText}.`);
      const { id, ...deleted } = rows[0];
      await this.benchmarks.delete(m, id);
      await this.audit.record(m, actor, 'availability.deleted', { zone: zone.code, details: { ...deleted } });
    });
  }

  /**
   * Loads benchmarks from a file (zone, dimension, group, year, share, source): a row sets the
   * benchmark of its zone × group × year, replacing the share and source stored for them. Every
   * problem comes at once (422) and nothing is written; a dry run says what each row would do.
   */
  async importFile(actor: AuthUser, file: { originalname: string; buffer: Buffer } | undefined, dryRun: boolean, limits: UploadLimits): Promise<AvailabilityImportResult> {
    const rows = await readAdminFile(file, { what: 'availability benchmarks file', required: AVAILABILITY_FILE_COLUMNS, optional: [] }, limits);
    const codes = [...new Set(rows.map((r) => (r.values['zone'] ?? '').trim()).filter(Boolean))];
    const zoneRows = codes.length ? await this.benchmarks.zones(codes) : [];
    const zones = new Map(zoneRows.map((z) => [z.code, z]));
    const profiles = new Map<string, ClassificationProfile>();
    for (const z of zoneRows) if (!profiles.has(z.profile_code)) profiles.set(z.profile_code, await this.profiles.get(z.profile_code));

    const run = async (m: EntityManager): Promise<AvailabilityImportResult> => {
      const stored = await this.stored(m, zoneRows.map((z) => z.id), !dryRun);
      const problems: Problem[] = [];
      const seen = new Map<string, number>();
      const out: (AvailabilityImportRow & { zoneId: number })[] = [];
      for (const r of rows) {
        const at = (column: string, code: ProblemCode, message: string): Problem => ({ row: r.row, column, code, message: `Row ${r.row}: ${message}` });
        const v = (c: string) => (r.values[c] ?? '').trim();
        const rowProblems: Problem[] = [];
        const zone = zones.get(v('zone'));
        const profile = zone ? profiles.get(zone.profile_code)! : null;
        if (!v('zone')) rowProblems.push(at('zone', 'required', 'the zone is required: its number, such as 5345.'));
        else if (!zone) rowProblems.push(at('zone', 'unknown_zone', `there is no zone ${v('zone').slice(0, 40)}. Register it under Administration → Zones first.`));
        const dimension = v('dimension');
        const dimensionDef = profile?.dimensions.find((d) => d.code === dimension);
        if (!dimension) rowProblems.push(at('dimension', 'required', 'the classification is required, for example origin or gender.'));
        else if (profile && !dimensionDef) {
          rowProblems.push(at('dimension', 'unknown_dimension', `“${dimension.slice(0, 40)}” is not a classification of profile ${profile.code}: use ${profile.dimensions.map((d) => d.code).join(', ')}.`));
        }
        const group = v('group');
        if (!group) rowProblems.push(at('group', 'required', 'the group is required, for example migration_background.'));
        else if (profile && dimensionDef && !resolveGroup(profile, `${dimension}:${group}`)) {
          rowProblems.push(at('group', 'unknown_group', `“${group.slice(0, 40)}” is not a group of ${dimension} in profile ${profile.code}: use one of ${groupChoices(profile, dimension).join(', ')}.`));
        }
        const year = /^\d{4}$/.test(v('year')) ? Number(v('year')) : NaN;
        if (!(year >= AVAILABILITY_YEAR_MIN && year <= AVAILABILITY_YEAR_MAX)) {
          rowProblems.push(at('year', v('year') ? 'invalid_year' : 'required', `the year must be a year from ${AVAILABILITY_YEAR_MIN} to ${AVAILABILITY_YEAR_MAX}, such as 2025: the year the population figures are for.`));
        }
        const share = parseShare(v('share'));
        if (share === null) {
          rowProblems.push(
            at('share', v('share') ? 'invalid_share' : 'required', 'the share must be a fraction from 0 to 1 (0.52 or 0,52) or a percentage with its sign (52%): the group’s share of the population.'),
          );
        }
        const source = v('source').replace(/\s+/g, ' ');
        if (source.length < AVAILABILITY_SOURCE_MIN) rowProblems.push(at('source', 'required', 'the source is required: where the figure comes from, such as “Statbel, population by origin, 1 January 2025”.'));
        else if (source.length > AVAILABILITY_SOURCE_MAX) rowProblems.push(at('source', 'too_long', `the source is longer than ${AVAILABILITY_SOURCE_MAX} characters.`));
        if (!rowProblems.length) {
          const key = `${zone!.code}|${dimension}|${group}|${year}`;
          const first = seen.get(key);
          if (first !== undefined) {
            rowProblems.push(at('group', 'duplicate_benchmark', `zone ${zone!.code}, ${dimension}:${group} in ${year} is already on row ${first}. List each benchmark once.`));
          } else seen.set(key, r.row);
        }
        problems.push(...rowProblems);
        if (rowProblems.length) continue;
        const before = stored.get(`${zone!.id}|${dimension}|${group}|${year}`);
        out.push({
          row: r.row,
          zone: zone!.code,
          zoneId: zone!.id,
          dimension,
          group,
          year,
          share: share!,
          source,
          status: !before ? 'created' : before.share !== share || before.source !== source ? 'changed' : 'unchanged',
          previousShare: before ? before.share : null,
        });
      }
      if (problems.length) throw new ValidationProblemsException(problems, [], `${summary(problems, 'no benchmark was loaded')} Correct the file and load it again.`);
      const result: AvailabilityImportResult = {
        dryRun,
        created: out.filter((r) => r.status === 'created').length,
        changed: out.filter((r) => r.status === 'changed').length,
        unchanged: out.filter((r) => r.status === 'unchanged').length,
        rows: out.map(({ zoneId: _zoneId, ...r }) => r),
      };
      if (dryRun) return result;
      const written = out.filter((r) => r.status !== 'unchanged');
      for (const r of written) await this.repo.upsertAvailability(r.zoneId, r, m);
      const byZone = new Map<string, typeof written>();
      for (const r of written) byZone.set(r.zone, [...(byZone.get(r.zone) ?? []), r]);
      await this.audit.recordMany(
        m,
        actor,
        'availability.set',
        [...byZone].map(([zone, rs]) => ({
          zone,
          details: { origin: 'file', benchmarks: rs.map((r) => ({ row: r.row, dimension: r.dimension, group: r.group, year: r.year, share: r.share, source: r.source, previousShare: r.previousShare })) },
        })),
      );
      return result;
    };
    return dryRun ? run(this.db.manager) : this.db.transaction(run);
  }

  private async stored(m: EntityManager, zoneIds: number[], lock: boolean): Promise<Map<string, { share: number; source: string }>> {
    if (!zoneIds.length) return new Map();
    const rows = await this.benchmarks.ofZones(m, zoneIds, lock);
    return new Map(rows.map((r) => [`${r.zone_id}|${r.dimension}|${r.group_code}|${r.year}`, { share: r.share, source: r.source }]));
  }
}
