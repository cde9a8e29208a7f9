import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Aggregate, AvailabilityDto } from '@equity/shared';
import { DataSource, type EntityManager } from 'typeorm';

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

/** Aggregation SQL of the analytics: sums of current revisions' cells, grouped in the database. */
@Injectable()
export class AnalyticsRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /**
   * Sums by quarter, measure, detail, category and the value of one classification, for one zone
   * (with the zones merged into it) over a range of quarters.
   */
  async zoneAggregates(zoneId: number, dimension: string, notDeclared: string, from: string, to: string): Promise<Aggregate[]> {
    return this.db.query(
      `${ZONE_ROOTS}
       SELECT r.period, c.measure, c.detail, c.category, coalesce(c.classes ->> $2, $3) AS value, sum(c.count)::int AS count
         FROM chain
         JOIN quarterly_return r ON r.zone_id = chain.id
         JOIN return_cell c ON c.revision_id = r.current_revision_id
        WHERE chain.root = $1 AND r.period BETWEEN $4 AND $5
        GROUP BY 1, 2, 3, 4, 5`,
      [zoneId, dimension, notDeclared, from, to],
    );
  }

  /** The same sums for every zone at once (national comparison), keyed by the zone's code. */
  async nationalAggregates(dimension: string, notDeclared: string, from: string, to: string): Promise<(Aggregate & { zone: string })[]> {
    return this.db.query(
      `${ZONE_ROOTS}
       SELECT rz.code AS zone, r.period, c.measure, c.detail, c.category, coalesce(c.classes ->> $1, $2) AS value, sum(c.count)::int AS count
         FROM chain
         JOIN zone rz ON rz.id = chain.root
         JOIN quarterly_return r ON r.zone_id = chain.id
         JOIN return_cell c ON c.revision_id = r.current_revision_id
        WHERE r.period BETWEEN $3 AND $4
        GROUP BY 1, 2, 3, 4, 5, 6`,
      [dimension, notDeclared, from, to],
    );
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

  /** The latest quarter with a return for a zone (or any zone). */
  async latestPeriod(zoneId: number | null): Promise<string | null> {
    const rows: { period: string | null }[] = await this.db.query(
      `${ZONE_ROOTS} SELECT max(r.period) AS period FROM chain JOIN quarterly_return r ON r.zone_id = chain.id
        WHERE r.current_revision_id IS NOT NULL AND ($1::int IS NULL OR chain.root = $1)`,
      [zoneId],
    );
    return rows[0]?.period ?? null;
  }
}
