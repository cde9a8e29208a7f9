import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { type Aggregate, type AvailabilityDto, defaultPeriod, lastEndedPeriod, type MeasureCode, MEASURES } from '@equity/shared';
import { DataSource, type EntityManager } from 'typeorm';
import { preparedQuery } from '../db/prepared.js';
import { SUPPLIED_MEASURES_SQL } from './supplied-measures.js';
import type { ZoneRef } from '../zones/zones.service.js';

/**
 * Zones fold into the zone that finally succeeded them (mergers): `root` is that zone. A merged
 * zone's earlier quarters then count in its successor's series.
 */
const ZONE_ROOTS = `
  WITH RECURSIVE chain AS (
    SELECT id, id AS root FROM zone WHERE successor_id IS NULL
    UNION ALL
    SELECT z.id, chain.root FROM zone z JOIN chain ON z.successor_id = chain.id
  )`;

/**
 * The column of `data_version` read for a caller: `version` with full access, `protected_version`
 * under disclosure control when the SQL boolean `protectedView` is true (a correction of a published
 * quarter does not move it until it is published: migration 1765400000000).
 */
const versionOf = (protectedView: string) => `CASE WHEN ${protectedView} THEN v.protected_version ELSE v.version END`;

/**
 * The data version of the zone whose id is the SQL expression `id`: the sum of its own and, when it
 * is current (not merged into another), of the zones merged into it, recursively. One definition
 * for `zoneWithVersion` and the exports' plan; it walks that zone's own merger chain
 * only. `protectedView`: an SQL boolean, the version of callers under disclosure control.
 */
export const zoneVersion = (id: string, protectedView = 'false') => `(
  WITH RECURSIVE merged AS (
    SELECT id FROM zone WHERE id = ${id}
    UNION ALL
    SELECT p.id FROM zone p JOIN merged m ON p.successor_id = m.id WHERE (SELECT successor_id FROM zone WHERE id = ${id}) IS NULL
  )
  SELECT coalesce(sum(${versionOf(protectedView)}), 0)::text FROM merged LEFT JOIN data_version v ON v.zone_id = merged.id)`;

/**
 * The CTE `versions`: each root of `ZONE_ROOTS`' chains (of the roots `where` keeps) with its data
 * version, the sum over its chain of `version` (an SQL expression of the `data_version` row `v`).
 * One pass over the merger chains for many zones (`zoneVersion` walks one zone's chain).
 */
const rootVersions = (version: string, where = '') =>
  `versions AS (SELECT chain.root, coalesce(sum(${version}), 0) AS version FROM chain LEFT JOIN data_version v ON v.zone_id = chain.id ${where} GROUP BY chain.root)`;

/** The version of all data (the sum of `version`, an SQL expression of the `data_version` row `v`), as text. */
const totalVersion = (version: string) => `(SELECT coalesce(sum(${version}), 0)::text FROM data_version v)`;

/**
 * Current zones (of `$1` when not null) with their data versions (as `zoneVersion`: each with the
 * zones merged into it) and the version of all data. The versions in one pass over the merger
 * chains: `zoneVersion` for each of 185 zones scans the zones and versions once per zone (≈ 5 ms
 * of PostgreSQL's CPU at scale L, on every national request).
 */
const READABLE_WITH_VERSIONS = `${ZONE_ROOTS},
  ${rootVersions(versionOf('$2::boolean'))}
  SELECT z.id, z.code, z.name, z.profile_code AS "profileCode", versions.version::text AS version,
         ${totalVersion(versionOf('$2::boolean'))} AS total
    FROM zone z JOIN versions ON versions.root = z.id
   WHERE z.successor_id IS NULL AND ($1::text[] IS NULL OR z.code = ANY($1))
   ORDER BY z.name`;

/**
 * The data versions of the zones `$1` (as `zoneVersion`: a current zone with the zones merged into
 * it, a merged zone its own) in one pass over the merger chains, and, with a null id, the version of
 * all data.
 */
const ZONE_VERSIONS = `${ZONE_ROOTS},
  ${rootVersions('v.version', 'WHERE chain.root = ANY($1)')}
  SELECT q.id, (CASE WHEN z.successor_id IS NULL THEN coalesce(versions.version, 0) ELSE coalesce(own.version, 0) END)::text AS version
    FROM unnest($1::int[]) q(id)
    JOIN zone z ON z.id = q.id
    LEFT JOIN versions ON versions.root = q.id
    LEFT JOIN data_version own ON own.zone_id = q.id
  UNION ALL
  SELECT NULL, ${totalVersion('v.version')}`;

const ZONE_WITH_VERSION = `SELECT z.id, z.code, z.name, z.profile_code AS "profileCode", ${zoneVersion('z.id', '$2::boolean')} AS version FROM zone z WHERE z.code = $1`;

