import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { type ClassificationProfile, normaliseProfile, type Problem, type ProfileChange, profileChanges, type ProfileUploadResult } from '@equity/shared';
import { DataSource, type EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service.js';
import type { AuthUser } from '../auth/auth-user.js';
import { RefusalException, ValidationProblemsException } from '../core/problems.js';
import { readProfileFile } from './profile-file.js';
import { ProfilesService } from './profiles.service.js';

/** Something stored data may refer to: a category, a classification, a value, a roll-up, the "not declared" value. */
interface Held {
  kind: 'category' | 'dimension' | 'value' | 'rollup' | 'not_declared';
  code: string;
  dimension?: string;
  /** Where the problem points in the new file. */
  column: string;
  /** A value that was the "not declared" one: cells without the classification count under it too. */
  notDeclared?: boolean;
}

/** What holds a code: the kinds of data (returns, targets, benchmarks, surveys) and their zones. */
interface Use {
  kinds: string[];
  zones: string[];
}

/** The zones of the profile's data of each kind; `{cat}` and `{cls}` are the category and classes of a cell or answer. */
const CELLS = {
  returns: `SELECT DISTINCT z.code FROM zone z JOIN quarterly_return r ON r.zone_id = z.id JOIN return_revision rv ON rv.return_id = r.id
              JOIN return_cell c ON c.revision_id = rv.id WHERE z.profile_code = $1 AND (COND)`,
  surveys: `SELECT DISTINCT z.code FROM zone z JOIN survey_campaign sc ON sc.zone_id = z.id JOIN survey_result_cell c ON c.campaign_id = sc.id
              WHERE z.profile_code = $1 AND (COND)
            UNION
            SELECT DISTINCT z.code FROM zone z JOIN survey_campaign sc ON sc.zone_id = z.id JOIN survey_answer_set s ON s.campaign_id = sc.id
              CROSS JOIN LATERAL jsonb_each(s.answers) a WHERE z.profile_code = $1 AND (ANSWER)`,
} as const;

/** A cell or answer counted under the "not declared" value: it says so, or leaves the classification out. */
const NOT_DECLARED = 'NOT ({cls} ? $2) OR ({cls} -> $2) @> to_jsonb($3::text)';

const cellCondition = (sql: string) => sql.replaceAll('{cat}', 'c.category').replaceAll('{cls}', 'c.classes');
const answerCondition = (sql: string) => sql.replaceAll('{cat}', "(a.value ->> 'category')").replaceAll('{cls}', "(a.value -> 'classes')");

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
  ) {}

  async upload(actor: AuthUser, file: { originalname: string; buffer: Buffer } | undefined, dryRun: boolean): Promise<ProfileUploadResult> {
    const profile = readProfileFile(file);
    const run = async (m: EntityManager): Promise<ProfileUploadResult> => {
      const [stored] = (await m.query(`SELECT definition, version FROM classification_profile WHERE code = $1${dryRun ? '' : ' FOR UPDATE'}`, [profile.code])) as {
        definition: ClassificationProfile;
        version: number;
      }[];
      const [{ zones }] = (await m.query('SELECT count(*)::int AS zones FROM zone WHERE profile_code = $1', [profile.code])) as [{ zones: number }];
      const base = { dryRun, code: profile.code, name: profile.name, categories: profile.categories.length, dimensions: profile.dimensions.length, zones };
      if (!stored) {
        if (!dryRun) {
          await this.store(m, actor, profile, 1, null);
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
        await this.store(m, actor, profile, version, stored.version);
        // Figures cached with the old labels are computed again.
        await m.query(
          `INSERT INTO data_version AS v (zone_id, version) SELECT id, 1 FROM zone WHERE profile_code = $1 ON CONFLICT (zone_id) DO UPDATE SET version = v.version + 1`,
          [profile.code],
        );
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

  private async store(m: EntityManager, actor: AuthUser, profile: ClassificationProfile, version: number, previous: number | null): Promise<void> {
    const definition = JSON.stringify(profile);
    if (previous === null) {
      await m.query(`INSERT INTO classification_profile (code, definition, version, origin) VALUES ($1, $2, 1, 'uploaded')`, [profile.code, definition]);
    } else {
      await m.query(`UPDATE classification_profile SET definition = $2, version = $3, origin = 'uploaded' WHERE code = $1`, [profile.code, definition, version]);
    }
    await m.query(`INSERT INTO classification_profile_version (code, version, definition, origin, created_by) VALUES ($1, $2, $3, 'uploaded', $4)`, [
      profile.code,
      version,
      definition,
      actor.id,
    ]);
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
    const problems: Problem[] = [];
    for (const h of held) {
      const use = await this.usesOf(m, before.code, h);
      if (!use.kinds.length) continue;
      problems.push(heldProblem(h, use));
    }
    return problems;
  }

  /** The data of the profile's zones that uses a code. */
  private async usesOf(m: EntityManager, profile: string, h: Held): Promise<Use> {
    const kinds: string[] = [];
    const zones = new Set<string>();
    const ask = async (kind: string, sql: string, params: unknown[]) => {
      const rows: { code: string }[] = await m.query(sql, [profile, ...params]);
      if (!rows.length) return;
      if (!kinds.includes(kind)) kinds.push(kind);
      for (const r of rows) zones.add(r.code);
    };
    const cells = async (cond: string, params: unknown[]) => {
      await ask('returns', CELLS.returns.replace('COND', () => cellCondition(cond)), params);
      await ask('surveys', CELLS.surveys.replace('COND', () => cellCondition(cond)).replace('ANSWER', () => answerCondition(cond)), params);
    };
    const zoneOf = (table: string, cond: string) => `SELECT DISTINCT z.code FROM zone z JOIN ${table} t ON t.zone_id = z.id WHERE z.profile_code = $1 AND (${cond})`;
    switch (h.kind) {
      case 'category':
        await cells('{cat} = $2', [h.code]);
        await ask('targets', zoneOf('target', '$2 = ANY(t.categories)'), [h.code]);
        break;
      case 'dimension':
        await cells('{cls} ? $2', [h.code]);
        await ask('targets', zoneOf('target', "split_part(t.group_spec, ':', 1) = $2"), [h.code]);
        await ask('benchmarks', zoneOf('availability_benchmark', 't.dimension = $2'), [h.code]);
        await ask('surveys', zoneOf('survey_campaign', '$2 = ANY(t.questions)'), [h.code]);
        break;
      case 'value':
      case 'rollup':
        if (h.kind === 'value') await cells(h.notDeclared ? NOT_DECLARED : '({cls} -> $2) @> to_jsonb($3::text)', [h.dimension, h.code]);
        await ask('targets', zoneOf('target', 't.group_spec = $2'), [`${h.dimension}:${h.code}`]);
        await ask('benchmarks', zoneOf('availability_benchmark', 't.dimension = $2 AND t.group_code = $3'), [h.dimension, h.code]);
        break;
      case 'not_declared':
        await cells(NOT_DECLARED, [h.dimension, h.code]);
        break;
    }
    return { kinds, zones: [...zones].sort() };
  }
}

const WHAT: Record<Held['kind'], string> = {
  category: 'The category',
  dimension: 'The classification',
  value: 'The value',
  rollup: 'The roll-up',
  not_declared: 'The “not declared” value',
};

function heldProblem(h: Held, use: Use): Problem {
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
