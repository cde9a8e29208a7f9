// OpenID Connect login against a real OpenID provider (panva's oidc-provider) running in this
// process: login → identity provider → callback → a bearer token of the right local account;
// unknown user names refused; a tampered, replayed or foreign state refused; OIDC off → 404.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { INestApplication } from '@nestjs/common';
import type request from 'supertest';
import type { DataSource } from 'typeorm';
import type { OidcConfig } from '../src/config/config.js';
import { auth, createTestApp, login, uniqueCode } from './utils.js';

/** The API's callback as the identity provider knows it; the test routes it to the app (supertest). */
const REDIRECT_URL = 'http://localhost:3999/api/v1/auth/oidc/callback';
const CLIENT = { client_id: 'equity-monitor', client_secret: 'a-client-secret-for-tests' };

let idp: http.Server;
let issuer: string;
/** Identity provider accounts: subject → claims. */
const idpAccounts = new Map<string, Record<string, string>>();
/** The subject the provider's (minimal) login page signs in next. */
let nextSubject = '';

let app: INestApplication;
let db: DataSource;
let api: ReturnType<typeof request>;

beforeAll(async () => {
  idp = http.createServer();
  await new Promise<void>((resolve) => idp.listen(0, '127.0.0.1', resolve));
  issuer = `http://127.0.0.1:${(idp.address() as AddressInfo).port}`;
  // oidc-provider warns about its development defaults (keys, in-memory storage) and Node 20; fine for a test.
  const warn = console.warn;
  console.warn = () => undefined;
  const { default: Provider } = await import('oidc-provider');
  const hour = () => 3600;
  const provider = new Provider(issuer, {
    ttl: { Interaction: hour, Grant: hour, Session: hour, AccessToken: hour, IdToken: hour, AuthorizationCode: () => 60 },
    clients: [{ ...CLIENT, redirect_uris: [REDIRECT_URL], grant_types: ['authorization_code'], response_types: ['code'] }],
    claims: { openid: ['sub'], profile: ['preferred_username', 'name'], email: ['email'] },
    findAccount: (_ctx, sub) => {
      const claims = idpAccounts.get(sub);
      return claims ? { accountId: sub, claims: () => ({ sub, ...claims }) } : undefined;
    },
    interactions: { url: (_ctx, interaction) => `/interaction/${interaction.uid}` },
    features: { devInteractions: { enabled: false } },
    // Consent is implied for the one client: the grant covers what it asks.
    loadExistingGrant: async (ctx) => {
      const grant = new ctx.oidc.provider.Grant({ clientId: ctx.oidc.client!.clientId, accountId: ctx.oidc.session!.accountId! });
      grant.addOIDCScope('openid profile email');
      await grant.save();
      return grant;
    },
  });
  console.warn = warn;
  const handle = provider.callback();
  idp.on('request', (req: http.IncomingMessage, res: http.ServerResponse) => {
    if (req.url?.startsWith('/interaction/')) {
      // A minimal login page: whoever the test chose is signed in.
      provider
        .interactionDetails(req, res)
        .then(() => provider.interactionFinished(req, res, { login: { accountId: nextSubject } }, { mergeWithLastSubmission: false }))
        .catch((err: unknown) => {
          res.statusCode = 500;
          res.end(String(err));
        });
      return;
    }
    void handle(req, res);
  });
  const oidc: OidcConfig = { issuer, clientId: CLIENT.client_id, clientSecret: CLIENT.client_secret, redirectUrl: REDIRECT_URL, usernameClaim: 'preferred_username' };
  ({ app, db, http: api } = await createTestApp({ oidc, loginRateLimit: 10_000 }));
});

afterAll(async () => {
  await app?.close();
  idp?.closeAllConnections();
  await new Promise((resolve) => idp?.close(resolve));
});

/** A browser's cookie jar (name → value; paths and hosts ignored, enough for one IdP and one API). */
class Browser {
  readonly cookies = new Map<string, string>();

