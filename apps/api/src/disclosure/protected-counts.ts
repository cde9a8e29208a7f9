import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { type Aggregate, aggregateCounter, type ClassificationProfile, type Counter, type CountQuery, countKey } from '@equity/shared';
import { DataSource } from 'typeorm';
import { DisclosureService } from './disclosure.service.js';

/**
 * Counts for the figures of callers under disclosure control. A count is answered only when the
 * protected tables of its quarters publish it or determine it (then it tells nothing new); every
 * other count is NaN — withheld — and so is every figure built on it. Counts of one detail (a
 * separation reason, a funnel stage) are not in the published tables and are always withheld.
 */
@Injectable()
export class ProtectedCounts {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly disclosure: DisclosureService,
  ) {}

  /**
   * Runs a computation with the right counter: plain sums for full access (k = 1); otherwise
   * twice — first to learn which counts it asks for, then with those counts answered from the
   * protected tables.
   */
  async run<T>(
    input: { profile: ClassificationProfile; zoneId: number; dimension: string; threshold: number; aggregates: Aggregate[] },
    compute: (count: Counter) => T,
  ): Promise<T> {
    if (input.threshold <= 1) return compute(aggregateCounter(input.aggregates));
    const asked = new Map<string, CountQuery>();
    compute((q) => {
      asked.set(countKey(q), q);
      return 1;
    });
    const revisions = await this.revisions(input.zoneId);
    const answers = new Map<string, number>();
    const dimension = input.profile.dimensions.find((d) => d.code === input.dimension);
    for (const [key, q] of asked) {
      if (q.detail !== undefined || !dimension || dimension.optional) {
        answers.set(key, Number.NaN);
        continue;
      }
      let sum = 0;
      for (const period of q.periods) {
        for (const revisionId of revisions.get(period) ?? []) {
          const tables = await this.disclosure.tables(input.profile, revisionId, q.measure, input.threshold);
          const n = await tables.count(q.categories, input.dimension, q.values);
          sum = n === null ? Number.NaN : sum + n;
          if (Number.isNaN(sum)) break;
        }
        if (Number.isNaN(sum)) break;
      }
      answers.set(key, sum);
    }
    return compute((q) => answers.get(countKey(q)) ?? Number.NaN);
  }

  /** Current revisions by quarter of a zone and the zones merged into it. */
  private async revisions(zoneId: number): Promise<Map<string, string[]>> {
    const rows: { period: string; revision: string }[] = await this.db.query(
      `WITH RECURSIVE chain AS (
         SELECT id FROM zone WHERE id = $1
         UNION ALL SELECT z.id FROM zone z JOIN chain ON z.successor_id = chain.id
       )
       SELECT r.period, r.current_revision_id AS revision FROM chain JOIN quarterly_return r ON r.zone_id = chain.id
        WHERE r.current_revision_id IS NOT NULL`,
      [zoneId],
    );
    const out = new Map<string, string[]>();
    for (const r of rows) out.set(r.period, [...(out.get(r.period) ?? []), r.revision]);
    return out;
  }
}
