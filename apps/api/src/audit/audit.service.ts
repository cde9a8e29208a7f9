import { Injectable, NotFoundException } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { AuditAction, AuditEventDto } from '@equity/shared';
import { DataSource, type EntityManager } from 'typeorm';
import type { AuthUser } from '../auth/auth-user.js';
import type { AuditFilterSpec, AuditListSpec } from './audit-query.js';

export interface AuditTarget {
  zone?: string | null;
  period?: string | null;
  /** Identifiers and figures only: never file contents, never personal data. */
  details?: Record<string, unknown>;
}

interface AuditRow {
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

/** Events read per query while the CSV streams (keyset pages by id, newest first). */
export const AUDIT_CSV_BATCH = 1000;

const toDto = (r: AuditRow): AuditEventDto => ({
  id: Number(r.id),
  at: r.at.toISOString(),
  actor: r.actor_username,
  action: r.action,
  zone: r.zone_code,
  period: r.period,
  details: r.details,
});

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

@Injectable()
export class AuditService {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /** Records an event with the given manager, so it commits or rolls back with the action it records. */
  async record(manager: EntityManager, actor: Pick<AuthUser, 'id' | 'username'> | null, action: AuditAction, target: AuditTarget): Promise<void> {
    await manager.query(
      'INSERT INTO audit_event (actor_id, actor_username, action, zone_code, period, details) VALUES ($1, $2, $3, $4, $5, $6)',
      [actor?.id ?? null, actor?.username ?? null, action, target.zone ?? null, target.period ?? null, JSON.stringify(target.details ?? {})],
    );
  }

  /** Records one event per target with one statement (bulk writes: one event per return), in the manager's transaction. */
  async recordMany(manager: EntityManager, actor: Pick<AuthUser, 'id' | 'username'> | null, action: AuditAction, targets: AuditTarget[]): Promise<void> {
    if (targets.length === 0) return;
    await manager.query(
      `INSERT INTO audit_event (actor_id, actor_username, action, zone_code, period, details)
       SELECT $1, $2, $3, t.zone_code, t.period, t.details::jsonb
         FROM unnest($4::text[], $5::text[], $6::text[]) WITH ORDINALITY AS t(zone_code, period, details, n) ORDER BY t.n`,
      [actor?.id ?? null, actor?.username ?? null, action, targets.map((t) => t.zone ?? null), targets.map((t) => t.period ?? null), targets.map((t) => JSON.stringify(t.details ?? {}))],
    );
  }

  /**
   * A download of the log is itself an event: who took which part of it (the filter in the details;
   * no zone of its own, so a zone's events are only what was done to that zone).
   */
  async recordExport(actor: AuthUser, filter: AuditFilterSpec): Promise<void> {
    await this.record(this.db.manager, actor, 'audit.exported', { details: { format: 'csv', filter } });
  }

  /** Events matching the filter, newest first: at most `limit`, older than `before` when given. */
  async list(spec: AuditListSpec): Promise<AuditEventDto[]> {
    const params: unknown[] = [];
    const where = whereOf(spec, params);
    params.push(spec.limit);
    const rows: AuditRow[] = await this.db.query(`SELECT ${COLUMNS} FROM audit_event ${where} ORDER BY id DESC LIMIT $${params.length}`, params);
    return rows.map(toDto);
  }

  async get(id: number): Promise<AuditEventDto> {
    const rows: AuditRow[] = await this.db.query(`SELECT ${COLUMNS} FROM audit_event WHERE id = $1`, [id]);
    if (!rows[0]) throw new NotFoundException(`There is no audit event ${id}.`);
    return toDto(rows[0]);
  }

  /**
   * Every event matching the filter, newest first, in pages of AUDIT_CSV_BATCH read one after the
   * other (keyset by id): memory stays flat whatever the size of the log.
   */
  async *stream(filter: AuditFilterSpec, batch = AUDIT_CSV_BATCH): AsyncGenerator<AuditEventDto[]> {
    let before: number | undefined;
    for (;;) {
      const page = await this.list({ ...filter, ...(before !== undefined ? { before } : {}), limit: batch });
      if (page.length) yield page;
      if (page.length < batch) return;
      before = page[page.length - 1]!.id;
    }
  }
}