  store(setCookie: string[] | string | undefined): void {
    for (const line of ([] as string[]).concat(setCookie ?? [])) {
      const [pair = ''] = line.split(';');
      const eq = pair.indexOf('=');
      const name = pair.slice(0, eq).trim();
      const value = pair.slice(eq + 1).trim();
      if (!value || /expires=Thu, 01 Jan 1970/i.test(line)) this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
  }

  get header(): string {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  }

  /** GET /api/v1/auth/oidc/login, then follows the identity provider's redirects until it sends the browser back to the API. */
  async signInAtProvider(): Promise<URL> {
    const start = await api.get('/api/v1/auth/oidc/login').expect(302);
    this.store(start.headers['set-cookie']);
    let location = new URL(start.headers['location'] as string);
    expect(location.origin).toBe(issuer);
    expect(Object.fromEntries(location.searchParams)).toMatchObject({
      client_id: CLIENT.client_id,
      redirect_uri: REDIRECT_URL,
      response_type: 'code',
      code_challenge_method: 'S256',
      code_challenge: expect.any(String),
      state: expect.any(String),
      nonce: expect.any(String),
    });
    for (let hop = 0; hop < 10; hop++) {
      const res = await fetch(location, { redirect: 'manual', headers: { cookie: this.header } });
      this.store(res.headers.getSetCookie());
      const next = res.headers.get('location');
      if (res.status < 300 || res.status >= 400 || !next) throw new Error(`the identity provider answered ${res.status}: ${await res.text()}`);
      location = new URL(next, location);
      if (location.href.startsWith(REDIRECT_URL)) return location;
    }
    throw new Error('too many redirects at the identity provider');
  }

  /** The API's callback with this browser's cookies. */
  callback(url: URL) {
    return api.get(`${url.pathname}${url.search}`).set('Cookie', this.header);
  }
}

async function sessionsOf(username: string): Promise<number> {
  const [row] = (await db.query('SELECT count(*)::int AS n FROM auth_session s JOIN app_user u ON u.id = s.user_id WHERE u.username = $1', [username])) as { n: number }[];
  return row!.n;
}

/** A local account (made through the API's helper) and an identity provider account whose preferred_username is it. */
async function linkedAccount(role: 'hr' | 'management' | 'researcher' = 'management'): Promise<{ username: string; subject: string }> {
  const { username } = await login(api, db, role);
  const subject = `sub-${uniqueCode()}`;
  idpAccounts.set(subject, { preferred_username: username.toUpperCase(), name: 'Someone at the IdP' });
  return { username, subject };
}

describe('OpenID Connect login', () => {
  it('login → identity provider → callback gives a working bearer token of the matching local account', async () => {
    const { username, subject } = await linkedAccount('management');
    const before = await sessionsOf(username);
    nextSubject = subject;
    const browser = new Browser();
    const back = await browser.signInAtProvider();
    expect(back.searchParams.get('code')).toEqual(expect.any(String));
    const res = await browser.callback(back).expect(302);
    const m = /^\/login#token=([A-Za-z0-9_-]+)$/.exec(res.headers['location'] as string);
    expect(m).not.toBeNull();
    const token = decodeURIComponent(m![1]!);
    const me = await api.get('/api/v1/auth/me').set(auth(token)).expect(200);
    expect(me.body).toMatchObject({ username, role: 'management' });
    expect(await sessionsOf(username)).toBe(before + 1);
    const [event] = (await db.query("SELECT actor_username, details FROM audit_event WHERE action = 'auth.login' AND actor_username = $1 ORDER BY id DESC LIMIT 1", [username])) as {
      actor_username: string;
      details: Record<string, unknown>;
    }[];
    expect(event!.details).toEqual({ method: 'oidc', issuer, subject });

    // The same callback again (a replay) is refused: a state is used once.
    const replay = await browser.callback(back).expect(400);
    expect(replay.body.message).toMatch(/start the sign-in again/);
  });

  it('refuses a user name without an active local account, creating no session, and audits it', async () => {
    const unknownName = `nobody.${uniqueCode()}`;
    const subject = `sub-${uniqueCode()}`;
    idpAccounts.set(subject, { preferred_username: unknownName });
    nextSubject = subject;
    const browser = new Browser();
    const res = await browser.callback(await browser.signInAtProvider()).expect(403);
    expect(res.body.message).toBe(
      `You were identified as "${unknownName}", but Equity Monitor has no active account with that name. Ask an Equity Monitor administrator to create or reactivate it.`,
    );
    expect(res.headers['location']).toBeUndefined();
    const events = (await db.query("SELECT actor_username, details FROM audit_event WHERE action = 'auth.oidc_refused' AND details->>'username' = $1", [unknownName])) as {
      actor_username: string | null;
      details: Record<string, unknown>;
    }[];
    expect(events).toEqual([{ actor_username: null, details: { username: unknownName, reason: 'unknown_user', issuer, subject } }]);

    // A deactivated account is refused the same way.
    const { username, subject: inactive } = await linkedAccount('researcher');
    await db.query('UPDATE app_user SET active = false WHERE username = $1', [username]);
    const sessions = await sessionsOf(username);
    nextSubject = inactive;
    const other = new Browser();
    await other.callback(await other.signInAtProvider()).expect(403);
    expect(await sessionsOf(username)).toBe(sessions);
  });

  it('refuses a tampered state, and a callback from another browser than the one that started the sign-in', async () => {
    const { username, subject } = await linkedAccount('researcher');
    const sessions = await sessionsOf(username);
    nextSubject = subject;
    const browser = new Browser();
    const back = await browser.signInAtProvider();

    const tampered = new URL(back);
    tampered.searchParams.set('state', `${back.searchParams.get('state')}x`);
    const refused = await browser.callback(tampered).expect(400);
    expect(refused.body.message).toBe('This sign-in is not valid or took too long (more than 10 minutes). Please start the sign-in again.');

    // The right state and code, but without the cookie of the browser that started it (login CSRF).
    await api.get(`${back.pathname}${back.search}`).expect(400);
    // That attempt used the state up: the real browser cannot complete it either.
    await browser.callback(back).expect(400);
    expect(await sessionsOf(username)).toBe(sessions);

    // A state never issued, with no code at all.
    await api.get('/api/v1/auth/oidc/callback?state=made-up&code=made-up').set('Cookie', browser.header).expect(400);
  });
});

describe('OpenID Connect off (default)', () => {
  it('answers 404 on both endpoints with a clear message', async () => {
    const off = await createTestApp();
    try {
      const start = await off.http.get('/api/v1/auth/oidc/login').expect(404);
      expect(start.body.message).toMatch(/not configured on this server/);
      expect(start.headers['location']).toBeUndefined();
      const back = await off.http.get('/api/v1/auth/oidc/callback?code=x&state=y').expect(404);
      expect(back.body.message).toMatch(/not configured on this server/);
    } finally {
      await off.app.close();
    }
  });
});
