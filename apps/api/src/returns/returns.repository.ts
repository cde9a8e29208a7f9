import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { type Cell, type ClassificationProfile, type MeasureCode, notDeclaredCode, type ReturnStatus, type ReturnSummaryDto, type RevisionDto, type RevisionSource } from '@equity/shared';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
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

  /** The last reopening of a quarter after its sign-off (the audit event `return.reopened`): when, who, why. */
  async lastReopened(zoneCode: string, period: string): Promise<{ at: string; by: string | null; reason: string } | null> {
    const [row]: { at: Date; by: string | null; reason: string | null }[] = await this.db.query(
      `SELECT at, actor_username AS by, details ->> 'reason' AS reason FROM audit_event
        WHERE zone_code = $1 AND period = $2 AND action = 'return.reopened' ORDER BY id DESC LIMIT 1`,
      [zoneCode, period],
    );
    return row ? { at: row.at.toISOString(), by: row.by, reason: row.reason ?? '' } : null;
  }

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

  /**
   * The revision callers under disclosure control are shown of a zone-quarter: the published one
   * (`publication`, written by the protection worker once its protections are all stored), else
   * the current one; null without a return.
   */
  async publishedRevision(zoneId: number, period: string): Promise<(RevisionDto & { id: string }) | null> {
    const rows: RevisionRow[] = await this.db.query(
      `${REVISION_SQL} LEFT JOIN publication p ON p.zone_id = r.zone_id AND p.period = r.period
        WHERE r.zone_id = $1 AND r.period = $2 AND rv.id = coalesce(p.revision_id, r.current_revision_id)`,
      [zoneId, period],
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
   * Writes a new revision of each return and makes it current, in the caller's transaction, with a
   * fixed number of statements whatever the number of returns (docs/scaling.md, "Ingest"): the
   * return rows are created or locked in one statement (in id order, so concurrent writers queue
   * rather than deadlock, and get consecutive revision numbers), the revisions are numbered and
   * inserted in one, the cells and their pre-aggregated sums are streamed with COPY, and the
   * current-revision pointers are set in one UPDATE. Nothing is written when a return is of a
   * quarter a merged zone's successor holds (the first such zone is named: `merged`) or when any
   * return is signed off (the signed-off ones are listed); the service refuses them (409).
   */
  async storeRevisions(m: EntityManager, inputs: RevisionInput[]): Promise<StoredRevision[] | { signedOff: RevisionInput[] } | { merged: MergedQuarters }> {
    if (inputs.length === 0) return [];
    const merged = await mergedQuarters(m, inputs);
    if (merged) return { merged };
    // Locks the returns' rows (and creates those of first entries); `current_no`: the revision
    // that is current until this write, which the new one supersedes.
    const returns: { id: number; zone_id: number; period: string; status: ReturnStatus; current_no: number | null }[] = await m.query(
      `INSERT INTO quarterly_return (zone_id, period)
       SELECT zone_id, period FROM unnest($1::int[], $2::text[]) AS t(zone_id, period) ORDER BY zone_id, period
       ON CONFLICT ON CONSTRAINT uq_quarterly_return_zone_period DO UPDATE SET zone_id = EXCLUDED.zone_id
       RETURNING id, zone_id, period, status,
                 (SELECT rv.revision_no FROM return_revision rv WHERE rv.id = quarterly_return.current_revision_id) AS current_no`,
      [inputs.map((i) => i.zoneId), inputs.map((i) => i.period)],
    );
    const byKey = new Map(returns.map((r) => [`${r.zone_id}|${r.period}`, r]));
    const rets = inputs.map((i) => {
      const r = byKey.get(`${i.zoneId}|${i.period}`);
      if (!r) throw new Error(`quarterly_return row of zone ${i.zoneId} ${i.period} was not written`);
      return r;
    });
    const signedOff = inputs.filter((_, k) => rets[k]!.status === 'signed_off');
    if (signedOff.length) return { signedOff };
    const revisions: { id: string; return_id: number; revision_no: number; created_at: Date }[] = await m.query(
      `INSERT INTO return_revision (return_id, revision_no, author_id, reason, source, cell_count)
       SELECT t.return_id, coalesce((SELECT max(rv.revision_no) FROM return_revision rv WHERE rv.return_id = t.return_id), 0) + 1,
              t.author_id, t.reason, t.source, t.cell_count
         FROM unnest($1::int[], $2::int[], $3::text[], $4::text[], $5::int[]) AS t(return_id, author_id, reason, source, cell_count)
       RETURNING id, return_id, revision_no, created_at`,
      [rets.map((r) => r.id), inputs.map((i) => i.authorId), inputs.map((i) => i.reason), inputs.map((i) => i.source), inputs.map((i) => i.cells.length)],
    );
    const revByReturn = new Map(revisions.map((r) => [r.return_id, r]));
    const stored: StoredRevision[] = inputs.map((_, k) => {
      const ret = rets[k]!;
      const rev = revByReturn.get(ret.id);
      if (!rev) throw new Error('revision insert returned nothing');
      return { returnId: ret.id, status: ret.status, revisionId: String(rev.id), revisionNo: rev.revision_no, createdAt: rev.created_at, supersedes: ret.current_no ?? null };
    });
    await copyCellsAndSums(m, inputs, stored);
    await m.query(
      `UPDATE quarterly_return r SET current_revision_id = t.revision_id
         FROM unnest($1::int[], $2::bigint[]) AS t(id, revision_id) WHERE r.id = t.id`,
      [stored.map((s) => s.returnId), stored.map((s) => s.revisionId)],
    );
    return stored;
  }

  /** One revision (`storeRevisions` of one return). */
  async storeRevision(m: EntityManager, input: RevisionInput): Promise<StoredRevision | { signedOff: true } | { merged: MergedQuarters }> {
    const stored = await this.storeRevisions(m, [input]);
    if ('merged' in stored) return stored;
    return 'signedOff' in stored ? { signedOff: true } : stored[0]!;
  }

  /** Headcount cells of the current revisions of many zone-quarters, by `zoneId|period` (missing when the quarter has no return). */
  async currentHeadcounts(keys: { zoneId: number; period: string }[]): Promise<Map<string, Cell[]>> {
    return this.currentCellsOf(keys, 'headcount');
  }

  /** Cells (of one measure, or all) of the current revisions of many zone-quarters, by `zoneId|period`, in one query. */
  async currentCellsOf(keys: { zoneId: number; period: string }[], measure?: MeasureCode): Promise<Map<string, Cell[]>> {
    const out = new Map<string, Cell[]>();
    if (keys.length === 0) return out;
    const rows: (Cell & { zone_id: number; period: string })[] = await this.db.query(
      `SELECT r.zone_id, r.period, c.measure, c.detail, c.category, c.classes, c.count
         FROM unnest($1::int[], $2::text[]) AS t(zone_id, period)
         JOIN quarterly_return r ON r.zone_id = t.zone_id AND r.period = t.period
         JOIN return_cell c ON c.revision_id = r.current_revision_id
        WHERE ($3::text IS NULL OR c.measure = $3)
        ORDER BY r.zone_id, r.period, c.measure, c.detail, c.category, c.classes::text`,
      [keys.map((k) => k.zoneId), keys.map((k) => k.period), measure ?? null],
    );
    for (const { zone_id, period, ...cell } of rows) {
      const key = `${zone_id}|${period}`;
      const list = out.get(key);
      if (list) list.push(cell);
      else out.set(key, [cell]);
    }
    return out;
  }

  async setStatus(m: EntityManager, zoneId: number, period: string, status: ReturnStatus, userId: number | null): Promise<void> {
    await m.query(
      `UPDATE quarterly_return SET status = $3, signed_off_by = $4, signed_off_at = CASE WHEN $3 = 'signed_off' THEN now() ELSE NULL END
        WHERE zone_id = $1 AND period = $2`,
      [zoneId, period, status, status === 'signed_off' ? userId : null],
    );
  }

  /**
   * Locks a zone-quarter's return row for a write, creating it when the quarter has none (so two
   * first entries queue too), and reads its current revision once the lock is held: in its own
   * statement, whose snapshot sees what a writer before us committed. Another writer of the same
   * quarter waits here until this transaction ends.
   */
  async lockForWrite(
    m: EntityManager,
    zoneId: number,
    period: string,
  ): Promise<{ status: ReturnStatus; current: { number: number; author: string; createdAt: string } | null }> {
    const [row] = (await m.query(
      `INSERT INTO quarterly_return (zone_id, period) VALUES ($1, $2)
       ON CONFLICT ON CONSTRAINT uq_quarterly_return_zone_period DO UPDATE SET zone_id = EXCLUDED.zone_id
       RETURNING status, current_revision_id`,
      [zoneId, period],
    )) as { status: ReturnStatus; current_revision_id: string | null }[];
    if (!row) throw new Error(`quarterly_return row of zone ${zoneId} ${period} was not locked`);
    if (row.current_revision_id === null) return { status: row.status, current: null };
    const [rev] = (await m.query(
      'SELECT rv.revision_no, u.username, rv.created_at FROM return_revision rv JOIN app_user u ON u.id = rv.author_id WHERE rv.id = $1',
      [row.current_revision_id],
    )) as { revision_no: number; username: string; created_at: Date }[];
    if (!rev) throw new Error(`current revision ${row.current_revision_id} of zone ${zoneId} ${period} not found`);
    return { status: row.status, current: { number: rev.revision_no, author: rev.username, createdAt: rev.created_at.toISOString() } };
  }

  async lockReturn(m: EntityManager, zoneId: number, period: string): Promise<{ id: number; status: ReturnStatus; current_revision_id: string | null } | null> {
    const rows: { id: number; status: ReturnStatus; current_revision_id: string | null }[] = await m.query(
      'SELECT id, status, current_revision_id FROM quarterly_return WHERE zone_id = $1 AND period = $2 FOR UPDATE',
      [zoneId, period],
    );
    return rows[0] ?? null;
  }
}

export interface RevisionInput {
  zoneId: number;
  period: string;
  authorId: number;
  reason: string;
  source: RevisionSource;
  cells: Cell[];
  /** The classifications of the zone's profile (`sumDimensions`), for the pre-aggregated sums. */
  dimensions: { code: string; notDeclared: string }[];
}

/** A merged zone's returns refused: the quarters from `from` on that its successor holds. */
export interface MergedQuarters {
  zone: string;
  name: string;
  successor: string;
  from: string;
  quarters: string[];
}

interface MergedZoneRow {
  id: number;
  code: string;
  name: string;
  merged_from: string;
  successor: string;
}

export interface StoredRevision {
  returnId: number;
  status: ReturnStatus;
  revisionId: string;
  revisionNo: number;
  createdAt: Date;
  /** The revision that was current before this one; null for a first entry. */
  supersedes: number | null;
}

/** The classifications a revision's sums are kept for: every one of the profile, with its "not declared" value. */
export function sumDimensions(profile: ClassificationProfile): { code: string; notDeclared: string }[] {
  return profile.dimensions.map((d) => ({ code: d.code, notDeclared: notDeclaredCode(d) }));
}

/** A value in PostgreSQL's COPY text format (backslash, tab and line breaks escaped). */
function copyText(value: string): string {
  return /[\\\t\n\r]/.test(value) ? value.replace(/\\/g, '\\\\').replace(/\t/g, '\\t').replace(/\n/g, '\\n').replace(/\r/g, '\\r') : value;
}

/**
 * The revisions' sums by measure × detail × category × one classification value, for every
 * classification of the zone's profile (a cell without a value counts as "not declared"), summed
 * from the cells being written. Reads group these instead of every cell's JSONB (docs/performance.md).
 */
export function revisionSums(cells: Cell[], dimensions: { code: string; notDeclared: string }[]): { measure: string; detail: string; category: string; dimension: string; value: string; count: number }[] {
  // Cells grouped by measure × detail × category (one key string per group change: the validator
  // sorts cells, so runs share it), then summed per classification value in one small map each.
  type Group = { measure: string; detail: string; category: string; byDimension: Map<string, number>[] };
  const groups = new Map<string, Group>();
  let group: Group | undefined;
  for (const c of cells) {
    if (!group || c.measure !== group.measure || c.detail !== group.detail || c.category !== group.category) {
      const key = `${c.measure}|${c.detail}|${c.category}`;
      group = groups.get(key);
      if (!group) {
        group = { measure: c.measure, detail: c.detail, category: c.category, byDimension: dimensions.map(() => new Map<string, number>()) };
        groups.set(key, group);
      }
    }
    for (let i = 0; i < dimensions.length; i++) {
      const d = dimensions[i]!;
      const value = c.classes[d.code] ?? d.notDeclared;
      const sums = group.byDimension[i]!;
      sums.set(value, (sums.get(value) ?? 0) + c.count);
    }
  }
  const out: { measure: string; detail: string; category: string; dimension: string; value: string; count: number }[] = [];
  for (const g of groups.values()) {
    dimensions.forEach((d, i) => {
      for (const [value, count] of g.byDimension[i]!) out.push({ measure: g.measure, detail: g.detail, category: g.category, dimension: d.code, value, count });
    });
  }
  return out;
}

/**
 * Streams the cells of the revisions into return_cell and their sums into return_sum with COPY
 * FROM STDIN on the transaction's own connection (one COPY per table, whatever the number of
 * revisions), in chunks of about a megabyte so memory stays flat.
 */
async function copyCellsAndSums(m: EntityManager, inputs: RevisionInput[], stored: StoredRevision[]): Promise<void> {
  if (!m.queryRunner) throw new Error('COPY needs the transaction\'s query runner');
  const client = (await m.queryRunner.connect()) as pg.PoolClient;
  function* cellLines() {
    let chunk = '';
    for (const [k, input] of inputs.entries()) {
      const rev = stored[k]!.revisionId;
      for (const c of input.cells) {
        chunk += `${rev}\t${copyText(c.measure)}\t${copyText(c.detail)}\t${copyText(c.category)}\t${copyText(JSON.stringify(c.classes))}\t${c.count}\n`;
        if (chunk.length > 1 << 20) {
          yield chunk;
          chunk = '';
        }
      }
    }
    if (chunk) yield chunk;
  }
  function* sumLines() {
    let chunk = '';
    for (const [k, input] of inputs.entries()) {
      const rev = stored[k]!.revisionId;
      for (const s of revisionSums(input.cells, input.dimensions)) {
        chunk += `${input.zoneId}\t${rev}\t${copyText(s.measure)}\t${copyText(s.detail)}\t${copyText(s.category)}\t${copyText(s.dimension)}\t${copyText(s.value)}\t${s.count}\n`;
        if (chunk.length > 1 << 20) {
          yield chunk;
          chunk = '';
        }
      }
    }
    if (chunk) yield chunk;
  }
  if (inputs.some((i) => i.cells.length > 0)) {
    await pipeline(Readable.from(cellLines()), client.query(copyFrom('COPY return_cell (revision_id, measure, detail, category, classes, count) FROM STDIN')));
    await pipeline(Readable.from(sumLines()), client.query(copyFrom('COPY return_sum (zone_id, revision_id, measure, detail, category, dimension, value, count) FROM STDIN')));
  }
}

/**
 * The first zone among the inputs with a return for a quarter its successor holds (a merger
 * recorded from that quarter on: ZoneRegistryService.merge), or null. Every write path — form,
 * upload, batch, import — stores through `storeRevisions`, so this is the one place it is checked.
 * The zones' rows are read FOR SHARE: a merger recorded at the same time waits for this write, or
 * this write for the merger, whose own check then sees the return.
 */
async function mergedQuarters(m: EntityManager, inputs: RevisionInput[]): Promise<MergedQuarters | null> {
  const merged: MergedZoneRow[] = await m.query(
    `SELECT z.id, z.code, z.name, z.merged_from, s.code AS successor
       FROM zone z JOIN zone s ON s.id = z.successor_id
      WHERE z.id = ANY($1) AND z.merged_from IS NOT NULL
      ORDER BY z.id FOR SHARE OF z`,
    [[...new Set(inputs.map((i) => i.zoneId))]],
  );
  for (const z of merged) {
    const quarters = inputs.filter((i) => i.zoneId === z.id && i.period >= z.merged_from).map((i) => i.period).sort();
    if (quarters.length) return { zone: z.code, name: z.name, successor: z.successor, from: z.merged_from, quarters };
  }
  return null;
}
