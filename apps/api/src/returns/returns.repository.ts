import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { type Cell, type ClassificationProfile, type MeasureCode, notDeclaredCode, type ReturnStatus, type ReturnSummaryDto, type RevisionDto, type RevisionSource } from '@equity/shared';
import { DataSource, type EntityManager } from 'typeorm';

interface SummaryRow {
  zone: string;
  period: string;
  status: ReturnStatus;
  revision_no: number | null;
  updated_at: Date | null;
  updated_by: string | null;
  signed_off_at: Date | null;
  signed_off_by: string | null;
}

interface RevisionRow {
  id: string;
  revision_no: number;
  author: string;
  created_at: Date;
  reason: string;
  source: RevisionSource;
  cell_count: number;
}

const SUMMARY_SQL = `
  SELECT z.code AS zone, r.period, r.status, rv.revision_no, rv.created_at AS updated_at, au.username AS updated_by,
         r.signed_off_at, su.username AS signed_off_by
    FROM quarterly_return r
    JOIN zone z ON z.id = r.zone_id
    LEFT JOIN return_revision rv ON rv.id = r.current_revision_id
    LEFT JOIN app_user au ON au.id = rv.author_id
    LEFT JOIN app_user su ON su.id = r.signed_off_by`;

const REVISION_SQL = `
  SELECT rv.id, rv.revision_no, u.username AS author, rv.created_at, rv.reason, rv.source, rv.cell_count
    FROM return_revision rv
    JOIN quarterly_return r ON r.id = rv.return_id
    JOIN app_user u ON u.id = rv.author_id`;

export const toSummary = (r: SummaryRow): ReturnSummaryDto => ({
  zone: r.zone,
  period: r.period,
  status: r.status,
  currentRevision: r.revision_no,
  updatedAt: r.updated_at?.toISOString() ?? null,
  updatedBy: r.updated_by,
  signedOffAt: r.signed_off_at?.toISOString() ?? null,
  signedOffBy: r.signed_off_by,
});

const toRevision = (r: RevisionRow): RevisionDto => ({
  number: r.revision_no,
  author: r.author,
  createdAt: r.created_at.toISOString(),
  reason: r.reason,
  source: r.source,
  cellCount: r.cell_count,
});

/** All SQL of quarterly returns: reads, the set-based revision write, and aggregates. */
@Injectable()
export class ReturnsRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async summaries(zoneId: number): Promise<ReturnSummaryDto[]> {
    const rows: SummaryRow[] = await this.db.query(`${SUMMARY_SQL} WHERE r.zone_id = $1 AND r.current_revision_id IS NOT NULL ORDER BY r.period DESC`, [zoneId]);
    return rows.map(toSummary);
  }

  async summary(zoneId: number, period: string, manager: EntityManager = this.db.manager): Promise<ReturnSummaryDto | null> {
    const rows: SummaryRow[] = await manager.query(`${SUMMARY_SQL} WHERE r.zone_id = $1 AND r.period = $2`, [zoneId, period]);
    return rows[0] ? toSummary(rows[0]) : null;
  }

  async revisions(zoneId: number, period: string): Promise<RevisionDto[]> {
    const rows: RevisionRow[] = await this.db.query(`${REVISION_SQL} WHERE r.zone_id = $1 AND r.period = $2 ORDER BY rv.revision_no DESC`, [zoneId, period]);
    return rows.map(toRevision);
  }

  /** A revision (the current one when `revisionNo` is omitted) with its id, or null. */
  async revision(zoneId: number, period: string, revisionNo?: number, manager: EntityManager = this.db.manager): Promise<(RevisionDto & { id: string }) | null> {
    const rows: RevisionRow[] = await manager.query(
      `${REVISION_SQL} WHERE r.zone_id = $1 AND r.period = $2
          AND (CASE WHEN $3::int IS NULL THEN rv.id = r.current_revision_id ELSE rv.revision_no = $3 END)`,
      [zoneId, period, revisionNo ?? null],
    );
    const r = rows[0];
    return r ? { ...toRevision(r), id: r.id } : null;
  }

  async cells(revisionId: string, measure?: MeasureCode): Promise<Cell[]> {
    return this.db.query(
      `SELECT measure, detail, category, classes, count FROM return_cell
        WHERE revision_id = $1 AND ($2::text IS NULL OR measure = $2)
        ORDER BY measure, detail, category, classes::text`,
      [revisionId, measure ?? null],
    );
  }

  /** Headcount cells of the current revision of a zone's quarter (for stock-flow checks). */
  async currentHeadcount(zoneId: number, period: string): Promise<Cell[] | null> {
    const rev = await this.revision(zoneId, period);
    return rev ? this.cells(rev.id, 'headcount') : null;
  }

  /** Sums of one measure by category and one classification (from the revision's pre-aggregated sums). */
  async crossTab(zoneId: number, revisionId: string, measure: MeasureCode, dimension: string): Promise<{ category: string; value: string; count: number }[]> {
    return this.db.query(
      `SELECT category, value, sum(count)::int AS count
         FROM return_sum WHERE zone_id = $1 AND revision_id = $2 AND dimension = $3 AND measure = $4
        GROUP BY 1, 2`,
      [zoneId, revisionId, dimension, measure],
    );
  }

  /**
   * Writes a new revision and makes it current, in the caller's transaction. The return row is
   * locked first, so concurrent submissions get consecutive revision numbers.
   */
  async storeRevision(
    m: EntityManager,
    input: {
      zoneId: number;
      period: string;
      authorId: number;
      reason: string;
      source: RevisionSource;
      cells: Cell[];
      /** The classifications of the zone's profile (`sumDimensions`), for the pre-aggregated sums. */
      dimensions: { code: string; notDeclared: string }[];
    },
  ): Promise<{ returnId: number; status: ReturnStatus; revisionId: string; revisionNo: number } | { signedOff: true }> {
    await m.query('INSERT INTO quarterly_return (zone_id, period) VALUES ($1, $2) ON CONFLICT ON CONSTRAINT uq_quarterly_return_zone_period DO NOTHING', [
      input.zoneId,
      input.period,
    ]);
    const [ret]: { id: number; status: ReturnStatus }[] = await m.query(
      'SELECT id, status FROM quarterly_return WHERE zone_id = $1 AND period = $2 FOR UPDATE',
      [input.zoneId, input.period],
    );
    if (!ret) throw new Error('quarterly_return row vanished inside its transaction');
    if (ret.status === 'signed_off') return { signedOff: true };
    const [rev]: { id: string; revision_no: number }[] = await m.query(
      `INSERT INTO return_revision (return_id, revision_no, author_id, reason, source, cell_count)
       SELECT $1, coalesce(max(revision_no), 0) + 1, $2, $3, $4, $5 FROM return_revision WHERE return_id = $1
       RETURNING id, revision_no`,
      [ret.id, input.authorId, input.reason, input.source, input.cells.length],
    );
    if (!rev) throw new Error('revision insert returned nothing');
    await insertCells(m, rev.id, input.cells);
    await insertSums(m, input.zoneId, rev.id, input.cells, input.dimensions);
    await m.query('UPDATE quarterly_return SET current_revision_id = $1 WHERE id = $2', [rev.id, ret.id]);
    return { returnId: ret.id, status: ret.status, revisionId: rev.id, revisionNo: rev.revision_no };
  }

  async setStatus(m: EntityManager, zoneId: number, period: string, status: ReturnStatus, userId: number | null): Promise<void> {
    await m.query(
      `UPDATE quarterly_return SET status = $3, signed_off_by = $4, signed_off_at = CASE WHEN $3 = 'signed_off' THEN now() ELSE NULL END
        WHERE zone_id = $1 AND period = $2`,
      [zoneId, period, status, status === 'signed_off' ? userId : null],
    );
  }

  async lockReturn(m: EntityManager, zoneId: number, period: string): Promise<{ id: number; status: ReturnStatus; current_revision_id: string | null } | null> {
    const rows: { id: number; status: ReturnStatus; current_revision_id: string | null }[] = await m.query(
      'SELECT id, status, current_revision_id FROM quarterly_return WHERE zone_id = $1 AND period = $2 FOR UPDATE',
      [zoneId, period],
    );
    return rows[0] ?? null;
  }
}

