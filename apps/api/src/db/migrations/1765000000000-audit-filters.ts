import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The audit log is read newest first (by id) filtered by who acted, a zone or an action (the
 * administrators' audit screen and its CSV): an index on each, ending with the id, so a page of one
 * user's or one zone's events is read backwards from its index instead of by scanning the whole
 * log for the few rows that match (docs/architecture.md, "Audit log").
 */
export class AuditFilters1765000000000 implements MigrationInterface {
  name = 'AuditFilters1765000000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE INDEX "ix_audit_event_actor" ON "audit_event" ("actor_username", "id")`);
    await queryRunner.query(`CREATE INDEX "ix_audit_event_zone" ON "audit_event" ("zone_code", "id")`);
    await queryRunner.query(`CREATE INDEX "ix_audit_event_action" ON "audit_event" ("action", "id")`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "ix_audit_event_action"`);
    await queryRunner.query(`DROP INDEX "ix_audit_event_zone"`);
    await queryRunner.query(`DROP INDEX "ix_audit_event_actor"`);
  }
}
