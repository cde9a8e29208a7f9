// The authorization matrix: every endpoint of the API (as listed by its own OpenAPI document) ×
// every kind of caller. A new endpoint without an entry here fails the first test.
import { createHash, randomBytes, randomInt } from 'node:crypto';
import type { INestApplication } from '@nestjs/common';
import { BELGIUM_POLICE } from '@equity/shared';
import type request from 'supertest';
import type { DataSource } from 'typeorm';
import { sha256 } from '../src/auth/auth.service.js';
import { auth, createTestApp, createZone, login, pastPeriod, sampleCells, toCsv, uniqueCode } from './utils.js';

type Caller = 'admin' | 'hrOwn' | 'hrOther' | 'management' | 'researcher' | 'public';
const CALLERS: Caller[] = ['admin', 'hrOwn', 'hrOther', 'management', 'researcher', 'public'];
const SIGNED_IN: Caller[] = ['admin', 'hrOwn', 'hrOther', 'management', 'researcher'];
const EVERYONE: Caller[] = CALLERS;
const READERS_OF_ZONE: Caller[] = ['admin', 'hrOwn', 'management', 'researcher', 'public'];

interface Call {
  path: string;
  body?: object;
  file?: { name: string; content: string; fields?: Record<string, string> };
}

interface Entry {
  allowed: Caller[];
  /** Builds the request (may create what it needs first, e.g. a target to delete). */
  call: () => Promise<Call> | Call;
  /** Statuses an allowed caller may get besides 2xx (e.g. 409 when a quarter is already signed off). */
  alsoOk?: number[];
}

let app: INestApplication;
let db: DataSource;
let http: ReturnType<typeof request>;
let zone: string;
let users: Record<Exclude<Caller, 'public'>, { id: number; username: string }>;
const period = pastPeriod(30);

async function userId(username: string): Promise<number> {
  const [row] = (await db.query('SELECT id FROM app_user WHERE username = $1', [username])) as { id: number }[];
  return row!.id;
}

/** A fresh session for the caller, written straight into the database (no login rate limit involved). */
async function tokenFor(caller: Caller): Promise<string | null> {
  if (caller === 'public') return null;
  const token = randomBytes(24).toString('base64url');
  await db.query("INSERT INTO auth_session (token_hash, user_id, expires_at) VALUES ($1, $2, now() + interval '1 hour')", [sha256(token), users[caller].id]);
  return token;
}

async function newTarget(): Promise<number> {
  const [row] = (await db.query(
    `INSERT INTO target (zone_id, group_spec, metric, value, baseline_period, deadline_period, created_by)
     SELECT id, 'origin:migration_background', 'representation', 0.3, $2, $3, $4 FROM zone WHERE code = $1 RETURNING id`,
    [zone, pastPeriod(32), pastPeriod(20), users.admin.id],
  )) as { id: number }[];
  return row!.id;
}

async function newUser(): Promise<string> {
  const { username } = await login(http, db, 'researcher');
  return username;
}

async function newAuditEvent(): Promise<number> {
  const [row] = (await db.query("INSERT INTO audit_event (action, zone_code) VALUES ('zone.created', $1) RETURNING id", [zone])) as { id: string }[];
  return Number(row!.id);
}

/** A survey campaign of the zone written straight into the database, with one code; `closed` campaigns are counted. */
async function newCampaign(closed = false): Promise<{ id: number; code: string }> {
  const code = Array.from({ length: 12 }, () => 'ABCDEFGHJKMNPQRSTUVWXYZ23456789'[randomInt(31)]).join('');
  const today = new Date().toISOString().slice(0, 10);
  const [row] = (await db.query(
    `INSERT INTO survey_campaign (zone_id, period, opens_on, closes_on, closed_early_on, questions, invitations, responses)
     SELECT id, $2, $3::date - 1, $3::date + 1, $4, '{gender,origin}', 1, $5 FROM zone WHERE code = $1 RETURNING id`,
    [zone, period, today, closed ? today : null, closed ? 0 : null],
  )) as { id: number }[];
  await db.query('INSERT INTO survey_code (code_hash, campaign_id) VALUES ($1, $2)', [createHash('sha256').update(code).digest(), row!.id]);
  if (!closed) await db.query('INSERT INTO survey_answer_set (campaign_id) VALUES ($1)', [row!.id]);
  return { id: row!.id, code };
}

