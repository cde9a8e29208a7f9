import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Cells and sums must belong to an existing revision; a revision with cells or sums cannot be
 * deleted. The foreign keys did this row by row (a lookup in `return_revision` per row: at scale L,
 * 9 million rows, it doubled the cost of writing them, docs/performance.md). The same rule is now
 * checked once per statement: triggers with a transition table look up each distinct revision of
 * the rows a statement wrote (one anti-join), and refuse the statement with the foreign-key error
 * code (23503) when one is missing. On Citus the foreign keys come back, co-located on `zone_id`
 * (docs/scaling.md).
 */
export class RevisionChecks1764500000000 implements MigrationInterface {
  name = 'RevisionChecks1764500000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "return_cell" DROP CONSTRAINT "FK_525c00654a8e738809f7e2992f1"`);
    await queryRunner.query(`ALTER TABLE "return_sum" DROP CONSTRAINT "fk_return_sum_revision"`);
    await queryRunner.query(`CREATE FUNCTION equity_rows_have_revisions() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE missing bigint;
      BEGIN
        SELECT n.revision_id INTO missing FROM (SELECT DISTINCT revision_id FROM new_rows) n
         WHERE NOT EXISTS (SELECT 1 FROM return_revision r WHERE r.id = n.revision_id) LIMIT 1;
        IF FOUND THEN
          RAISE EXCEPTION 'insert or update on table "%" names revision %, which does not exist', TG_TABLE_NAME, missing
            USING ERRCODE = 'foreign_key_violation';
        END IF;
        RETURN NULL;
      END $$`);
    for (const table of ['return_cell', 'return_sum']) {
      await queryRunner.query(`CREATE TRIGGER "${table}_revision_on_insert" AFTER INSERT ON "${table}" REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION equity_rows_have_revisions()`);
      await queryRunner.query(`CREATE TRIGGER "${table}_revision_on_update" AFTER UPDATE ON "${table}" REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION equity_rows_have_revisions()`);
    }
    await queryRunner.query(`CREATE FUNCTION equity_revisions_unreferenced() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE kept bigint;
      BEGIN
        SELECT o.id INTO kept FROM old_rows o
         WHERE EXISTS (SELECT 1 FROM return_cell c WHERE c.revision_id = o.id)
            OR EXISTS (SELECT 1 FROM return_sum s WHERE s.revision_id = o.id) LIMIT 1;
        IF FOUND THEN
          RAISE EXCEPTION 'revision % still has cells: revisions are history and are never deleted', kept
            USING ERRCODE = 'foreign_key_violation';
        END IF;
        RETURN NULL;
      END $$`);
    await queryRunner.query(`CREATE TRIGGER "return_revision_referenced_on_delete" AFTER DELETE ON "return_revision" REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION equity_revisions_unreferenced()`);
    // An update that changes a revision's id: the old ids that disappeared must not have cells.
    await queryRunner.query(`CREATE FUNCTION equity_revision_ids_kept() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE kept bigint;
      BEGIN
        SELECT o.id INTO kept FROM old_rows o
         WHERE NOT EXISTS (SELECT 1 FROM new_rows n WHERE n.id = o.id)
           AND (EXISTS (SELECT 1 FROM return_cell c WHERE c.revision_id = o.id) OR EXISTS (SELECT 1 FROM return_sum s WHERE s.revision_id = o.id)) LIMIT 1;
        IF FOUND THEN
          RAISE EXCEPTION 'revision % has cells: its id cannot change', kept USING ERRCODE = 'foreign_key_violation';
        END IF;
        RETURN NULL;
      END $$`);
    await queryRunner.query(`CREATE TRIGGER "return_revision_referenced_on_update" AFTER UPDATE ON "return_revision" REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION equity_revision_ids_kept()`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TRIGGER "return_revision_referenced_on_update" ON "return_revision"`);
    await queryRunner.query(`DROP FUNCTION equity_revision_ids_kept()`);
    await queryRunner.query(`DROP TRIGGER "return_revision_referenced_on_delete" ON "return_revision"`);
    await queryRunner.query(`DROP FUNCTION equity_revisions_unreferenced()`);
    for (const table of ['return_cell', 'return_sum']) {
      await queryRunner.query(`DROP TRIGGER "${table}_revision_on_update" ON "${table}"`);
      await queryRunner.query(`DROP TRIGGER "${table}_revision_on_insert" ON "${table}"`);
    }
    await queryRunner.query(`DROP FUNCTION equity_rows_have_revisions()`);
    await queryRunner.query(`ALTER TABLE "return_sum" ADD CONSTRAINT "fk_return_sum_revision" FOREIGN KEY ("revision_id") REFERENCES "return_revision"("id") ON DELETE NO ACTION ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "return_cell" ADD CONSTRAINT "FK_525c00654a8e738809f7e2992f1" FOREIGN KEY ("revision_id") REFERENCES "return_revision"("id") ON DELETE NO ACTION ON UPDATE NO ACTION`);
  }
}
