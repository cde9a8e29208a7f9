// The first start on an empty database loads the demo (zones, accounts, 12 quarters) exactly once;
// without demo data, ADMIN_PASSWORD creates the administrator whichever command runs first: the app
// or the command-line import tool.
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { DEMO_PASSWORD, DEMO_USERS, demoPeriods } from '../src/demo/seed.service.js';
import { EXPORT_METRICS, NATIONAL_METRICS, type TargetProgressDto, type ZoneMetricsDto } from '@equity/shared';
import { compareFigurePaths } from './figure-readings.js';
import pg from 'pg';
import { createTestApp, testDatabaseUrl } from './utils.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const TOOL = path.resolve(here, '../dist/tools/import.js');
const MAPPING = path.resolve(here, '../../../examples/uk-police-workforce/mapping.json');

async function createDatabase(name: string): Promise<string> {
  const admin = new pg.Client({ connectionString: testDatabaseUrl() });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  return testDatabaseUrl().replace(/\/[^/]+$/, `/${name}`);
}

const DB = `equity_demo_${process.pid}`;
/** The group the demo's paths are compared on (its targets are set on it). */
const GROUP = 'origin:migration_background';
let demoUrl: string;

beforeAll(async () => {
  demoUrl = await createDatabase(DB);
});

it('migrates an empty database, loads the demo once, and every README account logs in', async () => {
  const first = await createTestApp({ databaseUrl: demoUrl, demoData: true });
  try {
    const zones = (await first.db.query('SELECT code FROM zone ORDER BY code')) as { code: string }[];
    expect(zones.map((z) => z.code)).toEqual(['5330', '5339', '5344', '5345', '5415']);
    const communes = (await first.db.query('SELECT code, communes FROM zone ORDER BY code')) as { code: string; communes: string[] }[];
    expect(communes).toEqual([
      { code: '5330', communes: ['Charleroi'] },
      { code: '5339', communes: ['Bruxelles / Brussel', 'Ixelles / Elsene'] },
      { code: '5344', communes: ['Schaerbeek / Schaarbeek', 'Evere', 'Saint-Josse-ten-Noode / Sint-Joost-ten-Node'] },
      { code: '5345', communes: ['Antwerpen'] },
      { code: '5415', communes: ['Gent'] },
    ]);
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

it('every figure of the registry reads the same on the zone, national, target and export paths of the demo (administrator; management without targets; all staff and per rank)', async () => {
  // The demo loaded by the test above; no worker: management's protections are computed on the request path.
  const app = await createTestApp({ databaseUrl: demoUrl, demoData: true, disclosureInlineMax: 100000, disclosureWarmup: false });
  try {
    const period = demoPeriods()[11]!;
    const zones = ((await app.db.query('SELECT code FROM zone ORDER BY code')) as { code: string }[]).map((z) => z.code);
    const selections = ['', 'middle'] as const;
    for (const username of ['admin', 'management']) {
      const token = ((await app.http.post('/api/v1/auth/login').send({ username, password: DEMO_PASSWORD }).expect(200)).body as { token: string }).token;
      // The demo's targets on the group compared, by zone, selection and figure: the target path as
      // the administrator. Management's targets compute every quarter since each target's baseline
      // under disclosure control on the request path (≈ 45 s here without the worker); figure-paths
      // compares management's target path on its own data.
      const list =
        username === 'admin' ? ((await app.http.get('/api/v1/targets').set({ Authorization: `Bearer ${token}` }).expect(200)).body as TargetProgressDto[]) : [];
      const targets = new Map(
        list.filter((t) => `${t.group.dimension}:${t.group.code}` === GROUP && t.categories.length <= 1 && (selections as readonly string[]).includes(t.categories[0] ?? '')).map((t) => [`${t.zone}|${t.categories[0] ?? ''}|${t.metric}`, t.id] as const),
      );
      const tally = await compareFigurePaths(app.http, { token, who: username, zones, period, group: GROUP, selections, targets });
      expect(tally.differences).toEqual([]);
      // Every zone and selection on the national and export paths, and the demo's targets on the group.
      expect(tally.compared).toBe(zones.length * selections.length * (NATIONAL_METRICS.length + EXPORT_METRICS.length) + targets.size);
      if (username === 'admin') expect(targets.size).toBeGreaterThan(0);
      expect(tally.reasons['value']).toBeGreaterThan(0);
      if (username === 'management') expect(tally.reasons['suppressed']).toBeGreaterThan(0);
    }
  } finally {
    await app.app.close();
  }
}, 300000);

it('DEMO_DATA=false leaves a new database without demo content; ADMIN_PASSWORD creates the first administrator', async () => {
  const app = await createTestApp({ databaseUrl: await createDatabase(`${DB}_empty`), demoData: false, adminPassword: 'a-long-admin-secret' });
  try {
    const users = (await app.db.query('SELECT username, role FROM app_user')) as { username: string; role: string }[];
    expect(users).toEqual([{ username: 'admin', role: 'admin' }]);
    expect(await app.db.query('SELECT actor_username, action, details FROM audit_event')).toEqual([
      { actor_username: null, action: 'user.created', details: { username: 'admin', role: 'admin', zones: [], source: 'ADMIN_PASSWORD' } },
    ]);
    await app.http.post('/api/v1/auth/login').send({ username: 'admin', password: 'a-long-admin-secret' }).expect(200);
    expect(await app.db.query('SELECT count(*)::int AS n FROM zone')).toEqual([{ n: 0 }]);
    const profiles = (await app.db.query('SELECT code FROM classification_profile ORDER BY code')) as { code: string }[];
    expect(profiles.map((p) => p.code)).toEqual(['belgium-police', 'rcmp', 'uk-home-office']);
  } finally {
    await app.app.close();
  }
});

describe('the import tool as the first command on a new database', () => {
  // A few rows of the Home Office table (the real file is not needed): one force, one year.
  const dir = mkdtempSync(path.join(os.tmpdir(), 'equity-first-import-'));
  const file = path.join(dir, 'officers.csv');
  writeFileSync(
    file,
    [
      'As at 31 March...,Geo code,Force Name,Region,Gender,Rank description,Worker type,Ethnicity,Ethnic group,Total (headcount),Total (FTE)',
      '2003,E23000036,Avon & Somerset,South West,Female,Constable,Police Officer,White,White,512,500',
      '2003,E23000036,Avon & Somerset,South West,Male,Constable,Police Officer,White,White,"1,734","1,700"',
      '2003,E23000036,Avon & Somerset,South West,Male,Sergeant,Police Officer,Asian or Asian British,"Black, Asian and Minority Ethnic",12,12',
    ].join('\n') + '\n',
  );
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const run = (url: string, env: Record<string, string>) =>
    promisify(execFile)(process.execPath, [TOOL, '--mapping', MAPPING, '--file', file], {
      env: { ...process.env, DATABASE_URL: url, DATA_DIR: dir, LOG_LEVEL: 'error', DEMO_DATA: 'false', ...env },
    });

  it('without ADMIN_PASSWORD it says how to create the administrator, and writes nothing else', async () => {
    const url = await createDatabase(`${DB}_tool_none`);
    const failed = await run(url, { ADMIN_PASSWORD: '' }).then(
      () => null,
      (err: { code: number; stderr: string }) => err,
    );
    expect(failed?.code).toBe(2);
    expect(failed?.stderr).toMatch(/There is no administrator yet: set ADMIN_PASSWORD .* and run this again/);
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      expect((await client.query('SELECT count(*)::int AS n FROM app_user')).rows).toEqual([{ n: 0 }]);
      expect((await client.query('SELECT count(*)::int AS n FROM zone')).rows).toEqual([{ n: 0 }]);
    } finally {
      await client.end();
    }
  });

  it('with ADMIN_PASSWORD it creates the administrator (audited), imports as it, and the app started next signs it in', async () => {
    const url = await createDatabase(`${DB}_tool_first`);
    const { stdout } = await run(url, { ADMIN_PASSWORD: 'First-run-secret-2026' });
    expect(stdout).toMatch(/3 rows read; 1 returns of 1 zones \(uk-home-office\); wrote 1 new revisions, 0 unchanged; zones created: 1/);
    // The app started afterwards finds the administrator and creates no other.
    const app = await createTestApp({ databaseUrl: url, demoData: false, adminPassword: 'Second-start-secret-2026' });
    try {
      expect(await app.db.query('SELECT username, role, active FROM app_user')).toEqual([{ username: 'admin', role: 'admin', active: true }]);
      await app.http.post('/api/v1/auth/login').send({ username: 'admin', password: 'Second-start-secret-2026' }).expect(401);
      const token = (await app.http.post('/api/v1/auth/login').send({ username: 'admin', password: 'First-run-secret-2026' }).expect(200)).body.token as string;
      const log = (await app.http.get('/api/v1/audit').set({ Authorization: `Bearer ${token}` }).expect(200)).body as { actor: string | null; action: string; details: Record<string, unknown> }[];
      expect(log.map((e) => [e.actor, e.action]).reverse()).toEqual([
        [null, 'user.created'],
        ['admin', 'zone.created'],
        ['admin', 'return.revised'],
        [null, 'auth.login_failed'],
        ['admin', 'auth.login'],
      ]);
      expect(log.at(-1)!.details).toEqual({ username: 'admin', role: 'admin', zones: [], source: 'ADMIN_PASSWORD' });
    } finally {
      await app.app.close();
    }
  });
});