/** One INSERT … SELECT FROM unnest per revision: set-based, whatever the number of cells. */
export async function insertCells(m: EntityManager, revisionId: string, cells: Cell[]): Promise<void> {
  if (cells.length === 0) return;
  await m.query(
    `INSERT INTO return_cell (revision_id, measure, detail, category, classes, count)
     SELECT $1, t.measure, t.detail, t.category, t.classes::jsonb, t.count
       FROM unnest($2::text[], $3::text[], $4::text[], $5::text[], $6::int[]) AS t(measure, detail, category, classes, count)`,
    [
      revisionId,
      cells.map((c) => c.measure),
      cells.map((c) => c.detail),
      cells.map((c) => c.category),
      cells.map((c) => JSON.stringify(c.classes)),
      cells.map((c) => c.count),
    ],
  );
}

/** The classifications a revision's sums are kept for: every one of the profile, with its "not declared" value. */
export function sumDimensions(profile: ClassificationProfile): { code: string; notDeclared: string }[] {
  return profile.dimensions.map((d) => ({ code: d.code, notDeclared: notDeclaredCode(d) }));
}

/**
 * The revision's sums by measure × detail × category × one classification value, for every
 * classification of the zone's profile (a cell without a value counts as "not declared"), summed
 * from the cells being written and stored with one INSERT … SELECT FROM unnest, in the same
 * transaction. Reads group these instead of every cell's JSONB (docs/performance.md).
 */
export async function insertSums(m: EntityManager, zoneId: number, revisionId: string, cells: Cell[], dimensions: { code: string; notDeclared: string }[]): Promise<void> {
  const sums = new Map<string, { measure: string; detail: string; category: string; dimension: string; value: string; count: number }>();
  for (const c of cells) {
    for (const d of dimensions) {
      const value = c.classes[d.code] ?? d.notDeclared;
      const key = `${c.measure}|${c.detail}|${c.category}|${d.code}|${value}`;
      const sum = sums.get(key);
      if (sum) sum.count += c.count;
      else sums.set(key, { measure: c.measure, detail: c.detail, category: c.category, dimension: d.code, value, count: c.count });
    }
  }
  if (sums.size === 0) return;
  const rows = [...sums.values()];
  await m.query(
    `INSERT INTO return_sum (zone_id, revision_id, measure, detail, category, dimension, value, count)
     SELECT $1, $2, t.measure, t.detail, t.category, t.dimension, t.value, t.count
       FROM unnest($3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::int[]) AS t(measure, detail, category, dimension, value, count)`,
    [zoneId, revisionId, rows.map((r) => r.measure), rows.map((r) => r.detail), rows.map((r) => r.category), rows.map((r) => r.dimension), rows.map((r) => r.value), rows.map((r) => r.count)],
  );
}
