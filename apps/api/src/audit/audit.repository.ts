import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { AuditAction } from '@equity/shared';
import { DataSource, type EntityManager } from 'typeorm';
import type { AuthUser } from '../auth/auth-user.js';
import type { AuditFilterSpec, AuditListSpec } from './audit-query.js';

/** Who acted: null for the system. */
export type AuditActor = Pick<AuthUser, 'id' | 'username'> | null;

export interface AuditTarget {
  zone?: string | null;
  period?: string | null;
  /** Identifiers and figures only: never file contents, never personal data. */
  details?: Record<string, unknown>;
}

/** An event as stored. */
export interface AuditRow {
  id: string;
  at: Date;
  actor_username: string | null;
  action: string;
  zone_code: string | null;
  period: string | null;
  details: Record<string, unknown>;
}

/** Days of the filter are Belgian calendar days, whatever the server's or the database's time zone. */
const TIME_ZONE = 'Europe/Brussels';

/** The WHERE clause of a filter, its values appended to `params`. Each condition can use an index of migration 1765000000000. */
function whereOf(filter: AuditFilterSpec & { before?: number }, params: unknown[]): string {
  const conditions: string[] = [];
  const add = (sql: (p: string) => string, value: unknown) => {
    params.push(value);
    conditions.push(sql(`$${params.length}`));
  };
  if (filter.user !== undefined) add((p) => `actor_username = ${p}`, filter.user);
  if (filter.zone !== undefined) add((p) => `zone_code = ${p}`, filter.zone);
  if (filter.actions !== undefined) add((p) => (filter.actions!.length === 1 ? `action = ${p}` : `action = ANY(${p}::text[])`), filter.actions.length === 1 ? filter.actions[0] : filter.actions);
  if (filter.from !== undefined) add((p) => `at >= (${p}::date)::timestamp AT TIME ZONE '${TIME_ZONE}'`, filter.from);
  if (filter.to !== undefined) add((p) => `at < (${p}::date + 1)::timestamp AT TIME ZONE '${TIME_ZONE}'`, filter.to);
  if (filter.before !== undefined) add((p) => `id < ${p}`, filter.before);
  return conditions.length ? `WHERE ${conditions.join(' AND ')}` : '';
}

const COLUMNS = 'id, at, actor_username, action, zone_code, period, details';

/** The SQL of the audit log: the writes (in the caller's transaction) and the filtered reads. */
@Injectable()
export class AuditRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /** Inserts one event with the given manager. */
  async insert(m: EntityManager, actor: AuditActor, action: AuditAction, target: AuditTarget): Promise<void> {
    await m.query('INSERT INTO audit_event (actor_id, actor_username, action, zone_code, period, details) VALUES ($1, $2, $3, $4, $5, $6)', [
      actor?.id ?? null,
      actor?.username ?? null,
      action,
      target.zone ?? null,
      target.period ?? null,
      JSON.stringify(target.details ?? {}),
    ]);
  }

  /** Inserts one event per target with one statement, in their order, with the given manager. */
  async insertMany(m: EntityManager, actor: AuditActor, action: AuditAction, targets: AuditTarget[]): Promise<void> {
    await m.query(
      `INSERT INTO audit_event (actor_id, actor_username, action, zone_code, period, details)
       SELECT $1, $2, $3, t.zone_code, t.period, t.details::jsonb
         FROM unnest($4::text[], $5::text[], $6::text[]) WITH ORDINALITY AS t(zone_code, period, details, n) ORDER BY t.n`,
      [actor?.id ?? null, actor?.username ?? null, action, targets.map((t) => t.zone ?? null), targets.map((t) => t.period ?? null), targets.map((t) => JSON.stringify(t.details ?? {}))],
    );
  }

  /** Events matching the filter, newest first: at most `limit`, older than `before` when given. */
  async page(spec: AuditListSpec): Promise<AuditRow[]> {
    const params: unknown[] = [];
    const where = whereOf(spec, params);
    params.push(spec.limit);
    return this.db.query(`SELECT ${COLUMNS} FROM audit_event ${where} ORDER BY id DESC LIMIT $${params.length}`, params);
  }

  /** The event with this id, or null. */
  async byId(id: number): Promise<AuditRow | null> {
    const rows: AuditRow[] = await this.db.query(`SELECT ${COLUMNS} FROM audit_event WHERE id = $1`, [id]);
    return rows[0] ?? null;
  }
}
