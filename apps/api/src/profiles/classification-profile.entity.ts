import type { ClassificationProfile } from '@equity/shared';
import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';

/** A classification profile, stored as data so new profiles need no schema change. */
@Entity({ name: 'classification_profile' })
export class ClassificationProfileEntity {
  @PrimaryColumn({ type: 'text' })
  code!: string;

  @Column({ type: 'jsonb' })
  definition!: ClassificationProfile;

  /** 1 when first stored; each new version from an administrator's file adds one (all kept in classification_profile_version). */
  @Column({ type: 'integer', default: 1 })
  version!: number;

  /** `built-in` as shipped and installed at start-up; `uploaded` once an administrator stored a version (start-up then leaves it). */
  @Column({ type: 'text', default: 'built-in' })
  origin!: 'built-in' | 'uploaded';

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}
