import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Stored disclosure protections (docs/scaling.md): which published items of a revision's tables
 * are withheld, per kind (a measure protected on its own, or `quarter`: headcount and the flows
 * protected together against the previous quarter's headcount), threshold and previous quarter's
 * revision (0 when there is none or the kind is not linked to it). Revisions never change, so a
 * row never goes stale; a changed previous quarter is a different key. `hidden` holds one bit per
 * published item (`items` of them) in the order of `disclosure/cube.ts`. `zone_id` is the
 * distribution column of the Citus plan. No entity: written and read with SQL by DisclosureService.
 */
export class ProtectedTable1764400000000 implements MigrationInterface {
  name = 'ProtectedTable1764400000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TABLE "protected_table" ("zone_id" integer NOT NULL, "revision_id" bigint NOT NULL, "kind" text NOT NULL, "threshold" integer NOT NULL, "previous_revision_id" bigint NOT NULL, "profile_code" text NOT NULL, "items" integer NOT NULL, "hidden" bytea NOT NULL, "compute_ms" integer NOT NULL, "created_at" timestamptz NOT NULL DEFAULT now(), CONSTRAINT "pk_protected_table" PRIMARY KEY ("zone_id", "revision_id", "kind", "threshold", "previous_revision_id"))`);
    await queryRunner.query(`ALTER TABLE "protected_table" ADD CONSTRAINT "fk_protected_table_revision" FOREIGN KEY ("revision_id") REFERENCES "return_revision"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE IF EXISTS "protected_table"`);
  }
}
