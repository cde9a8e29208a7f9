import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { AvailabilityBenchmarkRow } from '@equity/shared';
import { DataSource, type EntityManager } from 'typeorm';

/** A stored availability benchmark with its id (to delete it). */
export interface BenchmarkWithIdRow extends AvailabilityBenchmarkRow {
  id: number;
}

/** A zone a benchmarks file names. */
export interface BenchmarkZoneRow {
  id: number;
  code: string;
  profile_code: string;
}

/** A stored availability benchmark of one of several zones. */
export interface StoredBenchmarkRow {
  zone_id: number;
  dimension: string;
  group_code: string;
  year: number;
  share: number;
  source: string;
}

/**
 * The SQL of availability benchmarks as administrators keep them (`BenchmarksService`): the list,
 * deletion and the file's reads; a method given an EntityManager runs in the caller's transaction.
 * Setting one is `AnalyticsRepository.upsertAvailability`; figures read them there too.
 */
@Injectable()
export class BenchmarksRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /** Every benchmark of a zone, by classification, group and year (newest first). */
  async list(zoneId: number): Promise<AvailabilityBenchmarkRow[]> {
    return this.db.query(
      `SELECT dimension, group_code AS "group", year, share, source FROM availability_benchmark
        WHERE zone_id = $1 ORDER BY dimension, group_code, year DESC`,
      [zoneId],
    );
  }

  /** A zone's benchmark of one group and year, locked for `m`'s transaction (none, or one row). */
  async forDelete(m: EntityManager, zoneId: number, dimension: string, group: string, year: number): Promise<BenchmarkWithIdRow[]> {
    return m.query(
      `SELECT id, dimension, group_code AS "group", year, share, source FROM availability_benchmark
          WHERE zone_id = $1 AND dimension = $2 AND group_code = $3 AND year = $4 FOR UPDATE`,
      [zoneId, dimension, group, year],
    );
  }

  async delete(m: EntityManager, id: number): Promise<void> {
    await m.query('DELETE FROM availability_benchmark WHERE id = $1', [id]);
  }

  /** The zones with these codes (unknown codes are left out). */
  async zones(codes: string[]): Promise<BenchmarkZoneRow[]> {
    return this.db.query('SELECT id, code, profile_code FROM zone WHERE code = ANY($1)', [codes]);
  }

  /** Every benchmark of the zones `zoneIds` in id order (locked for `m`'s transaction when `lock`). */
  async ofZones(m: EntityManager, zoneIds: number[], lock: boolean): Promise<StoredBenchmarkRow[]> {
    return m.query(`SELECT zone_id, dimension, group_code, year, share, source FROM availability_benchmark WHERE zone_id = ANY($1) ORDER BY id${lock ? ' FOR UPDATE' : ''}`, [zoneIds]);
  }
}
