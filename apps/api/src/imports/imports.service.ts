import { Injectable } from '@nestjs/common';
import { BUILT_IN_PROFILES, type Problem, type ProblemCode, type ProblemParams, ZONE_CODE_PATTERN } from '@equity/shared';
import type { EntityManager } from 'typeorm';
import { AnalyticsService } from '../analytics/analytics.service.js';
import { AuditService } from '../audit/audit.service.js';
import type { AuthUser } from '../auth/auth-user.js';
import { ValidationProblemsException } from '../core/problems.js';
import { ProfilesService } from '../profiles/profiles.service.js';
import { type ImportedReturn, type ImportReturnsResult, ReturnsService } from '../returns/returns.service.js';
import { parseUpload, UnreadableFileError } from '../returns/upload-parser.js';
import { type ZoneRow, ZonesRepository } from '../zones/zones.repository.js';
import { type ZoneRef } from '../zones/zones.service.js';
import { type AvailabilityMapping, type ImportMapping, mapAvailability, mapReturns, type MappedZone, parseMapping, type ReturnsMapping, sourceColumn } from './mapping.js';

export interface ImportSummary {
  kind: ImportMapping['kind'];
  profile: string;
  rowsRead: number;
  dryRun: boolean;
  zonesCreated: string[];
  /** Returns kind: what was (or would be) written. */
  returns?: ImportReturnsResult;
  /** Availability kind: benchmarks set. */
  benchmarks?: number;
}

/**
 * The generic long-format import: a file produced elsewhere and a mapping file (see
 * mapping.ts). Returns go through the return validator and the revision write path
 * (ReturnsService.importReturns), benchmarks through the analytics write path; both in one
 * transaction with their audit events, nothing written when anything is wrong.
 */
@Injectable()
export class ImportsService {
  constructor(
    private readonly zonesRepo: ZonesRepository,
    private readonly profiles: ProfilesService,
    private readonly returns: ReturnsService,
    private readonly analytics: AnalyticsService,
    private readonly audit: AuditService,
  ) {}

  async run(user: AuthUser, mapping: { name: string; text: string }, file: { name: string; content: Buffer }, opts: { dryRun: boolean }): Promise<ImportSummary> {
    const parsed = parseMapping(mapping.text, mapping.name, (code) => BUILT_IN_PROFILES.find((p) => p.code === code));
    // The profile as stored (profiles are data in the database).
    const profile = await this.profiles.get(parsed.profile);
    let table;
    try {
      table = (await parseUpload(file.name, file.content)).table;
    } catch (err) {
      if (err instanceof UnreadableFileError) throw new ValidationProblemsException([err.problem]);
      throw err;
    }
    const origin = file.name.split(/[\\/]/).pop() ?? file.name;
    if (parsed.kind === 'availability') return this.availability(user, parsed, profile.code, table, opts.dryRun);

    const mapped = mapReturns(parsed, profile, table);
    if (mapped.problems.some((p) => p.code === 'missing_column')) throw new ValidationProblemsException(mapped.problems);
    const { zones, toCreate, problems } = await this.resolveZones(parsed, profile.code, mapped.zones);
    // Every problem at once: the file's and the zones' with those of the returns the validator finds.
    const items: ImportedReturn[] = mapped.returns
      .filter((r) => zones.has(r.zone) || toCreate.has(r.zone))
      .map((r) => {
        const zone = zones.get(r.zone) ?? { id: null, code: r.zone, name: toCreate.get(r.zone)!.name };
        return { zone: { id: zone.id, code: zone.code, name: zone.name }, profile, period: r.period, table: r.table, origin };
      });
    const result = await this.returns.importReturns(user, items, {
      reason: parsed.reason,
      dryRun: opts.dryRun,
      problems: [...mapped.problems, ...problems],
      columnName: (c) => sourceColumn(parsed, c),
      prepare: (m) => this.createZones(m, user, [...toCreate.values()], profile.code, origin),
    });
    return { kind: 'returns', profile: profile.code, rowsRead: mapped.rowsRead, dryRun: opts.dryRun, zonesCreated: [...toCreate.keys()], returns: result };
  }

