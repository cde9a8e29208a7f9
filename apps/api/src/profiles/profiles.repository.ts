import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';

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

/** The SQL of classification profiles that is not the profiles' own rows: what stored data uses of them. */
@Injectable()
export class ProfilesRepository {
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
