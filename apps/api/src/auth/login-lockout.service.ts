import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { TooManyRequestsException } from '../core/too-many-requests.js';
import { AuthRepository, type LockoutPolicy } from './auth.repository.js';

/** After this many failed sign-ins for one user name within the window, the name is locked. */
export const LOCKOUT_MAX_FAILURES = 5;
export const LOCKOUT_WINDOW_MINUTES = 15;
export const LOCKOUT_MINUTES = 15;
const POLICY: LockoutPolicy = { windowMinutes: LOCKOUT_WINDOW_MINUTES, maxFailures: LOCKOUT_MAX_FAILURES, lockMinutes: LOCKOUT_MINUTES };

/** Normalised user name as accounts store it (and as the lock is keyed). */
export const normaliseUsername = (username: string) => username.trim().toLowerCase();

/**
 * Per-account lockout, kept in the database (table login_attempt) so it survives restarts and is
 * shared by every instance. Works on the name as typed, so unknown names behave like real ones.
 */
@Injectable()
export class LoginLockoutService {
  private lastCleanup = 0;

  constructor(private readonly repo: AuthRepository) {}

  /** When the name is locked, until when; otherwise null. */
  async lockedUntil(username: string): Promise<Date | null> {
    return this.repo.lockedUntil(normaliseUsername(username));
  }

  /**
   * Counts a failed attempt; the LOCKOUT_MAX_FAILURES-th within the window locks the name for
   * LOCKOUT_MINUTES and starts a fresh count. Returns the lock end when this failure caused it.
   */
  async recordFailure(username: string): Promise<{ lockedUntil: Date | null; failures: number }> {
    await this.cleanup();
    const row = await this.repo.recordFailure(normaliseUsername(username), POLICY);
    return row.locked_now ? { lockedUntil: row.locked_until, failures: LOCKOUT_MAX_FAILURES } : { lockedUntil: null, failures: row.failures };
  }

  /** Forgets failures and any lock of the name (successful sign-in, new password set by an administrator). */
  async clear(manager: EntityManager, username: string): Promise<void> {
    await this.repo.clearAttempts(manager, normaliseUsername(username));
  }

  /**
   * Forgets failures and any lock of the name, saying what there was: whether it was locked and
   * how many recent failures were counted; null when there was nothing to forget.
   */
  async forget(manager: EntityManager, username: string): Promise<{ wasLocked: boolean; failures: number } | null> {
    const row = await this.repo.forgetAttempts(manager, normaliseUsername(username), LOCKOUT_WINDOW_MINUTES);
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
    await this.repo.deleteStaleAttempts(LOCKOUT_WINDOW_MINUTES);
  }
}
