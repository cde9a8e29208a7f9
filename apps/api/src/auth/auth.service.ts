import { createHash, randomBytes } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { LoginResponse, Problem } from '@equity/shared';
import { hash as argon2Hash, verify as argon2Verify } from '@node-rs/argon2';
import { DataSource, type EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service.js';
import { APP_CONFIG } from '../config/config.module.js';
import type { AppConfig } from '../config/config.js';
import { RefusalException, ValidationProblemsException, requestProblem } from '../core/problems.js';
import type { AuthUser } from './auth-user.js';
import { toUserDto } from './auth-user.js';
import { type AuthUserRow, AuthRepository } from './auth.repository.js';
import { LoginLockoutService, normaliseUsername } from './login-lockout.service.js';
import { passwordPolicyProblems } from './password-policy.js';

/** Sessions one instance remembers at most (SESSION_CACHE_MS); the oldest go first. */
const SESSION_CACHE_ENTRIES = 10000;

export const sha256 = (token: string) => createHash('sha256').update(token).digest('hex');

/** argon2id (the library's default algorithm; the stored PHC string says `$argon2id$`). */
export function hashPassword(password: string): Promise<string> {
  return argon2Hash(password);
}

@Injectable()
export class AuthService {
  /** Verified against when the user does not exist, so both cases take the same time. */
  private readonly dummyHash = hashPassword(randomBytes(16).toString('hex'));
  /**
   * Sessions resolved in the last SESSION_CACHE_MS, by token hash (valid ones only, so unknown
   * tokens cannot fill it). Cleared whenever a session ends or an account changes on this
   * instance (`forgetSessions`); other instances see such a change within SESSION_CACHE_MS.
   */
  private readonly sessions = new Map<string, { user: AuthUser; until: number }>();
  /**
   * Lookups of a session in flight, by token hash: requests with the same token that miss the
   * cache at once wait for one query (under load every cached session expires while hundreds of
   * its requests are in flight). `generation` counts `forgetSessions`: a lookup begun before is
   * answered but not remembered, so a revoked session is never cached from a read before it.
   */
  private readonly resolving = new Map<string, Promise<AuthUser | null>>();
  private generation = 0;

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly audit: AuditService,
    private readonly lockout: LoginLockoutService,
    private readonly repo: AuthRepository,
  ) {}

  /**
   * Signs in. A locked name is refused (429) before the password is looked at; a failure counts
   * towards the lock whether or not the account exists, and every failure gets the same answer.
   */
  async login(username: string, password: string): Promise<LoginResponse> {
    const name = normaliseUsername(username);
    const lockedUntil = await this.lockout.lockedUntil(name);
    if (lockedUntil) {
      await this.audit.record(this.db.manager, null, 'auth.login_refused_locked', { details: { username: name.slice(0, 64), lockedUntil: lockedUntil.toISOString() } });
      throw this.lockout.lockedException(lockedUntil);
    }
    const row = await this.repo.credentials(name);
    const ok = await argon2Verify(row?.password_hash ?? (await this.dummyHash), password);
    if (!row || !ok || !row.active) {
      const failure = await this.lockout.recordFailure(name);
      const reason = !row ? 'unknown_user' : !ok ? 'wrong_password' : 'inactive';
      await this.audit.record(this.db.manager, null, 'auth.login_failed', { details: { username: name.slice(0, 64), reason, failures: failure.failures } });
      if (failure.lockedUntil) {
        await this.audit.record(this.db.manager, null, 'auth.lockout', {
          details: { username: name.slice(0, 64), lockedUntil: failure.lockedUntil.toISOString(), failures: failure.failures },
        });
      }
      throw new RefusalException(401, 'login_failed', 'The username or password is not correct.');
    }
    await this.lockout.clear(this.db.manager, name);
    const session = await this.createSession(row.id, {});
    if (!session) throw new RefusalException(401, 'login_failed', 'The username or password is not correct.');
    return session;
  }

  /**
   * Opens a session for an active account (local login, OpenID Connect): a new opaque token, stored
   * only as SHA-256, valid TOKEN_TTL_HOURS; audited as `auth.login` with `details`. Null when the
   * account does not exist or is not active.
   */
  async createSession(userId: number, details: Record<string, unknown>): Promise<LoginResponse | null> {
    const user = await this.findUser(userId);
    if (!user) return null;
    const token = randomBytes(32).toString('base64url');
    const expiresAt = new Date(Date.now() + this.config.tokenTtlHours * 3600_000);
    await this.repo.insertSession(sha256(token), userId, expiresAt);
    await this.audit.record(this.db.manager, user, 'auth.login', { details });
    return { token, expiresAt: expiresAt.toISOString(), user: toUserDto(user) };
  }

  /**
   * A logged-in user changes their own password: the current one must be right (a wrong one counts
   * towards the lockout like a failed sign-in), the new one must meet the policy. Every other
   * session of the user ends; this one stays.
   */
  async changePassword(user: AuthUser, token: string, currentPassword: string, newPassword: string): Promise<{ revokedSessions: number }> {
    const lockedUntil = await this.lockout.lockedUntil(user.username);
    if (lockedUntil) throw this.lockout.lockedException(lockedUntil);
    const stored = await this.repo.passwordHash(user.id);
    const ok = stored ? await argon2Verify(stored.password_hash, currentPassword) : false;
    const problems: Problem[] = [];
    if (!ok) {
      const failure = await this.lockout.recordFailure(user.username);
      await this.audit.record(this.db.manager, user, 'auth.password_change_failed', { details: { reason: 'wrong_current_password', failures: failure.failures } });
      if (failure.lockedUntil) {
        await this.audit.record(this.db.manager, user, 'auth.lockout', {
          details: { username: user.username, lockedUntil: failure.lockedUntil.toISOString(), failures: failure.failures },
        });
      }
      problems.push(requestProblem('currentPassword', 'wrong_password', 'The current password is not correct.'));
    }
    problems.push(...passwordPolicyProblems(newPassword, user.username, 'newPassword', 'The new password'));
    if (ok && newPassword === currentPassword) {
      problems.push(requestProblem('newPassword', 'password_unchanged', 'The new password must be different from the current one.'));
    }
    if (problems.length) throw new ValidationProblemsException(problems, [], problems.length === 1 ? 'There is 1 problem; the password was not changed.' : `There are ${problems.length} problems; the password was not changed.`);
    const hash = await hashPassword(newPassword);
    const result = await this.db.transaction(async (m) => {
      await this.repo.setPasswordHash(m, user.id, hash);
      const revokedSessions = await this.revokeSessions(m, user.id, token);
      await this.lockout.clear(m, user.username);
      await this.audit.record(m, user, 'auth.password_changed', { details: { revokedSessions } });
      return { revokedSessions };
    });
    this.forgetSessions();
    return result;
  }

  /** Ends every open session of a user (but the one of `keepToken`); returns how many ended. */
  async revokeSessions(manager: EntityManager, userId: number, keepToken?: string): Promise<number> {
    this.forgetSessions();
    return this.repo.revokeSessions(manager, userId, keepToken ? sha256(keepToken) : null);
  }

  async logout(token: string, user: AuthUser): Promise<void> {
    await this.repo.revokeSession(sha256(token));
    this.forget(sha256(token));
    await this.audit.record(this.db.manager, user, 'auth.logout', {});
  }

  /**
   * Drops every session this instance remembers: after a sign-out, a revocation or any change to
   * an account (role, zones, active), called once its transaction has committed.
   */
  forgetSessions(): void {
    this.generation += 1;
    this.sessions.clear();
    this.resolving.clear();
  }

  /** Forgets one session (sign-out), and any lookup of it in flight. */
  private forget(key: string): void {
    this.generation += 1;
    this.sessions.delete(key);
    this.resolving.delete(key);
  }

  /**
   * The active account of a valid session, or null when it is unknown, expired or revoked: in one
   * query (it runs on every authenticated request), remembered for SESSION_CACHE_MS, and one query
   * for all the requests of a token that ask at once.
   */
  resolve(token: string): Promise<AuthUser | null> {
    const key = sha256(token);
    const seen = this.sessions.get(key);
    if (seen && seen.until > Date.now()) return Promise.resolve(seen.user);
    if (seen) this.sessions.delete(key);
    const pending = this.resolving.get(key);
    if (pending) return pending;
    const lookup = this.lookup(key).finally(() => {
      if (this.resolving.get(key) === lookup) this.resolving.delete(key);
    });
    this.resolving.set(key, lookup);
    return lookup;
  }

  private async lookup(key: string): Promise<AuthUser | null> {
    const generation = this.generation;
    const now = Date.now();
    const row = await this.repo.sessionUser(key);
    const user = toAuthUser(row);
    if (row && user && this.config.sessionCacheMs > 0 && generation === this.generation) {
      this.sessions.set(key, { user, until: Math.min(now + this.config.sessionCacheMs, new Date(row.expires_at).getTime()) });
      if (this.sessions.size > SESSION_CACHE_ENTRIES) this.sessions.delete(this.sessions.keys().next().value!);
    }
    return user;
  }

  private async findUser(id: number): Promise<AuthUser | null> {
    return toAuthUser(await this.repo.activeUser(id));
  }
}

function toAuthUser(r: AuthUserRow | null): AuthUser | null {
  return r ? { id: r.id, username: r.username, displayName: r.display_name, role: r.role, zones: r.role === 'hr' ? r.zones : [] } : null;
}
