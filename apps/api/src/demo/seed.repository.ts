import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';

/** A count. */
interface CountRow {
  n: number;
}

/** A row of `SELECT 1`. */
interface OneRow {
  '?column?': number;
}

/** The role of an account. */
interface RoleRow {
  role: string;
}

/** An account's id. */
export interface IdRow {
  id: number;
}

/** A zone's id by its code. */
export interface ZoneIdRow {
  id: number;
  code: string;
}

/** An account's id by its name. */
export interface UserIdRow {
  id: number;
  username: string;
}

/** A target the demo sets for a zone's staff with a migration background. */
export interface DemoTarget {
  zone: string;
  metric: string;
  value: number;
  baseline: string;
  deadline: string;
  note: string;
  createdBy: number;
}

/**
 * The SQL of start-up data (`SeedService`) beyond the built-in profiles: the administrator from
 * ADMIN_PASSWORD, and the demo's accounts, zones' accounts, benchmarks and targets (its zones are
 * created by `ZonesRepository.insert`, its accounts by `UsersRepository.insert`, its returns by
 * `ReturnsRepository`). A method given an EntityManager runs in the caller's transaction.
 */
@Injectable()
export class SeedRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /** How many accounts there are (the demo is loaded only into a database without any). */
  async userCount(): Promise<number> {
    const [users]: CountRow[] = await this.db.query('SELECT count(*)::int AS n FROM app_user');
    return users?.n ?? 0;
  }

  /** Whether there is an administrator, active or not. */
  async hasAdministrator(m: EntityManager): Promise<boolean> {
    const rows: OneRow[] = await m.query("SELECT 1 FROM app_user WHERE role = 'admin' LIMIT 1");
    return rows.length > 0;
  }

  /** The role of the account named `admin`, or null when there is none. */
  async adminAccountRole(m: EntityManager): Promise<string | null> {
    const taken: RoleRow[] = await m.query("SELECT role FROM app_user WHERE username = 'admin'");
    return taken[0]?.role ?? null;
  }

  /** Creates the administrator `admin` with the password hash `hash`. */
  async insertAdmin(m: EntityManager, hash: string): Promise<void> {
    await m.query("INSERT INTO app_user (username, display_name, password_hash, role) VALUES ('admin', 'Administrator', $1, 'admin')", [hash]);
  }

  /** Gives the account `userId` the zones with `codes`. */
  async addUserZones(m: EntityManager, userId: number, codes: string[]): Promise<void> {
    await m.query('INSERT INTO user_zone (user_id, zone_id) SELECT $1, id FROM zone WHERE code = ANY($2)', [userId, codes]);
  }

  /** Every zone's id, by code. */
  async zoneIds(m: EntityManager): Promise<ZoneIdRow[]> {
    return m.query('SELECT id, code FROM zone');
  }

  /** The account `admin` (undefined when there is none). */
  async admin(m: EntityManager): Promise<IdRow | undefined> {
    const [admin]: IdRow[] = await m.query("SELECT id FROM app_user WHERE username = 'admin'");
    return admin;
  }

  /** The HR accounts' ids, by name. */
  async hrIds(m: EntityManager): Promise<UserIdRow[]> {
    return m.query("SELECT id, username FROM app_user WHERE role = 'hr'");
  }

  /** The 2025 availability benchmark of migration background (origin) of the zone with `zone` as code. */
  async insertBenchmark(m: EntityManager, zone: string, share: number, source: string): Promise<void> {
    await m.query(
      `INSERT INTO availability_benchmark (zone_id, dimension, group_code, share, source, year)
         SELECT id, 'origin', 'migration_background', $2, $3, 2025 FROM zone WHERE code = $1`,
      [zone, share, source],
    );
  }

  /** A target for staff with a migration background (origin) of the zone with `t.zone` as code. */
  async insertTarget(m: EntityManager, t: DemoTarget): Promise<void> {
    await m.query(
      `INSERT INTO target (zone_id, group_spec, metric, value, baseline_period, deadline_period, note, created_by)
         SELECT id, 'origin:migration_background', $2, $3, $4, $5, $6, $7 FROM zone WHERE code = $1`,
      [t.zone, t.metric, t.value, t.baseline, t.deadline, t.note, t.createdBy],
    );
  }
}
