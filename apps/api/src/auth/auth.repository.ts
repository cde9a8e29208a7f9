import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Role } from '@equity/shared';
import { DataSource, type EntityManager } from 'typeorm';

/** An account as a password sign-in checks it. */
export interface CredentialsRow {
  id: number;
  password_hash: string;
  active: boolean;
}

/** An account's stored password hash. */
export interface PasswordHashRow {
  password_hash: string;
}

/** An account as an OpenID Connect sign-in finds it by name. */
export interface AccountRow {
  id: number;
  active: boolean;
}

/** An active account as a request acts for it: its zones sorted (empty when none). */
export interface AuthUserRow {
  id: number;
  username: string;
  display_name: string;
  role: Role;
  zones: string[];
}

/** The active account of a valid session, and when the session expires. */
export interface SessionUserRow extends AuthUserRow {
  expires_at: Date;
}

/** How many sessions ended. */
interface EndedRow {
  n: number;
}

/** The lockout's numbers (LoginLockoutService): the window failures count in, how many lock, for how long. */
export interface LockoutPolicy {
  windowMinutes: number;
  maxFailures: number;
  lockMinutes: number;
}

/** A name's running lock. */
export interface LockRow {
  locked_until: Date;
}

/** A counted failure: the failures now in the count (0 when this one locked the name), whether it did, and the lock's end. */
export interface FailureRow {
  failures: number;
  locked_now: boolean;
  locked_until: Date | null;
}

/** What was forgotten of a name: whether it was locked, and its failures within the window. */
export interface ForgottenRow {
  was_locked: boolean;
  failures: number;
}

/**
 * The SQL of signing in: accounts as the sign-in path reads them (app_user), sessions
 * (auth_session) and the lockout's failed attempts (login_attempt: a row a user name, its recent
 * failures and any running lock). User names are passed normalised (`normaliseUsername`), tokens
 * as their SHA-256 (`sha256`), never in clear.
 */