let benchmarkYear = 1990;
/** A benchmark of the zone written straight into the database, for a caller to delete; its year. */
async function newBenchmarkYear(): Promise<number> {
  benchmarkYear += 1;
  await db.query(
    `INSERT INTO availability_benchmark (zone_id, dimension, group_code, share, source, year)
     SELECT id, 'origin', 'migration_background', 0.3, 'matrix', $2 FROM zone WHERE code = $1`,
    [zone, benchmarkYear],
  );
  return benchmarkYear;
}

const target = () => ({ zone, group: 'origin:migration_background', metric: 'representation', value: 0.3, baselinePeriod: pastPeriod(32), deadlinePeriod: pastPeriod(20) });

const MATRIX: Record<string, Entry> = {
  'GET /api/health': { allowed: EVERYONE, call: () => ({ path: '/api/health' }) },
  'POST /api/v1/auth/login': { allowed: EVERYONE, call: async () => ({ path: '/api/v1/auth/login', body: { username: await newUser(), password: 'test-password-1' } }) },
  'POST /api/v1/auth/logout': { allowed: SIGNED_IN, call: () => ({ path: '/api/v1/auth/logout' }) },
  'POST /api/v1/auth/password': {
    allowed: SIGNED_IN,
    // The current password is wrong on purpose: an allowed caller gets 422, never 401/403.
    call: () => ({ path: '/api/v1/auth/password', body: { currentPassword: 'not-my-password-1', newPassword: 'A-new-password-2026' } }),
    alsoOk: [422],
  },
  'GET /api/v1/auth/me': { allowed: SIGNED_IN, call: () => ({ path: '/api/v1/auth/me' }) },
  // OpenID Connect is off here: 404 for everyone (test/oidc.e2e-spec.ts drives it against a real provider).
  'GET /api/v1/auth/oidc/login': { allowed: EVERYONE, call: () => ({ path: '/api/v1/auth/oidc/login' }), alsoOk: [404] },
  'GET /api/v1/auth/oidc/callback': { allowed: EVERYONE, call: () => ({ path: '/api/v1/auth/oidc/callback?code=x&state=y' }), alsoOk: [404] },
  'GET /api/v1/profiles': { allowed: EVERYONE, call: () => ({ path: '/api/v1/profiles' }) },
  'GET /api/v1/profiles/{code}': { allowed: EVERYONE, call: () => ({ path: '/api/v1/profiles/belgium-police' }) },
  'POST /api/v1/profiles': {
    allowed: ['admin'],
    // The stored belgium-police profile as a file, checked only: unchanged, nothing stored.
    call: () => ({ path: '/api/v1/profiles?dryRun=true', file: { name: 'profile.json', content: JSON.stringify(BELGIUM_POLICE) } }),
  },
  'GET /api/v1/zones': { allowed: EVERYONE, call: () => ({ path: '/api/v1/zones' }) },
  'POST /api/v1/zones': {
    allowed: ['admin'],
    call: () => ({ path: '/api/v1/zones', body: { code: uniqueCode('8'), nameNl: 'Matrixzone', nameFr: 'Zone matrice', profile: 'belgium-police' } }),
  },
  'POST /api/v1/zones/import': {
    allowed: ['admin'],
    call: () => ({ path: '/api/v1/zones/import?dryRun=true', file: { name: 'zones.csv', content: `code,name_nl,name_fr,profile\n${uniqueCode('8')},Matrix,Matrice,belgium-police\n` } }),
  },
  'DELETE /api/v1/zones/{zone}': { allowed: ['admin'], call: async () => ({ path: `/api/v1/zones/${await createZone(db, 'Matrix zone to delete')}` }) },
  'GET /api/v1/zones/{zone}': { allowed: ['admin'], call: () => ({ path: `/api/v1/zones/${zone}` }) },
  'POST /api/v1/zones/{zone}/merger': { allowed: ['admin'], call: async () => ({ path: `/api/v1/zones/${await createZone(db, 'Matrix zone to merge')}/merger`, body: { into: zone, from: '2099-Q1' } }) },
  'PUT /api/v1/zones/{zone}': { allowed: ['admin'], call: () => ({ path: `/api/v1/zones/${zone}`, body: { communes: ['Matrixgem'] } }) },
  'GET /api/v1/zones/{zone}/returns': { allowed: ['admin', 'hrOwn', 'management', 'researcher'], call: () => ({ path: `/api/v1/zones/${zone}/returns` }) },
  'GET /api/v1/zones/{zone}/returns/{period}': { allowed: ['admin', 'hrOwn'], call: () => ({ path: `/api/v1/zones/${zone}/returns/${period}` }) },
  'PUT /api/v1/zones/{zone}/returns/{period}': {
    allowed: ['admin', 'hrOwn'],
    call: () => ({ path: `/api/v1/zones/${zone}/returns/${period}`, body: { reason: 'matrix', cells: sampleCells() } }),
    alsoOk: [409],
  },
  'GET /api/v1/zones/{zone}/returns/{period}/revisions': { allowed: ['admin', 'hrOwn', 'management', 'researcher'], call: () => ({ path: `/api/v1/zones/${zone}/returns/${period}/revisions` }) },
  'GET /api/v1/zones/{zone}/returns/{period}/revisions/{number}': { allowed: ['admin', 'hrOwn'], call: () => ({ path: `/api/v1/zones/${zone}/returns/${period}/revisions/1` }) },
  'POST /api/v1/zones/{zone}/returns/{period}/validate': { allowed: ['admin', 'hrOwn'], call: () => ({ path: `/api/v1/zones/${zone}/returns/${period}/validate`, body: { cells: sampleCells() } }) },
  'POST /api/v1/zones/{zone}/returns/{period}/upload': {
    allowed: ['admin', 'hrOwn'],
    call: () => ({ path: `/api/v1/zones/${zone}/returns/${period}/upload`, file: { name: 'r.csv', content: toCsv(sampleCells()), fields: { dryRun: 'true' } } }),
  },
  'POST /api/v1/zones/{zone}/returns/{period}/sign-off': { allowed: ['admin', 'hrOwn'], call: () => ({ path: `/api/v1/zones/${zone}/returns/${period}/sign-off` }), alsoOk: [409] },
  'POST /api/v1/zones/{zone}/returns/{period}/reopen': { allowed: ['admin'], call: () => ({ path: `/api/v1/zones/${zone}/returns/${period}/reopen`, body: { reason: 'matrix' } }), alsoOk: [409] },
  'GET /api/v1/zones/{zone}/returns/{period}/breakdown': { allowed: READERS_OF_ZONE, call: () => ({ path: `/api/v1/zones/${zone}/returns/${period}/breakdown` }) },
  'GET /api/v1/templates/cells.csv': { allowed: SIGNED_IN, call: () => ({ path: '/api/v1/templates/cells.csv' }) },
  'GET /api/v1/templates/per-person.csv': { allowed: SIGNED_IN, call: () => ({ path: '/api/v1/templates/per-person.csv' }) },
  'GET /api/v1/templates/cells.xlsx': { allowed: SIGNED_IN, call: () => ({ path: '/api/v1/templates/cells.xlsx?lang=nl' }) },
  'GET /api/v1/templates/per-person.xlsx': { allowed: SIGNED_IN, call: () => ({ path: '/api/v1/templates/per-person.xlsx' }) },
  'GET /api/v1/audit': { allowed: ['admin'], call: () => ({ path: `/api/v1/audit?zone=${zone}&action=return.*&from=2020-01-01` }) },
  'GET /api/v1/audit/{id}': { allowed: ['admin'], call: async () => ({ path: `/api/v1/audit/${await newAuditEvent()}` }) },
  'GET /api/v1/audit/export.csv': { allowed: ['admin'], call: () => ({ path: `/api/v1/audit/export.csv?zone=${zone}` }) },
  'GET /api/v1/zones/{zone}/metrics': { allowed: READERS_OF_ZONE, call: () => ({ path: `/api/v1/zones/${zone}/metrics?period=${period}` }) },
  'GET /api/v1/zones/{zone}/metrics/series': { allowed: READERS_OF_ZONE, call: () => ({ path: `/api/v1/zones/${zone}/metrics/series?to=${period}` }) },
  'GET /api/v1/zones/{zone}/glass-ceiling': { allowed: READERS_OF_ZONE, call: () => ({ path: `/api/v1/zones/${zone}/glass-ceiling?period=${period}` }) },
  'GET /api/v1/national': { allowed: EVERYONE, call: () => ({ path: `/api/v1/national?period=${period}` }) },
  'GET /api/v1/zones/{zone}/availability': { allowed: READERS_OF_ZONE, call: () => ({ path: `/api/v1/zones/${zone}/availability` }) },
  'PUT /api/v1/zones/{zone}/availability': {
    allowed: ['admin'],
    call: () => ({ path: `/api/v1/zones/${zone}/availability`, body: { dimension: 'origin', group: 'migration_background', share: 0.4, source: 'matrix test', year: 2025 } }),
  },
  'GET /api/v1/zones/{zone}/availability/all': { allowed: READERS_OF_ZONE, call: () => ({ path: `/api/v1/zones/${zone}/availability/all` }) },
  'DELETE /api/v1/zones/{zone}/availability/{dimension}/{group}/{year}': {
    allowed: ['admin'],
    call: async () => ({ path: `/api/v1/zones/${zone}/availability/origin/migration_background/${await newBenchmarkYear()}` }),
  },
  'POST /api/v1/availability/import': {
    allowed: ['admin'],
    call: () => ({
      path: '/api/v1/availability/import?dryRun=true',
      file: { name: 'availability.csv', content: `zone,dimension,group,year,share,source\n${zone},origin,migration_background,2024,0.3,matrix test\n` },
    }),
  },
  'GET /api/v1/targets': { allowed: EVERYONE, call: () => ({ path: '/api/v1/targets' }) },
  'POST /api/v1/targets': { allowed: ['admin', 'management'], call: () => ({ path: '/api/v1/targets', body: target() }) },
  'GET /api/v1/targets/{id}': { allowed: READERS_OF_ZONE, call: async () => ({ path: `/api/v1/targets/${await newTarget()}` }) },
  'PUT /api/v1/targets/{id}': { allowed: ['admin', 'management'], call: async () => ({ path: `/api/v1/targets/${await newTarget()}`, body: target() }) },
  'DELETE /api/v1/targets/{id}': { allowed: ['admin', 'management'], call: async () => ({ path: `/api/v1/targets/${await newTarget()}` }) },
  // Everyone may export what they may read: HR their own zones in full (another zone: 403), the others through disclosure control.
  'GET /api/v1/exports': { allowed: READERS_OF_ZONE, call: () => ({ path: `/api/v1/exports?format=csv&zones=${zone}&from=${period}&to=${period}` }) },
  'GET /api/v1/users': { allowed: ['admin'], call: () => ({ path: '/api/v1/users' }) },
  'POST /api/v1/users': {
    allowed: ['admin'],
    call: () => ({ path: '/api/v1/users', body: { username: `m.${uniqueCode()}`, displayName: 'Matrix', role: 'researcher', zones: [], password: 'Matrix-password-2026' } }),
  },
  'GET /api/v1/users/{username}': { allowed: ['admin'], call: async () => ({ path: `/api/v1/users/${await newUser()}` }) },
  'PUT /api/v1/users/{username}': { allowed: ['admin'], call: async () => ({ path: `/api/v1/users/${await newUser()}`, body: { displayName: 'Renamed' } }) },
  'POST /api/v1/users/{username}/password': { allowed: ['admin'], call: async () => ({ path: `/api/v1/users/${await newUser()}/password`, body: { password: 'Another-password-2026' } }) },
  'GET /api/v1/zones/{zone}/surveys': { allowed: READERS_OF_ZONE, call: () => ({ path: `/api/v1/zones/${zone}/surveys` }) },
  'POST /api/v1/zones/{zone}/surveys': {
    allowed: ['admin', 'hrOwn'],
    call: () => ({ path: `/api/v1/zones/${zone}/surveys`, body: { period, opensOn: '2099-01-01', closesOn: '2099-01-31', invitations: 2 } }),
  },
  'GET /api/v1/zones/{zone}/surveys/{id}': { allowed: READERS_OF_ZONE, call: async () => ({ path: `/api/v1/zones/${zone}/surveys/${(await newCampaign()).id}` }) },
  'POST /api/v1/zones/{zone}/surveys/{id}/codes': {
    allowed: ['admin', 'hrOwn'],
    call: async () => ({ path: `/api/v1/zones/${zone}/surveys/${(await newCampaign()).id}/codes`, body: { count: 2 } }),
  },
  'POST /api/v1/zones/{zone}/surveys/{id}/close': { allowed: ['admin', 'hrOwn'], call: async () => ({ path: `/api/v1/zones/${zone}/surveys/${(await newCampaign()).id}/close` }) },
  'GET /api/v1/zones/{zone}/surveys/{id}/results': { allowed: READERS_OF_ZONE, call: async () => ({ path: `/api/v1/zones/${zone}/surveys/${(await newCampaign(true)).id}/results` }) },
  'GET /api/v1/zones/{zone}/representation/{period}': { allowed: READERS_OF_ZONE, call: () => ({ path: `/api/v1/zones/${zone}/representation/${period}` }) },
  // The respondent's side needs no account: a code is all it takes, whoever (if anyone) is signed in.
  'POST /api/v1/survey/session': { allowed: EVERYONE, call: async () => ({ path: '/api/v1/survey/session', body: { code: (await newCampaign()).code } }) },
  'PUT /api/v1/survey/answer': {
    allowed: EVERYONE,
    call: async () => ({ path: '/api/v1/survey/answer', body: { code: (await newCampaign()).code, answer: { category: 'basic', classes: { gender: 'female', origin: 'be_be' } } } }),
  },
  'POST /api/v1/survey/withdraw': { allowed: EVERYONE, call: async () => ({ path: '/api/v1/survey/withdraw', body: { code: (await newCampaign()).code } }) },
  'POST /api/v1/users/{username}/revoke-sessions': { allowed: ['admin'], call: async () => ({ path: `/api/v1/users/${await newUser()}/revoke-sessions` }) },
  'POST /api/v1/users/{username}/unlock': { allowed: ['admin'], call: async () => ({ path: `/api/v1/users/${await newUser()}/unlock` }) },
};

