import { Inject, Injectable } from '@nestjs/common';
import type { AppConfig } from '../config/config.js';
import { APP_CONFIG } from '../config/config.module.js';
import { Lru } from '../core/lru.js';
import { SharedWork } from '../core/shared-work.js';
import { Slots } from '../core/slots.js';
import { ServiceBusyException } from '../core/too-many-requests.js';

/** How an export was answered: computed now, taken from an identical one being computed, or from the kept file. */
export type ExportSource = 'computed' | 'shared' | 'kept';

/**
 * Exports are the heaviest reads (a figure for every group × category of every zone-quarter:
 * ≈ 250 ms of CPU for 9 zones at scale L, against ≈ 1 ms for a cached dashboard page), so they are
 * admitted apart (docs/performance.md, "Exports under load"):
 * - at most `EXPORTS_IN_FLIGHT` are computed at once per instance and `EXPORTS_QUEUED` wait for a
 *   place; beyond, 503 `busy` with Retry-After before anything is computed. Exports then never take
 *   all of MAX_IN_FLIGHT, and their memory is that of a few at a time, whatever the clients do.
 * - a finished file of a small export (≤ `maxRows` rows) is kept for the next identical download
 *   (`EXPORT_CACHE_MB` in all, least recently used out), under a key that holds every zone's data
 *   version (a write to a zone, its publication or benchmarks changes it) and everything else the
 *   file depends on; identical downloads asked while one is computed share that computation.
 */
@Injectable()
export class ExportRunner {
  private readonly places: Slots;
  private readonly kept: Lru<Buffer>;
  /** Files being rendered, shared by identical downloads asked meanwhile, in the export places. */
  private readonly rendering: SharedWork;
  private readonly maxQueued: number;
  private readonly maxKeptBytes: number;
  /** Exports of at most this many rows are rendered in memory (and may be kept); larger ones stream. */
  readonly maxRows = 10_000;

  constructor(@Inject(APP_CONFIG) config: Pick<AppConfig, 'exportsInFlight' | 'exportsQueued' | 'exportCacheMb'>) {
    this.places = new Slots(config.exportsInFlight);
    this.rendering = new SharedWork(this.places);
    this.maxQueued = config.exportsQueued;
    this.maxKeptBytes = config.exportCacheMb * 1024 * 1024;
    this.kept = new Lru(this.maxKeptBytes, (body) => body.length);
  }

  get load(): { running: number; waiting: number; keptFiles: number; keptBytes: number } {
    return { running: this.places.running, waiting: this.places.queued, keptFiles: this.kept.size, keptBytes: this.kept.totalSize };
  }

  /** Runs `work` in one of the export places, waiting for one; 503 busy when too many wait already. */
  run<T>(work: () => Promise<T>): Promise<T> {
    return this.places.run(work, this.refuse);
  }

  /** 503 busy, before anything is computed, when too many exports wait for a place already. */
  private readonly refuse = () => {
    if (this.places.queued >= this.maxQueued) {
      throw new ServiceBusyException(`${this.places.running} exports are being prepared and ${this.places.queued} are waiting: retry in a moment.`, 2);
    }
  };

  /** The file of `key`: kept, being computed for another request, or rendered now (in an export place). */
  async file(key: string, render: () => Promise<Buffer>): Promise<{ body: Buffer; source: ExportSource }> {
    const hit = this.kept.get(key);
    if (hit) return { body: hit, source: 'kept' };
    const { value: body, shared } = await this.rendering.run(
      key,
      async () => {
        const rendered = await render();
        this.keep(key, rendered);
        return rendered;
      },
      this.refuse,
    );
    return { body, source: shared ? 'shared' : 'computed' };
  }

  private keep(key: string, body: Buffer): void {
    // One file takes at most a quarter of the memory, so a few kept files are never pushed out by one.
    if (body.length > this.maxKeptBytes / 4) return;
    this.kept.set(key, body);
  }
}
