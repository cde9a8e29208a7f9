import type { ClassificationProfile } from '@equity/shared';
import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';

/** A classification profile, stored as data so new profiles need no schema change. */
@Entity({ name: 'classification_profile' })
export class ClassificationProfileEntity {
  @PrimaryColumn({ type: 'text' })
  code!: string;

  @Column({ type: 'jsonb' })
  definition!: ClassificationProfile;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}
