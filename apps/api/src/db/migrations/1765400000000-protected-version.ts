import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A second data version per zone for callers under disclosure control: `protected_version` moves
 * with everything `version` moves with, except a correction of a quarter that has a publication.
 * Such callers are shown the published revision of a quarter (migration 1764900000000), so the
 * correction changes nothing they see until the protection worker publishes it — which bumps both.
 * Their cached figures (keyed by this version) then stay valid through the correction instead of
 * being computed twice, once for the write and once for its publication (docs/performance.md).
 *
 * `quarterly_return` updates get a trigger of their own: `version` for every zone whose rows
 * changed, `protected_version` for those where a changed row has no publication, changed its status
 * (shown in exports), or moved. Inserts and deletes, publications, benchmarks and targets bump both
 * (`data_version_bump`, now writing both columns).
 */
export class ProtectedVersion1765400000000 implements MigrationInterface {
  name = 'ProtectedVersion1765400000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "data_version" ADD COLUMN "protected_version" bigint NOT NULL DEFAULT 1`);
    await queryRunner.query(`UPDATE "data_version" SET "protected_version" = "version"`);
    await queryRunner.query(`CREATE OR REPLACE FUNCTION data_version_bump() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP = 'INSERT' THEN
          INSERT INTO data_version AS v (zone_id, version, protected_version) SELECT DISTINCT zone_id, 1, 1 FROM new_rows WHERE zone_id IS NOT NULL ORDER BY 1
            ON CONFLICT (zone_id) DO UPDATE SET version = v.version + 1, protected_version = v.protected_version + 1;
        ELSIF TG_OP = 'DELETE' THEN
          INSERT INTO data_version AS v (zone_id, version, protected_version) SELECT DISTINCT zone_id, 1, 1 FROM old_rows WHERE zone_id IS NOT NULL ORDER BY 1
            ON CONFLICT (zone_id) DO UPDATE SET version = v.version + 1, protected_version = v.protected_version + 1;
        ELSE
          INSERT INTO data_version AS v (zone_id, version, protected_version)
            SELECT zone_id, 1, 1 FROM (SELECT zone_id FROM new_rows UNION SELECT zone_id FROM old_rows) z WHERE zone_id IS NOT NULL ORDER BY 1
            ON CONFLICT (zone_id) DO UPDATE SET version = v.version + 1, protected_version = v.protected_version + 1;
        END IF;
        RETURN NULL;
      END $$`);
    await queryRunner.query(`CREATE FUNCTION data_version_bump_return() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        INSERT INTO data_version AS v (zone_id, version, protected_version)
          SELECT zone_id, 1, max(shown) FROM (
            SELECT n.zone_id, CASE WHEN o.id IS NULL OR n.zone_id IS DISTINCT FROM o.zone_id OR n.period IS DISTINCT FROM o.period OR n.status IS DISTINCT FROM o.status
                                     OR NOT EXISTS (SELECT 1 FROM publication p WHERE p.zone_id = n.zone_id AND p.period = n.period) THEN 1 ELSE 0 END AS shown
              FROM new_rows n LEFT JOIN old_rows o ON o.id = n.id
            UNION ALL
            SELECT o.zone_id, 1 FROM old_rows o LEFT JOIN new_rows n ON n.id = o.id WHERE n.id IS NULL OR n.zone_id IS DISTINCT FROM o.zone_id
          ) changed
          WHERE zone_id IS NOT NULL GROUP BY zone_id ORDER BY 1
          ON CONFLICT (zone_id) DO UPDATE SET version = v.version + 1, protected_version = v.protected_version + EXCLUDED.protected_version;
        RETURN NULL;
      END $$`);
    await queryRunner.query(`DROP TRIGGER "trg_quarterly_return_version_upd" ON "quarterly_return"`);
    await queryRunner.query(
      `CREATE TRIGGER "trg_quarterly_return_version_upd" AFTER UPDATE ON "quarterly_return" REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION data_version_bump_return()`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TRIGGER "trg_quarterly_return_version_upd" ON "quarterly_return"`);
    await queryRunner.query(
      `CREATE TRIGGER "trg_quarterly_return_version_upd" AFTER UPDATE ON "quarterly_return" REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION data_version_bump()`,
    );
    await queryRunner.query(`DROP FUNCTION IF EXISTS data_version_bump_return()`);
    await queryRunner.query(`ALTER TABLE "data_version" DROP COLUMN "protected_version"`);
  }
}
