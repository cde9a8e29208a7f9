/**
 * A fixed number of places for one kind of work: `run` takes a place or waits for one in FIFO order
 * (`refuse` decides, when none is free, whether this caller may wait). Used for exports
 * (exports/export-runner.ts) and, through `SharedWork`, national tables and export files.
 */
export class Slots {
  private used = 0;
  private readonly waiting: (() => void)[] = [];

  constructor(readonly size: number) {}

  get running(): number {
    return this.used;
  }

  get queued(): number {
    return this.waiting.length;
  }

  /** Runs `work` in a place; when none is free, `refuse()` is called first and may throw. */
  async run<T>(work: () => Promise<T>, refuse?: () => void): Promise<T> {
    if (this.used >= this.size) {
      refuse?.();
      await new Promise<void>((resolve) => this.waiting.push(resolve));
    } else {
      this.used += 1;
    }
    try {
      return await work();
    } finally {
      // The place passes to the first waiting, else it is freed.
      const next = this.waiting.shift();
      if (next) next();
      else this.used -= 1;
    }
  }
}
