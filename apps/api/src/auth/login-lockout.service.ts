import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { TooManyRequestsException } from '../core/too-many-requests.js';

/** After this many failed sign-ins for one user name within the window, the name is locked. */
export const LOCKOUT_MAX_FAILURES = 5;
export const LOCKOUT_WINDOW_MINUTES = 15;
export const LOCKOUT_MINUTES = 15;

/** Normalised user name as accounts store it (and as the lock is keyed). */
export const normaliseUsername = (username: string) => username.trim().toLowerCase();

/**
 * Per-account lockout, kept in the database (table login_attempt) so it survives restarts and is
 * shared by every instance. Works on the name as typed, so unknown names behave like real ones.
 */
@Injectable()
export class LoginLockoutService {
  private lastCleanup = 0;

  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /** When the name is locked, until when; otherwise null. */
  async lockedUntil(username: string): Promise<Date | null> {
    const rows: { locked_until: Date }[] = await this.db.query('SELECT locked_until FROM login_attempt WHERE username = $1 AND locked_until > now()', [
      normaliseUsername(username),
    ]);
    return rows[0]?.locked_until ?? null;
  }

  /**
   * Counts a failed attempt; the LOCKOUT_MAX_FAILURES-th within the window locks the name for
   * LOCKOUT_MINUTES and starts a fresh count. Returns the lock end when this failure caused it.
   */
  async recordFailure(username: string): Promise<{ lockedUntil: Date | null; failures: number }> {
    await this.cleanup();
    const recent = `(array(SELECT f FROM unnest(a.failed_at) f WHERE f > now() - make_interval(mins => $2::int) ORDER BY f) || now())`;
    const rows: { failures: number; locked_now: boolean; locked_until: Date | null }[] = await this.db.query(
      `INSERT INTO login_attempt AS a (username, failed_at) VALUES ($1, ARRAY[now()])
       ON CONFLICT (username) DO UPDATE SET
         locked_until = CASE WHEN cardinality(${recent}) >= $3 THEN now() + make_interval(mins => $4::int) ELSE a.locked_until END,
         failed_at = CASE WHEN cardinality(${recent}) >= $3 THEN '{}'::timestamptz[] ELSE ${recent} END
       RETURNING cardinality(failed_at) AS failures, (cardinality(failed_at) = 0 AND locked_until > now()) AS locked_now, locked_until`,
      [normaliseUsername(username), LOCKOUT_WINDOW_MINUTES, LOCKOUT_MAX_FAILURES, LOCKOUT_MINUTES],
    );
    const row = rows[0]!;
    return row.locked_now ? { lockedUntil: row.locked_until, failures: LOCKOUT_MAX_FAILURES } : { lockedUntil: null, failures: row.failures };
  }

  /** Forgets failures and any lock of the name (successful sign-in, new password set by an administrator). */
  async clear(manager: EntityManager, username: string): Promise<void> {
    await manager.query('DELETE FROM login_attempt WHERE username = $1', [normaliseUsername(username)]);
  }

  /**
   * Forgets failures and any lock of the name, saying what there was: whether it was locked and
   * how many recent failures were counted; null when there was nothing to forget.
   */
  async forget(manager: EntityManager, username: string): Promise<{ wasLocked: boolean; failures: number } | null> {
    const rows: { was_locked: boolean; failures: number }[] = await manager.query(
      `WITH gone AS (DELETE FROM login_attempt WHERE username = $1 RETURNING locked_until, failed_at)
       SELECT coalesce(locked_until > now(), false) AS was_locked,
              cardinality(array(SELECT f FROM unnest(failed_at) f WHERE f > now() - make_interval(mins => $2::int)))::int AS failures
         FROM gone`,
      [normaliseUsername(username), LOCKOUT_WINDOW_MINUTES],
    );
    const row = rows[0];
    return row && (row.was_locked || row.failures > 0) ? { wasLocked: row.was_locked, failures: row.failures } : null;
  }

  /** The answer while a name is locked; the same for every name, existing or not. */
  lockedException(until: Date): TooManyRequestsException {
    const seconds = Math.max(1, Math.ceil((until.getTime() - Date.now()) / 1000));
    const minutes = Math.ceil(seconds / 60);
    const at = until.toISOString().slice(11, 16);
    return new TooManyRequestsException(
      `Too many failed sign-in attempts for this user name: signing in is blocked until ${at} UTC ` +
        `(${minutes === 1 ? 'about 1 minute' : `about ${minutes} minutes`} from now). Please try again then, ` +
        'or ask an administrator to set a new password.',
      seconds,
    );
  }

  /** Drops rows with no recent failure and no running lock, at most once a minute. */
  private async cleanup(): Promise<void> {
    if (Date.now() - this.lastCleanup < 60_000) return;
    this.lastCleanup = Date.now();
    await this.db.query(
      `DELETE FROM login_attempt
        WHERE (locked_until IS NULL OR locked_until <= now())
          AND coalesce(failed_at[cardinality(failed_at)], '-infinity') <= now() - make_interval(mins => $1::int)`,
      [LOCKOUT_WINDOW_MINUTES],
    );
  }
}
