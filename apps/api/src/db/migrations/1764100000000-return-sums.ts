import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Pre-aggregated sums of every revision (the national-scale benchmark, docs/performance.md): per
 * measure × detail × staff category × one classification value, written with the cells in the same
 * transaction. Dashboards group these rows instead of taking every cell's JSONB apart. A cell
 * without a value for a classification counts as that classification's "not declared" value, as
 * the aggregates always did. `zone_id` is the distribution column of the Citus plan (docs/scaling.md).
 */
export class ReturnSums1764100000000 implements MigrationInterface {
  name = 'ReturnSums1764100000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TABLE "return_sum" ("zone_id" integer NOT NULL, "revision_id" bigint NOT NULL, "measure" text NOT NULL, "detail" text NOT NULL, "category" text NOT NULL, "dimension" text NOT NULL, "value" text NOT NULL, "count" integer NOT NULL, CONSTRAINT "pk_return_sum" PRIMARY KEY ("zone_id", "revision_id", "dimension", "measure", "category", "detail", "value"))`);
    await queryRunner.query(`ALTER TABLE "return_sum" ADD CONSTRAINT "fk_return_sum_revision" FOREIGN KEY ("revision_id") REFERENCES "return_revision"("id") ON DELETE NO ACTION ON UPDATE NO ACTION`);
    await queryRunner.query(`INSERT INTO return_sum (zone_id, revision_id, measure, detail, category, dimension, value, count)
      ${RETURN_SUMS_SELECT} WHERE true GROUP BY 1, 2, 3, 4, 5, 6, 7`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE IF EXISTS "return_sum"`);
  }
}

/**
 * The sums of return cells by classification value, for the zone’s profile’s dimensions (optional
 * ones too); the caller adds the WHERE clause and `GROUP BY 1, 2, 3, 4, 5, 6, 7`.
 */
const RETURN_SUMS_SELECT = `
  SELECT r.zone_id, c.revision_id, c.measure, c.detail, c.category, d.code,
         coalesce(c.classes ->> d.code, d.not_declared), sum(c.count)::int
    FROM return_cell c
    JOIN return_revision rv ON rv.id = c.revision_id
    JOIN quarterly_return r ON r.id = rv.return_id
    JOIN zone z ON z.id = r.zone_id
    JOIN classification_profile p ON p.code = z.profile_code
   CROSS JOIN LATERAL (
     SELECT dim ->> 'code' AS code,
            (SELECT v ->> 'code' FROM jsonb_array_elements(dim -> 'values') v WHERE (v ->> 'notDeclared')::boolean LIMIT 1) AS not_declared
       FROM jsonb_array_elements(p.definition -> 'dimensions') dim
   ) d`;
