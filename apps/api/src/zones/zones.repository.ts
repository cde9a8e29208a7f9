import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Label } from '@equity/shared';
import { DataSource, type EntityManager } from 'typeorm';

/** A zone as the access checks and the import read it. */
export interface ZoneRow {
  id: number;
  code: string;
  name: string;
  profile_code: string;
}

/** A zone of the list (`GET /zones`): `returns` only for administrators. */
export interface ZoneListRow {
  code: string;
  name: string;
  names: Label;
  profile_code: string;
  successor: string | null;
  merged_from: string | null;
  predecessors: { code: string; from: string | null }[];
  communes: string[];
  returns: number | null;
}

/** A zone as the registry changes it. */
export interface ZoneEditRow {
  id: number;
  code: string;
  name: string;
  names: Label;
  profile_code: string;
  communes: string[];
}

/** What the registry writes of a zone. */
export interface ZoneWrite {
  name: string;
  names: Label;
  profile: string;
  communes: string[];
}

/** Returns, targets and availability benchmarks a zone holds. */
export interface ZoneHoldingsRow {
  id: number;
  returns: number;
  targets: number;
  benchmarks: number;
}

/** What was recorded for a zone that is to be deleted. */
export interface ZoneDeletionRow {
  id: number;
  returns: number;
  targets: number;
  surveys: number;
  accounts: number;
  merged: number;
}

/** An availability benchmark deleted with its zone (listed in the audit event). */
export interface DeletedBenchmarkRow {
  dimension: string;
  group: string;
  year: number;
}

/** A zone of a merger: the merged one or its successor. */
export interface MergerZoneRow {
  id: number;
  code: string;
  profile_code: string;
  successor_id: number | null;
}

