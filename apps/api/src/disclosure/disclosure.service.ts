import { Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { ClassificationProfile, MeasureCode } from '@equity/shared';
import { ProfilesService } from '../profiles/profiles.service.js';
import { DataSource } from 'typeorm';
import { type LeafCount, type ProtectedTables, protectTables } from './cube.js';

const CACHE_SIZE = 2000;

/**
 * Protected tables of a revision. Revisions never change, so a protection computed once for a
 * revision, measure and threshold is kept (bounded cache, oldest dropped first).
 */
@Injectable()
export class DisclosureService implements OnApplicationShutdown {
  private readonly cache = new Map<string, Promise<ProtectedTables>>();

  private readonly logger = new Logger('Disclosure');
  private stopped = false;

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly profiles: ProfilesService,
  ) {}

  onApplicationShutdown(): void {
    this.stopped = true;
  }

  /**
   * Computes, one after the other in the background, the protected tables of every zone's latest
   * `quarters` quarters for the given thresholds, so the first manager or researcher to open a
   * dashboard does not wait for them.
   */
  async warm(thresholds: number[], quarters = 8): Promise<void> {
    const started = Date.now();
    const rows: { revision: string; profile: string }[] = await this.db.query(
      `SELECT revision, profile FROM (
         SELECT r.current_revision_id AS revision, z.profile_code AS profile,
                row_number() OVER (PARTITION BY r.zone_id ORDER BY r.period DESC) AS n
           FROM quarterly_return r JOIN zone z ON z.id = r.zone_id WHERE r.current_revision_id IS NOT NULL) t
        WHERE n <= $1`,
      [quarters],
    );
    let done = 0;
    for (const row of rows) {
      const profile = await this.profiles.get(row.profile);
      for (const measure of ['headcount', 'hires', 'promotions', 'separations'] as const) {
        for (const k of thresholds) {
          if (this.stopped) return;
          await this.tables(profile, row.revision, measure, k);
          done += 1;
          await new Promise((r) => setImmediate(r));
        }
      }
    }
    this.logger.log(`Protected ${done} tables of ${rows.length} recent returns in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  }

  /**
   * The protected tables of a revision, each measure on its own.
   * (protectTables can also protect a headcount together with the tables the stock-flow identity
   * links it to — see `StockFlowLinks` and tools/stock-flow-attack.mjs — but at 6–18 s per quarter
   * it is not switched on yet: docs/privacy.md, "Not done yet".)
   */
  tables(profile: ClassificationProfile, revisionId: string, measure: MeasureCode, k: number): Promise<ProtectedTables> {
    return this.cached(`${profile.code}|${revisionId}|${measure}|${k}`, async () => protectTables(profile, await this.leaves(revisionId, measure), k));
  }

  private cached(key: string, compute: () => Promise<ProtectedTables>): Promise<ProtectedTables> {
    let hit = this.cache.get(key);
    if (!hit) {
      hit = compute();
      hit.catch(() => this.cache.delete(key));
      this.cache.set(key, hit);
      if (this.cache.size > CACHE_SIZE) this.cache.delete(this.cache.keys().next().value!);
    }
    return hit;
  }

  private leaves(revisionId: string, measure: MeasureCode): Promise<LeafCount[]> {
    return this.db.query(
      'SELECT category, classes, sum(count)::int AS count FROM return_cell WHERE revision_id = $1 AND measure = $2 GROUP BY category, classes',
      [revisionId, measure],
    );
  }
}
