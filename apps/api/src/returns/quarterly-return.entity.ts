import type { ReturnStatus } from '@equity/shared';
import { Check, Column, Entity, JoinColumn, ManyToOne, OneToOne, PrimaryGeneratedColumn, type Relation, Unique } from 'typeorm';
import { UserEntity } from '../auth/user.entity.js';
import { ZoneEntity } from '../zones/zone.entity.js';
// TypeORM's two-way relation between a return and its revisions (a foreign key each way) makes the
// two entity modules import each other. Each names the other only inside a thunk and `Relation<>`,
// so neither class is read while the other module loads.
// eslint-disable-next-line import-x/no-cycle -- the two-way entity relation described above
import { ReturnRevisionEntity } from './return-revision.entity.js';

/** One zone × one quarter. Its content lives in immutable revisions; this row points at the current one. */
@Entity({ name: 'quarterly_return' })
@Unique('uq_quarterly_return_zone_period', ['zoneId', 'period'])
@Check('ck_quarterly_return_period', `period ~ '^[0-9]{4}-Q[1-4]$'`)
@Check('ck_quarterly_return_status', `status IN ('open', 'signed_off')`)
export class QuarterlyReturnEntity {
  @PrimaryGeneratedColumn()
  id!: number;

  @Column({ name: 'zone_id', type: 'integer' })
  zoneId!: number;

  @ManyToOne(() => ZoneEntity, { nullable: false })
  @JoinColumn({ name: 'zone_id' })
  zone?: ZoneEntity;

  /** Quarter as `2025-Q3`. */
  @Column({ type: 'text' })
  period!: string;

  @Column({ type: 'text', default: 'open' })
  status!: ReturnStatus;

  @Column({ name: 'current_revision_id', type: 'bigint', nullable: true })
  currentRevisionId!: string | null;

  @OneToOne(() => ReturnRevisionEntity, { nullable: true })
  @JoinColumn({ name: 'current_revision_id' })
  currentRevision?: Relation<ReturnRevisionEntity> | null;

  @Column({ name: 'signed_off_by', type: 'integer', nullable: true })
  signedOffBy!: number | null;

  @ManyToOne(() => UserEntity, { nullable: true })
  @JoinColumn({ name: 'signed_off_by' })
  signedOffUser?: UserEntity | null;

  @Column({ name: 'signed_off_at', type: 'timestamptz', nullable: true })
  signedOffAt!: Date | null;
}
