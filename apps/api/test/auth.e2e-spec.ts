// Health, OpenAPI, login/logout and the error shape of the whole API, on the real application.
import { NATIONAL_METRICS, TARGET_METRICS } from '@equity/shared';
import type { INestApplication } from '@nestjs/common';
import type request from 'supertest';
import type { DataSource } from 'typeorm';
import { AuthService, sha256 } from '../src/auth/auth.service.js';
import { auth, createTestApp, login, PASSWORD, queriesDuring } from './utils.js';

let app: INestApplication;
let db: DataSource;
let http: ReturnType<typeof request>;

beforeAll(async () => {
  ({ app, db, http } = await createTestApp());
});
afterAll(async () => {
  await app.close();
});

describe('health and documentation', () => {
  it('GET /api/health reports the database', async () => {
    const res = await http.get('/api/health').expect(200);
    expect(res.body).toMatchObject({ status: 'ok', database: 'ok' });
  });

  it('serves the OpenAPI document and its UI', async () => {
    const json = await http.get('/api/docs-json').expect(200);
    expect(json.body.openapi).toMatch(/^3\./);
    expect(Object.keys(json.body.paths)).toEqual(expect.arrayContaining(['/api/v1/auth/login', '/api/v1/zones/{zone}/returns/{period}', '/api/v1/zones/{zone}/returns/{period}/upload']));
    // Response schemas are documented, and every reference in the document resolves.
    expect(json.body.paths['/api/v1/zones/{zone}/metrics'].get.responses['200'].content['application/json'].schema).toEqual({ $ref: '#/components/schemas/ZoneMetrics' });
    const refs = [...JSON.stringify(json.body).matchAll(/"\$ref":"#\/components\/schemas\/([^"]+)"/g)].map((m) => m[1]!);
    expect(refs.length).toBeGreaterThan(20);
    expect(refs.filter((r) => !(r in json.body.components.schemas))).toEqual([]);
    // The figures' enums come from the registry of figures (libs/shared/src/figures.ts).
    const metricParameter = (json.body.paths['/api/v1/national'].get.parameters as { name: string; schema: { enum?: string[] } }[]).find((p) => p.name === 'metric');
    expect(metricParameter?.schema.enum).toEqual([...NATIONAL_METRICS]);
    expect(json.body.components.schemas.National.properties.metric.enum).toEqual([...NATIONAL_METRICS]);
    expect(json.body.components.schemas.TargetProgress.properties.metric.enum).toEqual([...TARGET_METRICS]);
    const ui = await http.get('/api/docs').redirects(1).expect(200);
    expect(ui.text).toMatch(/swagger/i);
  });
});

describe('login', () => {
  it('logs in, answers /me, and logout revokes the token at once', async () => {
    const { token, username } = await login(http, db, 'management');
    const me = await http.get('/api/v1/auth/me').set(auth(token)).expect(200);
    expect(me.body).toMatchObject({ username, role: 'management', zones: [] });
    await http.post('/api/v1/auth/logout').set(auth(token)).expect(204);
    const after = await http.get('/api/v1/auth/me').set(auth(token)).expect(401);
    expect(after.body.message).toMatch(/expired or was ended/);
  });

  it('lookups of one session asked at once are one query; one begun before a sign-out or revocation is never remembered', async () => {
    const { token } = await login(http, db, 'management');
    const sessions = app.get(AuthService);
    sessions.forgetSessions();
    const lookups = (queries: string[]) => queries.filter((q) => /FROM auth_session s/.test(q)).length;
    // 20 requests of one token missing the cache at once (under load, as each cached session expires).
    const users = await Promise.all(Array.from({ length: 20 }, () => sessions.resolve(token)));
    expect(users.every((u) => u?.role === 'management')).toBe(true);
    sessions.forgetSessions();
    let again: unknown[] = [];
    expect(lookups(await queriesDuring(db, async () => (again = await Promise.all(Array.from({ length: 20 }, () => sessions.resolve(token))))))).toBe(1);
    expect(again).toHaveLength(20);
    // A lookup in flight when the sessions are forgotten (an account changed, a session revoked):
    // its answer is not remembered, so the next request sees the revocation.
    sessions.forgetSessions();
    const inFlight = sessions.resolve(token);
    sessions.forgetSessions();
    expect((await inFlight)?.role).toBe('management');
    await db.query('UPDATE auth_session SET revoked_at = now() WHERE token_hash = $1', [sha256(token)]);
    expect(await sessions.resolve(token)).toBeNull();
  });

  it('a wrong password, an unknown user and no token all get 401 in words', async () => {
    const { username } = await login(http, db, 'researcher');
    const wrong = await http.post('/api/v1/auth/login').send({ username, password: 'nope' }).expect(401);
    expect(wrong.body.message).toBe('The username or password is not correct.');
    const unknown = await http.post('/api/v1/auth/login').send({ username: 'nobody', password: PASSWORD }).expect(401);
    expect(unknown.body.message).toBe(wrong.body.message);
    const none = await http.get('/api/v1/auth/me').expect(401);
    expect(none.body.message).toMatch(/Please log in/);
    await http.get('/api/v1/auth/me').set(auth('forged-token')).expect(401);
  });

  it('stores only a hash of the password and of the token', async () => {
    const { token, username } = await login(http, db, 'admin');
    const [u] = (await db.query('SELECT password_hash FROM app_user WHERE username = $1', [username])) as { password_hash: string }[];
    expect(u!.password_hash).toMatch(/^\$argon2id\$/);
    const leaked = (await db.query('SELECT count(*)::int AS n FROM auth_session WHERE token_hash = $1', [token])) as { n: number }[];
    expect(leaked[0]!.n).toBe(0);
  });
});

describe('one error shape', () => {
  it('request validation errors are 422 with field names', async () => {
    const res = await http.post('/api/v1/auth/login').send({ username: 'x', extra: 1 }).expect(422);
    expect(res.body).toMatchObject({ statusCode: 422, error: 'Unprocessable Entity' });
    const columns = (res.body.errors as { column: string }[]).map((e) => e.column).sort();
    expect(columns).toEqual(expect.arrayContaining(['extra', 'password']));
  });

  it('malformed JSON is a 400, never a 500, and no stack trace leaks', async () => {
    const res = await http.post('/api/v1/auth/login').set('Content-Type', 'application/json').send('{"username": ').expect(400);
    expect(JSON.stringify(res.body)).not.toMatch(/at .*\.js:\d+/);
  });

  it('unknown routes are 404 JSON', async () => {
    const { token } = await login(http, db, 'admin');
    const res = await http.get('/api/v1/nothing-here').set(auth(token)).expect(404);
    expect(res.body.statusCode).toBe(404);
  });
});
