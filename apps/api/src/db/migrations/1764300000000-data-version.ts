import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Data versions per zone, bumped by the database itself whenever what the analytics read changes:
 * a return's current revision (`quarterly_return`, insert / update / delete), a zone's availability
 * benchmarks and its targets. The API caches computed figures keyed by these versions
 * (`analytics/figures-cache.ts`), so a cache is correct whichever path writes (the submit service,
 * a bulk `COPY`/`INSERT … SELECT` import, a manual fix in psql) and however many API instances run:
 * a figure is reused only while the version it was computed at is still the current one.
 *
 * The triggers are statement-level with transition tables: one upsert per statement, whatever the
 * number of rows (a bulk import bumps each zone it touched once per statement). The version of a
 * zone for the analytics is the sum of the versions of the zones merged into it (its chain), which
 * only grows while data changes.
 */
export class DataVersion1764300000000 implements MigrationInterface {
  name = 'DataVersion1764300000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TABLE "data_version" ("zone_id" integer NOT NULL, "version" bigint NOT NULL, CONSTRAINT "pk_data_version" PRIMARY KEY ("zone_id"))`);
    await queryRunner.query(`CREATE FUNCTION data_version_bump() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP = 'INSERT' THEN
          INSERT INTO data_version AS v (zone_id, version) SELECT DISTINCT zone_id, 1 FROM new_rows WHERE zone_id IS NOT NULL ORDER BY 1
            ON CONFLICT (zone_id) DO UPDATE SET version = v.version + 1;
        ELSIF TG_OP = 'DELETE' THEN
          INSERT INTO data_version AS v (zone_id, version) SELECT DISTINCT zone_id, 1 FROM old_rows WHERE zone_id IS NOT NULL ORDER BY 1
            ON CONFLICT (zone_id) DO UPDATE SET version = v.version + 1;
        ELSE
          INSERT INTO data_version AS v (zone_id, version)
            SELECT zone_id, 1 FROM (SELECT zone_id FROM new_rows UNION SELECT zone_id FROM old_rows) z WHERE zone_id IS NOT NULL ORDER BY 1
            ON CONFLICT (zone_id) DO UPDATE SET version = v.version + 1;
        END IF;
        RETURN NULL;
      END $$`);
    for (const table of TABLES) {
      await queryRunner.query(`CREATE TRIGGER "trg_${table}_version_ins" AFTER INSERT ON "${table}" REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION data_version_bump()`);
      await queryRunner.query(
        `CREATE TRIGGER "trg_${table}_version_upd" AFTER UPDATE ON "${table}" REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION data_version_bump()`,
      );
      await queryRunner.query(`CREATE TRIGGER "trg_${table}_version_del" AFTER DELETE ON "${table}" REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION data_version_bump()`);
    }
    await queryRunner.query(`INSERT INTO data_version (zone_id, version) SELECT id, 1 FROM zone`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    for (const table of TABLES) {
      for (const op of ['ins', 'upd', 'del']) await queryRunner.query(`DROP TRIGGER IF EXISTS "trg_${table}_version_${op}" ON "${table}"`);
    }
    await queryRunner.query(`DROP FUNCTION IF EXISTS data_version_bump()`);
    await queryRunner.query(`DROP TABLE IF EXISTS "data_version"`);
  }
}

/** The tables whose changes change figures; each has a `zone_id`. */
const TABLES = ['quarterly_return', 'availability_benchmark', 'target'];
