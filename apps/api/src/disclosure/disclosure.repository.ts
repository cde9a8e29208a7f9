import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { LeafCount } from './cube.js';
import type { ProtectionKind, RevisionPlace } from './disclosure.service.js';
import { PROTECTION_VERSION } from './protect.js';

/** Revisions of a zone-quarter whose protections `sameInputProtection` compares with a new one (the latest first). */
const SAME_INPUT_CANDIDATES = 5;

/** A stored protection (`protected_table`): the hidden items' pattern of a revision, kind, threshold and context. */
export interface StoredProtectionRow {
  revision: string;
  kind: ProtectionKind;
  threshold: number;
  /** The earlier revisions it was protected against (`contextKey`; '0': none). */
  context: string;
  profile: string;
  items: number;
  hidden: Buffer;
}

/** What a protection is stored under: a revision of a zone, its kind, and the earlier revisions it is protected against (`contextKey`). */
export interface ProtectionKey {
  zone: number;
  revision: string;
  kind: ProtectionKind;
  context: string;
}

/** A protection to store (`protected_table`). */
export interface ProtectionWrite extends ProtectionKey {
  threshold: number;
  profile: string;
  /** One bit per item (`encodeBits`), `items` of them. */
  hidden: Buffer;
  items: number;
  /** How long computing it took (ms). */
  computeMs: number;
}

/** An answer of a protected table to one question (`protected_count`; null: withheld). */
export interface CountWrite extends ProtectionKey {
  threshold: number;
  measure: string;
  query: string;
  profile: string;
  items: number;
  value: number | null;
}

/** A stored answer (`protected_count`) of a revision's protected table. */
export interface StoredCountRow {
  revision: string;
  measure: string;
  query: string;
  value: number | null;
}

/**
 * Summed cells of a revision and measure (the funnel by stage: `funnel:${stage}`) by category and
 * the values of the required classifications, one text column each (`d0`, `d1`, … in the order of
 * the classifications asked).
 */
export type LeafRow = { revision: string; measure: string; category: string; count: number } & { [column: `d${number}`]: string };

/** A required classification as `leafRows` reads it: its code and the value a cell without it counts under. */
export interface LeafDimension {
  code: string;
  notDeclared: string;
}

/** Zone and quarter of a revision. */
export interface RevisionZoneRow {
  zone: number;
  period: string;
}

/** A zone-quarter's current revision. */
export interface ZoneQuarterRevisionRow {
  zone: number;
  period: string;
  revision: string;
}

/**
 * A current revision of one of a zone's latest quarters (or of a quarter whose published revision
 * is not its current one), with its zone's profile and what is published of the quarter.
 */
export interface PlannedRevisionRow extends ZoneQuarterRevisionRow {
  profile: string;
  /** The published revision (null: nothing published). */
  published: string | null;
  /** The earlier revisions it was published with (null: nothing published). */
  earlier: (string | null)[] | null;
}

/** A stored protection, by its key. */
export interface StoredKeyRow extends ProtectionKey {
  threshold: number;
}

/** A zone-quarter to publish: its current revision and the earlier revisions (`,`-joined, '' for none) it was protected against. */
export interface PublicationWrite {
  zone: number;
  period: string;
  revision: string;
  earlier: string;
}

/** The revision a caller under disclosure control is shown of a quarter of `root` or of a zone merged into it. */
export interface ShownRevisionRow {
  root: number;
  period: string;
  revision: string;
}

/** A row of `RETURNING 1`: one per zone-quarter published. */
interface WrittenRow {
  '?column?': number;
}

/** Rows of `protected_count` one statement inserts at most. */
const COUNTS_PER_STATEMENT = 5000;

/**
 * The SQL of disclosure control: stored protections (`protected_table`) and their answers
 * (`protected_count`), the leaves they are computed from, where revisions are, what the protection
 * worker plans and publishes (`publication`), and the revisions protected readers are shown. Every
 * read and write of a protection is at the current `PROTECTION_VERSION`.
 */
