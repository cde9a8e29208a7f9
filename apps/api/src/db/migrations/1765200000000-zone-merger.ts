import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The quarter from which a merged zone's successor holds its returns (`POST /zones/{zone}/merger`);
 * null for zones not merged, and for mergers set before (successor only, all quarters).
 */
export class ZoneMerger1765200000000 implements MigrationInterface {
  name = 'ZoneMerger1765200000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "zone" ADD "merged_from" text`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "zone" DROP COLUMN "merged_from"`);
  }
}
