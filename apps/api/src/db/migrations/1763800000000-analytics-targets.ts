import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Analytics: availability benchmarks per zone, and targets. */
export class AnalyticsTargets1763800000000 implements MigrationInterface {
  name = 'AnalyticsTargets1763800000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TABLE "availability_benchmark" ("id" SERIAL NOT NULL, "zone_id" integer NOT NULL, "dimension" text NOT NULL, "group_code" text NOT NULL, "share" double precision NOT NULL, "source" text NOT NULL, "year" integer NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "uq_availability_zone_group_year" UNIQUE ("zone_id", "dimension", "group_code", "year"), CONSTRAINT "ck_availability_share" CHECK (share >= 0 AND share <= 1), CONSTRAINT "PK_61b26fa3efb4b913ba58405e39d" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE TABLE "target" ("id" SERIAL NOT NULL, "zone_id" integer NOT NULL, "group_spec" text NOT NULL, "metric" text NOT NULL, "categories" text array NOT NULL DEFAULT '{}', "value" double precision NOT NULL, "baseline_period" text NOT NULL, "deadline_period" text NOT NULL, "note" text NOT NULL DEFAULT '', "created_by" integer NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "ck_target_periods" CHECK (baseline_period ~ '^[0-9]{4}-Q[1-4]$' AND deadline_period ~ '^[0-9]{4}-Q[1-4]$' AND deadline_period > baseline_period), CONSTRAINT "ck_target_metric" CHECK (metric IN ('representation', 'hiring_share', 'promotion_impact_ratio', 'retention')), CONSTRAINT "PK_9d962204b13c18851ea88fc72f3" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE INDEX "ix_target_zone" ON "target"  ("zone_id") `);
    await queryRunner.query(`ALTER TABLE "availability_benchmark" ADD CONSTRAINT "FK_0d6560e491922f1dbb65411f972" FOREIGN KEY ("zone_id") REFERENCES "zone"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "target" ADD CONSTRAINT "FK_e4f47aeea8de87a8abaec955d94" FOREIGN KEY ("zone_id") REFERENCES "zone"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "target" ADD CONSTRAINT "FK_570380a0c2f3b141566abec2b0c" FOREIGN KEY ("created_by") REFERENCES "app_user"("id") ON DELETE NO ACTION ON UPDATE NO ACTION`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE IF EXISTS "target"`);
    await queryRunner.query(`DROP TABLE IF EXISTS "availability_benchmark"`);
  }
}
