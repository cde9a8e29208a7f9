import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The foundation schema: profiles, zones, users and sessions, returns with immutable revisions, audit log. */
export class Initial1763700000000 implements MigrationInterface {
  name = 'Initial1763700000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TABLE "audit_event" ("id" BIGSERIAL NOT NULL, "at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "actor_id" integer, "actor_username" text, "action" text NOT NULL, "zone_code" text, "period" text, "details" jsonb NOT NULL DEFAULT '{}', CONSTRAINT "PK_481efbe8b0a403efe3f47a6528f" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE INDEX "ix_audit_event_at" ON "audit_event"  ("at") `);
    await queryRunner.query(`CREATE TABLE "classification_profile" ("code" text NOT NULL, "definition" jsonb NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_9f99830e2f69bab5aa12334bc04" PRIMARY KEY ("code"))`);
    await queryRunner.query(`CREATE TABLE "zone" ("id" SERIAL NOT NULL, "code" text NOT NULL, "name" text NOT NULL, "names" jsonb NOT NULL, "profile_code" text NOT NULL, "successor_id" integer, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "UQ_700ce23856ca9112a815e25300e" UNIQUE ("code"), CONSTRAINT "PK_bd3989e5a3c3fb5ed546dfaf832" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE TABLE "app_user" ("id" SERIAL NOT NULL, "username" text NOT NULL, "display_name" text NOT NULL, "password_hash" text NOT NULL, "role" text NOT NULL, "active" boolean NOT NULL DEFAULT true, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "UQ_c480e576dd71729addbc2d51b67" UNIQUE ("username"), CONSTRAINT "ck_app_user_role" CHECK (role IN ('admin', 'hr', 'management', 'researcher')), CONSTRAINT "PK_22a5c4a3d9b2fb8e4e73fc4ada1" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE TABLE "auth_session" ("id" SERIAL NOT NULL, "token_hash" text NOT NULL, "user_id" integer NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "expires_at" TIMESTAMP WITH TIME ZONE NOT NULL, "revoked_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "PK_19354ed146424a728c1112a8cbf" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE UNIQUE INDEX "IDX_dcf5c3ee6b3682ac4e724dc949" ON "auth_session"  ("token_hash") `);
    await queryRunner.query(`CREATE TABLE "return_revision" ("id" BIGSERIAL NOT NULL, "return_id" integer NOT NULL, "revision_no" integer NOT NULL, "author_id" integer NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "reason" text NOT NULL, "source" text NOT NULL, "cell_count" integer NOT NULL, CONSTRAINT "uq_return_revision_number" UNIQUE ("return_id", "revision_no"), CONSTRAINT "ck_return_revision_reason" CHECK (length(trim(reason)) > 0), CONSTRAINT "PK_43151576bf0e0bedcd12678f3dc" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE TABLE "quarterly_return" ("id" SERIAL NOT NULL, "zone_id" integer NOT NULL, "period" text NOT NULL, "status" text NOT NULL DEFAULT 'open', "current_revision_id" bigint, "signed_off_by" integer, "signed_off_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "uq_quarterly_return_zone_period" UNIQUE ("zone_id", "period"), CONSTRAINT "REL_f8b88512c98e1ecdc140461cfe" UNIQUE ("current_revision_id"), CONSTRAINT "ck_quarterly_return_status" CHECK (status IN ('open', 'signed_off')), CONSTRAINT "ck_quarterly_return_period" CHECK (period ~ '^[0-9]{4}-Q[1-4]$'), CONSTRAINT "PK_232cd69c516326da7f865de365d" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE TABLE "return_cell" ("revision_id" bigint NOT NULL, "measure" text NOT NULL, "detail" text NOT NULL, "category" text NOT NULL, "classes" jsonb NOT NULL, "count" integer NOT NULL, CONSTRAINT "ck_return_cell_measure" CHECK (measure IN ('headcount', 'hires', 'promotions', 'separations', 'funnel')), CONSTRAINT "ck_return_cell_count" CHECK (count >= 0), CONSTRAINT "PK_c330d8cf0884f8b75a1ff4d2eab" PRIMARY KEY ("revision_id", "measure", "detail", "category", "classes"))`);
    await queryRunner.query(`CREATE TABLE "user_zone" ("user_id" integer NOT NULL, "zone_id" integer NOT NULL, CONSTRAINT "PK_a5a0a8f2d650af73a68f693281c" PRIMARY KEY ("user_id", "zone_id"))`);
    await queryRunner.query(`CREATE INDEX "IDX_1a987178dd25963ee3ce842a48" ON "user_zone"  ("user_id") `);
    await queryRunner.query(`CREATE INDEX "IDX_6053384e25752fda19528ee515" ON "user_zone"  ("zone_id") `);
    await queryRunner.query(`ALTER TABLE "zone" ADD CONSTRAINT "FK_814582bd59351d5cc654559ad74" FOREIGN KEY ("profile_code") REFERENCES "classification_profile"("code") ON DELETE NO ACTION ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "zone" ADD CONSTRAINT "FK_49771436cfd0305a11b0e0c517e" FOREIGN KEY ("successor_id") REFERENCES "zone"("id") ON DELETE NO ACTION ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "auth_session" ADD CONSTRAINT "FK_b8783d517fab10672700a39cb49" FOREIGN KEY ("user_id") REFERENCES "app_user"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "return_revision" ADD CONSTRAINT "FK_819ba67c2d0640da8a150be1a45" FOREIGN KEY ("return_id") REFERENCES "quarterly_return"("id") ON DELETE NO ACTION ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "return_revision" ADD CONSTRAINT "FK_2a0e5976599e7ad32181093067c" FOREIGN KEY ("author_id") REFERENCES "app_user"("id") ON DELETE NO ACTION ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "quarterly_return" ADD CONSTRAINT "FK_3e22d408cbb1cce528e462c8564" FOREIGN KEY ("zone_id") REFERENCES "zone"("id") ON DELETE NO ACTION ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "quarterly_return" ADD CONSTRAINT "FK_f8b88512c98e1ecdc140461cfe4" FOREIGN KEY ("current_revision_id") REFERENCES "return_revision"("id") ON DELETE NO ACTION ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "quarterly_return" ADD CONSTRAINT "FK_8b6f281407131b09b5dc3d4f033" FOREIGN KEY ("signed_off_by") REFERENCES "app_user"("id") ON DELETE NO ACTION ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "return_cell" ADD CONSTRAINT "FK_525c00654a8e738809f7e2992f1" FOREIGN KEY ("revision_id") REFERENCES "return_revision"("id") ON DELETE NO ACTION ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "user_zone" ADD CONSTRAINT "FK_1a987178dd25963ee3ce842a489" FOREIGN KEY ("user_id") REFERENCES "app_user"("id") ON DELETE CASCADE ON UPDATE CASCADE`);
    await queryRunner.query(`ALTER TABLE "user_zone" ADD CONSTRAINT "FK_6053384e25752fda19528ee515e" FOREIGN KEY ("zone_id") REFERENCES "zone"("id") ON DELETE CASCADE ON UPDATE CASCADE`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    for (const table of ['user_zone', 'return_cell', 'quarterly_return', 'return_revision', 'auth_session', 'app_user', 'zone', 'classification_profile', 'audit_event']) {
      await queryRunner.query(`DROP TABLE IF EXISTS "${table}" CASCADE`);
    }
  }
}
