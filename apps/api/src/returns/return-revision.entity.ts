import type { RevisionSource } from '@equity/shared';
import { Check, Column, CreateDateColumn, Entity, JoinColumn, ManyToOne, PrimaryGeneratedColumn, type Relation, Unique } from 'typeorm';
import { UserEntity } from '../auth/user.entity.js';
// TypeORM's two-way relation between a return and its revisions (a foreign key each way) makes the
// two entity modules import each other. Each names the other only inside a thunk and `Relation<>`,
// so neither class is read while the other module loads.
// eslint-disable-next-line import-x/no-cycle -- the two-way entity relation described above
import { QuarterlyReturnEntity } from './quarterly-return.entity.js';

/** A complete submission of a return. Never updated or deleted: a correction is a new revision. */
@Entity({ name: 'return_revision' })
@Unique('uq_return_revision_number', ['returnId', 'revisionNo'])
@Check('ck_return_revision_reason', `length(trim(reason)) > 0`)
export class ReturnRevisionEntity {
  @PrimaryGeneratedColumn({ type: 'bigint' })
  id!: string;

  @Column({ name: 'return_id', type: 'integer' })
  returnId!: number;

  @ManyToOne(() => QuarterlyReturnEntity, { nullable: false })
  @JoinColumn({ name: 'return_id' })
  quarterlyReturn?: Relation<QuarterlyReturnEntity>;

  @Column({ name: 'revision_no', type: 'integer' })
  revisionNo!: number;

  @Column({ name: 'author_id', type: 'integer' })
  authorId!: number;

  @ManyToOne(() => UserEntity, { nullable: false })
  @JoinColumn({ name: 'author_id' })
  author?: UserEntity;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @Column({ type: 'text' })
  reason!: string;

  @Column({ type: 'text' })
  source!: RevisionSource;

  @Column({ name: 'cell_count', type: 'integer' })
  cellCount!: number;
}
