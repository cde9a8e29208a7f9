import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { ClassificationProfile } from '@equity/shared';
import { DataSource, type EntityManager } from 'typeorm';

/** A stored profile's current definition and version. */
export interface StoredProfile {
  definition: ClassificationProfile;
  version: number;
}

/** A stored profile in the list: its definition, version and origin, and how many zones use it. */
export interface ProfileSummaryRow {
  definition: ClassificationProfile;
  zones: number;
  version: number;
  origin: 'built-in' | 'uploaded';
}

/** A code a new version of a profile drops or redefines: a category, a classification, a value, a roll-up, the "not declared" value. */
export interface DroppedCode {
  kind: 'category' | 'dimension' | 'value' | 'rollup' | 'not_declared';
  code: string;
  /** The classification of a value, roll-up or "not declared" value. */
  dimension?: string;
  /** A value that was the "not declared" one: cells without the classification count under it too. */
  notDeclared?: boolean;
}

/** What holds a code: the kinds of data (returns, surveys, targets, benchmarks) and their zones (sorted). */
export interface CodeUse {
  kinds: string[];
  zones: string[];
}

/** A zone whose data of one source uses the dropped code at `held` (1-based, the order of the codes passed). */
interface UseRow {
  held: number;
  zone: string;
}

/** A use in survey data: `source` tells cells and answers (`data`) from the campaign's questions. */
interface SurveyUseRow extends UseRow {
  source: 'data' | 'questions';
}

/**
 * The dropped codes as a table `held(kind, code, dimension, nd, i)`; `$2`…`$5` are arrays of the
 * same length, `i` is the code's position (from 1).
 */
const HELD = `held AS (SELECT * FROM unnest($2::text[], $3::text[], $4::text[], $5::boolean[]) WITH ORDINALITY AS h(kind, code, dimension, nd, i))`;

/**
 * Whether a cell or an answer (its category `{cat}`, its classes `{cls}`) uses the dropped code
 * `h`: a category by its code, a classification by having it, a value by naming it, and the "not
 * declared" value (or a value that was it) also by leaving the classification out. Roll-ups are
 * never stored in cells.
 */
const USES = `CASE
    WHEN h.kind = 'category' THEN {cat} = h.code
    WHEN h.kind = 'dimension' THEN {cls} ? h.code
    WHEN h.kind = 'not_declared' OR (h.kind = 'value' AND h.nd) THEN NOT ({cls} ? h.dimension) OR ({cls} -> h.dimension) @> to_jsonb(h.code)
    WHEN h.kind = 'value' THEN ({cls} -> h.dimension) @> to_jsonb(h.code)
    ELSE false END`;

const cellUses = USES.replaceAll('{cat}', 'c.category').replaceAll('{cls}', 'c.classes');
const answerUses = USES.replaceAll('{cat}', "(a.value ->> 'category')").replaceAll('{cls}', "(a.value -> 'classes')");

/** Zones whose return cells (of any revision: history keeps them) use each dropped code. */
const RETURNS_SQL = `WITH ${HELD}
  SELECT DISTINCT h.i::int AS held, z.code AS zone
    FROM zone z JOIN quarterly_return r ON r.zone_id = z.id JOIN return_revision rv ON rv.return_id = r.id
    JOIN return_cell c ON c.revision_id = rv.id
    JOIN held h ON ${cellUses}
   WHERE z.profile_code = $1`;

/** Zones whose survey result cells, answers or questions use each dropped code. */
const SURVEYS_SQL = `WITH ${HELD}
  SELECT DISTINCT h.i::int AS held, z.code AS zone, 'data' AS source
    FROM zone z JOIN survey_campaign sc ON sc.zone_id = z.id JOIN survey_result_cell c ON c.campaign_id = sc.id
    JOIN held h ON ${cellUses}
   WHERE z.profile_code = $1
  UNION
  SELECT DISTINCT h.i::int, z.code, 'data'
    FROM zone z JOIN survey_campaign sc ON sc.zone_id = z.id JOIN survey_answer_set s ON s.campaign_id = sc.id
    CROSS JOIN LATERAL jsonb_each(s.answers) a
    JOIN held h ON ${answerUses}
   WHERE z.profile_code = $1
  UNION
  SELECT DISTINCT h.i::int, z.code, 'questions'
    FROM zone z JOIN survey_campaign sc ON sc.zone_id = z.id
    JOIN held h ON h.kind = 'dimension' AND h.code = ANY(sc.questions)
   WHERE z.profile_code = $1`;

/** Zones whose targets name each dropped category, classification, value or roll-up. */
const TARGETS_SQL = `WITH ${HELD}
  SELECT DISTINCT h.i::int AS held, z.code AS zone
    FROM zone z JOIN target t ON t.zone_id = z.id
    JOIN held h ON CASE
        WHEN h.kind = 'category' THEN h.code = ANY(t.categories)
        WHEN h.kind = 'dimension' THEN split_part(t.group_spec, ':', 1) = h.code
        WHEN h.kind IN ('value', 'rollup') THEN t.group_spec = h.dimension || ':' || h.code
        ELSE false END
   WHERE z.profile_code = $1`;