@Injectable()
export class AuthRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  // Accounts as signing in reads them.

  /** The account named `username` with its password hash, active or not; null when there is none. */
  async credentials(username: string): Promise<CredentialsRow | null> {
    const rows: CredentialsRow[] = await this.db.query('SELECT id, password_hash, active FROM app_user WHERE username = $1', [username]);
    return rows[0] ?? null;
  }

  /** The account named `username`, active or not; null when there is none. */
  async account(username: string): Promise<AccountRow | null> {
    const rows: AccountRow[] = await this.db.query('SELECT id, active FROM app_user WHERE username = $1', [username]);
    return rows[0] ?? null;
  }

  /** The account's password hash; null when there is no such account. */
  async passwordHash(userId: number): Promise<PasswordHashRow | null> {
    const rows: PasswordHashRow[] = await this.db.query('SELECT password_hash FROM app_user WHERE id = $1', [userId]);
    return rows[0] ?? null;
  }

  /** Stores a new password hash of the account, in `manager`'s transaction. */
  async setPasswordHash(manager: EntityManager, userId: number, hash: string): Promise<void> {
    await manager.query('UPDATE app_user SET password_hash = $2 WHERE id = $1', [userId, hash]);
  }

  /** The account with its zones when it is active; null when it does not exist or is not active. */
  async activeUser(userId: number): Promise<AuthUserRow | null> {
    const rows: AuthUserRow[] = await this.db.query(
      `SELECT u.id, u.username, u.display_name, u.role,
              coalesce(array_agg(z.code ORDER BY z.code) FILTER (WHERE z.code IS NOT NULL), '{}') AS zones
         FROM app_user u
         LEFT JOIN user_zone uz ON uz.user_id = u.id
         LEFT JOIN zone z ON z.id = uz.zone_id
        WHERE u.id = $1 AND u.active
        GROUP BY u.id`,
      [userId],
    );
    return rows[0] ?? null;
  }

  // Sessions.

  /** Stores a new session of the account. */
  async insertSession(tokenHash: string, userId: number, expiresAt: Date): Promise<void> {
    await this.db.query('INSERT INTO auth_session (token_hash, user_id, expires_at) VALUES ($1, $2, $3)', [tokenHash, userId, expiresAt]);
  }

  /**
   * The active account of the session `tokenHash` with its zones, in one query; null when the
   * session is unknown, expired or revoked, or its account is not active.
   */
  async sessionUser(tokenHash: string): Promise<SessionUserRow | null> {
    const rows: SessionUserRow[] = await this.db.query(
      `SELECT u.id, u.username, u.display_name, u.role, s.expires_at,
              coalesce(array_agg(z.code ORDER BY z.code) FILTER (WHERE z.code IS NOT NULL), '{}') AS zones
         FROM auth_session s
         JOIN app_user u ON u.id = s.user_id AND u.active
         LEFT JOIN user_zone uz ON uz.user_id = u.id
         LEFT JOIN zone z ON z.id = uz.zone_id
        WHERE s.token_hash = $1 AND s.revoked_at IS NULL AND s.expires_at > now()
        GROUP BY u.id, s.expires_at`,
      [tokenHash],
    );
    return rows[0] ?? null;
  }

  /** Ends the session `tokenHash` unless it has ended already. */
  async revokeSession(tokenHash: string): Promise<void> {
    await this.db.query('UPDATE auth_session SET revoked_at = now() WHERE token_hash = $1 AND revoked_at IS NULL', [tokenHash]);
  }

  /**
   * Ends every open session of the account but `keepTokenHash`'s (none kept when null), in
   * `manager`'s transaction; returns how many ended.
   */
  async revokeSessions(manager: EntityManager, userId: number, keepTokenHash: string | null): Promise<number> {
    const rows: EndedRow[] = await manager.query(
      `WITH ended AS (
         UPDATE auth_session SET revoked_at = now()
          WHERE user_id = $1 AND revoked_at IS NULL AND expires_at > now() AND ($2::text IS NULL OR token_hash <> $2)
          RETURNING id)
       SELECT count(*)::int AS n FROM ended`,
      [userId, keepTokenHash],
    );
    return rows[0]?.n ?? 0;
  }

  // Failed sign-ins of a user name and its lock (LoginLockoutService).

  /** The name's lock while it runs, else null. */
  async lockedUntil(username: string): Promise<Date | null> {
    const rows: LockRow[] = await this.db.query('SELECT locked_until FROM login_attempt WHERE username = $1 AND locked_until > now()', [username]);
    return rows[0]?.locked_until ?? null;
  }

  /**
   * Counts a failure of the name in one statement: the `maxFailures`-th within the window locks the
   * name for `lockMinutes` and empties the count.
   */
  async recordFailure(username: string, policy: LockoutPolicy): Promise<FailureRow> {
    const recent = `(array(SELECT f FROM unnest(a.failed_at) f WHERE f > now() - make_interval(mins => $2::int) ORDER BY f) || now())`;
    const rows: FailureRow[] = await this.db.query(
      `INSERT INTO login_attempt AS a (username, failed_at) VALUES ($1, ARRAY[now()])
       ON CONFLICT (username) DO UPDATE SET
         locked_until = CASE WHEN cardinality(${recent}) >= $3 THEN now() + make_interval(mins => $4::int) ELSE a.locked_until END,
         failed_at = CASE WHEN cardinality(${recent}) >= $3 THEN '{}'::timestamptz[] ELSE ${recent} END
       RETURNING cardinality(failed_at) AS failures, (cardinality(failed_at) = 0 AND locked_until > now()) AS locked_now, locked_until`,
      [username, policy.windowMinutes, policy.maxFailures, policy.lockMinutes],
    );
    return rows[0]!;
  }

  /** Deletes the name's failures and lock, in `manager`'s transaction. */
  async clearAttempts(manager: EntityManager, username: string): Promise<void> {
    await manager.query('DELETE FROM login_attempt WHERE username = $1', [username]);
  }

  /** Deletes the name's failures and lock, in `manager`'s transaction, saying what there was; null when there was no row. */
  async forgetAttempts(manager: EntityManager, username: string, windowMinutes: number): Promise<ForgottenRow | null> {
    const rows: ForgottenRow[] = await manager.query(
      `WITH gone AS (DELETE FROM login_attempt WHERE username = $1 RETURNING locked_until, failed_at)
       SELECT coalesce(locked_until > now(), false) AS was_locked,
              cardinality(array(SELECT f FROM unnest(failed_at) f WHERE f > now() - make_interval(mins => $2::int)))::int AS failures
         FROM gone`,
      [username, windowMinutes],
    );
    return rows[0] ?? null;
  }

  /** Deletes the rows with no running lock and no failure within the window. */
  async deleteStaleAttempts(windowMinutes: number): Promise<void> {
    await this.db.query(
      `DELETE FROM login_attempt
        WHERE (locked_until IS NULL OR locked_until <= now())
          AND coalesce(failed_at[cardinality(failed_at)], '-infinity') <= now() - make_interval(mins => $1::int)`,
      [windowMinutes],
    );
  }
}
