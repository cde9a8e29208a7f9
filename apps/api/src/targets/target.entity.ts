import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, UpdateDateColumn } from 'typeorm';
import { UserEntity } from '../auth/user.entity.js';
import { ZoneOwnedEntity } from '../zones/zone-owned.entity.js';

/** A zone's goal for one group's metric, from a baseline quarter to a deadline. */
@Entity({ name: 'target' })
@Index('ix_target_zone', ['zoneId'])
@Check('ck_target_metric', `metric IN ('representation', 'hiring_share', 'promotion_impact_ratio', 'retention')`)
@Check('ck_target_periods', `baseline_period ~ '^[0-9]{4}-Q[1-4]$' AND deadline_period ~ '^[0-9]{4}-Q[1-4]$' AND deadline_period > baseline_period`)
export class TargetEntity extends ZoneOwnedEntity {
  /** `origin:migration_background`: classification and group (a value or a roll-up). */
  @Column({ name: 'group_spec', type: 'text' })
  groupSpec!: string;

  @Column({ type: 'text' })
  metric!: string;

  /** Staff categories the target is about; empty for all. */
  @Column({ type: 'text', array: true, default: () => "'{}'" })
  categories!: string[];

  @Column({ type: 'double precision' })
  value!: number;

  @Column({ name: 'baseline_period', type: 'text' })
  baselinePeriod!: string;

  @Column({ name: 'deadline_period', type: 'text' })
  deadlinePeriod!: string;

  @Column({ type: 'text', default: '' })
  note!: string;

  @Column({ name: 'created_by', type: 'integer' })
  createdBy!: number;

  @ManyToOne(() => UserEntity, { nullable: false })
  @JoinColumn({ name: 'created_by' })
  creator?: UserEntity;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