beforeAll(async () => {
  ({ app, db, http } = await createTestApp({ loginRateLimit: 100_000 }));
  zone = await createZone(db, 'Matrix zone');
  const other = await createZone(db, 'Other matrix zone');
  const made = {
    admin: await login(http, db, 'admin'),
    hrOwn: await login(http, db, 'hr', [zone]),
    hrOther: await login(http, db, 'hr', [other]),
    management: await login(http, db, 'management'),
    researcher: await login(http, db, 'researcher'),
  };
  users = Object.fromEntries(await Promise.all(Object.entries(made).map(async ([k, v]) => [k, { id: await userId(v.username), username: v.username }]))) as typeof users;
  await http.put(`/api/v1/zones/${zone}/returns/${period}`).set(auth(made.hrOwn.token)).send({ reason: 'matrix data', cells: sampleCells(30) }).expect(201);
});
afterAll(async () => {
  await app.close();
});

it('every endpoint of the API has an entry in the matrix, and every entry is an endpoint', async () => {
  const doc = (await http.get('/api/docs-json').expect(200)).body as { paths: Record<string, Record<string, unknown>> };
  const endpoints = Object.entries(doc.paths).flatMap(([path, ops]) => Object.keys(ops).map((m) => `${m.toUpperCase()} ${path}`));
  expect(endpoints.filter((e) => !(e in MATRIX))).toEqual([]);
  expect(Object.keys(MATRIX).filter((e) => !endpoints.includes(e))).toEqual([]);
});

