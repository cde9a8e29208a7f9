import { randomBytes, timingSafeEqual } from 'node:crypto';
import { BadRequestException, ForbiddenException, Inject, Injectable, Logger, NotFoundException, ServiceUnavailableException, UnauthorizedException } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { LoginResponse } from '@equity/shared';
import * as client from 'openid-client';
import { DataSource } from 'typeorm';
import { AuditService } from '../audit/audit.service.js';
import { APP_CONFIG } from '../config/config.module.js';
import type { AppConfig, OidcConfig } from '../config/config.js';
import { AuthRepository } from './auth.repository.js';
import { AuthService } from './auth.service.js';
import { normaliseUsername } from './login-lockout.service.js';

/** What the API keeps between sending a browser to the identity provider and its return. */
interface PendingLogin {
  codeVerifier: string;
  nonce: string;
  /** Also in a cookie of the browser that started the login: the callback must come from that browser. */
  binding: string;
  expiresAt: number;
}

/** How long a started OIDC login may take at the identity provider. */
export const OIDC_LOGIN_TTL_MS = 10 * 60_000;
/** Upper bound on pending logins kept in memory (oldest dropped first). */
const MAX_PENDING = 10_000;
const SCOPE = 'openid profile email';

export const OIDC_NOT_CONFIGURED =
  'Sign-in through an identity provider (OpenID Connect) is not configured on this server; sign in with your Equity Monitor account.';

/**
 * OpenID Connect login (authorization code flow with PKCE, state and nonce) through the force's
 * identity provider, when OIDC_* is configured. The identity provider only proves who someone is:
 * the name in OIDC_USERNAME_CLAIM must be an existing, active local account, whose role and zones
 * stay administered in Equity Monitor. The session is then opened exactly like a local login.
 */
@Injectable()
export class OidcService {
  private readonly logger = new Logger('OIDC');
  private readonly settings: OidcConfig | null;
  private discovered: Promise<client.Configuration> | null = null;
  /** Pending logins by state; in memory, single use, expiring after OIDC_LOGIN_TTL_MS. */
  private readonly pending = new Map<string, PendingLogin>();

  constructor(
    @Inject(APP_CONFIG) config: AppConfig,
    @InjectDataSource() private readonly db: DataSource,
    private readonly auth: AuthService,
    private readonly audit: AuditService,
    private readonly repo: AuthRepository,
  ) {
    this.settings = config.oidc;
  }

  get enabled(): boolean {
    return this.settings !== null;
  }

  /** Cookie attributes of the browser binding. */
  get secureCookie(): boolean {
    return this.settings?.redirectUrl.startsWith('https:') ?? true;
  }

  /** Starts a login: the identity provider's authorization URL, and the binding to set as a cookie. */
  async begin(): Promise<{ url: string; binding: string }> {
    const settings = this.require();
    const config = await this.configuration();
    const codeVerifier = client.randomPKCECodeVerifier();
    const state = client.randomState();
    const nonce = client.randomNonce();
    const binding = randomBytes(32).toString('base64url');
    this.remember(state, { codeVerifier, nonce, binding, expiresAt: Date.now() + OIDC_LOGIN_TTL_MS });
    const url = client.buildAuthorizationUrl(config, {
      redirect_uri: settings.redirectUrl,
      scope: SCOPE,
      response_type: 'code',
      code_challenge: await client.calculatePKCECodeChallenge(codeVerifier),
      code_challenge_method: 'S256',
      state,
      nonce,
    });
    return { url: url.href, binding };
  }

