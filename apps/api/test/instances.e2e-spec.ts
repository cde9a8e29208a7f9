// Two instances of the API on one PostgreSQL (docs/scaling.md), started together on an empty
// database of their own: both start without racing in the migrations, exactly one protection
// worker does the work (each table computed once), and when that instance stops the other one
// takes over.
import type { Cell } from '@equity/shared';
import pg from 'pg';
import { DisclosureService } from '../src/disclosure/disclosure.service.js';
import { ProtectionWorker } from '../src/disclosure/protection-worker.js';
import { auth, createTestApp, createZone, login, pastPeriod, testDatabaseUrl } from './utils.js';

type Instance = Awaited<ReturnType<typeof createTestApp>>;

const DB = `equity_two_${process.pid}`;
const PERIODS = [pastPeriod(2), pastPeriod(1)];
const instances: Instance[] = [];
const closed = new Set<Instance>();

function cells(seed: number): Cell[] {
  const out: Cell[] = [];
  for (const category of ['basic', 'middle']) {
    for (const gender of ['female', 'male']) {
      for (const [o, origin] of ['be_be', 'be_non_eu', 'not_declared'].entries()) {
        out.push({ measure: 'headcount', detail: '', category, classes: { gender, origin }, count: 3 + ((seed * 7 + o * 5) % 17) });
      }
    }
  }
  out.push({ measure: 'hires', detail: 'new_recruit', category: 'basic', classes: { gender: 'female', origin: 'be_non_eu' }, count: 2 + (seed % 3) });
  return out;
}

const storedCount = async (db: Instance['db']) => Number((await db.query('SELECT count(*)::int AS n FROM protected_table'))[0].n);
const computed = (i: Instance) => i.app.get(DisclosureService).computed;

/** Stops an instance's worker and waits for a round under way (a new round finds nothing to do). */
async function idle(i: Instance): Promise<void> {
  const worker = i.app.get(ProtectionWorker);
  worker.stop();
  await worker.runOnce();
}

async function until(what: string, check: () => Promise<boolean>, ms: number): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

beforeAll(async () => {
  const admin = new pg.Client({ connectionString: testDatabaseUrl() });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${DB}`);
  await admin.end();
}, 30000);

afterAll(async () => {
  for (const i of instances) {
    if (closed.has(i)) continue;
    await idle(i);
    await i.app.close();
  }
});

it('two instances started together on an empty database both start, without a failed migration query', async () => {
  const failed: string[] = [];
  const original = console.error;
  console.error = (...args: unknown[]) => {
    failed.push(args.map(String).join(' '));
    original(...args);
  };
  try {
    const url = testDatabaseUrl().replace(/\/[^/]+$/, `/${DB}`);
    const settings = { databaseUrl: url, disclosurePollMs: 100, disclosureQuarters: 8, disclosureInlineMax: 0 };
    instances.push(...(await Promise.all([createTestApp(settings), createTestApp(settings)])));
  } finally {
    console.error = original;
  }
  expect(failed.filter((m) => /query failed|duplicate key/.test(m))).toEqual([]);
  for (const i of instances) await i.http.get('/api/health').expect(200);
  const [{ n }] = await instances[0]!.db.query('SELECT count(*)::int AS n FROM migrations');
  expect(n).toBeGreaterThan(0);
}, 60000);

it('only one protection worker computes the tables, each once; when its instance stops the other takes over', async () => {
  const [a, b] = instances as [Instance, Instance];
  const zone = await createZone(a.db, 'Two instances zone');
  const hr = (await login(a.http, a.db, 'hr', [zone])).token;
  for (const [p, period] of PERIODS.entries()) {
    await a.http.put(`/api/v1/zones/${zone}/returns/${period}`).set(auth(hr)).send({ reason: 'First entry', cells: cells(p + 1) }).expect(201);
  }
  const workers = [a, b].map((i) => i.app.get(ProtectionWorker));
  const expected = (await workers[0]!.missing()).length;
  expect(expected).toBeGreaterThan(0);
  for (const w of workers) w.start();
  await until('the tables to be protected', async () => (await workers[0]!.missing()).length === 0, 30000);
  // Let the other worker poll a few more times: it must still not compute anything.
  await new Promise((r) => setTimeout(r, 500));
  const counts = [computed(a), computed(b)];
  expect(await storedCount(a.db)).toBe(expected);
  expect(counts[0]! + counts[1]!).toBe(expected);
  expect(Math.min(...counts)).toBe(0);

  // The leader stops; a correction needs new protections; the other instance does them.
  const [leader, follower] = counts[0]! > 0 ? [a, b] : [b, a];
  await idle(leader);
  await leader.app.close();
  closed.add(leader);
  const before = computed(follower);
  await follower.http.put(`/api/v1/zones/${zone}/returns/${PERIODS[1]}`).set(auth(hr)).send({ reason: 'Correction', cells: cells(7) }).expect(201);
  const followerWorker = follower.app.get(ProtectionWorker);
  await until('the other instance to take over', async () => (await followerWorker.missing()).length === 0, 30000);
  expect(computed(follower)).toBeGreaterThan(before);
}, 60000);
