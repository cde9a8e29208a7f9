import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { AuditEventDto } from '@equity/shared';
import { DataSource, type EntityManager } from 'typeorm';
import type { AuthUser } from '../auth/auth-user.js';

export interface AuditTarget {
  zone?: string | null;
  period?: string | null;
  /** Identifiers and figures only: never file contents, never personal data. */
  details?: Record<string, unknown>;
}

@Injectable()
export class AuditService {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /** Records an event with the given manager, so it commits or rolls back with the action it records. */
  async record(manager: EntityManager, actor: Pick<AuthUser, 'id' | 'username'> | null, action: string, target: AuditTarget): Promise<void> {
    await manager.query(
      'INSERT INTO audit_event (actor_id, actor_username, action, zone_code, period, details) VALUES ($1, $2, $3, $4, $5, $6)',
      [actor?.id ?? null, actor?.username ?? null, action, target.zone ?? null, target.period ?? null, JSON.stringify(target.details ?? {})],
    );
  }

  /** Records one event per target with one statement (bulk writes: one event per return), in the manager's transaction. */
  async recordMany(manager: EntityManager, actor: Pick<AuthUser, 'id' | 'username'> | null, action: string, targets: AuditTarget[]): Promise<void> {
    if (targets.length === 0) return;
    await manager.query(
      `INSERT INTO audit_event (actor_id, actor_username, action, zone_code, period, details)
       SELECT $1, $2, $3, t.zone_code, t.period, t.details::jsonb
         FROM unnest($4::text[], $5::text[], $6::text[]) WITH ORDINALITY AS t(zone_code, period, details, n) ORDER BY t.n`,
      [actor?.id ?? null, actor?.username ?? null, action, targets.map((t) => t.zone ?? null), targets.map((t) => t.period ?? null), targets.map((t) => JSON.stringify(t.details ?? {}))],
    );
  }

  async list(filter: { zone?: string; limit: number }): Promise<AuditEventDto[]> {
    const rows: { id: string; at: Date; actor_username: string | null; action: string; zone_code: string | null; period: string | null; details: Record<string, unknown> }[] =
      await this.db.query(
        `SELECT id, at, actor_username, action, zone_code, period, details FROM audit_event
          WHERE ($1::text IS NULL OR zone_code = $1) ORDER BY id DESC LIMIT $2`,
        [filter.zone ?? null, filter.limit],
      );
    return rows.map((r) => ({ id: Number(r.id), at: r.at.toISOString(), actor: r.actor_username, action: r.action, zone: r.zone_code, period: r.period, details: r.details }));
  }
}
