// Access hardening on the real application and database: secure headers, CORS closed by default,
// per-account lockout and per-address rate limit of logins, password policy, account
// administration, and sessions that end on expiry, password change, new role or deactivation.
import type { INestApplication } from '@nestjs/common';
import type request from 'supertest';
import type { DataSource } from 'typeorm';
import { sha256 } from '../src/auth/auth.service.js';
import { auth, createTestApp, createZone, login, PASSWORD, uniqueCode } from './utils.js';
import { loadConfig } from '../src/config/config.js';

let app: INestApplication;
let db: DataSource;
let http: ReturnType<typeof request>;
let adminToken: string;

beforeAll(async () => {
  // This file logs in far more than 20 times a minute; the per-address limit has its own tests below.
  ({ app, db, http } = await createTestApp({ loginRateLimit: 10_000 }));
  adminToken = (await login(http, db, 'admin')).token;
});
afterAll(async () => {
  await app.close();
});

const LOGIN = '/api/v1/auth/login';
const attempt = (username: string, password: string) => http.post(LOGIN).send({ username, password });

async function auditOf(username: string): Promise<{ action: string; actor_username: string | null; details: Record<string, unknown> }[]> {
  return db.query("SELECT action, actor_username, details FROM audit_event WHERE details->>'username' = $1 ORDER BY id", [username]);
}

/** `default-src 'self';img-src 'self' data:` → { 'default-src': "'self'", 'img-src': "'self' data:" } */
const cspOf = (header: unknown): Record<string, string> =>
  Object.fromEntries(
    String(header)
      .split(';')
      .map((d) => d.trim().split(/\s+/))
      .filter((parts) => parts[0])
      .map(([name, ...values]) => [name!, values.join(' ')]),
  );

describe('secure headers', () => {
  it('every response carries helmet’s headers and a strict CSP; no framework banner', async () => {
    const res = await http.get('/api/health').expect(200);
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['x-frame-options']).toBe('DENY');
    expect(res.headers['referrer-policy']).toBe('no-referrer');
    expect(res.headers['strict-transport-security']).toMatch(/max-age=\d+/);
    expect(res.headers['cross-origin-opener-policy']).toBe('same-origin');
    expect(res.headers['x-powered-by']).toBeUndefined();
    const csp = cspOf(res.headers['content-security-policy']);
    expect(csp).toMatchObject({
      'default-src': "'self'",
      'script-src': "'self'",
      'script-src-attr': "'none'",
      'style-src': "'self'",
      'img-src': "'self' data:",
      'connect-src': "'self'",
      'frame-ancestors': "'none'",
      'object-src': "'none'",
      'base-uri': "'self'",
    });
    expect(res.headers['content-security-policy']).not.toContain('unsafe');
    // Errors too.
    const unauthorised = await http.get('/api/v1/users').expect(401);
    expect(unauthorised.headers['content-security-policy']).toBe(res.headers['content-security-policy']);
  });

  it('the OpenAPI UI gets a CSP that allows its inline styles, never inline scripts', async () => {
    const ui = await http.get('/api/docs').redirects(1).expect(200);
    const csp = cspOf(ui.headers['content-security-policy']);
    expect(csp).toMatchObject({ 'style-src': "'self' 'unsafe-inline'", 'script-src': "'self'", 'script-src-attr': "'none'", 'frame-ancestors': "'none'" });
    expect(ui.headers['x-content-type-options']).toBe('nosniff');
    // Its scripts are files under /api/docs, so script-src 'self' is enough.
    expect(ui.text).not.toMatch(/<script>(?!\s*<\/script>)/);
    await http.get('/api/docs/swagger-ui-init.js').expect(200);
  });
});