@Injectable()
export class DisclosureRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /** The stored protections of keys at threshold k, in one query (of one key: none, or one row). */
  async storedProtections(keys: readonly ProtectionKey[], k: number): Promise<StoredProtectionRow[]> {
    return this.db.query(
      `SELECT t.revision_id::text AS revision, t.kind, t.threshold, t.context_revisions AS context, t.profile_code AS profile, t.items, t.hidden
           FROM protected_table t
           JOIN unnest($1::int[], $2::bigint[], $3::text[], $4::text[]) AS w(zone, revision, kind, context)
             ON t.zone_id = w.zone AND t.revision_id = w.revision AND t.kind = w.kind AND t.context_revisions = w.context
          WHERE t.threshold = $5 AND t.protection_version = $6`,
      [keys.map((w) => w.zone), keys.map((w) => w.revision), keys.map((w) => w.kind), keys.map((w) => w.context), k, PROTECTION_VERSION],
    );
  }

  /**
   * A stored protection of another revision of the same zone-quarter — of the latest SAME_INPUT_CANDIDATES
   * with the same kind, threshold, earlier revisions, profile and protection version — whose
   * cells of `measures` are exactly the revision's: the protection computed from them is the one the
   * revision would get (a protection is a function of its leaves), so it need not be computed again.
   */
  async sameInputProtection(zone: number, revision: string, kind: string, k: number, context: string, profileCode: string, measures: readonly string[]): Promise<StoredProtectionRow | null> {
    const cells = (id: string) => `SELECT measure, detail, category, classes, count FROM return_cell WHERE revision_id = ${id} AND measure = ANY($7::text[])`;
    const [row] = await this.db.query(
      `WITH candidates AS (
         SELECT t.revision_id, t.kind, t.threshold, t.context_revisions, t.profile_code, t.items, t.hidden
           FROM protected_table t JOIN return_revision v ON v.id = t.revision_id
          WHERE t.zone_id = $1 AND v.return_id = (SELECT return_id FROM return_revision WHERE id = $2) AND t.revision_id <> $2
            AND t.kind = $3 AND t.threshold = $4 AND t.context_revisions = $5 AND t.profile_code = $6 AND t.protection_version = $8
          ORDER BY t.revision_id DESC LIMIT ${SAME_INPUT_CANDIDATES}
       )
       SELECT c.revision_id::text AS revision, c.kind, c.threshold, c.context_revisions AS context, c.profile_code AS profile, c.items, c.hidden
         FROM candidates c
        WHERE NOT EXISTS ((${cells('c.revision_id')} EXCEPT ALL ${cells('$2')}) UNION ALL (${cells('$2')} EXCEPT ALL ${cells('c.revision_id')}))
        ORDER BY c.revision_id DESC LIMIT 1`,
      [zone, revision, kind, k, context, profileCode, measures, PROTECTION_VERSION],
    );
    return (row as StoredProtectionRow | undefined) ?? null;
  }

  /** Stores a protection; one already stored under its key stays (a concurrent writer stores the same pattern). */
  async insertProtection(p: ProtectionWrite): Promise<void> {
    await this.db.query(
      `INSERT INTO protected_table (zone_id, revision_id, kind, threshold, context_revisions, profile_code, items, hidden, compute_ms, protection_version)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) ON CONFLICT DO NOTHING`,
      [p.zone, p.revision, p.kind, p.threshold, p.context, p.profile, p.items, p.hidden, p.computeMs, PROTECTION_VERSION],
    );
  }

  /** Stores answers, one statement per COUNTS_PER_STATEMENT of them (an answer already stored is the same). */
  async insertCounts(rows: readonly CountWrite[]): Promise<void> {
    for (let i = 0; i < rows.length; i += COUNTS_PER_STATEMENT) {
      const part = rows.slice(i, i + COUNTS_PER_STATEMENT);
      const col = <K extends keyof CountWrite>(k: K) => part.map((r) => r[k]);
      await this.db.query(
        `INSERT INTO protected_count (zone_id, revision_id, kind, threshold, context_revisions, measure, query, profile_code, items, value, protection_version)
         SELECT *, $11::int FROM unnest($1::int[], $2::bigint[], $3::text[], $4::int[], $5::text[], $6::text[], $7::text[], $8::text[], $9::int[], $10::int[])
         ON CONFLICT DO NOTHING`,
        [col('zone'), col('revision'), col('kind'), col('threshold'), col('context'), col('measure'), col('query'), col('profile'), col('items'), col('value'), PROTECTION_VERSION],
      );
    }
  }

  /** The questions (`measure`, `query`) answered of a revision's protections at threshold k (`protected_count`), whatever they were keyed on. */
  async answeredQuestions(zone: number, revision: string, k: number, profileCode: string): Promise<{ measure: string; query: string }[]> {
    return this.db.query(
      `SELECT DISTINCT measure, query FROM protected_count
        WHERE zone_id = $1 AND revision_id = $2 AND threshold = $3 AND profile_code = $4 AND protection_version = $5`,
      [zone, revision, k, profileCode, PROTECTION_VERSION],
    );
  }

  /** The stored answers of the protections of `keys` at threshold k, of a profile with `items` items per table. */
  async storedCounts(keys: readonly ProtectionKey[], k: number, profileCode: string, items: number): Promise<StoredCountRow[]> {
    return this.db.query(
      `SELECT c.revision_id::text AS revision, c.measure, c.query, c.value
         FROM protected_count c
         JOIN unnest($1::int[], $2::bigint[], $3::text[], $4::text[]) AS w(zone, revision, kind, context)
           ON c.zone_id = w.zone AND c.revision_id = w.revision AND c.kind = w.kind AND c.context_revisions = w.context
        WHERE c.threshold = $5 AND c.profile_code = $6 AND c.items = $7 AND c.protection_version = $8`,
      [keys.map((w) => w.zone), keys.map((w) => w.revision), keys.map((w) => w.kind), keys.map((w) => w.context), k, profileCode, items, PROTECTION_VERSION],
    );
  }

  /**
   * The leaves of many revisions and measures in one query (`LeafRow`): the required
   * classifications `dims` as text columns, a missing value counting as `notDeclared`.
   */
  async leafRows(dims: readonly LeafDimension[], pairs: readonly (readonly [string, string])[]): Promise<LeafRow[]> {
    const columns = dims.map((d, i) => `coalesce(c.classes ->> $${3 + 2 * i}, $${4 + 2 * i}) AS d${i}`);
    return this.db.query(
      `SELECT c.revision_id::text AS revision, CASE WHEN c.measure = 'funnel' THEN 'funnel:' || c.detail ELSE c.measure END AS measure, c.category, ${columns.join(', ')}, sum(c.count)::int AS count
         FROM unnest($1::bigint[], $2::text[]) AS w(revision, measure)
         JOIN return_cell c ON c.revision_id = w.revision AND c.measure = w.measure
        GROUP BY ${['1', '2', '3', ...dims.map((_, i) => String(4 + i))].join(', ')}`,
      [pairs.map((p) => p[0]), pairs.map((p) => p[1]), ...dims.flatMap((d) => [d.code, d.notDeclared])],
    );
  }

  /** The leaves of one revision and measure, with their classifications as stored. */
  async leaves(revisionId: string, measure: string): Promise<LeafCount[]> {
    return this.db.query(
      'SELECT category, classes, sum(count)::int AS count FROM return_cell WHERE revision_id = $1 AND measure = $2 GROUP BY category, classes',
      [revisionId, measure],
    );
  }

  /** Zone and quarter of a revision (none, or one row). */
  async revisionZone(revisionId: string): Promise<RevisionZoneRow[]> {
    return this.db.query(
      'SELECT r.period, r.zone_id AS zone FROM return_revision v JOIN quarterly_return r ON r.id = v.return_id WHERE v.id = $1',
      [revisionId],
    );
  }

  /**
   * Zone, quarter and the earlier quarters' revisions of each revision `ids`: those it was published
   * with, else the current ones of the quarters `earlierByPeriod` (JSON: quarter → its quarters
   * q − 1 … q − 4) names for its quarter.
   */
  async places(ids: string[], earlierByPeriod: string): Promise<RevisionPlace[]> {
    return this.db.query(
      `SELECT v.id::text AS revision, r.zone_id AS zone, r.period,
              CASE WHEN pub.revision_id = v.id THEN pub.earlier::text[]
                   ELSE ARRAY(SELECT p.current_revision_id::text
                                FROM jsonb_array_elements_text($2::jsonb -> r.period) WITH ORDINALITY AS b(period, n)
                                LEFT JOIN quarterly_return p ON p.zone_id = r.zone_id AND p.period = b.period AND p.current_revision_id IS NOT NULL
                               ORDER BY b.n) END AS earlier
         FROM return_revision v JOIN quarterly_return r ON r.id = v.return_id
         LEFT JOIN publication pub ON pub.zone_id = r.zone_id AND pub.period = r.period
        WHERE v.id = ANY($1::bigint[])`,
      [ids, earlierByPeriod],
    );
  }

  /**
   * The current revisions of every zone's latest `latest` + `window` quarters and of every quarter
   * whose published revision is not its current one, with what is published of each.
   */
  async plannedRevisions(latest: number, window: number): Promise<PlannedRevisionRow[]> {
    return this.db.query(
      `SELECT zone, period, revision, profile, published, earlier FROM (
         SELECT r.zone_id AS zone, r.period, r.current_revision_id::text AS revision, z.profile_code AS profile,
                p.revision_id::text AS published, p.earlier::text[] AS earlier,
                row_number() OVER (PARTITION BY r.zone_id ORDER BY r.period DESC) AS n,
                p.revision_id IS NOT NULL AND p.revision_id <> r.current_revision_id AS stale
           FROM quarterly_return r JOIN zone z ON z.id = r.zone_id
           LEFT JOIN publication p ON p.zone_id = r.zone_id AND p.period = r.period
          WHERE r.current_revision_id IS NOT NULL) t
        WHERE n <= $1::int + $2::int OR stale`,
      [latest, window],
    );
  }

  /** The current revisions of some zone-quarters (those without a return left out). */
  async currentRevisionsOf(quarters: readonly { zone: number; period: string }[]): Promise<ZoneQuarterRevisionRow[]> {
    return this.db.query(
      `SELECT r.zone_id AS zone, r.period, r.current_revision_id::text AS revision
           FROM quarterly_return r JOIN unnest($1::int[], $2::text[]) AS w(zone, period) ON r.zone_id = w.zone AND r.period = w.period
          WHERE r.current_revision_id IS NOT NULL`,
      [quarters.map((q) => q.zone), quarters.map((q) => q.period)],
    );
  }

  /** The keys of the protections stored for the revisions `ids`. */
  async storedKeys(ids: string[]): Promise<StoredKeyRow[]> {
    return this.db.query(
      `SELECT zone_id AS zone, revision_id::text AS revision, kind, threshold, context_revisions AS context
         FROM protected_table WHERE revision_id = ANY($1::bigint[]) AND protection_version = $2`,
      [ids, PROTECTION_VERSION],
    );
  }

  /**
   * Publishes zone-quarters (`publication`) where what is published differs; a revision never
   * replaces a newer one. Resolves to how many were written.
   */
  async publish(quarters: readonly PublicationWrite[]): Promise<number> {
    const rows: WrittenRow[] = await this.db.query(
      `INSERT INTO publication AS p (zone_id, period, revision_id, earlier)
       SELECT zone, period, revision, ARRAY(SELECT nullif(e, '')::bigint FROM unnest(string_to_array(earlier, ',')) AS e)
         FROM unnest($1::int[], $2::text[], $3::bigint[], $4::text[]) AS w(zone, period, revision, earlier)
       ON CONFLICT (zone_id, period) DO UPDATE SET revision_id = excluded.revision_id, earlier = excluded.earlier, published_at = now()
        WHERE excluded.revision_id > p.revision_id OR (excluded.revision_id = p.revision_id AND excluded.earlier IS DISTINCT FROM p.earlier)
       RETURNING 1`,
      [quarters.map((q) => q.zone), quarters.map((q) => q.period), quarters.map((q) => q.revision), quarters.map((q) => q.earlier)],
    );
    return rows.length;
  }

  /**
   * The revisions callers under disclosure control are shown of the zones `zoneIds` and of the
   * zones merged into them, in `periods`: the published revision, else the current one.
   */
  async shownRevisions(zoneIds: number[], periods: string[]): Promise<ShownRevisionRow[]> {
    return this.db.query(
      `WITH RECURSIVE chain AS (
         SELECT id AS root, id FROM zone WHERE id = ANY($1::int[])
         UNION ALL SELECT chain.root, z.id FROM zone z JOIN chain ON z.successor_id = chain.id
       )
       SELECT chain.root, r.period, coalesce(p.revision_id, r.current_revision_id)::text AS revision
         FROM chain JOIN quarterly_return r ON r.zone_id = chain.id
         LEFT JOIN publication p ON p.zone_id = r.zone_id AND p.period = r.period
        WHERE r.current_revision_id IS NOT NULL AND r.period = ANY($2::text[])`,
      [zoneIds, periods],
    );
  }
}
