import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';

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
 * The SQL of signing in: the lockout's failed attempts (login_attempt: a row a user name, its
 * recent failures and any running lock). User names are passed normalised (`normaliseUsername`).
 */
@Injectable()
export class AuthRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

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
