import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Stored answers of the protected tables (docs/performance.md, "disclosure control on a national
 * table"): the count a figure asked of a revision's protected tables — the sum over some staff
 * categories (`*`: all) and values of one classification — and what the tables answered: the
 * count when they publish or determine it, NULL when it is withheld. Keyed like `protected_table`
 * (kind, threshold, previous quarter's revision) plus the measure and the question, so an answer is
 * reused only with the protection it came from; revisions never change, so an answer never goes
 * stale. `profile_code` and `items` (the profile's published items per table) are checked on read,
 * as for `protected_table`. `zone_id` is the distribution column of the Citus plan. A change to how
 * tables are protected or counts answered (disclosure/cube.ts, protect.ts) must ship a migration
 * emptying both tables (docs/privacy.md).
 */
export class ProtectedCount1764600000000 implements MigrationInterface {
  name = 'ProtectedCount1764600000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TABLE "protected_count" ("zone_id" integer NOT NULL, "revision_id" bigint NOT NULL, "kind" text NOT NULL, "threshold" integer NOT NULL, "previous_revision_id" bigint NOT NULL, "measure" text NOT NULL, "query" text NOT NULL, "profile_code" text NOT NULL, "items" integer NOT NULL, "value" integer, "created_at" timestamptz NOT NULL DEFAULT now(), CONSTRAINT "pk_protected_count" PRIMARY KEY ("zone_id", "revision_id", "kind", "threshold", "previous_revision_id", "measure", "query"))`);
    await queryRunner.query(`ALTER TABLE "protected_count" ADD CONSTRAINT "fk_protected_count_revision" FOREIGN KEY ("revision_id") REFERENCES "return_revision"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE IF EXISTS "protected_count"`);
  }
}