describe.each(Object.entries(MATRIX))('%s', (endpoint, entry) => {
  it.each(CALLERS)('%s', async (caller) => {
    const [method] = endpoint.split(' ') as [string];
    const call = await entry.call();
    const token = await tokenFor(caller);
    let req = http[method.toLowerCase() as 'get' | 'post' | 'put' | 'delete'](call.path);
    if (token) req = req.set(auth(token));
    if (call.file) {
      for (const [k, v] of Object.entries(call.file.fields ?? {})) req = req.field(k, v);
      req = req.attach('file', Buffer.from(call.file.content), call.file.name);
    }
    else if (call.body) req = req.send(call.body);
    const res = await req;
    if (entry.allowed.includes(caller)) {
      expect({ caller, status: res.status, ok: res.status < 400 || (entry.alsoOk ?? []).includes(res.status) }).toEqual({ caller, status: res.status, ok: true });
    } else {
      expect({ caller, status: res.status }).toEqual({ caller, status: caller === 'public' ? 401 : 403 });
    }
  });
});

it('PUBLIC_ACCESS=false closes the public outputs', async () => {
  const closed = await createTestApp({ publicAccess: false });
  try {
    await closed.http.get('/api/v1/zones').expect(401);
    await closed.http.get('/api/v1/national').expect(401);
  } finally {
    await closed.app.close();
  }
});
