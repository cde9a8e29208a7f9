import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The version of the protection algorithm (`PROTECTION_VERSION`, disclosure/protect.ts) with every
 * stored protection (`protected_table`) and answer (`protected_count`), part of their keys: a
 * changed algorithm never reuses a pattern or an answer of an older one, whatever migration ships
 * with it. The rows stored so far (version 1) came from an audit that counted an unbounded optimum
 * as a point with every count 0 (docs/privacy.md, "The audit is sound"): they are deleted, and the
 * protection worker computes them again.
 */
export class ProtectionVersion1764700000000 implements MigrationInterface {
  name = 'ProtectionVersion1764700000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DELETE FROM "protected_count"`);
    await queryRunner.query(`DELETE FROM "protected_table"`);
    for (const table of ['protected_table', 'protected_count']) {
      await queryRunner.query(`ALTER TABLE "${table}" ADD "protection_version" integer NOT NULL`);
    }
    await queryRunner.query(`ALTER TABLE "protected_table" DROP CONSTRAINT "pk_protected_table"`);
    await queryRunner.query(`ALTER TABLE "protected_table" ADD CONSTRAINT "pk_protected_table" PRIMARY KEY ("zone_id", "revision_id", "kind", "threshold", "previous_revision_id", "protection_version")`);
    await queryRunner.query(`ALTER TABLE "protected_count" DROP CONSTRAINT "pk_protected_count"`);
    await queryRunner.query(
      `ALTER TABLE "protected_count" ADD CONSTRAINT "pk_protected_count" PRIMARY KEY ("zone_id", "revision_id", "kind", "threshold", "previous_revision_id", "measure", "query", "protection_version")`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DELETE FROM "protected_count"`);
    await queryRunner.query(`DELETE FROM "protected_table"`);
    await queryRunner.query(`ALTER TABLE "protected_count" DROP CONSTRAINT "pk_protected_count"`);
    await queryRunner.query(`ALTER TABLE "protected_count" ADD CONSTRAINT "pk_protected_count" PRIMARY KEY ("zone_id", "revision_id", "kind", "threshold", "previous_revision_id", "measure", "query")`);
    await queryRunner.query(`ALTER TABLE "protected_table" DROP CONSTRAINT "pk_protected_table"`);
    await queryRunner.query(`ALTER TABLE "protected_table" ADD CONSTRAINT "pk_protected_table" PRIMARY KEY ("zone_id", "revision_id", "kind", "threshold", "previous_revision_id")`);
    for (const table of ['protected_table', 'protected_count']) await queryRunner.query(`ALTER TABLE "${table}" DROP COLUMN "protection_version"`);
  }
}
