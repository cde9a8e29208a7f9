import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * What a stored protection (`protected_table`) and answer (`protected_count`) were computed against,
 * part of their keys: `previous_revision_id` (the previous quarter's current revision) becomes
 * `context_revisions`, text, because a 4-quarter window protection (kind `window`, management's
 * flows) depends on the current revisions of the four quarters before — stored as "q−1,q−2,q−3,q−4"
 * ('0' for a quarter without a return; `contextKey` in disclosure/disclosure.service.ts). The
 * values stored so far keep their meaning (one revision id, or '0').
 */
export class ProtectionContext1764800000000 implements MigrationInterface {
  name = 'ProtectionContext1764800000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    for (const table of ['protected_table', 'protected_count']) {
      await queryRunner.query(`ALTER TABLE "${table}" RENAME COLUMN "previous_revision_id" TO "context_revisions"`);
      await queryRunner.query(`ALTER TABLE "${table}" ALTER COLUMN "context_revisions" TYPE text USING "context_revisions"::text`);
    }
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    // Window protections have no single previous revision: they are dropped (the worker computes them again).
    for (const table of ['protected_count', 'protected_table']) {
      await queryRunner.query(`DELETE FROM "${table}" WHERE "context_revisions" LIKE '%,%'`);
      await queryRunner.query(`ALTER TABLE "${table}" ALTER COLUMN "context_revisions" TYPE bigint USING "context_revisions"::bigint`);
      await queryRunner.query(`ALTER TABLE "${table}" RENAME COLUMN "context_revisions" TO "previous_revision_id"`);
    }
  }
}