describe('CORS', () => {
  it('is closed by default: no CORS header for any origin, simple or preflight', async () => {
    const get = await http.get('/api/health').set('Origin', 'https://elsewhere.example').expect(200);
    expect(get.headers['access-control-allow-origin']).toBeUndefined();
    const preflight = await http.options(LOGIN).set('Origin', 'https://elsewhere.example').set('Access-Control-Request-Method', 'POST');
    expect(preflight.headers['access-control-allow-origin']).toBeUndefined();
    expect(preflight.headers['access-control-allow-methods']).toBeUndefined();
  });

  it('with CORS_ORIGINS, answers exactly the listed origins', async () => {
    const configured = await createTestApp({ corsOrigins: ['https://dashboard.example.be', 'http://localhost:5173'] });
    try {
      const ok = await configured.http.get('/api/health').set('Origin', 'https://dashboard.example.be').expect(200);
      expect(ok.headers['access-control-allow-origin']).toBe('https://dashboard.example.be');
      expect(ok.headers['vary']).toMatch(/Origin/);
      const preflight = await configured.http
        .options(LOGIN)
        .set('Origin', 'http://localhost:5173')
        .set('Access-Control-Request-Method', 'POST')
        .set('Access-Control-Request-Headers', 'content-type,authorization')
        .expect(204);
      expect(preflight.headers['access-control-allow-origin']).toBe('http://localhost:5173');
      expect(preflight.headers['access-control-allow-headers']).toMatch(/Authorization/i);
      expect(preflight.headers['access-control-allow-methods']).toMatch(/POST/);
      const other = await configured.http.get('/api/health').set('Origin', 'https://elsewhere.example').expect(200);
      expect(other.headers['access-control-allow-origin']).toBeUndefined();
    } finally {
      await configured.app.close();
    }
  });
});

describe('login lockout (per account, in the database)', () => {
  it('locks an account after 5 failures in 15 minutes, refuses even the right password, and lets it in once the lock ends', async () => {
    const { username } = await login(http, db, 'hr');
    for (let i = 1; i <= 5; i++) {
      const res = await attempt(username, `wrong-password-${i}`).expect(401);
      expect(res.body.message).toBe('The username or password is not correct.');
    }
    const locked = await attempt(username, PASSWORD).expect(429);
    expect(locked.body.message).toMatch(/Too many failed sign-in attempts for this user name: signing in is blocked until \d\d:\d\d UTC \(about 15 minutes from now\)/);
    expect(Number(locked.headers['retry-after'])).toBeGreaterThan(14 * 60);
    expect(Number(locked.headers['retry-after'])).toBeLessThanOrEqual(15 * 60);
    expect(locked.body.retryAfterSeconds).toBe(Number(locked.headers['retry-after']));
    expect(Date.parse(locked.body.retryAt)).toBeGreaterThan(Date.now() + 14 * 60_000);

    // The lock is in the database: a restarted application still refuses.
    const restarted = await createTestApp({ loginRateLimit: 10_000 });
    try {
      await restarted.http.post(LOGIN).send({ username, password: PASSWORD }).expect(429);
    } finally {
      await restarted.app.close();
    }

    // Audit: each failure, the lockout and the refused attempts; never a password.
    const events = await auditOf(username);
    expect(events.map((e) => e.action)).toEqual([
      ...Array(5).fill('auth.login_failed'),
      'auth.lockout',
      'auth.login_refused_locked',
      'auth.login_refused_locked',
    ]);
    expect(events[0]!.details).toMatchObject({ reason: 'wrong_password', failures: 1 });
    expect(events[5]!.details).toMatchObject({ failures: 5, lockedUntil: expect.any(String) });
    expect(JSON.stringify(events)).not.toMatch(/wrong-password|test-password/);

    // The lock ends (moved into the past): the right password works and the count starts afresh.
    await db.query("UPDATE login_attempt SET locked_until = now() - interval '1 second' WHERE username = $1", [username]);
    await attempt(username, PASSWORD).expect(200);
    expect(await db.query('SELECT * FROM login_attempt WHERE username = $1', [username])).toEqual([]);
  });

  it('counts only failures of the last 15 minutes', async () => {
    const { username } = await login(http, db, 'researcher');
    await db.query(
      "INSERT INTO login_attempt (username, failed_at) VALUES ($1, ARRAY[now() - interval '20 minutes', now() - interval '19 minutes', now() - interval '18 minutes', now() - interval '16 minutes'])",
      [username],
    );
    await attempt(username, 'not-it-at-all-1').expect(401);
    const [row] = (await db.query('SELECT cardinality(failed_at) AS n, locked_until FROM login_attempt WHERE username = $1', [username])) as { n: number; locked_until: Date | null }[];
    expect(row).toEqual({ n: 1, locked_until: null });
    await attempt(username, PASSWORD).expect(200);
  });

  it('answers an unknown user name exactly like an existing one, wrong or locked', async () => {
    const { username: known } = await login(http, db, 'management');
    const unknown = `management.${uniqueCode()}`; // looks like an account, does not exist
    const headerNames = (res: request.Response) =>
      Object.keys(res.headers)
        .filter((h) => !['date', 'etag', 'content-length'].includes(h))
        .sort();
    const normalise = (body: Record<string, unknown>) =>
      JSON.stringify({ ...body, retryAt: typeof body['retryAt'], retryAfterSeconds: typeof body['retryAfterSeconds'] }).replace(/\d\d:\d\d UTC/, 'HH:MM UTC');
    for (let i = 1; i <= 7; i++) {
      const a = await attempt(known, `wrong-password-${i}`);
      const b = await attempt(unknown, `wrong-password-${i}`);
      expect([i, b.status]).toEqual([i, a.status]);
      expect(normalise(b.body)).toBe(normalise(a.body));
      expect(headerNames(b)).toEqual(headerNames(a));
      expect(b.headers['retry-after'] === undefined).toBe(a.headers['retry-after'] === undefined);
    }
    const last = await attempt(unknown, 'anything-at-all-1');
    expect(last.status).toBe(429);
    // The audit log (administrators only) tells them apart.
    expect((await auditOf(unknown))[0]!.details).toMatchObject({ reason: 'unknown_user' });
  });
});

