import type { Role } from '@equity/shared';
import { Check, Column, CreateDateColumn, Entity, JoinTable, ManyToMany, PrimaryGeneratedColumn } from 'typeorm';
import { ZoneEntity } from '../zones/zone.entity.js';

@Entity({ name: 'app_user' })
@Check('ck_app_user_role', `role IN ('admin', 'hr', 'management', 'researcher')`)
export class UserEntity {
  @PrimaryGeneratedColumn()
  id!: number;

  @Column({ type: 'text', unique: true })
  username!: string;

  @Column({ name: 'display_name', type: 'text' })
  displayName!: string;

  /** argon2id hash; the password itself is never stored. */
  @Column({ name: 'password_hash', type: 'text' })
  passwordHash!: string;

  @Column({ type: 'text' })
  role!: Role;

  @Column({ type: 'boolean', default: true })
  active!: boolean;

  /** Zones an HR officer may read and write. */
  @ManyToMany(() => ZoneEntity)
  @JoinTable({ name: 'user_zone', joinColumn: { name: 'user_id' }, inverseJoinColumn: { name: 'zone_id' } })
  zones?: ZoneEntity[];

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}
