import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Access hardening: failed sign-ins per user name and the lock they cause (survives restarts). */
export class LoginLockout1763910000000 implements MigrationInterface {
  name = 'LoginLockout1763910000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TABLE "login_attempt" ("username" text NOT NULL, "failed_at" TIMESTAMP WITH TIME ZONE array NOT NULL DEFAULT '{}', "locked_until" TIMESTAMP WITH TIME ZONE, CONSTRAINT "PK_19340af5802652c2dc2afc61521" PRIMARY KEY ("username"))`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE IF EXISTS "login_attempt"`);
  }
}
