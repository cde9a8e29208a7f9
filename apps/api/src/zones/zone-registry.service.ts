import { ConflictException, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import {
  type CreateZoneRequest,
  isPeriod,
  type Label,
  type MergeZoneRequest,
  normaliseCommunes,
  type Problem,
  splitCommunes,
  type UpdateZoneRequest,
  ZONE_FILE_COLUMNS,
  ZONE_FILE_REQUIRED,
  zoneDisplayName,
  type ZoneDto,
  type ZoneImportResult,
  type ZoneImportRow,
} from '@equity/shared';
import { DataSource, type EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service.js';
import type { AuthUser } from '../auth/auth-user.js';
import type { UploadLimits } from '../config/config.js';
import { refusalBody, ValidationProblemsException } from '../core/problems.js';
import { readAdminFile } from './admin-file.js';
import {
  codeProblems,
  fieldProblems,
  FILE_COLUMNS,
  FORM_PLACE,
  profileChangeProblems,
  tidy,
  type ZoneFields,
  zoneChangeProblems,
  zoneChanges,
  type ZoneHoldings,
  zoneProblems,
} from './zone-input.js';
import { type ZoneWrite, ZonesRepository } from './zones.repository.js';
import { ZonesService } from './zones.service.js';

interface StoredZone extends ZoneFields {
  id: number;
  code: string;
  names: Label;
}

const summary = (problems: Problem[], what: string) => (problems.length === 1 ? `There is 1 problem; ${what}.` : `There are ${problems.length} problems; ${what}.`);

const namesOf = (f: ZoneFields): Label => ({ en: f.nameEn ?? f.nameNl, nl: f.nameNl, fr: f.nameFr });

/** What is stored of a zone's fields: the display name beside the names in each language. */
const rowOf = (f: ZoneFields): ZoneWrite => ({ name: zoneDisplayName(f.nameNl, f.nameFr), names: namesOf(f), profile: f.profile, communes: f.communes });

const auditFields = (f: ZoneFields) => ({ name: zoneDisplayName(f.nameNl, f.nameFr), profile: f.profile, communes: f.communes.length });

/**
 * Zone administration (administrators only): register a zone, change its names, profile and
 * communes, load many from a file. Every write is one transaction with its audit events.
 */
@Injectable()
export class ZoneRegistryService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly audit: AuditService,
    private readonly zones: ZonesService,
    private readonly repo: ZonesRepository,
  ) {}

  async get(actor: AuthUser, code: string): Promise<ZoneDto> {
    await this.zones.find(code); // 404 in the usual words
    const all = await this.zones.list(actor, code);
    return all[0]!;
  }

  async create(actor: AuthUser, body: CreateZoneRequest): Promise<ZoneDto> {
    const code = (body.code ?? '').trim();
    const fields = this.fieldsOf(body, null);
    const profiles = await this.profileCodes();
    const problems = zoneProblems({ code, ...fields }, body, profiles, FORM_PLACE);
    if (!problems.length && (await this.load(this.db.manager, [code])).has(code)) {
      problems.push({ row: null, column: 'code', code: 'zone_exists', message: `There is already a zone with code ${code}: change it on its own page instead.`, value: code });
    }
    if (problems.length) throw new ValidationProblemsException(problems, [], summary(problems, 'the zone was not registered'));
    try {
      await this.db.transaction(async (m) => {
        await this.repo.insert(m, code, rowOf(fields));
        await this.audit.record(m, actor, 'zone.created', { zone: code, details: { ...auditFields(fields), origin: 'form' } });
      });
    } catch (err) {
      if ((err as { code?: string }).code === '23505') {
        const p: Problem[] = [{ row: null, column: 'code', code: 'zone_exists', message: `There is already a zone with code ${code}: change it on its own page instead.`, value: code }];
        throw new ValidationProblemsException(p, [], summary(p, 'the zone was not registered'));
      }
      throw err;
    }
    return this.get(actor, code);
  }

  /** Changes the fields given. A new profile is refused while the zone holds data recorded with the old one. */
  async update(actor: AuthUser, code: string, body: UpdateZoneRequest): Promise<ZoneDto> {
    await this.zones.find(code); // 404
    const profiles = await this.profileCodes();
    const change = { ...body, ...(body.communes !== undefined ? { communes: normaliseCommunes(body.communes) } : {}) };
    await this.db.transaction(async (m) => {
      const current = (await this.load(m, [code], true)).get(code)!;
      const problems = zoneChangeProblems(change, profiles);
      const next = this.fieldsOf(
        {
          nameNl: change.nameNl ?? current.nameNl,
          nameFr: change.nameFr ?? current.nameFr,
          ...(change.nameEn !== undefined ? { nameEn: change.nameEn } : {}),
          profile: change.profile ?? current.profile,
          communes: change.communes ?? current.communes,
        },
        change.nameEn !== undefined ? null : current,
      );
      if (!problems.length && next.profile !== current.profile) {
        problems.push(...profileChangeProblems(code, current.profile, next.profile, (await this.holdings(m, [current.id])).get(current.id)!, FORM_PLACE));
      }
      if (problems.length) throw new ValidationProblemsException(problems, [], summary(problems, 'nothing was changed'));
      const changed = zoneChanges(current, next);
      if (!changed.length) return;
      await this.repo.update(m, current.id, rowOf(next));
      await this.audit.record(m, actor, 'zone.updated', { zone: code, details: { changed, ...this.changeDetails(current, next, changed) } });
    });
    return this.get(actor, code);
  }

  /**
   * Deletes a zone registered by mistake: only while nothing was recorded for it (no returns,
   * targets, survey campaigns, HR accounts, zones merged into it). Its availability benchmarks go
   * with it (listed in the audit event); the audit log keeps its history.
   */
  async delete(actor: AuthUser, code: string): Promise<void> {
    await this.zones.find(code); // 404
    await this.db.transaction(async (m) => {
      const z = await this.repo.deletionHoldings(m, code);
      const held = [
        z!.returns ? `${z!.returns} quarterly return${z!.returns === 1 ? '' : 's'}` : '',
        z!.targets ? `${z!.targets} target${z!.targets === 1 ? '' : 's'}` : '',
        z!.surveys ? `${z!.surveys} survey campaign${z!.surveys === 1 ? '' : 's'}` : '',
        z!.accounts ? `${z!.accounts} HR account${z!.accounts === 1 ? '' : 's'}` : '',
        z!.merged ? `${z!.merged} zone${z!.merged === 1 ? '' : 's'} merged into it` : '',
      ].filter(Boolean);
      if (held.length) {
        const message = `Zone ${code} cannot be deleted: it has ${held.join(', ')}. Only a zone registered by mistake, with nothing recorded for it, can be deleted.`;
        throw new ConflictException(refusalBody(409, 'Conflict', message, { code: 'zone_in_use' }));
      }
      const benchmarks = await this.repo.benchmarksOf(m, z!.id);
      const before = await this.repo.delete(m, z!.id);
      await this.audit.record(m, actor, 'zone.deleted', { zone: code, details: { name: before.name, profile: before.profile_code, benchmarks } });
    });
  }

  /**
   * Records a merger: `code` is succeeded by `into` from quarter `from` on (a merger of A and B into
   * C is two of them). The successor's series then count this zone's earlier returns as its own
   * (AnalyticsRepository: a zone's quarters count in its successor's), and the zone takes no return
   * from `from` on (ReturnsRepository.storeRevisions finds one and writes nothing, ReturnsService
   * answers 409 zone_merged). Refused (422, every problem at once): an unknown successor, the zone
   * itself, another profile, a successor that was itself merged, a zone merged already, a
   * malformed quarter, or returns of the zone from `from` on. Audited as zone.merged; both zones' cached figures are computed again.
   */
  async merge(actor: AuthUser, code: string, body: MergeZoneRequest): Promise<ZoneDto> {
    await this.zones.find(code); // 404
    const into = (body.into ?? '').trim();
    const from = (body.from ?? '').trim().toUpperCase();
    await this.db.transaction(async (m) => {
      const rows = await this.repo.forMerger(m, [code, into]);
      const zone = rows.find((r) => r.code === code)!;
      const successor = rows.find((r) => r.code === into);
      const problems: Problem[] = [];
      const target = (message: string, reason: string) => problems.push({ row: null, column: 'into', code: 'merge_target', message, params: { reason, zone: into } });
      if (!into) target('Name the zone that succeeds this one.', 'missing');
      else if (!successor) target(`There is no zone ${into}.`, 'unknown');
      else if (successor.id === zone.id) target('A zone cannot succeed itself.', 'itself');
      else if (successor.profile_code !== zone.profile_code) target(`Zone ${into} records its returns with another classification profile (${successor.profile_code}, not ${zone.profile_code}).`, 'profile');
      else if (successor.successor_id !== null) target(`Zone ${into} was itself merged into another zone: name that one.`, 'merged');
      if (zone.successor_id !== null) problems.push({ row: null, column: null, code: 'merge_target', message: `Zone ${code} was merged already.`, params: { reason: 'already', zone: code } });
      if (!isPeriod(from)) problems.push({ row: null, column: 'from', code: 'invalid_period', message: 'Write the first quarter of the successor as YYYY-Qn, e.g. 2027-Q1.' });
      else {
        const after = await this.repo.periodsFrom(m, zone.id, from);
        if (after.length) {
          const quarters = after.join(', ');
          problems.push({ row: null, column: 'from', code: 'merge_returns_after', message: `Zone ${code} has returns from ${from} on (${quarters}): enter those quarters for the successor, or merge from a later quarter.`, params: { zone: code, quarters } });
        }
      }
      if (problems.length) throw new ValidationProblemsException(problems, [], summary(problems, 'no merger was recorded'));
      await this.repo.merge(m, zone.id, successor!.id, from);
      await this.audit.record(m, actor, 'zone.merged', { zone: code, details: { into, from } });
    });
    return this.get(actor, code);
  }

  /**
   * Loads zones from a file: each row registers a zone or changes the one with its code. Every
   * problem of the file comes at once (422) and then nothing is written; a dry run only says what
   * each row would do.
   */
  async importFile(actor: AuthUser, file: { originalname: string; buffer: Buffer } | undefined, dryRun: boolean, limits: UploadLimits): Promise<ZoneImportResult> {
    const rows = await readAdminFile(file, { what: 'zones file', required: ZONE_FILE_REQUIRED, optional: ZONE_FILE_COLUMNS.filter((c) => !(ZONE_FILE_REQUIRED as readonly string[]).includes(c)) }, limits);
    const profiles = await this.profileCodes();
    const run = async (m: EntityManager): Promise<ZoneImportResult> => {
      const problems: Problem[] = [];
      const firstRow = new Map<string, number>();
      const parsed: { row: number; code: string; codeOk: boolean; raw: Record<string, string> }[] = [];
      for (const r of rows) {
        const code = tidy(r.values['code'] ?? '');
        const codeP = codeProblems(code, { row: r.row, column: FILE_COLUMNS });
        problems.push(...codeP);
        if (!codeP.length) {
          const seen = firstRow.get(code);
          if (seen !== undefined) {
            problems.push({ row: r.row, column: 'code', code: 'duplicate_code', message: `Row ${r.row}: zone ${code} is already on row ${seen}. List each zone once.`, value: code });
            continue;
          }
          firstRow.set(code, r.row);
        }
        parsed.push({ row: r.row, code, codeOk: codeP.length === 0, raw: r.values });
      }
      const stored = await this.load(m, [...firstRow.keys()], !dryRun);
      const holdings = await this.holdings(m, [...stored.values()].map((z) => z.id));
      const out: ZoneImportRow[] = [];
      for (const { row, code, codeOk, raw } of parsed) {
        const place = { row, column: FILE_COLUMNS };
        const current = stored.get(code) ?? null;
        const rawNames = { nameNl: raw['name_nl'] ?? '', nameFr: raw['name_fr'] ?? '', ...(raw['name_en'] ? { nameEn: raw['name_en'] } : {}) };
        const fields = this.fieldsOf({ ...rawNames, profile: raw['profile'] ?? '', communes: splitCommunes(raw['communes'] ?? '') }, current);
        const rowProblems = fieldProblems(fields, rawNames, profiles, place);
        if (current && !rowProblems.length) rowProblems.push(...profileChangeProblems(code, current.profile, fields.profile, holdings.get(current.id)!, place));
        problems.push(...rowProblems);
        if (rowProblems.length || !codeOk) continue;
        const changes = current ? zoneChanges(current, fields) : [];
        out.push({
          row,
          code,
          status: !current ? 'created' : changes.length ? 'changed' : 'unchanged',
          changes,
          nameNl: fields.nameNl,
          nameFr: fields.nameFr,
          nameEn: fields.nameEn,
          profile: fields.profile,
          communes: fields.communes,
        });
      }
      if (problems.length) throw new ValidationProblemsException(problems, [], `${summary(problems, 'no zone was loaded')} Correct the file and load it again.`);
      const result: ZoneImportResult = {
        dryRun,
        created: out.filter((r) => r.status === 'created').length,
        changed: out.filter((r) => r.status === 'changed').length,
        unchanged: out.filter((r) => r.status === 'unchanged').length,
        rows: out,
      };
      if (dryRun) return result;
      for (const r of out) {
        const fields: ZoneFields = { nameNl: r.nameNl, nameFr: r.nameFr, nameEn: r.nameEn, profile: r.profile, communes: r.communes };
        if (r.status === 'created') await this.repo.insert(m, r.code, rowOf(fields));
        else if (r.status === 'changed') await this.repo.update(m, stored.get(r.code)!.id, rowOf(fields));
      }
      await this.audit.recordMany(
        m,
        actor,
        'zone.created',
        out.filter((r) => r.status === 'created').map((r) => ({ zone: r.code, details: { ...auditFields(r), origin: 'file', row: r.row } })),
      );
      await this.audit.recordMany(
        m,
        actor,
        'zone.updated',
        out
          .filter((r) => r.status === 'changed')
          .map((r) => ({ zone: r.code, details: { changed: r.changes, ...this.changeDetails(stored.get(r.code)!, r, r.changes), origin: 'file', row: r.row } })),
      );
      return result;
    };
    return dryRun ? run(this.db.manager) : this.db.transaction(run);
  }

  /** Trimmed fields; without an English name, the stored one stays (or the Dutch one stands in). */
  private fieldsOf(body: { nameNl?: string; nameFr?: string; nameEn?: string; profile?: string; communes?: string[] }, current: ZoneFields | null): ZoneFields {
    const nameNl = tidy(body.nameNl ?? '');
    const en = tidy(body.nameEn ?? '');
    return {
      nameNl,
      nameFr: tidy(body.nameFr ?? ''),
      nameEn: en || (current?.nameEn ?? null),
      profile: (body.profile ?? '').trim(),
      communes: normaliseCommunes(body.communes ?? []),
    };
  }

  private changeDetails(before: ZoneFields, after: ZoneFields, changed: string[]): Record<string, unknown> {
    return {
      ...(changed.includes('names') ? { name: { from: zoneDisplayName(before.nameNl, before.nameFr), to: zoneDisplayName(after.nameNl, after.nameFr) } } : {}),
      ...(changed.includes('profile') ? { profile: { from: before.profile, to: after.profile } } : {}),
      ...(changed.includes('communes') ? { communes: { from: before.communes.length, to: after.communes.length } } : {}),
    };
  }

  /** The zones with these codes, by code (locked for the transaction when writing). */
  private async load(m: EntityManager, codes: string[], lock = false): Promise<Map<string, StoredZone>> {
    if (!codes.length) return new Map();
    const rows = await this.repo.forEdit(m, codes, lock);
    return new Map(
      rows.map((r) => [
        r.code,
        { id: r.id, code: r.code, names: r.names, nameNl: r.names.nl ?? r.name, nameFr: r.names.fr ?? r.name, nameEn: r.names.en ?? null, profile: r.profile_code, communes: r.communes },
      ]),
    );
  }

  /** Returns, targets and availability benchmarks each zone holds (recorded with its profile's categories). */
  private async holdings(m: EntityManager, ids: number[]): Promise<Map<number, ZoneHoldings>> {
    const out = new Map<number, ZoneHoldings>(ids.map((id) => [id, { returns: 0, targets: 0, benchmarks: 0 }]));
    if (!ids.length) return out;
    const rows = await this.repo.holdings(m, ids);
    for (const r of rows) out.set(r.id, { returns: r.returns, targets: r.targets, benchmarks: r.benchmarks });
    return out;
  }

  private async profileCodes(): Promise<Set<string>> {
    return new Set(await this.repo.profileCodes());
  }
}
