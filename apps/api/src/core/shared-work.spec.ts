import { SharedWork } from './shared-work.js';
import { Slots } from './slots.js';

const tick = () => new Promise((resolve) => setImmediate(resolve));
const run = async <T>(work: SharedWork, key: string, compute: () => Promise<T>): Promise<T> => (await work.run(key, compute)).value;

describe('SharedWork', () => {
  it('one computation for requests asking the same at once, none kept afterwards', async () => {
    const work = new SharedWork(new Slots(2));
    let runs = 0;
    let release!: () => void;
    const opened = new Promise<void>((resolve) => (release = resolve));
    const compute = async () => {
      runs += 1;
      await opened;
      return { table: runs };
    };
    const asked = Array.from({ length: 40 }, () => work.run('national|k', compute));
    await tick();
    release();
    const answers = await Promise.all(asked);
    expect(runs).toBe(1);
    expect(new Set(answers.map((a) => a.value)).size).toBe(1);
    // The first asker computed it; the 39 others shared it.
    expect(answers.map((a) => a.shared)).toEqual([false, ...Array.from({ length: 39 }, () => true)]);
    // Asked again once done: computed again (shared only while it runs).
    await run(work, 'national|k', compute);
    expect(runs).toBe(2);
  });

  it('at most two different computations at once; the others wait, none is refused', async () => {
    const work = new SharedWork(new Slots(2));
    let running = 0;
    let most = 0;
    const compute = (ms: number) => async () => {
      running += 1;
      most = Math.max(most, running);
      await new Promise((resolve) => setTimeout(resolve, ms));
      running -= 1;
      return ms;
    };
    const answers = await Promise.all([5, 6, 7, 8, 9].map((ms) => run(work, `k${ms}`, compute(ms))));
    expect(answers).toEqual([5, 6, 7, 8, 9]);
    expect(most).toBe(2);
  });

  it('a failed computation frees its place and is not shared with later requests', async () => {
    const work = new SharedWork(new Slots(2));
    await expect(run(work, 'k', async () => Promise.reject(new Error('database down')))).rejects.toThrow('database down');
    expect(await run(work, 'k', async () => 'back')).toBe('back');
    expect(await Promise.all([run(work, 'a', async () => 1), run(work, 'b', async () => 2), run(work, 'c', async () => 3)])).toEqual([1, 2, 3]);
  });
});
