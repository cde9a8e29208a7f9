import { Column, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { ZoneEntity } from './zone.entity.js';

/**
 * The columns every row that belongs to one zone and goes with it starts with: a serial id and the
 * zone (`zone_id`, not null, deleted with the zone). Not a table of its own: the entities that
 * extend it (availability benchmarks, survey campaigns, targets) each get these columns.
 */
export abstract class ZoneOwnedEntity {
  @PrimaryGeneratedColumn()
  id!: number;

  @Column({ name: 'zone_id', type: 'integer' })
  zoneId!: number;

  @ManyToOne(() => ZoneEntity, { nullable: false, onDelete: 'CASCADE' })
  @JoinColumn({ name: 'zone_id' })
  zone?: ZoneEntity;
}
