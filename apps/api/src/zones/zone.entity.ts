import type { Label } from '@equity/shared';
import { Column, CreateDateColumn, Entity, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { ClassificationProfileEntity } from '../profiles/classification-profile.entity.js';

/** A police zone, identified by its official number. Zones merge: a zone can have a successor. */
@Entity({ name: 'zone' })
export class ZoneEntity {
  @PrimaryGeneratedColumn()
  id!: number;

  @Column({ type: 'text', unique: true })
  code!: string;

  @Column({ type: 'text' })
  name!: string;

  @Column({ type: 'jsonb' })
  names!: Label;

  /** Communes (municipalities) the zone polices. */
  @Column({ type: 'text', array: true, default: () => "'{}'" })
  communes!: string[];

  @Column({ name: 'profile_code', type: 'text' })
  profileCode!: string;

  @ManyToOne(() => ClassificationProfileEntity, { nullable: false })
  @JoinColumn({ name: 'profile_code' })
  profile?: ClassificationProfileEntity;

  @Column({ name: 'successor_id', type: 'integer', nullable: true })
  successorId!: number | null;

  @ManyToOne(() => ZoneEntity, { nullable: true })
  @JoinColumn({ name: 'successor_id' })
  successor?: ZoneEntity | null;

  /** The first quarter the successor holds this zone's returns for (null: not merged, or merged before quarters were recorded). */
  @Column({ name: 'merged_from', type: 'text', nullable: true })
  mergedFrom!: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}
