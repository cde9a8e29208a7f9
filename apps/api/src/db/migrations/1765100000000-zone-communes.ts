import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The communes (municipalities) a zone polices, entered by administrators in the zones console or
 * its CSV load: a list of names, empty for zones registered before.
 */
export class ZoneCommunes1765100000000 implements MigrationInterface {
  name = 'ZoneCommunes1765100000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "zone" ADD "communes" text array NOT NULL DEFAULT '{}'`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "zone" DROP COLUMN "communes"`);
  }
}