describe('per-address rate limit of logins', () => {
  it('answers 429 with Retry-After once an address exceeds LOGIN_RATE_LIMIT a minute, whatever the request', async () => {
    const limited = await createTestApp({ loginRateLimit: 3 });
    try {
      const { username } = await login(limited.http, limited.db, 'researcher'); // 1
      await limited.http.post(LOGIN).send({ username, password: 'wrong-one-here-1' }).expect(401); // 2
      await limited.http.post(LOGIN).send({}).expect(422); // 3: counted before the body is even read
      const refused = await limited.http.post(LOGIN).send({ username, password: PASSWORD }).expect(429);
      expect(refused.body.message).toMatch(/Too many sign-in attempts from your network address\. Please wait \d+ seconds? and try again\./);
      const retryAfter = Number(refused.headers['retry-after']);
      expect(retryAfter).toBeGreaterThanOrEqual(1);
      expect(retryAfter).toBeLessThanOrEqual(60);
      // A spoofed X-Forwarded-For does not help without TRUST_PROXY.
      await limited.http.post(LOGIN).set('X-Forwarded-For', '203.0.113.9').send({ username, password: PASSWORD }).expect(429);
      // Other endpoints are not limited.
      await limited.http.get('/api/health').expect(200);
    } finally {
      await limited.app.close();
    }
  });

  it('behind TRUST_PROXY proxies, limits each client address separately', async () => {
    const proxied = await createTestApp({ loginRateLimit: 2, trustProxy: 1 });
    try {
      const nobody = `nobody.${uniqueCode()}`;
      const from = (ip: string) => proxied.http.post(LOGIN).set('X-Forwarded-For', ip).send({ username: nobody, password: 'wrong-one-here-1' });
      expect((await from('203.0.113.1')).status).toBe(401);
      expect((await from('203.0.113.1')).status).toBe(401);
      expect((await from('203.0.113.1')).status).toBe(429);
      expect((await from('203.0.113.2')).status).toBe(401);
    } finally {
      await proxied.app.close();
    }
  });
});

