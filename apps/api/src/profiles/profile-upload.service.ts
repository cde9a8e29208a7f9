import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { type ClassificationProfile, normaliseProfile, type Problem, type ProfileChange, profileChanges, type ProfileUploadResult } from '@equity/shared';
import { DataSource, type EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service.js';
import type { AuthUser } from '../auth/auth-user.js';
import { RefusalException, ValidationProblemsException } from '../core/problems.js';
import { readProfileFile } from './profile-file.js';
import { type CodeUse, type DroppedCode, ProfilesRepository } from './profiles.repository.js';
import { ProfilesService } from './profiles.service.js';

/** A dropped code, and where the problem points in the new file. */
interface Held extends DroppedCode {
  column: string;
}

/**
 * Adding a classification profile, or a new version of one, from an administrator's file. The
 * file is checked whole (syntax, shape, consistency; every problem at once), and a new version may
 * not drop a category, classification, value or roll-up that stored data of a zone with the
 * profile uses (returns, targets, availability benchmarks, surveys). A dry run says what would
 * change; the write keeps every earlier version (classification_profile_version), is audited
 * (profile.created / profile.updated: code and version only) and marks the profile `uploaded`, so
 * start-up no longer overwrites a built-in an administrator changed.
 */
@Injectable()
export class ProfileUploadService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly audit: AuditService,
    private readonly profiles: ProfilesService,
    private readonly repository: ProfilesRepository,
  ) {}

  async upload(actor: AuthUser, file: { originalname: string; buffer: Buffer } | undefined, dryRun: boolean): Promise<ProfileUploadResult> {
    const profile = readProfileFile(file);
    const run = async (m: EntityManager): Promise<ProfileUploadResult> => {
      const stored = await this.repository.stored(m, profile.code, !dryRun);
      const zones = await this.repository.zoneCount(m, profile.code);
      const base = { dryRun, code: profile.code, name: profile.name, categories: profile.categories.length, dimensions: profile.dimensions.length, zones };
      if (!stored) {
        if (!dryRun) {
          await this.repository.store(m, actor.id, profile, 1, null);
          await this.audit.record(m, actor, 'profile.created', { details: { profile: profile.code, version: 1 } });
        }
        return { ...base, status: 'created', version: 1, previousVersion: null, changes: [] };
      }
      const before = normaliseProfile(stored.definition);
      const changes = profileChanges(before, profile);
      if (!changes.length) return { ...base, status: 'unchanged', version: stored.version, previousVersion: stored.version, changes };
      const problems = await this.heldProblems(m, before, profile);
      if (problems.length) {
        const n = problems.length;
        throw new ValidationProblemsException(
          problems,
          [],
          `${n === 1 ? 'There is 1 problem' : `There are ${n} problems`}: this version drops what stored data uses; nothing was stored. Keep those codes (you may change their labels) and check the file again.`,
        );
      }
      const version = stored.version + 1;
      if (!dryRun) {
        await this.repository.store(m, actor.id, profile, version, stored.version);
        // Figures cached with the old labels are computed again.
        await this.repository.bumpDataVersions(m, profile.code);
        const count = (change: ProfileChange['change']) => changes.filter((c) => c.change === change).length;
        await this.audit.record(m, actor, 'profile.updated', {
          details: { profile: profile.code, version, previousVersion: stored.version, added: count('added'), removed: count('removed'), changed: count('changed') },
        });
      }
      return { ...base, status: 'changed', version, previousVersion: stored.version, changes };
    };
    try {
      return dryRun ? await run(this.db.manager) : await this.db.transaction(run);
    } catch (err) {
      if ((err as { code?: string }).code === '23505') {
        throw new RefusalException(409, 'conflict', `The profile ${profile.code} was stored by someone else at the same moment: check the file again.`);
      }
      throw err;
    } finally {
      if (!dryRun) this.profiles.forget(profile.code);
    }
  }

  /** What the new version drops or redefines that stored data of the profile's zones uses: one problem each. */
  private async heldProblems(m: EntityManager, before: ClassificationProfile, after: ClassificationProfile): Promise<Problem[]> {
    const held: Held[] = [];
    const afterCategories = new Set(after.categories.map((c) => c.code));
    for (const c of before.categories) if (!afterCategories.has(c.code)) held.push({ kind: 'category', code: c.code, column: 'categories' });
    for (const d of before.dimensions) {
      const i = after.dimensions.findIndex((x) => x.code === d.code);
      const next = after.dimensions[i];
      if (!next) {
        held.push({ kind: 'dimension', code: d.code, column: 'dimensions' });
        continue;
      }
      const values = new Set(next.values.map((v) => v.code));
      for (const v of d.values) if (!values.has(v.code)) held.push({ kind: 'value', code: v.code, dimension: d.code, column: `dimensions[${i}].values`, notDeclared: v.notDeclared === true });
      if (d.multiple && !next.multiple) held.push({ kind: 'value', code: 'multiple', dimension: d.code, column: `dimensions[${i}].multiple` });
      const rollups = new Set((next.rollups ?? []).map((r) => r.code));
      for (const r of d.rollups ?? []) if (!rollups.has(r.code)) held.push({ kind: 'rollup', code: r.code, dimension: d.code, column: `dimensions[${i}].rollups` });
      const nd = d.values.find((v) => v.notDeclared)?.code;
      const nextNd = next.values.find((v) => v.notDeclared)?.code;
      if (nd && nextNd && nd !== nextNd && values.has(nd)) held.push({ kind: 'not_declared', code: nd, dimension: d.code, column: `dimensions[${i}].values` });
    }
    const uses = await this.repository.usesOf(m, before.code, held);
    return held.flatMap((h, i) => (uses[i]!.kinds.length ? [heldProblem(h, uses[i]!)] : []));
  }
}

const WHAT: Record<Held['kind'], string> = {
  category: 'The category',
  dimension: 'The classification',
  value: 'The value',
  rollup: 'The roll-up',
  not_declared: 'The “not declared” value',
};

function heldProblem(h: Held, use: CodeUse): Problem {
  const zones = use.zones.slice(0, 10).join(', ') + (use.zones.length > 10 ? ', …' : '');
  const of = h.dimension ? ` of “${h.dimension}”` : '';
  const tail = h.kind === 'not_declared' ? 'must stay the “not declared” value: stored data counts people who did not declare under it' : 'must stay in the profile';
  return {
    row: null,
    column: h.column,
    code: 'profile_value_in_use',
    message: `${WHAT[h.kind]} “${h.code}”${of} is used by ${use.kinds.join(', ')} of zone${use.zones.length === 1 ? '' : 's'} ${zones}: it ${tail} (its label may change).`,
    params: { kind: h.kind, code: h.code, ...(h.dimension ? { dimension: h.dimension } : {}), kinds: use.kinds.join(','), zones, path: h.column },
  };
}
