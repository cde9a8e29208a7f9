import { Check, Column, CreateDateColumn, Entity, Unique } from 'typeorm';
import { ZoneOwnedEntity } from '../zones/zone-owned.entity.js';

/** Share of a group in the population of the zone's communes (e.g. Statbel), entered by an administrator. */
@Entity({ name: 'availability_benchmark' })
@Unique('uq_availability_zone_group_year', ['zoneId', 'dimension', 'groupCode', 'year'])
@Check('ck_availability_share', `share >= 0 AND share <= 1`)
export class AvailabilityBenchmarkEntity extends ZoneOwnedEntity {
  @Column({ type: 'text' })
  dimension!: string;

  @Column({ name: 'group_code', type: 'text' })
  groupCode!: string;

  @Column({ type: 'double precision' })
  share!: number;

  @Column({ type: 'text' })
  source!: string;

  @Column({ type: 'integer' })
  year!: number;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}
