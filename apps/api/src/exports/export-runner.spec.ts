import { ServiceBusyException } from '../core/too-many-requests.js';
import { ExportRunner } from './export-runner.js';

/** A piece of work that ends when the test says so. */
function gate<T>(value: T): { work: () => Promise<T>; open: () => void; started: () => boolean } {
  let release!: () => void;
  let began = false;
  const opened = new Promise<void>((resolve) => (release = resolve));
  return {
    work: async () => {
      began = true;
      await opened;
      return value;
    },
    open: () => release(),
    started: () => began,
  };
}

const tick = () => new Promise((resolve) => setImmediate(resolve));

describe('ExportRunner', () => {
  it('runs at most EXPORTS_IN_FLIGHT at once, lets EXPORTS_QUEUED wait, refuses the next with 503 busy', async () => {
    const runner = new ExportRunner({ exportsInFlight: 1, exportsQueued: 1, exportCacheMb: 0 });
    const a = gate('a');
    const b = gate('b');
    const first = runner.run(a.work);
    const second = runner.run(b.work);
    await tick();
    expect([a.started(), b.started()]).toEqual([true, false]);
    expect(runner.load).toMatchObject({ running: 1, waiting: 1 });
    const refused = runner.run(async () => 'c');
    await expect(refused).rejects.toBeInstanceOf(ServiceBusyException);
    const err = (await refused.catch((e: unknown) => e)) as ServiceBusyException;
    expect(err.getStatus()).toBe(503);
    expect(err.retryAfterSeconds).toBeGreaterThan(0);
    expect((err.getResponse() as { errors: { code: string }[] }).errors[0]!.code).toBe('busy');
    a.open();
    expect(await first).toBe('a');
    await tick();
    expect(b.started()).toBe(true);
    b.open();
    expect(await second).toBe('b');
    expect(runner.load).toMatchObject({ running: 0, waiting: 0 });
  });

  it('a failing export frees its place', async () => {
    const runner = new ExportRunner({ exportsInFlight: 1, exportsQueued: 0, exportCacheMb: 0 });
    await expect(runner.run(async () => Promise.reject(new Error('broken')))).rejects.toThrow('broken');
    expect(await runner.run(async () => 'next')).toBe('next');
  });

  it('identical files asked at once are rendered once; the file is kept for the next download', async () => {
    const runner = new ExportRunner({ exportsInFlight: 2, exportsQueued: 0, exportCacheMb: 1 });
    let renders = 0;
    const g = gate(Buffer.from('zone,period\n'));
    const render = async () => {
      renders += 1;
      return g.work();
    };
    const asked = [runner.file('k', render), runner.file('k', render), runner.file('k', render)];
    await tick();
    g.open();
    const answers = await Promise.all(asked);
    expect(renders).toBe(1);
    expect(answers.map((a) => a.source)).toEqual(['computed', 'shared', 'shared']);
    expect(answers.every((a) => a.body.toString() === 'zone,period\n')).toBe(true);
    expect((await runner.file('k', render)).source).toBe('kept');
    expect(renders).toBe(1);
    // Another key (another data version): rendered again.
    expect((await runner.file('k2', async () => Buffer.from('x'))).source).toBe('computed');
  });

  it('keeps files within EXPORT_CACHE_MB, least recently used out, and none larger than a quarter of it', async () => {
    const runner = new ExportRunner({ exportsInFlight: 1, exportsQueued: 0, exportCacheMb: 1 });
    const file = (kb: number) => async () => Buffer.alloc(kb * 1024);
    for (const key of ['a', 'b', 'c', 'd', 'e']) await runner.file(key, file(200));
    expect(runner.load.keptBytes).toBeLessThanOrEqual(1024 * 1024);
    expect(runner.load.keptFiles).toBe(5);
    await runner.file('a', file(200)); // used again: now the most recent
    await runner.file('f', file(200)); // pushes out the least recently used, b
    expect((await runner.file('a', file(200))).source).toBe('kept');
    expect((await runner.file('b', file(200))).source).toBe('computed');
    await runner.file('big', file(300));
    expect((await runner.file('big', file(300))).source).toBe('computed');
  });
});