  private async availability(user: AuthUser, mapping: AvailabilityMapping, profileCode: string, table: Parameters<typeof mapAvailability>[2], dryRun: boolean): Promise<ImportSummary> {
    const profile = await this.profiles.get(profileCode);
    const mapped = mapAvailability(mapping, profile, table);
    if (mapped.problems.length) throw new ValidationProblemsException(mapped.problems);
    const wanted = new Map(mapped.rows.map((r) => [r.zone, { key: r.zone, name: null, firstRow: r.row } as MappedZone]));
    const { zones, problems } = await this.resolveZones({ ...mapping, columns: { zone: mapping.columns.zone } }, profileCode, wanted);
    if (problems.length) throw new ValidationProblemsException(problems);
    const items = mapped.rows.map((r) => ({
      zone: { id: zones.get(r.zone)!.id, code: zones.get(r.zone)!.code, name: zones.get(r.zone)!.name, profileCode } as ZoneRef,
      benchmarks: r.shares.map((s) => ({ dimension: mapping.classification, group: s.group, share: s.share, source: mapping.source, year: mapping.year })),
    }));
    const benchmarks = await this.analytics.importAvailability(user, items, dryRun);
    return { kind: 'availability', profile: profileCode, rowsRead: table.rows.length, dryRun, zonesCreated: [], benchmarks };
  }

  /** Finds the zones the rows name; lists the ones to create (never a zone of another profile). */
  private async resolveZones(
    mapping: Pick<ReturnsMapping, 'zones'> & { columns: { zone: string } },
    profileCode: string,
    wanted: Map<string, MappedZone>,
  ): Promise<{ zones: Map<string, ZoneRow>; toCreate: Map<string, { code: string; name: string }>; problems: Problem[] }> {
    const keys = [...wanted.keys()];
    const rows = mapping.zones.match === 'code' ? await this.zonesRepo.byCodes(keys) : await this.zonesRepo.byNames(profileCode, keys.map((k) => k.toLowerCase()));
    const zones = new Map<string, ZoneRow>();
    const toCreate = new Map<string, { code: string; name: string }>();
    const problems: Problem[] = [];
    for (const z of wanted.values()) {
      const found = rows.filter((r) => (mapping.zones.match === 'code' ? r.code === z.key : r.name.toLowerCase() === z.key.toLowerCase()));
      const problem = (code: ProblemCode, message: string, params?: ProblemParams) =>
        problems.push({ row: z.firstRow, column: mapping.columns.zone, code, value: z.key, message, ...(params ? { params } : {}) });
      if (found.length > 1) problem('ambiguous_zone', `More than one zone is named "${z.key}": map it to a zone code in "zones.aliases".`);
      else if (found[0] && found[0].profile_code !== profileCode) {
        problem('wrong_profile', `Zone ${found[0].code} (${found[0].name}) exists with the profile ${found[0].profile_code}, not ${profileCode}: its data cannot be mixed. Give the imported zones other codes.`, {
          zone: found[0].code,
          profile: found[0].profile_code,
          expectedProfile: profileCode,
        });
      } else if (found[0]) zones.set(z.key, found[0]);
      else if (mapping.zones.match === 'code' && mapping.zones.create) {
        if (!ZONE_CODE_PATTERN.test(z.key)) problem('invalid_zone_code', `"${z.key}" cannot be a zone code: use letters, digits, ".", "_" or "-" (at most 40).`);
        else if (!z.name) problem('required', `Zone ${z.key} does not exist yet and the row gives no name for it.`, { reason: 'zone_name' });
        else toCreate.set(z.key, { code: z.key, name: z.name });
      } else problem('unknown_zone', `There is no zone ${mapping.zones.match === 'code' ? 'with code' : 'named'} "${z.key}" with the profile ${profileCode}. Create it first, or map the name in "zones.aliases".`, { profile: profileCode });
    }
    return { zones, toCreate, problems };
  }

  private async createZones(m: EntityManager, user: AuthUser, zones: { code: string; name: string }[], profileCode: string, origin: string): Promise<Map<string, number>> {
    const out = new Map<string, number>();
    for (const z of zones) {
      out.set(z.code, await this.zonesRepo.insertImported(m, z.code, z.name, profileCode));
      await this.audit.record(m, user, 'zone.created', { zone: z.code, details: { name: z.name, profile: profileCode, origin } });
    }
    return out;
  }
}