describe('password policy', () => {
  it('account creation reports every problem at once, in words', async () => {
    const res = await http
      .post('/api/v1/users')
      .set(auth(adminToken))
      .send({ username: 'A', displayName: ' ', role: 'boss', zones: ['5415'], password: 'password' })
      .expect(422);
    expect(res.body).toMatchObject({ statusCode: 422, error: 'Unprocessable Entity', message: 'There are 6 problems; the account was not created.' });
    const problems = res.body.errors as { column: string; code: string; message: string }[];
    expect(problems.map((p) => `${p.column}:${p.code}`)).toEqual([
      'username:invalid_username',
      'displayName:required',
      'role:unknown_role',
      'password:password_too_short',
      'password:password_letters_only',
      'password:password_common',
    ]);
    expect(problems.find((p) => p.code === 'password_too_short')!.message).toBe('The password must be at least 12 characters long (it has 8).');
  });

  it('refuses a password containing the user name and one of the most common passwords', async () => {
    const username = `hr.${uniqueCode()}`;
    const zone = await createZone(db);
    const res = await http
      .post('/api/v1/users')
      .set(auth(adminToken))
      .send({ username, displayName: 'Policy test', role: 'hr', zones: [zone], password: `${username.toUpperCase()}!` })
      .expect(422);
    expect((res.body.errors as { code: string }[]).map((e) => e.code)).toEqual(['password_contains_username']);
    const common = await http.post('/api/v1/users').set(auth(adminToken)).send({ username, displayName: 'Policy test', role: 'hr', zones: [zone], password: 'Password1234' }).expect(422);
    expect((common.body.errors as { code: string }[]).map((e) => e.code)).toEqual(['password_common']);
  });
});

