import { Inject, Injectable } from '@nestjs/common';
import type { AppConfig } from '../config/config.js';
import { APP_CONFIG } from '../config/config.module.js';
import { Lru } from '../core/lru.js';

/**
 * Computed figures (a zone's metrics and breakdowns, a target's progress), kept per instance
 * and keyed by the data version they were computed at (`data_version`, bumped by triggers on every
 * write that changes figures: migration 1764300000000). A figure is reused only while its version is
 * the current one, so every instance answers the first request after a write from fresh data,
 * whichever path (or instance) wrote it.
 *
 * Read the version before the data: a figure then never reflects older data than its version.
 * Bounded (least recently used first out; FIGURES_CACHE_ENTRIES, default 2,000, as a zone's metrics
 * take tens of kB); concurrent requests for the same missing figure share one computation.
 */
/** Marks kept (`mark`): 185 zones × 6 groups × 2 thresholds at scale L is 2,220. */
const MARKS_KEPT = 20_000;

@Injectable()
export class FiguresCache {
  private readonly entries: Lru<{ version: string; value: unknown }>;
  private readonly pending = new Map<string, Promise<unknown>>();
  private readonly marks = new Lru<string>(MARKS_KEPT);

  constructor(@Inject(APP_CONFIG) config: Pick<AppConfig, 'figuresCacheEntries'>) {
    this.entries = new Lru(config.figuresCacheEntries);
  }

  get<T>(key: string, version: string): T | undefined {
    const hit = this.entries.get(key);
    return hit && hit.version === version ? (hit.value as T) : undefined;
  }

  /** Whether a figure of `key` is kept, at any version (without making it the most recently used). */
  holds(key: string): boolean {
    return this.entries.has(key);
  }

  set<T>(key: string, version: string, value: T): T {
    this.entries.set(key, { version, value });
    return value;
  }

  /** The figure of `key` at `version`: cached, being computed by another request, or computed now. */
  async getOrCompute<T>(key: string, version: string, compute: () => Promise<T>): Promise<T> {
    const hit = this.get<T>(key, version);
    if (hit !== undefined) return hit;
    const id = `${key}@${version}`;
    const running = this.pending.get(id);
    if (running) return running as Promise<T>;
    const p = compute().then(
      (value) => {
        this.pending.delete(id);
        return this.set(key, version, value);
      },
      (err: unknown) => {
        this.pending.delete(id);
        throw err;
      },
    );
    this.pending.set(id, p);
    return p;
  }

  /**
   * Marks that something was done for `key` at `version` (the national tables' answers of a zone
   * stored: `AnalyticsService.warmNational`): a few bytes each, kept apart from the figures
   * (`MARKS_KEPT`, least recently used out), so marks outlive figures pushed out of the cache.
   */
  mark(key: string, version: string): void {
    this.marks.set(key, version);
  }

  marked(key: string, version: string): boolean {
    return this.marks.get(key) === version;
  }

  /** Forgets every figure and mark, as an instance started now would know nothing. */
  clear(): void {
    this.entries.clear();
    this.marks.clear();
  }

  get size(): number {
    return this.entries.size;
  }
}
