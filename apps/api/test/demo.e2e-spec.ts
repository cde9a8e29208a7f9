// The first start on an empty database loads the demo (zones, accounts, 12 quarters) exactly once.
import { DEMO_PASSWORD, DEMO_USERS, demoPeriods } from '../src/demo/seed.service.js';
import type { ZoneMetricsDto } from '@equity/shared';
import pg from 'pg';
import { createTestApp, testDatabaseUrl } from './utils.js';

const DB = `equity_demo_${process.pid}`;
let demoUrl: string;

beforeAll(async () => {
  const admin = new pg.Client({ connectionString: testDatabaseUrl() });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${DB}`);
  await admin.end();
  demoUrl = testDatabaseUrl().replace(/\/[^/]+$/, `/${DB}`);
});

it('migrates an empty database, loads the demo once, and every README account logs in', async () => {
  const first = await createTestApp({ databaseUrl: demoUrl, demoData: true });
  try {
    const zones = (await first.db.query('SELECT code FROM zone ORDER BY code')) as { code: string }[];
    expect(zones.map((z) => z.code)).toEqual(['5330', '5339', '5344', '5345', '5415']);
    const quarters = (await first.db.query('SELECT count(DISTINCT period)::int AS n, min(period) AS first, max(period) AS last FROM quarterly_return')) as { n: number; first: string; last: string }[];
    const periods = demoPeriods();
    expect(quarters[0]).toEqual({ n: 12, first: periods[0], last: periods[11] });
    const small = (await first.db.query("SELECT count(*)::int AS n FROM return_cell WHERE measure = 'headcount' AND count BETWEEN 1 AND 3")) as { n: number }[];
    expect(small[0]!.n).toBeGreaterThan(100);
    const tokens = new Map<string, string>();
    for (const u of DEMO_USERS) {
      const res = await first.http.post('/api/v1/auth/login').send({ username: u.username, password: DEMO_PASSWORD }).expect(200);
      expect(res.body.user).toMatchObject({ role: u.role, zones: u.zones.slice().sort() });
      tokens.set(u.username, res.body.token);
    }
    // The demo shows what analytics can say: a target on track and one off track, a promotion gap
    // flagged and a comparison with too few people to conclude.
    const admin = { Authorization: `Bearer ${tokens.get('admin')}` };
    const targets = (await first.http.get('/api/v1/targets').set(admin).expect(200)).body as { zone: string; metric: string; current: { status: string } }[];
    const status = (zone: string, metric: string) => targets.find((t) => t.zone === zone && t.metric === metric)?.current.status;
    expect(status('5345', 'representation')).toBe('on_track');
    expect(status('5415', 'representation')).toBe('off_track');
    const gap = await first.http.get('/api/v1/zones/5345/metrics?categories=middle').set(admin).expect(200);
    expect(gap.body.promotion).toMatchObject({ belowFourFifths: true, verdict: 'adverse_impact' });
    const few = await first.http.get('/api/v1/zones/5330/metrics?categories=officer').set(admin).expect(200);
    expect(few.body.promotion.verdict).toBe('too_few_to_conclude');
    // The selection funnel, published by stage as 4-quarter windows (protection version 5): management
    // and researchers see Antwerpen's stage rates of the latest quarter, the same as the administrator.
    const funnelOf = async (token: string | undefined) =>
      ((await first.http.get('/api/v1/zones/5345/metrics?group=origin:migration_background').set({ Authorization: `Bearer ${token}` }).expect(200)).body as ZoneMetricsDto).funnel;
    const full = await funnelOf(tokens.get('admin'));
    expect(full.length).toBe(4);
    for (const role of ['management', 'researcher']) {
      const seen = await funnelOf(tokens.get(role));
      expect(seen.map((f) => f.stage)).toEqual(full.map((f) => f.stage));
      const shown = seen.filter((f, i) => f.comparison.group.value !== null && f.comparison.group.value === full[i]!.comparison.group.value);
      expect({ role, shown: shown.length }).toEqual({ role, shown: 4 });
    }
  } finally {
    await first.app.close();
  }
  const second = await createTestApp({ databaseUrl: demoUrl, demoData: true });
  try {
    const revisions = (await second.db.query('SELECT count(*)::int AS n FROM return_revision')) as { n: number }[];
    expect(revisions[0]!.n).toBe(60);
  } finally {
    await second.app.close();
  }
  // No protection worker here: management's and researchers' first requests protect their quarters on the request path.
}, 300000);

it('DEMO_DATA=false leaves a new database without demo content; ADMIN_PASSWORD creates the first administrator', async () => {
  const admin = new pg.Client({ connectionString: testDatabaseUrl() });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${DB}_empty`);
  await admin.end();
  const app = await createTestApp({ databaseUrl: testDatabaseUrl().replace(/\/[^/]+$/, `/${DB}_empty`), demoData: false, adminPassword: 'a-long-admin-secret' });
  try {
    const users = (await app.db.query('SELECT username, role FROM app_user')) as { username: string; role: string }[];
    expect(users).toEqual([{ username: 'admin', role: 'admin' }]);
    await app.http.post('/api/v1/auth/login').send({ username: 'admin', password: 'a-long-admin-secret' }).expect(200);
    expect(await app.db.query('SELECT count(*)::int AS n FROM zone')).toEqual([{ n: 0 }]);
    const profiles = (await app.db.query('SELECT code FROM classification_profile ORDER BY code')) as { code: string }[];
    expect(profiles.map((p) => p.code)).toEqual(['belgium-police', 'rcmp', 'uk-home-office']);
  } finally {
    await app.app.close();
  }
});
