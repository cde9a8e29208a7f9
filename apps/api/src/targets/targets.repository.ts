import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { TargetInput, TargetMetric } from '@equity/shared';
import { DataSource, type EntityManager } from 'typeorm';

/** A stored target with its zone and author. */
export interface TargetRow {
  id: number;
  zone: string;
  zone_name: string;
  profile_code: string;
  group_spec: string;
  metric: TargetMetric;
  categories: string[];
  value: number;
  baseline_period: string;
  deadline_period: string;
  note: string;
  created_by: string;
  created_at: Date;
  updated_at: Date;
}

const SELECT_TARGETS = `
  SELECT t.id, z.code AS zone, z.name AS zone_name, z.profile_code, t.group_spec, t.metric, t.categories, t.value,
         t.baseline_period, t.deadline_period, t.note, u.username AS created_by, t.created_at, t.updated_at
    FROM target t JOIN zone z ON z.id = t.zone_id JOIN app_user u ON u.id = t.created_by`;

/** The SQL of targets: reads by zone or id, and the writes the service runs in its transactions. */
@Injectable()
export class TargetsRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /** The targets of the zones with these codes, by zone name, then id. */
  async ofZones(codes: string[]): Promise<TargetRow[]> {
    return this.db.query(`${SELECT_TARGETS} WHERE z.code = ANY($1) ORDER BY z.name, t.id`, [codes]);
  }

  /** The target with this id, or null. */
  async byId(id: number): Promise<TargetRow | null> {
    const rows: TargetRow[] = await this.db.query(`${SELECT_TARGETS} WHERE t.id = $1`, [id]);
    return rows[0] ?? null;
  }

  /** Stores a new target of zone `zoneId`, written by `authorId`; its id. */
  async insert(m: EntityManager, zoneId: number, input: TargetInput, authorId: number): Promise<number> {
    const [row]: { id: number }[] = await m.query(
      `INSERT INTO target (zone_id, group_spec, metric, categories, value, baseline_period, deadline_period, note, created_by)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id`,
      [zoneId, input.group, input.metric, input.categories, input.value, input.baselinePeriod, input.deadlinePeriod, input.note, authorId],
    );
    return row!.id;
  }

  async update(m: EntityManager, id: number, zoneId: number, input: TargetInput): Promise<void> {
    await m.query(
      `UPDATE target SET zone_id = $2, group_spec = $3, metric = $4, categories = $5, value = $6, baseline_period = $7, deadline_period = $8, note = $9, updated_at = now()
        WHERE id = $1`,
      [id, zoneId, input.group, input.metric, input.categories, input.value, input.baselinePeriod, input.deadlinePeriod, input.note],
    );
  }

  async delete(m: EntityManager, id: number): Promise<void> {
    await m.query('DELETE FROM target WHERE id = $1', [id]);
  }
}
