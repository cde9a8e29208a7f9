import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { ClassificationProfile, MeasureCode } from '@equity/shared';
import { DataSource } from 'typeorm';
import { type LeafCount, type ProtectedTables, protectTables } from './cube.js';

const CACHE_SIZE = 2000;

/**
 * Protected tables of a revision. Revisions never change, so a protection computed once for a
 * revision, measure and threshold is kept (bounded cache, oldest dropped first).
 */
@Injectable()
export class DisclosureService {
  private readonly cache = new Map<string, Promise<ProtectedTables>>();

  constructor(@InjectDataSource() private readonly db: DataSource) {}

  tables(profile: ClassificationProfile, revisionId: string, measure: MeasureCode, k: number): Promise<ProtectedTables> {
    const key = `${profile.code}|${revisionId}|${measure}|${k}`;
    let hit = this.cache.get(key);
    if (!hit) {
      hit = this.compute(profile, revisionId, measure, k);
      hit.catch(() => this.cache.delete(key));
      this.cache.set(key, hit);
      if (this.cache.size > CACHE_SIZE) this.cache.delete(this.cache.keys().next().value!);
    }
    return hit;
  }

  private async compute(profile: ClassificationProfile, revisionId: string, measure: MeasureCode, k: number): Promise<ProtectedTables> {
    const leaves: LeafCount[] = await this.db.query(
      'SELECT category, classes, sum(count)::int AS count FROM return_cell WHERE revision_id = $1 AND measure = $2 GROUP BY category, classes',
      [revisionId, measure],
    );
    return protectTables(profile, leaves, k);
  }
}
