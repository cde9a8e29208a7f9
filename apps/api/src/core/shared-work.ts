import { stepAside } from './in-flight.js';
import { Slots } from './slots.js';

/**
 * Work that many callers may ask at once under one key: done once while it runs (the callers asking
 * the same key meanwhile share it; nothing is kept afterwards), in one of a fixed number of places
 * (`Slots`: the others wait their turn, or `refuse` decides they may not). National tables
 * (analytics.service.ts) and export files (exports/export-runner.ts) are computed so.
 */
export class SharedWork {
  private readonly running = new Map<string, Promise<unknown>>();

  constructor(readonly places: Slots) {}

  /** The result of `work` for `key`, and whether it was shared with a caller who asked first. */
  async run<T>(key: string, work: () => Promise<T>, refuse?: () => void): Promise<{ value: T; shared: boolean }> {
    const running = this.running.get(key);
    if (running) {
      // Only waiting for another request's work now: this request's place at work goes to the next one.
      stepAside();
      return { value: (await running) as T, shared: true };
    }
    const p = this.places.run(work, refuse);
    this.running.set(key, p);
    try {
      return { value: await p, shared: false };
    } finally {
      this.running.delete(key);
    }
  }
}