describe('user administration', () => {
  it('an administrator creates, lists, reads and changes accounts; every change is audited without secrets', async () => {
    const zone = await createZone(db);
    const zone2 = await createZone(db);
    const username = `hr.${uniqueCode()}`;
    const password = 'Fresh-start-2026!';
    const created = await http
      .post('/api/v1/users')
      .set(auth(adminToken))
      .send({ username: username.toUpperCase(), displayName: 'Hanne (HR test)', role: 'hr', zones: [zone, zone], password })
      .expect(201);
    expect(created.body).toEqual({
      id: expect.any(Number),
      username,
      displayName: 'Hanne (HR test)',
      role: 'hr',
      zones: [zone],
      active: true,
      createdAt: expect.any(String),
      lockedUntil: null,
      activeSessions: 0,
    });
    const loggedIn = await attempt(username, password).expect(200);
    expect(loggedIn.body.user).toMatchObject({ username, role: 'hr', zones: [zone] });

    const list = await http.get('/api/v1/users').set(auth(adminToken)).expect(200);
    const listed = (list.body as { username: string }[]).find((u) => u.username === username);
    expect(listed).toMatchObject({ username, activeSessions: 1 });
    expect(JSON.stringify(list.body)).not.toMatch(/argon2|password/i);

    const dup = await http.post('/api/v1/users').set(auth(adminToken)).send({ username, displayName: 'Again', role: 'researcher', password }).expect(422);
    expect(dup.body.errors).toEqual([expect.objectContaining({ column: 'username', code: 'username_taken' })]);

    const changed = await http.put(`/api/v1/users/${username}`).set(auth(adminToken)).send({ displayName: 'Hanne V.', zones: [zone2] }).expect(200);
    expect(changed.body).toMatchObject({ displayName: 'Hanne V.', zones: [zone2], role: 'hr', active: true, activeSessions: 1 });
    await http.get(`/api/v1/users/${username}`).set(auth(adminToken)).expect(200);
    await http.get(`/api/v1/users/nobody.${uniqueCode()}`).set(auth(adminToken)).expect(404);

    const bad = await http.put(`/api/v1/users/${username}`).set(auth(adminToken)).send({ role: 'management', zones: ['5415'], displayName: '' }).expect(422);
    expect((bad.body.errors as { column: string; code: string }[]).map((e) => `${e.column}:${e.code}`)).toEqual(['displayName:required', 'zones:zones_not_allowed']);
    const notAField = await http.put(`/api/v1/users/${username}`).set(auth(adminToken)).send({ passwordHash: 'x' }).expect(422);
    expect(notAField.body.errors[0]).toMatchObject({ column: 'passwordHash', code: 'whitelistValidation' });

    const events = await auditOf(username);
    expect(events.map((e) => e.action)).toEqual(['user.created', 'user.updated']);
    expect(events[0]).toMatchObject({ actor_username: expect.stringMatching(/^admin\./), details: { username, role: 'hr', zones: [zone] } });
    expect(events[1]!.details).toEqual({ username, changed: ['displayName', 'zones'], zones: { from: [zone], to: [zone2] } });
    expect(JSON.stringify(events)).not.toMatch(/Fresh-start|argon2|Hanne/);
  });

  it('only administrators may manage accounts', async () => {
    const zone = await createZone(db);
    const { username: target } = await login(http, db, 'researcher');
    for (const [role, zones] of [['hr', [zone]], ['management', []], ['researcher', []]] as const) {
      const { token } = await login(http, db, role, [...zones]);
      await http.get('/api/v1/users').set(auth(token)).expect(403);
      await http.get(`/api/v1/users/${target}`).set(auth(token)).expect(403);
      await http.post('/api/v1/users').set(auth(token)).send({ username: `x${uniqueCode()}`, displayName: 'X', role: 'admin', password: 'Escalate-now-2026' }).expect(403);
      await http.put(`/api/v1/users/${target}`).set(auth(token)).send({ role: 'admin' }).expect(403);
      await http.post(`/api/v1/users/${target}/password`).set(auth(token)).send({ password: 'Escalate-now-2026' }).expect(403);
      await http.post(`/api/v1/users/${target}/revoke-sessions`).set(auth(token)).expect(403);
      await http.post(`/api/v1/users/${target}/unlock`).set(auth(token)).expect(403);
    }
    await http.get('/api/v1/users').expect(401);
    const [row] = (await db.query('SELECT role FROM app_user WHERE username = $1', [target])) as { role: string }[];
    expect(row!.role).toBe('researcher');
  });

  it('a password set by an administrator ends the user’s sessions and lifts a lock', async () => {
    const { token, username } = await login(http, db, 'management');
    for (let i = 0; i < 5; i++) await attempt(username, `wrong-password-${i}`).expect(401);
    await attempt(username, PASSWORD).expect(429);
    const weak = await http.post(`/api/v1/users/${username}/password`).set(auth(adminToken)).send({ password: 'short' }).expect(422);
    expect((weak.body.errors as { code: string }[]).map((e) => e.code)).toEqual(['password_too_short', 'password_letters_only']);
    await http.post(`/api/v1/users/${username}/password`).set(auth(adminToken)).send({ password: 'Given-by-admin-2026' }).expect(204);
    await http.get('/api/v1/auth/me').set(auth(token)).expect(401);
    await attempt(username, PASSWORD).expect(401);
    await attempt(username, 'Given-by-admin-2026').expect(200);
    const events = await auditOf(username);
    expect(events.find((e) => e.action === 'user.password_set')).toMatchObject({ actor_username: expect.stringMatching(/^admin\./), details: { username, revokedSessions: 1 } });
    expect(JSON.stringify(events)).not.toMatch(/Given-by-admin/);
  });

  it('revoke-sessions ends every open session of the account', async () => {
    const { token, username } = await login(http, db, 'researcher');
    const second = (await attempt(username, PASSWORD).expect(200)).body.token as string;
    const res = await http.post(`/api/v1/users/${username}/revoke-sessions`).set(auth(adminToken)).expect(200);
    expect(res.body).toEqual({ revoked: 2 });
    await http.get('/api/v1/auth/me').set(auth(token)).expect(401);
    await http.get('/api/v1/auth/me').set(auth(second)).expect(401);
    expect((await auditOf(username)).at(-1)).toMatchObject({ action: 'user.sessions_revoked', details: { revokedSessions: 2 } });
  });

  it('unlock lifts a sign-in lock and forgets counted failures, keeping the password; each unlock is audited', async () => {
    const { token, username } = await login(http, db, 'hr', [await createZone(db)]);
    for (let i = 0; i < 5; i++) await attempt(username, `wrong-password-${i}`).expect(401);
    await attempt(username, PASSWORD).expect(429);
    expect((await http.get(`/api/v1/users/${username}`).set(auth(adminToken)).expect(200)).body).toMatchObject({ lockedUntil: expect.any(String), activeSessions: 1 });
    const lifted = await http.post(`/api/v1/users/${username}/unlock`).set(auth(adminToken)).expect(200);
    expect(lifted.body).toEqual({ unlocked: true });
    expect((await http.get(`/api/v1/users/${username}`).set(auth(adminToken)).expect(200)).body).toMatchObject({ lockedUntil: null, activeSessions: 1 });
    // The session open before the lock was never touched; the password is the same.
    await http.get('/api/v1/auth/me').set(auth(token)).expect(200);
    await attempt(username, PASSWORD).expect(200);
    // Nothing left to lift: said so, and not audited.
    expect((await http.post(`/api/v1/users/${username}/unlock`).set(auth(adminToken)).expect(200)).body).toEqual({ unlocked: false });
    // Failures counted towards a lock are forgotten too.
    await attempt(username, 'wrong-password-again').expect(401);
    expect((await http.post(`/api/v1/users/${username.toUpperCase()}/unlock`).set(auth(adminToken)).expect(200)).body).toEqual({ unlocked: true });
    expect(await db.query('SELECT * FROM login_attempt WHERE username = $1', [username])).toEqual([]);
    const unlocks = (await auditOf(username)).filter((e) => e.action === 'user.unlocked');
    expect(unlocks).toEqual([
      { action: 'user.unlocked', actor_username: expect.stringMatching(/^admin\./), details: { username, wasLocked: true, failures: 0 } },
      { action: 'user.unlocked', actor_username: expect.stringMatching(/^admin\./), details: { username, wasLocked: false, failures: 1 } },
    ]);
    const missing = await http.post(`/api/v1/users/nobody.${uniqueCode()}/unlock`).set(auth(adminToken)).expect(404);
    expect(missing.body).toMatchObject({ statusCode: 404, errors: [expect.objectContaining({ code: 'not_found' })] });
  });

  it('a new role ends the user’s sessions; a change of display name does not', async () => {
    const { token, username } = await login(http, db, 'researcher');
    await http.put(`/api/v1/users/${username}`).set(auth(adminToken)).send({ displayName: 'Renamed' }).expect(200);
    await http.get('/api/v1/auth/me').set(auth(token)).expect(200);
    const res = await http.put(`/api/v1/users/${username}`).set(auth(adminToken)).send({ role: 'management' }).expect(200);
    expect(res.body).toMatchObject({ role: 'management', activeSessions: 0 });
    await http.get('/api/v1/auth/me').set(auth(token)).expect(401);
    const relogged = await attempt(username, PASSWORD).expect(200);
    expect(relogged.body.user.role).toBe('management');
    expect((await auditOf(username)).at(-1)!.details).toMatchObject({ changed: ['role'], role: { from: 'researcher', to: 'management' }, revokedSessions: 1 });
  });

  it('deactivation ends the sessions and refuses logins like a wrong password; reactivation does not revive old tokens', async () => {
    const { token, username } = await login(http, db, 'researcher');
    await http.put(`/api/v1/users/${username}`).set(auth(adminToken)).send({ active: false }).expect(200);
    await http.get('/api/v1/auth/me').set(auth(token)).expect(401);
    const refused = await attempt(username, PASSWORD).expect(401);
    expect(refused.body.message).toBe('The username or password is not correct.');
    const [session] = (await db.query('SELECT revoked_at FROM auth_session WHERE token_hash = $1', [sha256(token)])) as { revoked_at: Date | null }[];
    expect(session!.revoked_at).toBeInstanceOf(Date);
    await http.put(`/api/v1/users/${username}`).set(auth(adminToken)).send({ active: true }).expect(200);
    await http.get('/api/v1/auth/me').set(auth(token)).expect(401);
    await attempt(username, PASSWORD).expect(200);
  });
});

