import { Inject, Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import { WINDOW_QUARTERS } from '@equity/shared';
import type { AppConfig } from '../config/config.js';
import { APP_CONFIG } from '../config/config.module.js';
import { ProtectionLeadership } from '../db/leadership.js';
import { ProfilesService } from '../profiles/profiles.service.js';
import { DisclosureRepository } from './disclosure.repository.js';
import { contextKey, DisclosureService, earlierPeriods, type ProtectionKind } from './disclosure.service.js';

/** A protection the dashboards will ask for that is not stored yet. */
export interface MissingProtection {
  zone: number;
  revision: string;
  profile: string;
  kind: ProtectionKind;
  threshold: number;
  /** The earlier quarters' current revisions it is protected against (`contextKey`). */
  context: string;
}

/** A zone-quarter the worker keeps protected, and what it still needs before its current revision is published. */
interface PlannedQuarter {
  zone: number;
  period: string;
  revision: string;
  /** The classification profile of the revision. */
  profile: string;
  /** The current revisions of q − 1 … q − 4 its protections are computed against (null: no return). */
  earlier: (string | null)[];
  /** Keys (`protectionKey`) of its protections not stored yet. */
  wanted: string[];
  /** What is published now (null: nothing yet; protected readers then read the current revision). */
  published: { revision: string; earlier: (string | null)[] } | null;
}

function protectionKey(p: { revision: string; kind: string; threshold: number; context: string }): string {
  return `${p.revision}|${p.kind}|${p.threshold}|${p.context}`;
}

/**
 * Protects on write, in the background: finds, in the database, the current revisions of every
 * zone's latest `DISCLOSURE_QUARTERS` quarters that lack a stored protection at K_MANAGE or
 * K_RESEARCH — a new submission, a bulk import written with COPY, or a quarter one of whose four
 * quarters before was corrected (a different key) — and computes them one at a time, yielding to requests
 * between LPs (`protect` does) and between protections. Driven by the database (a poll), not by
 * the write path, so every way of writing revisions is covered. Several instances may run it: only
 * the one holding the leadership (an advisory lock, db/leadership.ts) works at a time.
 */
@Injectable()
export class ProtectionWorker implements OnApplicationShutdown {
  private readonly logger = new Logger('ProtectionWorker');
  private stopped = false;
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<number> | null = null;
  private readonly after: (() => Promise<void>)[] = [];
  private rounds = 0;

  constructor(
    private readonly repo: DisclosureRepository,
    private readonly disclosure: DisclosureService,
    private readonly profiles: ProfilesService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly leadership: ProtectionLeadership,
  ) {}

  onApplicationShutdown(): void {
    this.stop();
  }

  /**
   * Work to do after a round that stored protections, and after the first round of this instance
   * (answers of tables protected before it started may be missing): warming the national tables
   * (`AnalyticsService.warmNational`). A failure is logged; the worker goes on.
   */
  afterProtecting(work: () => Promise<void>): void {
    this.after.push(work);
  }

  /** Polls until stopped: works through what is missing, then waits `DISCLOSURE_POLL_MS`. */
  start(): void {
    this.stopped = false;
    const tick = async () => {
      this.timer = null;
      try {
        // Several instances on one database: only the holder of the leadership works (db/leadership.ts).
        if (await this.leadership.acquire()) await this.runOnce();
      } catch (err) {
        this.logger.warn(`Protection worker: ${err instanceof Error ? err.message : String(err)}`);
      }
      if (!this.stopped) this.timer = setTimeout(() => void tick(), this.config.disclosurePollMs);
    };
    void tick();
  }

  stop(): void {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    void this.leadership.release();
  }

  /** Answers carried over to revisions before their publication (`publish`), since the start. */
  carried = 0;

  /** How long the work after the last round took (ms): for the benchmark. */
  warmMs = 0;

  /** The protections missing now (current revisions of the latest quarters, both thresholds). */
  async missing(): Promise<MissingProtection[]> {
    return (await this.plan()).missing;
  }

  /**
   * What the dashboards ask for: the protections of the current revisions of every zone's latest
   * `DISCLOSURE_QUARTERS` quarters — and of any quarter whose published revision is not its current
   * one (a correction of an older quarter) — at both thresholds; which of them are not stored yet;
   * and, per zone-quarter, what is published (`publication`) and what it would take to publish.
   */
  private async plan(): Promise<{ missing: MissingProtection[]; quarters: Map<string, PlannedQuarter> }> {
    // With what is published of each quarter (one query: the publication is joined anyway).
    const rows = await this.repo.plannedRevisions(this.config.disclosureQuarters, WINDOW_QUARTERS);
    const current = new Map(rows.map((r) => [`${r.zone}|${r.period}`, r.revision]));
    // The quarters before a corrected older quarter are not among the latest: read their revisions too.
    const before = [...new Set(rows.flatMap((r) => earlierPeriods(r.period).map((p) => `${r.zone}|${p}`)))].filter((k) => !current.has(k)).map((k) => k.split('|'));
    if (before.length) {
      const more = await this.repo.currentRevisionsOf(before.map((b) => ({ zone: Number(b[0]), period: b[1]! })));
      for (const m of more) current.set(`${m.zone}|${m.period}`, m.revision);
    }
    const latest = new Map<number, string[]>();
    for (const r of rows) latest.set(r.zone, [...(latest.get(r.zone) ?? []), r.period]);
    const publishedOf = new Map(rows.filter((r) => r.published !== null).map((r) => [`${r.zone}|${r.period}`, { revision: r.published!, earlier: r.earlier ?? [] }]));
    const wanted: MissingProtection[] = [];
    const quarters = new Map<string, PlannedQuarter>();
    for (const r of rows) {
      const periods = latest.get(r.zone)!.sort().reverse();
      const key = `${r.zone}|${r.period}`;
      const isPublished = publishedOf.get(key);
      if (periods.indexOf(r.period) >= this.config.disclosureQuarters && !(isPublished && isPublished.revision !== r.revision)) continue;
      const earlier = earlierPeriods(r.period).map((p) => current.get(`${r.zone}|${p}`) ?? null);
      const quarter: PlannedQuarter = { zone: r.zone, period: r.period, revision: r.revision, profile: r.profile, earlier, wanted: [], published: isPublished ?? null };
      quarters.set(key, quarter);
      for (const threshold of [...new Set([this.config.kResearch, this.config.kManage])]) {
        for (const kind of this.disclosure.kindsAt(threshold)) {
          const w = { zone: r.zone, revision: r.revision, profile: r.profile, kind, threshold, context: contextKey(kind, earlier) };
          wanted.push(w);
          quarter.wanted.push(protectionKey(w));
        }
      }
    }
    if (!wanted.length) return { missing: [], quarters };
    const stored = await this.repo.storedKeys([...new Set(wanted.map((w) => w.revision))]);
    const have = new Set(stored.map(protectionKey));
    for (const q of quarters.values()) q.wanted = q.wanted.filter((w) => !have.has(w));
    // Researchers first (the national table needs them), newest quarters first; the funnel's
    // (no national figure asks of it; seconds each) after every other kind.
    const funnelLast = (m: MissingProtection) => (m.kind === 'funnel' ? 1 : 0);
    const missing = wanted
      .filter((w) => !have.has(protectionKey(w)))
      .sort((a, b) => funnelLast(a) - funnelLast(b) || b.threshold - a.threshold || Number(b.revision) - Number(a.revision));
    return { missing, quarters };
  }

  /**
   * Publishes the zone-quarters whose protections are all stored (`publication`) where what is
   * published differs: their current revision, with the earlier revisions it was protected against.
   * A revision never replaces a newer one. The questions answered for what was published are first
   * answered for what replaces it (`DisclosureService.carryAnswers`), at both thresholds.
   */
  private async publish(quarters: PlannedQuarter[]): Promise<number> {
    const ready = quarters.filter(
      (q) => q.wanted.length === 0 && (q.published?.revision !== q.revision || q.published.earlier.join(',') !== q.earlier.map((e) => e ?? '').join(',')),
    );
    if (!ready.length) return 0;
    for (const q of ready) {
      if (!q.published) continue;
      try {
        const profile = await this.profiles.get(q.profile);
        for (const threshold of new Set([this.config.kResearch, this.config.kManage])) {
          this.carried += await this.disclosure.carryAnswers(profile, q.published!.revision, { revision: q.revision, zone: q.zone, period: q.period, earlier: q.earlier }, threshold);
        }
      } catch (err) {
        // Publishing does not depend on it: the answers are then counted on the first request.
        this.logger.warn(`Answers of ${q.zone} ${q.period} not carried over: ${err instanceof Error ? err.message : String(err)}`);
      }
    }
    const written = await this.repo.publish(ready.map((q) => ({ zone: q.zone, period: q.period, revision: q.revision, earlier: q.earlier.map((e) => e ?? '').join(',') })));
    for (const q of ready) q.published = { revision: q.revision, earlier: q.earlier };
    return written;
  }

  /** Computes and stores what is missing (`only`: some of it), one protection at a time; resolves to how many were done. */
  runOnce(only?: (m: MissingProtection) => boolean): Promise<number> {
    this.running ??= this.work(only).finally(() => {
      this.running = null;
    });
    return this.running;
  }

  private async work(only?: (m: MissingProtection) => boolean): Promise<number> {
    const started = Date.now();
    const carriedBefore = this.carried;
    let done = 0;
    const { missing, quarters } = await this.plan();
    // Quarters complete already (protections computed on the request path, or before this table).
    let published = await this.publish([...quarters.values()]);
    for (const m of missing.filter((x) => !only || only(x))) {
      const profile = await this.profiles.get(m.profile);
      await this.disclosure.ensure(profile, m.revision, m.kind, m.threshold, m.context);
      done += 1;
      // A quarter is published as soon as its last protection is stored.
      const quarter = [...quarters.values()].find((q) => q.revision === m.revision && q.wanted.includes(protectionKey(m)));
      if (quarter) {
        quarter.wanted = quarter.wanted.filter((w) => w !== protectionKey(m));
        published += await this.publish([quarter]);
      }
      // Let waiting requests go first between protections.
      await new Promise((r) => setImmediate(r));
      if (this.stopped) break;
    }
    if (published) this.logger.log(`Published ${published} zone-quarters (${this.carried - carriedBefore} answers carried over)`);
    if (done) this.logger.log(`Protected ${done} tables in ${((Date.now() - started) / 1000).toFixed(1)} s`);
    this.rounds += 1;
    if ((done > 0 || published > 0 || this.rounds === 1) && !this.stopped) {
      const warming = Date.now();
      for (const work of this.after) {
        try {
          await work();
        } catch (err) {
          this.logger.warn(`After protecting: ${err instanceof Error ? err.message : String(err)}`);
        }
      }
      this.warmMs = Date.now() - warming;
      if (done) this.logger.log(`National tables brought up to date in ${(this.warmMs / 1000).toFixed(1)} s`);
    }
    return done;
  }
}