/** The SQL of zones: the list, the access checks' reads, the registry's writes, mergers and deletion. */
@Injectable()
export class ZonesRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /** Zones of `hrZones` (null: every zone), or the one with `code`; with the number of returns of each when `admin`. */
  async list(hrZones: string[] | null, code: string | null, admin: boolean): Promise<ZoneListRow[]> {
    return this.db.query(
      `SELECT z.code, z.name, z.names, z.profile_code, s.code AS successor, z.merged_from, z.communes,
              coalesce((SELECT json_agg(json_build_object('code', p.code, 'from', p.merged_from) ORDER BY p.merged_from, p.code) FROM zone p WHERE p.successor_id = z.id), '[]') AS predecessors,
              CASE WHEN $3 THEN (SELECT count(*)::int FROM quarterly_return r WHERE r.zone_id = z.id) END AS returns
         FROM zone z LEFT JOIN zone s ON s.id = z.successor_id
        WHERE ($1::text[] IS NULL OR z.code = ANY($1)) AND ($2::text IS NULL OR z.code = $2)
        ORDER BY z.name`,
      [hrZones, code, admin],
    );
  }

  /** The zone with `code`, or null. */
  async find(code: string): Promise<ZoneRow | null> {
    const rows: ZoneRow[] = await this.db.query('SELECT id, code, name, profile_code FROM zone WHERE code = $1', [code]);
    return rows[0] ?? null;
  }

  /** The zones with these codes (unknown codes are left out). */
  async byCodes(codes: string[]): Promise<ZoneRow[]> {
    return this.db.query('SELECT id, code, name, profile_code FROM zone WHERE code = ANY($1)', [codes]);
  }

  /** The zones of a profile whose names, in lower case, are among `lowerNames`. */
  async byNames(profileCode: string, lowerNames: string[]): Promise<ZoneRow[]> {
    return this.db.query('SELECT id, code, name, profile_code FROM zone WHERE profile_code = $1 AND lower(name) = ANY($2)', [profileCode, lowerNames]);
  }

  /** Creates a zone the import names (its English name only); its id. */
  async insertImported(m: EntityManager, code: string, name: string, profileCode: string): Promise<number> {
    const [row]: { id: number }[] = await m.query('INSERT INTO zone (code, name, names, profile_code) VALUES ($1, $2, $3, $4) RETURNING id', [
      code,
      name,
      JSON.stringify({ en: name }),
      profileCode,
    ]);
    return row!.id;
  }

  /** The zones with these codes, in id order (locked for `m`'s transaction when `lock`). */
  async forEdit(m: EntityManager, codes: string[], lock: boolean): Promise<ZoneEditRow[]> {
    return m.query(`SELECT id, code, name, names, profile_code, communes FROM zone WHERE code = ANY($1) ORDER BY id${lock ? ' FOR UPDATE' : ''}`, [codes]);
  }

  /** Returns, targets and availability benchmarks each zone holds (recorded with its profile's categories). */
  async holdings(m: EntityManager, ids: number[]): Promise<ZoneHoldingsRow[]> {
    return m.query(
      `SELECT z.id,
              (SELECT count(*)::int FROM quarterly_return r WHERE r.zone_id = z.id) AS returns,
              (SELECT count(*)::int FROM target t WHERE t.zone_id = z.id) AS targets,
              (SELECT count(*)::int FROM availability_benchmark a WHERE a.zone_id = z.id) AS benchmarks
         FROM zone z WHERE z.id = ANY($1)`,
      [ids],
    );
  }

  /** The codes of every stored classification profile, sorted. */
  async profileCodes(): Promise<string[]> {
    const rows: { code: string }[] = await this.db.query('SELECT code FROM classification_profile ORDER BY code');
    return rows.map((r) => r.code);
  }

  async insert(m: EntityManager, code: string, z: ZoneWrite): Promise<void> {
    await m.query('INSERT INTO zone (code, name, names, profile_code, communes) VALUES ($1, $2, $3, $4, $5)', [code, z.name, JSON.stringify(z.names), z.profile, z.communes]);
  }

  /** Changes a zone; its data version moves too, so figures cached with its old name are computed again. */
  async update(m: EntityManager, id: number, z: ZoneWrite): Promise<void> {
    await m.query('UPDATE zone SET name = $2, names = $3, profile_code = $4, communes = $5 WHERE id = $1', [id, z.name, JSON.stringify(z.names), z.profile, z.communes]);
    await m.query('INSERT INTO data_version AS v (zone_id, version, protected_version) VALUES ($1, 1, 1) ON CONFLICT (zone_id) DO UPDATE SET version = v.version + 1, protected_version = v.protected_version + 1', [id]);
  }

  /** What was recorded for the zone with `code` (locked for `m`'s transaction), or null. */
  async deletionHoldings(m: EntityManager, code: string): Promise<ZoneDeletionRow | null> {
    const rows: ZoneDeletionRow[] = await m.query(
      `SELECT z.id,
              (SELECT count(*)::int FROM quarterly_return r WHERE r.zone_id = z.id) AS returns,
              (SELECT count(*)::int FROM target t WHERE t.zone_id = z.id) AS targets,
              (SELECT count(*)::int FROM survey_campaign c WHERE c.zone_id = z.id) AS surveys,
              (SELECT count(*)::int FROM user_zone u WHERE u.zone_id = z.id) AS accounts,
              (SELECT count(*)::int FROM zone p WHERE p.successor_id = z.id) AS merged
         FROM zone z WHERE z.code = $1 FOR UPDATE`,
      [code],
    );
    return rows[0] ?? null;
  }

  /** A zone's availability benchmarks, by classification, group and year. */
  async benchmarksOf(m: EntityManager, id: number): Promise<DeletedBenchmarkRow[]> {
    return m.query('SELECT dimension, group_code AS "group", year FROM availability_benchmark WHERE zone_id = $1 ORDER BY dimension, group_code, year', [id]);
  }

  /**
   * Deletes a zone and its data version; its name and profile as they were (for the audit event).
   * The zone's row must exist (`deletionHoldings` locked it).
   */
  async delete(m: EntityManager, id: number): Promise<{ name: string; profile_code: string }> {
    const [before]: { name: string; profile_code: string }[] = await m.query('SELECT name, profile_code FROM zone WHERE id = $1', [id]);
    await m.query('DELETE FROM zone WHERE id = $1', [id]);
    await m.query('DELETE FROM data_version WHERE zone_id = $1', [id]);
    return before!;
  }

  /** The zones with these codes, in id order, locked for `m`'s transaction. */
  async forMerger(m: EntityManager, codes: string[]): Promise<MergerZoneRow[]> {
    return m.query('SELECT id, code, profile_code, successor_id FROM zone WHERE code = ANY($1) ORDER BY id FOR UPDATE', [codes]);
  }

  /** The quarters of a zone's returns from `from` on, in order. */
  async periodsFrom(m: EntityManager, id: number, from: string): Promise<string[]> {
    const rows: { period: string }[] = await m.query('SELECT period FROM quarterly_return WHERE zone_id = $1 AND period >= $2 ORDER BY period', [id, from]);
    return rows.map((r) => r.period);
  }

  /** Records that zone `id` is succeeded by `successorId` from `from` on; a new data version of both. */
  async merge(m: EntityManager, id: number, successorId: number, from: string): Promise<void> {
    await m.query('UPDATE zone SET successor_id = $2, merged_from = $3 WHERE id = $1', [id, successorId, from]);
    // The successor's figures now include this zone's returns: every cached figure of both is stale.
    await m.query(
      `INSERT INTO data_version AS v (zone_id, version, protected_version) SELECT unnest($1::int[]), 1, 1 ON CONFLICT (zone_id) DO UPDATE SET version = v.version + 1, protected_version = v.protected_version + 1`,
      [[id, successorId]],
    );
  }
}
