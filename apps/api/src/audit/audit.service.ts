import { Injectable, NotFoundException } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { AuditAction, AuditEventDto } from '@equity/shared';
import { DataSource, type EntityManager } from 'typeorm';
import type { AuthUser } from '../auth/auth-user.js';
import type { AuditFilterSpec, AuditListSpec } from './audit-query.js';
import { type AuditActor, AuditRepository, type AuditRow, type AuditTarget } from './audit.repository.js';

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

@Injectable()
export class AuditService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly repo: AuditRepository,
  ) {}

  /** Records an event with the given manager, so it commits or rolls back with the action it records. */
  async record(manager: EntityManager, actor: AuditActor, action: AuditAction, target: AuditTarget): Promise<void> {
    await this.repo.insert(manager, actor, action, target);
  }

  /** Records one event per target with one statement (bulk writes: one event per return), in the manager's transaction. */
  async recordMany(manager: EntityManager, actor: AuditActor, action: AuditAction, targets: AuditTarget[]): Promise<void> {
    if (targets.length === 0) return;
    await this.repo.insertMany(manager, actor, action, targets);
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
    return (await this.repo.page(spec)).map(toDto);
  }

  async get(id: number): Promise<AuditEventDto> {
    const row = await this.repo.byId(id);
    if (!row) throw new NotFoundException(`There is no audit event ${id}.`);
    return toDto(row);
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
