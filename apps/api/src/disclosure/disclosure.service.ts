import { Inject, Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import type { AppConfig } from '../config/config.js';
import { APP_CONFIG } from '../config/config.module.js';
import { InjectDataSource } from '@nestjs/typeorm';
import { type ClassificationProfile, type MeasureCode, previousPeriod } from '@equity/shared';
import { ProfilesService } from '../profiles/profiles.service.js';
import { DataSource } from 'typeorm';
import { type LeafCount, LINKED_MEASURES, type LinkedMeasure, type ProtectedTables, protectQuarter, protectTables } from './cube.js';

const CACHE_SIZE = 2000;
/**
 * How long the previous quarter's current revision is remembered. A correction of the previous
 * quarter reaches this quarter's protection within this time (the protection is then recomputed).
 */
const PREVIOUS_TTL_MS = 5000;

/**
 * Protected tables of a revision. Revisions never change, so a protection computed once for a
 * revision, measure and threshold is kept (bounded cache, oldest dropped first).
 */
@Injectable()
export class DisclosureService implements OnApplicationShutdown {
  private readonly cache = new Map<string, Promise<ProtectedTables | Record<LinkedMeasure, ProtectedTables>>>();

  private readonly logger = new Logger('Disclosure');
  private stopped = false;

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly profiles: ProfilesService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
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
      for (const measure of ['headcount', 'funnel'] as const) {
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
   * The protected tables of a revision for one measure. At the researcher threshold (researchers,
   * the public: everything that leaves the police), headcount and the flows are protected together
   * and against the previous quarter's headcount through the stock-flow identity (`protectQuarter`).
   * Management (an internal role, `K_MANAGE`) gets each table protected on its own, quarter by
   * quarter, unless LINK_QUARTERS_FOR_MANAGEMENT — docs/privacy.md says why. The funnel is always
   * protected on its own.
   */
  async tables(profile: ClassificationProfile, revisionId: string, measure: MeasureCode, k: number): Promise<ProtectedTables> {
    if (measure === 'funnel' || (k < this.config.kResearch && !this.config.linkQuartersForManagement)) {
      return this.cached(`${profile.code}|${revisionId}|${measure}|${k}`, async () => protectTables(profile, await this.leaves(revisionId, measure), k)) as Promise<ProtectedTables>;
    }
    const previous = await this.previousRevision(revisionId);
    const quarter = (await this.cached(`${profile.code}|${revisionId}|${previous ?? '-'}|quarter|${k}`, async () => {
      const current = Object.fromEntries(await Promise.all(LINKED_MEASURES.map(async (m) => [m, await this.leaves(revisionId, m)] as const))) as Record<LinkedMeasure, LeafCount[]>;
      return protectQuarter(profile, current, previous === null ? null : await this.leaves(previous, 'headcount'), k);
    })) as Record<LinkedMeasure, ProtectedTables>;
    return quarter[measure];
  }

  /** Zone and quarter of each revision seen (they never change). */
  private readonly revisionPlace = new Map<string, { zone: number; period: string }>();
  /** The previous quarter's current revision, remembered for a few seconds: one figure asks for many counts. */
  private readonly previousSeen = new Map<string, { revision: string | null; at: number }>();

  /** The current revision of the same zone's previous quarter, if there is one. */
  private async previousRevision(revisionId: string): Promise<string | null> {
    let place = this.revisionPlace.get(revisionId);
    if (!place) {
      const [row]: { period: string; zone: number }[] = await this.db.query(
        'SELECT r.period, r.zone_id AS zone FROM return_revision v JOIN quarterly_return r ON r.id = v.return_id WHERE v.id = $1',
        [revisionId],
      );
      if (!row) return null;
      place = row;
      this.revisionPlace.set(revisionId, place);
      if (this.revisionPlace.size > CACHE_SIZE * 4) this.revisionPlace.delete(this.revisionPlace.keys().next().value!);
    }
    const key = `${place.zone}|${place.period}`;
    const seen = this.previousSeen.get(key);
    if (seen && Date.now() - seen.at < PREVIOUS_TTL_MS) return seen.revision;
    const [previous]: { revision: string }[] = await this.db.query(
      'SELECT current_revision_id AS revision FROM quarterly_return WHERE zone_id = $1 AND period = $2 AND current_revision_id IS NOT NULL',
      [place.zone, previousPeriod(place.period)],
    );
    const revision = previous?.revision ?? null;
    this.previousSeen.set(key, { revision, at: Date.now() });
    if (this.previousSeen.size > CACHE_SIZE) this.previousSeen.delete(this.previousSeen.keys().next().value!);
    return revision;
  }

  private cached<T extends ProtectedTables | Record<LinkedMeasure, ProtectedTables>>(key: string, compute: () => Promise<T>): Promise<T> {
    let hit = this.cache.get(key);
    if (!hit) {
      hit = compute();
      hit.catch(() => this.cache.delete(key));
      this.cache.set(key, hit);
      if (this.cache.size > CACHE_SIZE) this.cache.delete(this.cache.keys().next().value!);
    }
    return hit as Promise<T>;
  }

  private leaves(revisionId: string, measure: MeasureCode): Promise<LeafCount[]> {
    return this.db.query(
      'SELECT category, classes, sum(count)::int AS count FROM return_cell WHERE revision_id = $1 AND measure = $2 GROUP BY category, classes',
      [revisionId, measure],
    );
  }
}
