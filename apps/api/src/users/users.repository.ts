import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Role } from '@equity/shared';
import { DataSource, type EntityManager } from 'typeorm';

/** An account as the administration lists it: its zones (sorted), its running sign-in lock and its open sessions. */
export interface ManagedUserRow {
  id: number;
  username: string;
  display_name: string;
  role: Role;
  active: boolean;
  created_at: Date;
  zones: string[];
  locked_until: Date | null;
  active_sessions: number;
}

/** An account locked for a change. */
export interface LockedUserRow {
  id: number;
  username: string;
  display_name: string;
  role: Role;
  active: boolean;
}

/** A new account's id. */
interface IdRow {
  id: number;
}

/** A count. */
interface CountRow {
  n: number;
}

/** A zone's code. */
interface ZoneCodeRow {
  code: string;
}

/** A row of `SELECT 1` (PostgreSQL names its column `?column?`). */
interface OneRow {
  '?column?': number;
}

const SELECT_USERS = `
  SELECT u.id, u.username, u.display_name, u.role, u.active, u.created_at,
         coalesce((SELECT array_agg(z.code ORDER BY z.code) FROM user_zone uz JOIN zone z ON z.id = uz.zone_id WHERE uz.user_id = u.id), '{}') AS zones,
         (SELECT la.locked_until FROM login_attempt la WHERE la.username = u.username AND la.locked_until > now()) AS locked_until,
         (SELECT count(*)::int FROM auth_session s WHERE s.user_id = u.id AND s.revoked_at IS NULL AND s.expires_at > now()) AS active_sessions
    FROM app_user u`;

/**
 * The SQL of account administration (tables app_user and user_zone). User names are passed
 * normalised (`normaliseUsername`); a method given an EntityManager runs in its transaction.
 */
@Injectable()
export class UsersRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /** Every account, by user name. */
  async list(): Promise<ManagedUserRow[]> {
    const rows: ManagedUserRow[] = await this.db.query(`${SELECT_USERS} ORDER BY u.username`);
    return rows;
  }

  /** The account named `username`, or null. */
  async byName(manager: EntityManager, username: string): Promise<ManagedUserRow | null> {
    const rows: ManagedUserRow[] = await manager.query(`${SELECT_USERS} WHERE u.username = $1`, [username]);
    return rows[0] ?? null;
  }

  /** Whether an account is named `username`. */
  async usernameTaken(manager: EntityManager, username: string): Promise<boolean> {
    const rows: OneRow[] = await manager.query('SELECT 1 FROM app_user WHERE username = $1', [username]);
    return rows.length > 0;
  }

  /** Which of `codes` name a zone. */
  async knownZones(manager: EntityManager, codes: string[]): Promise<Set<string>> {
    if (!codes.length) return new Set();
    const rows: ZoneCodeRow[] = await manager.query('SELECT code FROM zone WHERE code = ANY($1)', [codes]);
    return new Set(rows.map((r) => r.code));
  }

  /** Creates an account (no zones yet); returns its id. */
  async insert(manager: EntityManager, user: { username: string; displayName: string; passwordHash: string; role: string }): Promise<number> {
    const [row]: IdRow[] = await manager.query('INSERT INTO app_user (username, display_name, password_hash, role) VALUES ($1, $2, $3, $4) RETURNING id', [
      user.username,
      user.displayName,
      user.passwordHash,
      user.role,
    ]);
    return row!.id;
  }

  /** The account named `username`, locked (FOR UPDATE) until `manager`'s transaction ends; null when there is none. */
  async lockByName(manager: EntityManager, username: string): Promise<LockedUserRow | null> {
    const rows: LockedUserRow[] = await manager.query('SELECT id, username, display_name, role, active FROM app_user WHERE username = $1 FOR UPDATE', [username]);
    return rows[0] ?? null;
  }

  /** The codes of the account's zones (in no particular order). */
  async zoneCodes(manager: EntityManager, userId: number): Promise<string[]> {
    const rows: ZoneCodeRow[] = await manager.query('SELECT z.code FROM user_zone uz JOIN zone z ON z.id = uz.zone_id WHERE uz.user_id = $1', [userId]);
    return rows.map((z) => z.code);
  }

  /** How many active administrators there are besides the account `userId`. */
  async otherActiveAdmins(manager: EntityManager, userId: number): Promise<number> {
    const [others]: CountRow[] = await manager.query("SELECT count(*)::int AS n FROM app_user WHERE role = 'admin' AND active AND id <> $1", [userId]);
    return others?.n ?? 0;
  }

  /** Stores the account's new display name. */
  async setDisplayName(manager: EntityManager, userId: number, displayName: string): Promise<void> {
    await manager.query('UPDATE app_user SET display_name = $2 WHERE id = $1', [userId, displayName]);
  }

  /** Stores the account's new role. */
  async setRole(manager: EntityManager, userId: number, role: string): Promise<void> {
    await manager.query('UPDATE app_user SET role = $2 WHERE id = $1', [userId, role]);
  }

  /** Activates or deactivates the account. */
  async setActive(manager: EntityManager, userId: number, active: boolean): Promise<void> {
    await manager.query('UPDATE app_user SET active = $2 WHERE id = $1', [userId, active]);
  }

  /** Replaces the account's zones with those of `codes` (codes naming no zone are skipped). */
  async setZones(manager: EntityManager, userId: number, codes: string[]): Promise<void> {
    await manager.query('DELETE FROM user_zone WHERE user_id = $1', [userId]);
    if (codes.length) await manager.query('INSERT INTO user_zone (user_id, zone_id) SELECT $1, id FROM zone WHERE code = ANY($2)', [userId, codes]);
  }
}
