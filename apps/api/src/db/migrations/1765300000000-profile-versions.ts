import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Classification profiles an administrator adds or changes from a file (`POST /api/v1/profiles`):
 * each stored profile has a version (1 for the one there now) and an origin (`built-in`, as
 * installed at start-up, or `uploaded`: a built-in changed by an administrator is then no longer
 * overwritten at start-up). Every version is kept in `classification_profile_version`.
 */
export class ProfileVersions1765300000000 implements MigrationInterface {
  name = 'ProfileVersions1765300000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "classification_profile" ADD "version" integer NOT NULL DEFAULT 1`);
    await queryRunner.query(`ALTER TABLE "classification_profile" ADD "origin" text NOT NULL DEFAULT 'built-in'`);
    await queryRunner.query(
      `CREATE TABLE "classification_profile_version" ("code" text NOT NULL, "version" integer NOT NULL, "definition" jsonb NOT NULL, "origin" text NOT NULL, "created_by" integer, "created_at" timestamptz NOT NULL DEFAULT now(), CONSTRAINT "pk_classification_profile_version" PRIMARY KEY ("code", "version"))`,
    );
    await queryRunner.query(`INSERT INTO classification_profile_version (code, version, definition, origin, created_at) SELECT code, version, definition, origin, created_at FROM classification_profile`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE IF EXISTS "classification_profile_version"`);
    await queryRunner.query(`ALTER TABLE "classification_profile" DROP COLUMN "origin"`);
    await queryRunner.query(`ALTER TABLE "classification_profile" DROP COLUMN "version"`);
  }
}
