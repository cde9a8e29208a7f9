import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The self-identification survey (docs/survey.md): campaigns, code hashes, the answers of open
 * campaigns (one JSONB row per campaign) and the counts of closed ones. None of these tables has a
 * serial id, a time or an address of a respondent.
 */
export class SurveyCampaigns1764000000000 implements MigrationInterface {
  name = 'SurveyCampaigns1764000000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TABLE "survey_campaign" ("id" SERIAL NOT NULL, "zone_id" integer NOT NULL, "period" text NOT NULL, "opens_on" date NOT NULL, "closes_on" date NOT NULL, "closed_early_on" date, "questions" text array NOT NULL, "invitations" integer NOT NULL DEFAULT '0', "responses" integer, "created_by" integer, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "ck_survey_campaign_period" CHECK (period ~ '^[0-9]{4}-Q[1-4]$'), CONSTRAINT "ck_survey_campaign_dates" CHECK (closes_on >= opens_on), CONSTRAINT "PK_6d99475e67f5c3818bbda54733e" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE INDEX "ix_survey_campaign_zone" ON "survey_campaign"  ("zone_id") `);
    await queryRunner.query(`CREATE TABLE "survey_code" ("code_hash" bytea NOT NULL, "campaign_id" integer NOT NULL, CONSTRAINT "PK_f46359df3afc13536af9a65d242" PRIMARY KEY ("code_hash"))`);
    await queryRunner.query(`CREATE INDEX "ix_survey_code_campaign" ON "survey_code"  ("campaign_id") `);
    await queryRunner.query(`CREATE TABLE "survey_answer_set" ("campaign_id" integer NOT NULL, "answers" jsonb NOT NULL DEFAULT '{}', CONSTRAINT "PK_9814bc1d38bb0fce841a44da7a6" PRIMARY KEY ("campaign_id"))`);
    await queryRunner.query(`CREATE TABLE "survey_result_cell" ("campaign_id" integer NOT NULL, "category" text NOT NULL, "classes_key" text NOT NULL, "classes" jsonb NOT NULL, "count" integer NOT NULL, CONSTRAINT "PK_4b2ee20bfcbf88a644ab1c63020" PRIMARY KEY ("campaign_id", "category", "classes_key"))`);
    await queryRunner.query(`ALTER TABLE "survey_campaign" ADD CONSTRAINT "FK_24356e5f3847674d32fbd2f86bb" FOREIGN KEY ("zone_id") REFERENCES "zone"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "survey_campaign" ADD CONSTRAINT "FK_210535683512a76303a915104a7" FOREIGN KEY ("created_by") REFERENCES "app_user"("id") ON DELETE SET NULL ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "survey_code" ADD CONSTRAINT "FK_0891c5f93422993daf137b8bac9" FOREIGN KEY ("campaign_id") REFERENCES "survey_campaign"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "survey_answer_set" ADD CONSTRAINT "FK_9814bc1d38bb0fce841a44da7a6" FOREIGN KEY ("campaign_id") REFERENCES "survey_campaign"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "survey_result_cell" ADD CONSTRAINT "FK_df796bb0e69b8f4f6d165d5d999" FOREIGN KEY ("campaign_id") REFERENCES "survey_campaign"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    // Earlier versions of a campaign's answers row (an UPDATE leaves the old one behind until it is
    // vacuumed) could be read with low-level tools: have autovacuum remove them after a few updates.
    await queryRunner.query(`ALTER TABLE "survey_answer_set" SET (autovacuum_vacuum_scale_factor = 0, autovacuum_vacuum_threshold = 20, toast.autovacuum_vacuum_scale_factor = 0, toast.autovacuum_vacuum_threshold = 20)`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE IF EXISTS "survey_result_cell"`);
    await queryRunner.query(`DROP TABLE IF EXISTS "survey_answer_set"`);
    await queryRunner.query(`DROP TABLE IF EXISTS "survey_code"`);
    await queryRunner.query(`DROP TABLE IF EXISTS "survey_campaign"`);
  }
}
