import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/**
 * Who did what, when. Records actions and identifiers, never file contents or personal data. Read
 * newest first (by id) with filters on the actor, the zone and the action: an index each, ending
 * with the id, so a filtered page is read from its index without sorting (migration 1765000000000).
 */
@Entity({ name: 'audit_event' })
@Index('ix_audit_event_at', ['at'])
@Index('ix_audit_event_actor', ['actorUsername', 'id'])
@Index('ix_audit_event_zone', ['zoneCode', 'id'])
@Index('ix_audit_event_action', ['action', 'id'])
export class AuditEventEntity {
  @PrimaryGeneratedColumn({ type: 'bigint' })
  id!: string;

  @CreateDateColumn({ type: 'timestamptz' })
  at!: Date;

  @Column({ name: 'actor_id', type: 'integer', nullable: true })
  actorId!: number | null;

  /** Kept as text so the log still reads after an account is removed. */
  @Column({ name: 'actor_username', type: 'text', nullable: true })
  actorUsername!: string | null;

  @Column({ type: 'text' })
  action!: string;

  @Column({ name: 'zone_code', type: 'text', nullable: true })
  zoneCode!: string | null;

  @Column({ type: 'text', nullable: true })
  period!: string | null;

  @Column({ type: 'jsonb', default: () => "'{}'" })
  details!: Record<string, unknown>;
}