describe('own password and token expiry', () => {
  it('a user changes their password: policy and current password checked at once; other sessions end, this one stays', async () => {
    const { token, username } = await login(http, db, 'hr', [await createZone(db)]);
    const other = (await attempt(username, PASSWORD).expect(200)).body.token as string;
    const bad = await http.post('/api/v1/auth/password').set(auth(token)).send({ currentPassword: 'not-my-password', newPassword: `${username}-1` }).expect(422);
    expect((bad.body.errors as { column: string; code: string }[]).map((e) => `${e.column}:${e.code}`)).toEqual([
      'currentPassword:wrong_password',
      'newPassword:password_contains_username',
    ]);
    expect(bad.body.message).toBe('There are 2 problems; the password was not changed.');
    await http.post('/api/v1/auth/password').set(auth(token)).send({ currentPassword: PASSWORD, newPassword: 'Brand-new-pass-2026' }).expect(204);
    await http.get('/api/v1/auth/me').set(auth(token)).expect(200);
    await http.get('/api/v1/auth/me').set(auth(other)).expect(401);
    await attempt(username, PASSWORD).expect(401);
    await attempt(username, 'Brand-new-pass-2026').expect(200);
    const events = await db.query("SELECT action, details FROM audit_event WHERE actor_username = $1 AND action LIKE 'auth.password%' ORDER BY id", [username]);
    expect(events).toEqual([
      { action: 'auth.password_change_failed', details: { reason: 'wrong_current_password', failures: 1 } },
      { action: 'auth.password_changed', details: { revokedSessions: 1 } },
    ]);
  });

  it('an expired token is refused with 401, even just after it was used (the session cache keeps no session past its expiry)', async () => {
    const { token } = await login(http, db, 'researcher');
    await db.query("UPDATE auth_session SET expires_at = now() + interval '1 second' WHERE token_hash = $1", [sha256(token)]);
    await http.get('/api/v1/auth/me').set(auth(token)).expect(200);
    await new Promise((r) => setTimeout(r, 1200));
    const res = await http.get('/api/v1/auth/me').set(auth(token)).expect(401);
    expect(res.body.message).toMatch(/expired or was ended/);
  });

  it('a session ended by another instance (straight in the database) is refused within SESSION_CACHE_MS', async () => {
    const { token } = await login(http, db, 'researcher');
    await http.get('/api/v1/auth/me').set(auth(token)).expect(200);
    await db.query('UPDATE auth_session SET revoked_at = now() WHERE token_hash = $1', [sha256(token)]);
    await new Promise((r) => setTimeout(r, loadConfig({}).sessionCacheMs + 100));
    await http.get('/api/v1/auth/me').set(auth(token)).expect(401);
  });

  it('a session ended on this instance is refused at once although it was just used', async () => {
    const { token } = await login(http, db, 'researcher');
    await http.get('/api/v1/auth/me').set(auth(token)).expect(200);
    await http.post('/api/v1/auth/logout').set(auth(token)).expect((r) => expect(r.status).toBeLessThan(300));
    await http.get('/api/v1/auth/me').set(auth(token)).expect(401);
  });
});
