import { FiguresCache } from './figures-cache.js';

const tick = () => new Promise((resolve) => setImmediate(resolve));

describe('FiguresCache.shared', () => {
  it('one computation for requests asking the same at once, none kept afterwards', async () => {
    const cache = new FiguresCache({ figuresCacheEntries: 10 } as never);
    let runs = 0;
    let release!: () => void;
    const opened = new Promise<void>((resolve) => (release = resolve));
    const compute = async () => {
      runs += 1;
      await opened;
      return { table: runs };
    };
    const asked = Array.from({ length: 40 }, () => cache.shared('national|k', compute));
    await tick();
    release();
    const answers = await Promise.all(asked);
    expect(runs).toBe(1);
    expect(new Set(answers).size).toBe(1);
    // Asked again once done: computed again (shared only while it runs).
    await cache.shared('national|k', compute);
    expect(runs).toBe(2);
  });

  it('at most two different computations at once; the others wait, none is refused', async () => {
    const cache = new FiguresCache({ figuresCacheEntries: 10 } as never);
    let running = 0;
    let most = 0;
    const compute = (ms: number) => async () => {
      running += 1;
      most = Math.max(most, running);
      await new Promise((resolve) => setTimeout(resolve, ms));
      running -= 1;
      return ms;
    };
    const answers = await Promise.all([5, 6, 7, 8, 9].map((ms) => cache.shared(`k${ms}`, compute(ms))));
    expect(answers).toEqual([5, 6, 7, 8, 9]);
    expect(most).toBe(2);
  });

  it('a failed computation frees its place and is not shared with later requests', async () => {
    const cache = new FiguresCache({ figuresCacheEntries: 10 } as never);
    await expect(cache.shared('k', async () => Promise.reject(new Error('database down')))).rejects.toThrow('database down');
    expect(await cache.shared('k', async () => 'back')).toBe('back');
    expect(await Promise.all([cache.shared('a', async () => 1), cache.shared('b', async () => 2), cache.shared('c', async () => 3)])).toEqual([1, 2, 3]);
  });
});