/** Zones whose availability benchmarks are of each dropped classification, value or roll-up. */
const BENCHMARKS_SQL = `WITH ${HELD}
  SELECT DISTINCT h.i::int AS held, z.code AS zone
    FROM zone z JOIN availability_benchmark t ON t.zone_id = z.id
    JOIN held h ON CASE
        WHEN h.kind = 'dimension' THEN t.dimension = h.code
        WHEN h.kind IN ('value', 'rollup') THEN t.dimension = h.dimension AND t.group_code = h.code
        ELSE false END
   WHERE z.profile_code = $1`;

/**
 * The SQL of classification profiles: the built-ins installed at start-up, the list, the stored
 * profile and its versions, and, for an upload, what stored data uses of it.
 */
@Injectable()
export class ProfilesRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /**
   * Installs a built-in profile: inserted when absent, else a new version (the old one kept) while
   * the stored one is still as shipped (origin `built-in`) and differs; an uploaded one is left as it is.
   */
  async installBuiltIn(profile: ClassificationProfile): Promise<void> {
    await this.db.query(
      `WITH written AS (
         INSERT INTO classification_profile (code, definition) VALUES ($1, $2)
         ON CONFLICT (code) DO UPDATE SET definition = EXCLUDED.definition, version = classification_profile.version + 1
          WHERE classification_profile.origin = 'built-in' AND classification_profile.definition <> EXCLUDED.definition
         RETURNING code, version, definition, origin)
       INSERT INTO classification_profile_version (code, version, definition, origin) SELECT code, version, definition, origin FROM written
       ON CONFLICT (code, version) DO NOTHING`,
      [profile.code, JSON.stringify(profile)],
    );
  }

  /** Every stored profile, by code, with how many zones use it. */
  async summaries(): Promise<ProfileSummaryRow[]> {
    return this.db.query(
      `SELECT p.definition, p.version, p.origin, (SELECT count(*)::int FROM zone z WHERE z.profile_code = p.code) AS zones
       FROM classification_profile p ORDER BY p.code`,
    );
  }

  /** The stored version of a profile, or null when there is none. */
  async version(code: string): Promise<number | null> {
    const [row]: { version: number }[] = await this.db.query('SELECT version FROM classification_profile WHERE code = $1', [code]);
    return row?.version ?? null;
  }

  /** The profile as stored now (outside any transaction), or null. */
  async current(code: string): Promise<StoredProfile | null> {
    return this.stored(this.db.manager, code, false);
  }

  /** The profile as stored now, or null; `lock`: FOR UPDATE, for a write in `m`'s transaction. */
  async stored(m: EntityManager, code: string, lock: boolean): Promise<StoredProfile | null> {
    const rows: StoredProfile[] = await m.query(`SELECT definition, version FROM classification_profile WHERE code = $1${lock ? ' FOR UPDATE' : ''}`, [code]);
    return rows[0] ?? null;
  }

  /** How many zones use the profile. */
  async zoneCount(m: EntityManager, code: string): Promise<number> {
    const [row]: { zones: number }[] = await m.query('SELECT count(*)::int AS zones FROM zone WHERE profile_code = $1', [code]);
    return row?.zones ?? 0;
  }

  /**
   * Stores a version of an uploaded profile (inserted as version 1 when `previous` is null, else
   * updated to `version`), marks it `uploaded`, and keeps the version in classification_profile_version.
   */
  async store(m: EntityManager, authorId: number, profile: ClassificationProfile, version: number, previous: number | null): Promise<void> {
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
      authorId,
    ]);
  }

  /** A new data version of every zone of the profile, so their cached figures are computed again. */
  async bumpDataVersions(m: EntityManager, code: string): Promise<void> {
    await m.query(
      `INSERT INTO data_version AS v (zone_id, version, protected_version) SELECT id, 1, 1 FROM zone WHERE profile_code = $1 ON CONFLICT (zone_id) DO UPDATE SET version = v.version + 1, protected_version = v.protected_version + 1`,
      [code],
    );
  }

  /**
   * What stored data of the profile's zones uses each dropped code, in the order given: four
   * queries (returns, surveys, targets, benchmarks) whatever the number of codes. The kinds of a
   * code are listed as returns, surveys, targets, benchmarks, with surveys last when only a
   * campaign's questions name it.
   */
  async usesOf(m: EntityManager, profile: string, dropped: readonly DroppedCode[]): Promise<CodeUse[]> {
    if (dropped.length === 0) return [];
    const params = [
      profile,
      dropped.map((d) => d.kind),
      dropped.map((d) => d.code),
      dropped.map((d) => d.dimension ?? null),
      dropped.map((d) => d.notDeclared === true),
    ];
    const returns: UseRow[] = await m.query(RETURNS_SQL, params);
    const surveys: SurveyUseRow[] = await m.query(SURVEYS_SQL, params);
    const targets: UseRow[] = await m.query(TARGETS_SQL, params);
    const benchmarks: UseRow[] = await m.query(BENCHMARKS_SQL, params);
    const uses = dropped.map(() => ({ kinds: [] as string[], zones: new Set<string>() }));
    const add = (kind: string, rows: UseRow[]) => {
      for (const r of rows) {
        const use = uses[r.held - 1]!;
        if (!use.kinds.includes(kind)) use.kinds.push(kind);
        use.zones.add(r.zone);
      }
    };
    add('returns', returns);
    add('surveys', surveys.filter((r) => r.source === 'data'));
    add('targets', targets);
    add('benchmarks', benchmarks);
    add('surveys', surveys.filter((r) => r.source === 'questions'));
    return uses.map((u) => ({ kinds: u.kinds, zones: [...u.zones].sort() }));
  }
}
