import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * Recent failed sign-ins per user name, and the lock they caused. Keyed by the name as typed
 * (lower case), whether or not such an account exists, so an unknown name is locked exactly like a
 * real one and the answers never reveal which accounts exist. Rows are removed at a successful
 * sign-in and once they are stale.
 */
@Entity({ name: 'login_attempt' })
export class LoginAttemptEntity {
  @PrimaryColumn({ type: 'text' })
  username!: string;

  /** Times of the failed attempts within the last window (older ones are dropped at each failure). */
  @Column({ name: 'failed_at', type: 'timestamptz', array: true, default: () => "'{}'" })
  failedAt!: Date[];

  /** Sign-in is refused until then, even with the right password. */
  @Column({ name: 'locked_until', type: 'timestamptz', nullable: true })
  lockedUntil!: Date | null;
}