  /**
   * Completes a login from the identity provider's redirect (its query string) in the browser that
   * holds `binding`: exchanges the code, validates the ID token, maps the user name to a local account.
   */
  async finish(query: URLSearchParams, binding: string | undefined): Promise<LoginResponse> {
    const settings = this.require();
    const state = query.get('state') ?? '';
    const pending = this.take(state);
    if (!pending || pending.expiresAt < Date.now() || !binding || !sameSecret(pending.binding, binding)) {
      await this.audit.record(this.db.manager, null, 'auth.oidc_failed', { details: { reason: pending ? 'wrong_browser_or_expired' : 'unknown_state' } });
      throw new BadRequestException('This sign-in is not valid or took too long (more than 10 minutes). Please start the sign-in again.');
    }
    const config = await this.configuration();
    if (query.get('error')) {
      const error = (query.get('error') ?? '').slice(0, 64);
      await this.audit.record(this.db.manager, null, 'auth.oidc_failed', { details: { reason: 'provider_error', error } });
      throw new UnauthorizedException(`The identity provider did not sign you in (${error}). Please try again or ask your administrator.`);
    }
    const currentUrl = new URL(settings.redirectUrl);
    currentUrl.search = query.toString();
    let tokens: Awaited<ReturnType<typeof client.authorizationCodeGrant>>;
    try {
      tokens = await client.authorizationCodeGrant(config, currentUrl, {
        pkceCodeVerifier: pending.codeVerifier,
        expectedState: state,
        expectedNonce: pending.nonce,
        idTokenExpected: true,
      });
    } catch (err) {
      this.logger.warn(`code exchange failed: ${err instanceof Error ? err.message : String(err)}`);
      await this.audit.record(this.db.manager, null, 'auth.oidc_failed', { details: { reason: 'code_exchange_failed' } });
      throw new UnauthorizedException('The answer of the identity provider could not be verified. Please start the sign-in again.');
    }
    const claims = tokens.claims();
    if (!claims) throw new UnauthorizedException('The identity provider sent no ID token.');
    let username = claims[settings.usernameClaim];
    if (typeof username !== 'string' || !username.trim()) {
      // Many providers put profile claims only in the userinfo response of the code flow.
      try {
        const info = await client.fetchUserInfo(config, tokens.access_token, claims.sub);
        username = info[settings.usernameClaim];
      } catch (err) {
        this.logger.warn(`userinfo failed: ${err instanceof Error ? err.message : String(err)}`);
      }
    }
    const identity = { issuer: claims.iss, subject: claims.sub.slice(0, 200) };
    if (typeof username !== 'string' || !username.trim()) {
      await this.audit.record(this.db.manager, null, 'auth.oidc_refused', { details: { ...identity, reason: 'no_username_claim', claim: settings.usernameClaim } });
      throw new ForbiddenException(`The identity provider did not give your user name (claim ${settings.usernameClaim}); ask your administrator.`);
    }
    const name = normaliseUsername(username).slice(0, 100);
    const row = await this.repo.account(name);
    const session = row?.active ? await this.auth.createSession(row.id, { method: 'oidc', ...identity }) : null;
    if (!session) {
      await this.audit.record(this.db.manager, null, 'auth.oidc_refused', { details: { ...identity, username: name.slice(0, 64), reason: row ? 'inactive' : 'unknown_user' } });
      throw new ForbiddenException(
        `You were identified as "${name}", but Equity Monitor has no active account with that name. Ask an Equity Monitor administrator to create or reactivate it.`,
      );
    }
    return session;
  }

  private require(): OidcConfig {
    if (!this.settings) throw new NotFoundException(OIDC_NOT_CONFIGURED);
    return this.settings;
  }

  /** The identity provider's metadata, discovered at first use (and again after a failure). */
  private configuration(): Promise<client.Configuration> {
    const settings = this.require();
    if (!this.discovered) {
      const issuer = new URL(settings.issuer);
      this.discovered = client
        .discovery(issuer, settings.clientId, undefined, client.ClientSecretBasic(settings.clientSecret), {
          // config.ts allows plain http for a loopback issuer only (development and tests).
          execute: issuer.protocol === 'http:' ? [client.allowInsecureRequests] : [],
          timeout: 10,
        })
        .catch((err: unknown) => {
          this.discovered = null;
          this.logger.error(`discovery of ${settings.issuer} failed: ${err instanceof Error ? err.message : String(err)}`);
          throw new ServiceUnavailableException('The identity provider cannot be reached at the moment. Please try again later or sign in with your Equity Monitor account.');
        });
    }
    return this.discovered;
  }

  private remember(state: string, login: PendingLogin): void {
    const now = Date.now();
    for (const [key, value] of this.pending) {
      if (value.expiresAt >= now && this.pending.size < MAX_PENDING) break; // Map order = age order
      this.pending.delete(key);
    }
    this.pending.set(state, login);
  }

  private take(state: string): PendingLogin | undefined {
    const login = this.pending.get(state);
    this.pending.delete(state);
    return login;
  }
}

function sameSecret(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}
