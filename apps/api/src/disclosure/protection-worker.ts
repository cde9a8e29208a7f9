import { Inject, Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { WINDOW_QUARTERS } from '@equity/shared';
import { DataSource } from 'typeorm';
import type { AppConfig } from '../config/config.js';
import { APP_CONFIG } from '../config/config.module.js';
import { ProtectionLeadership } from '../db/leadership.js';
import { ProfilesService } from '../profiles/profiles.service.js';
import { contextKey, DisclosureService, earlierPeriods, type ProtectionKind } from './disclosure.service.js';
import { PROTECTION_VERSION } from './protect.js';

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
    @InjectDataSource() private readonly db: DataSource,
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

  /** How long the work after the last round took (ms): for the benchmark. */
  warmMs = 0;

  /** The protections missing now (current revisions of the latest quarters, both thresholds). */
  async missing(): Promise<MissingProtection[]> {
    const rows: { zone: number; period: string; revision: string; profile: string }[] = await this.db.query(
      `SELECT zone, period, revision, profile FROM (
         SELECT r.zone_id AS zone, r.period, r.current_revision_id::text AS revision, z.profile_code AS profile,
                row_number() OVER (PARTITION BY r.zone_id ORDER BY r.period DESC) AS n
           FROM quarterly_return r JOIN zone z ON z.id = r.zone_id WHERE r.current_revision_id IS NOT NULL) t
        WHERE n <= $1::int + $2::int`,
      [this.config.disclosureQuarters, WINDOW_QUARTERS],
    );
    const current = new Map(rows.map((r) => [`${r.zone}|${r.period}`, r.revision]));
    const latest = new Map<number, string[]>();
    for (const r of rows) latest.set(r.zone, [...(latest.get(r.zone) ?? []), r.period]);
    const wanted: MissingProtection[] = [];
    for (const r of rows) {
      const periods = latest.get(r.zone)!.sort().reverse();
      if (periods.indexOf(r.period) >= this.config.disclosureQuarters) continue;
      const earlier = earlierPeriods(r.period).map((p) => current.get(`${r.zone}|${p}`) ?? null);
      for (const threshold of [...new Set([this.config.kResearch, this.config.kManage])]) {
        for (const kind of this.disclosure.kindsAt(threshold)) {
          wanted.push({ zone: r.zone, revision: r.revision, profile: r.profile, kind, threshold, context: contextKey(kind, earlier) });
        }
      }
    }
    if (!wanted.length) return [];
    const stored: { zone: number; revision: string; kind: string; threshold: number; context: string }[] = await this.db.query(
      `SELECT zone_id AS zone, revision_id::text AS revision, kind, threshold, context_revisions AS context
         FROM protected_table WHERE revision_id = ANY($1::bigint[]) AND protection_version = $2`,
      [[...new Set(wanted.map((w) => w.revision))], PROTECTION_VERSION],
    );
    const have = new Set(stored.map((s) => `${s.revision}|${s.kind}|${s.threshold}|${s.context}`));
    // Researchers first (the national table needs them), newest quarters first.
    return wanted
      .filter((w) => !have.has(`${w.revision}|${w.kind}|${w.threshold}|${w.context}`))
      .sort((a, b) => b.threshold - a.threshold || Number(b.revision) - Number(a.revision));
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
    let done = 0;
    for (const m of (await this.missing()).filter((x) => !only || only(x))) {
      const profile = await this.profiles.get(m.profile);
      await this.disclosure.ensure(profile, m.revision, m.kind, m.threshold, m.context);
      done += 1;
      // Let waiting requests go first between protections.
      await new Promise((r) => setImmediate(r));
      if (this.stopped) break;
    }
    if (done) this.logger.log(`Protected ${done} tables in ${((Date.now() - started) / 1000).toFixed(1)} s`);
    this.rounds += 1;
    if ((done > 0 || this.rounds === 1) && !this.stopped) {
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