/** Aggregation SQL of the analytics: sums of current revisions' cells, grouped in the database. */
@Injectable()
export class AnalyticsRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /**
   * Sums by quarter, measure, detail, category and the value of one classification, for one zone
   * (with the zones merged into it) over a range of quarters. Read from the revisions'
   * pre-aggregated sums (`return_sum`), where a cell without a value for the classification already
   * counts as not declared.
   */
  async zoneAggregates(zoneId: number, dimension: string, from: string, to: string): Promise<Aggregate[]> {
    return (await this.aggregatesOf([zoneId], dimension, from, to)).get(zoneId) ?? [];
  }

  /** The same for several zones in one query, by zone id (target status of many zones). */
  async aggregatesOf(zoneIds: number[], dimension: string, from: string, to: string): Promise<Map<number, Aggregate[]>> {
    const rows: (Aggregate & { root: number })[] = await this.db.query(
      `${ZONE_ROOTS}
       SELECT chain.root, r.period, s.measure, s.detail, s.category, s.value, sum(s.count)::int AS count
         FROM chain
         JOIN quarterly_return r ON r.zone_id = chain.id
         JOIN return_sum s ON s.zone_id = r.zone_id AND s.revision_id = r.current_revision_id AND s.dimension = $2
        WHERE chain.root = ANY($1) AND r.period BETWEEN $3 AND $4
        GROUP BY 1, 2, 3, 4, 5, 6`,
      [zoneIds, dimension, from, to],
    );
    const out = new Map<number, Aggregate[]>();
    for (const { root, ...a } of rows) {
      const list = out.get(root);
      if (list) list.push(a);
      else out.set(root, [a]);
    }
    return out;
  }

  /** The same sums for every zone at once (national comparison), keyed by the zone's code. */
  async nationalAggregates(dimension: string, from: string, to: string): Promise<(Aggregate & { zone: string })[]> {
    return this.db.query(
      `${ZONE_ROOTS}
       SELECT rz.code AS zone, r.period, s.measure, s.detail, s.category, s.value, sum(s.count)::int AS count
         FROM chain
         JOIN zone rz ON rz.id = chain.root
         JOIN quarterly_return r ON r.zone_id = chain.id
         JOIN return_sum s ON s.zone_id = r.zone_id AND s.revision_id = r.current_revision_id AND s.dimension = $1
        WHERE r.period BETWEEN $2 AND $3
        GROUP BY 1, 2, 3, 4, 5, 6`,
      [dimension, from, to],
    );
  }

  /**
   * The data version of each zone (with the zones merged into it), by zone id: the sum of the
   * versions the triggers of migration 1764300000000 bump on every write that changes its figures
   * (a zone merged into another counts in both), and `total`, the version of all data. Read them
   * before the data the figures are computed from (FiguresCache).
   */
  async versions(zoneIds: number[]): Promise<{ byZone: Map<number, string>; total: string }> {
    const rows = await preparedQuery<{ id: number | null; version: string }>(this.db, 'zone-versions', ZONE_VERSIONS, [zoneIds]);
    const byZone = new Map<number, string>();
    let total = '0';
    for (const r of rows) {
      if (r.id === null) total = r.version;
      else byZone.set(r.id, r.version);
    }
    return { byZone, total };
  }

  /**
   * The current zones (those with `codes` when not null) by name, with their data versions as
   * `versions` gives them, in one round trip: what a national table is keyed by and computed for.
   */
  async readableWithVersions(codes: string[] | null, protectedView: boolean): Promise<{ zones: ZoneRef[]; versions: { byZone: Map<number, string>; total: string } }> {
    const rows = await preparedQuery<ZoneRef & { version: string; total: string }>(this.db, 'readable-with-versions', READABLE_WITH_VERSIONS, [codes, protectedView]);
    const byZone = new Map(rows.map((r) => [r.id, r.version]));
    return { zones: rows.map(({ id, code, name, profileCode }) => ({ id, code, name, profileCode })), versions: { byZone, total: rows[0]?.total ?? '0' } };
  }

  /**
   * A zone by code with its data version (as `versions`), in one query: a warm request for a cached
   * figure then costs one round trip to PostgreSQL. Null when there is no such zone.
   * `protectedView`: the version of callers under disclosure control (`protected_version`).
   */
  async zoneWithVersion(code: string, protectedView: boolean): Promise<(ZoneRef & { version: string }) | null> {
    const rows = await preparedQuery<ZoneRef & { version: string }>(this.db, 'zone-with-version', ZONE_WITH_VERSION, [code, protectedView]);
    return rows[0] ?? null;
  }

  /** The most recent availability benchmark of each group of a zone. */
  async availability(zoneId: number): Promise<AvailabilityDto[]> {
    return (await this.availabilityOf([zoneId])).get(zoneId) ?? [];
  }

  /** The same for several zones in one query, by zone id. */
  async availabilityOf(zoneIds: number[]): Promise<Map<number, AvailabilityDto[]>> {
    const rows: (AvailabilityDto & { zone_id: number })[] = await this.db.query(
      `SELECT DISTINCT ON (zone_id, dimension, group_code) zone_id, dimension, group_code AS "group", share, source, year
         FROM availability_benchmark WHERE zone_id = ANY($1)
        ORDER BY zone_id, dimension, group_code, year DESC`,
      [zoneIds],
    );
    const out = new Map<number, AvailabilityDto[]>();
    for (const { zone_id, ...b } of rows) out.set(zone_id, [...(out.get(zone_id) ?? []), b]);
    return out;
  }

  async upsertAvailability(zoneId: number, b: AvailabilityDto, manager: EntityManager = this.db.manager): Promise<void> {
    await manager.query(
      `INSERT INTO availability_benchmark (zone_id, dimension, group_code, share, source, year) VALUES ($1, $2, $3, $4, $5, $6)
       ON CONFLICT ON CONSTRAINT uq_availability_zone_group_year DO UPDATE SET share = EXCLUDED.share, source = EXCLUDED.source`,
      [zoneId, b.dimension, b.group, b.share, b.source, b.year],
    );
  }

  /**
   * The quarter figures of each of several zones (with the zones merged into them) open on, by
   * zone id: `defaultPeriod` of the quarters with a return — the latest that has ended, a running
   * quarter only when none has. The SQL only narrows each zone's quarters to the two candidates
   * `defaultPeriod` can pick (the newest up to `lastEndedPeriod`, passed as a parameter, and the
   * newest of all), so that many zones' many quarters are not read; the rule is applied here.
   */
  async latestPeriods(zoneIds: number[], today = new Date()): Promise<Map<number, string>> {
    const rows: LatestRow[] = await this.db.query(
      `${ZONE_ROOTS} SELECT chain.root, max(r.period) FILTER (WHERE r.period <= $2) AS ended, max(r.period) AS newest
         FROM chain JOIN quarterly_return r ON r.zone_id = chain.id
        WHERE r.current_revision_id IS NOT NULL AND chain.root = ANY($1) GROUP BY 1`,
      [zoneIds, lastEndedPeriod(today)],
    );
    const out = new Map<number, string>();
    for (const r of rows) {
      const period = latestOf(r, today);
      if (period) out.set(r.root, period);
    }
    return out;
  }

  /** The quarter figures of some zones together (null: of any zone) open on, as `latestPeriods`; null without data. */
  async latestPeriod(zoneIds: number[] | null, today = new Date()): Promise<string | null> {
    const rows: Omit<LatestRow, 'root'>[] = await this.db.query(
      `${ZONE_ROOTS} SELECT max(r.period) FILTER (WHERE r.period <= $2) AS ended, max(r.period) AS newest
         FROM chain JOIN quarterly_return r ON r.zone_id = chain.id
        WHERE r.current_revision_id IS NOT NULL AND ($1::int[] IS NULL OR chain.root = ANY($1))`,
      [zoneIds, lastEndedPeriod(today)],
    );
    return rows[0] ? (latestOf(rows[0], today) ?? null) : null;
  }

  /**
   * The measures each revision supplied: those it has at least one cell of (a cell of 0 counts — an
   * explicit zero is data). A measure without any cell was not supplied: its figures are "no data",
   * never 0 (docs/metrics.md). One index probe of `return_cell` per revision and measure
   * (`SUPPLIED_MEASURES_SQL`); no query without revisions.
   */
  async suppliedMeasures(revisionIds: string[]): Promise<Map<string, Set<MeasureCode>>> {
    const out = new Map<string, Set<MeasureCode>>();
    if (!revisionIds.length) return out;
    const rows: SuppliedMeasureRow[] = await this.db.query(SUPPLIED_MEASURES_SQL, [[...new Set(revisionIds)], Object.keys(MEASURES)]);
    for (const r of rows) {
      const set = out.get(r.revision) ?? new Set<MeasureCode>();
      set.add(r.measure);
      out.set(r.revision, set);
    }
    return out;
  }
}

/** A measure a revision supplied (`suppliedMeasures`). */
interface SuppliedMeasureRow {
  revision: string;
  measure: MeasureCode;
}

/** A zone's (or some zones') newest quarter with a return up to the last ended one, and newest of all. */
interface LatestRow {
  root: number;
  ended: string | null;
  newest: string | null;
}

/** `defaultPeriod` of the two candidates of `latestPeriods`. */
function latestOf(r: { ended: string | null; newest: string | null }, today: Date): string | undefined {
  return defaultPeriod([r.ended, r.newest].filter((p): p is string => p !== null), today);
}
