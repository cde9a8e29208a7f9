import type { Classes, MeasureCode } from '@equity/shared';
import { Check, Column, Entity, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { ReturnRevisionEntity } from './return-revision.entity.js';

/**
 * One count of one revision. Written set-based (COPY, ReturnsRepository.storeRevisions),
 * read through SQL aggregates; the entity exists so the schema is checked against the migrations.
 */
@Entity({ name: 'return_cell' })
@Check('ck_return_cell_count', `count >= 0`)
@Check('ck_return_cell_measure', `measure IN ('headcount', 'hires', 'promotions', 'separations', 'funnel')`)
export class ReturnCellEntity {
  @PrimaryColumn({ name: 'revision_id', type: 'bigint' })
  revisionId!: string;

  // Checked per statement by triggers instead of a row-by-row foreign key (migration 1764500000000).
  @ManyToOne(() => ReturnRevisionEntity, { nullable: false, createForeignKeyConstraints: false })
  @JoinColumn({ name: 'revision_id' })
  revision?: ReturnRevisionEntity;

  @PrimaryColumn({ type: 'text' })
  measure!: MeasureCode;

  @PrimaryColumn({ type: 'text' })
  detail!: string;

  @PrimaryColumn({ type: 'text' })
  category!: string;

  @PrimaryColumn({ type: 'jsonb' })
  classes!: Classes;

  @Column({ type: 'integer' })
  count!: number;
}
