import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * What callers under disclosure control are shown of each zone-quarter (docs/privacy.md, "What
 * protected roles see of a correction"): the revision whose protections are all stored — every
 * kind the dashboards ask for, at K_MANAGE and K_RESEARCH — and the current revisions of the four
 * quarters before it was protected against (`earlier`, q − 1 … q − 4, null for a quarter without a
 * return: `contextKey` in disclosure/disclosure.service.ts). Written by the protection worker only,
 * once a revision's protections are complete; until then protected readers keep seeing the
 * revision published before, so a correction never makes a request wait for a protection. A
 * zone-quarter without a row is read at its current revision (as before this table).
 *
 * A change bumps the zone's data version (the trigger of migration 1764300000000), so cached
 * figures keyed by it — the national tables — are computed again from the new publication.
 */
export class Publication1764900000000 implements MigrationInterface {
  name = 'Publication1764900000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "publication" ("zone_id" integer NOT NULL, "period" text NOT NULL, "revision_id" bigint NOT NULL, "earlier" bigint[] NOT NULL, "published_at" timestamptz NOT NULL DEFAULT now(), CONSTRAINT "pk_publication" PRIMARY KEY ("zone_id", "period"))`,
    );
    await queryRunner.query(`ALTER TABLE "publication" ADD CONSTRAINT "fk_publication_revision" FOREIGN KEY ("revision_id") REFERENCES "return_revision"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await queryRunner.query(`CREATE TRIGGER "trg_publication_version_ins" AFTER INSERT ON "publication" REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION data_version_bump()`);
    await queryRunner.query(
      `CREATE TRIGGER "trg_publication_version_upd" AFTER UPDATE ON "publication" REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION data_version_bump()`,
    );
    await queryRunner.query(`CREATE TRIGGER "trg_publication_version_del" AFTER DELETE ON "publication" REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION data_version_bump()`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE IF EXISTS "publication"`);
  }
}
