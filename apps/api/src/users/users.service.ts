import { Injectable, NotFoundException } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { CreateUserRequest, ManagedUserDto, Problem, Role, UnlockResponse, UpdateUserRequest } from '@equity/shared';
import { DataSource, type EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service.js';
import type { AuthUser } from '../auth/auth-user.js';
import { AuthService, hashPassword } from '../auth/auth.service.js';
import { LoginLockoutService, normaliseUsername } from '../auth/login-lockout.service.js';
import { passwordPolicyProblems } from '../auth/password-policy.js';
import { requestProblem, ValidationProblemsException } from '../core/problems.js';
import { applyChange, newUserProblems, normaliseZones, userChangeProblems } from './user-input.js';

interface UserRow {
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

const SELECT_USERS = `
  SELECT u.id, u.username, u.display_name, u.role, u.active, u.created_at,
         coalesce((SELECT array_agg(z.code ORDER BY z.code) FROM user_zone uz JOIN zone z ON z.id = uz.zone_id WHERE uz.user_id = u.id), '{}') AS zones,
         (SELECT la.locked_until FROM login_attempt la WHERE la.username = u.username AND la.locked_until > now()) AS locked_until,
         (SELECT count(*)::int FROM auth_session s WHERE s.user_id = u.id AND s.revoked_at IS NULL AND s.expires_at > now()) AS active_sessions
    FROM app_user u`;

const toDto = (r: UserRow): ManagedUserDto => ({
  id: r.id,
  username: r.username,
  displayName: r.display_name,
  role: r.role,
  zones: r.role === 'hr' ? r.zones : [],
  active: r.active,
  createdAt: r.created_at.toISOString(),
  lockedUntil: r.locked_until ? r.locked_until.toISOString() : null,
  activeSessions: r.active_sessions,
});

const summary = (problems: Problem[], what: string) =>
  problems.length === 1 ? `There is 1 problem; ${what}.` : `There are ${problems.length} problems; ${what}.`;

/** Account administration (administrators only). Every change is audited; passwords and hashes never are. */
@Injectable()
export class UsersService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly audit: AuditService,
    private readonly auth: AuthService,
    private readonly lockout: LoginLockoutService,
  ) {}

  async list(): Promise<ManagedUserDto[]> {
    const rows: UserRow[] = await this.db.query(`${SELECT_USERS} ORDER BY u.username`);
    return rows.map(toDto);
  }

  async get(username: string, manager: EntityManager = this.db.manager): Promise<ManagedUserDto> {
    const rows: UserRow[] = await manager.query(`${SELECT_USERS} WHERE u.username = $1`, [normaliseUsername(username)]);
    if (!rows[0]) throw new NotFoundException(`There is no account named ${username}.`);
    return toDto(rows[0]);
  }

  async create(actor: AuthUser, body: CreateUserRequest): Promise<ManagedUserDto> {
    const input = {
      username: normaliseUsername(body.username),
      displayName: body.displayName.trim(),
      role: body.role as string,
      zones: normaliseZones(body.zones ?? []),
      password: body.password,
    };
    const [taken, knownZones] = await Promise.all([this.usernameTaken(this.db.manager, input.username), this.knownZones(this.db.manager, input.zones)]);
    const problems = newUserProblems(input, { usernameTaken: taken, knownZones });
    if (problems.length) throw new ValidationProblemsException(problems, [], summary(problems, 'the account was not created'));
    const hash = await hashPassword(input.password);
    try {
      return await this.db.transaction(async (m) => {
        const [row] = (await m.query('INSERT INTO app_user (username, display_name, password_hash, role) VALUES ($1, $2, $3, $4) RETURNING id', [
          input.username,
          input.displayName,
          hash,
          input.role,
        ])) as { id: number }[];
        await this.setZones(m, row!.id, input.role === 'hr' ? input.zones : []);
        await this.lockout.clear(m, input.username); // failures typed against the name before it existed do not count
        await this.audit.record(m, actor, 'user.created', { details: { username: input.username, role: input.role, zones: input.role === 'hr' ? input.zones : [] } });
        return this.get(input.username, m);
      });
    } catch (err) {
      if ((err as { code?: string }).code === '23505') {
        const p = [requestProblem('username', 'username_taken', `The user name ${input.username} is already taken.`, input.username)];
        throw new ValidationProblemsException(p, [], summary(p, 'the account was not created'));
      }
      throw err;
    }
  }

  /** Changes the given fields. A change of role or a deactivation ends every session of the user. */
  async update(actor: AuthUser, username: string, body: UpdateUserRequest): Promise<ManagedUserDto> {
    const updated = await this.db.transaction(async (m) => {
      const current = await this.lockUser(m, username);
      const change = {
        ...(body.displayName !== undefined ? { displayName: body.displayName.trim() } : {}),
        ...(body.role !== undefined ? { role: body.role as string } : {}),
        ...(body.zones !== undefined ? { zones: normaliseZones(body.zones) } : {}),
        ...(body.active !== undefined ? { active: body.active } : {}),
      };
      const [others] = (await m.query("SELECT count(*)::int AS n FROM app_user WHERE role = 'admin' AND active AND id <> $1", [current.id])) as { n: number }[];
      const knownZones = await this.knownZones(m, change.zones ?? []);
      const problems = userChangeProblems(current, change, { knownZones, otherActiveAdmins: others?.n ?? 0 });
      if (problems.length) throw new ValidationProblemsException(problems, [], summary(problems, 'nothing was changed'));

      const next = applyChange(current, change);
      const details: Record<string, unknown> = { username: current.username };
      const changed: string[] = [];
      if (change.displayName !== undefined && change.displayName !== current.displayName) {
        changed.push('displayName'); // the name itself is personal data: the log says only that it changed
        await m.query('UPDATE app_user SET display_name = $2 WHERE id = $1', [current.id, change.displayName]);
      }
      if (next.role !== current.role) {
        changed.push('role');
        details['role'] = { from: current.role, to: next.role };
        await m.query('UPDATE app_user SET role = $2 WHERE id = $1', [current.id, next.role]);
      }
      const zonesBefore = [...current.zones].sort();
      const zonesAfter = [...next.zones].sort();
      if (zonesBefore.join() !== zonesAfter.join()) {
        changed.push('zones');
        details['zones'] = { from: zonesBefore, to: zonesAfter };
        await this.setZones(m, current.id, next.zones);
      }
      if (next.active !== current.active) {
        changed.push('active');
        details['active'] = { from: current.active, to: next.active };
        await m.query('UPDATE app_user SET active = $2 WHERE id = $1', [current.id, next.active]);
      }
      if (changed.length) {
        if (changed.includes('role') || (changed.includes('active') && !next.active)) {
          details['revokedSessions'] = await this.auth.revokeSessions(m, current.id);
        }
        await this.audit.record(m, actor, 'user.updated', { details: { ...details, changed } });
      }
      return this.get(current.username, m);
    });
    // Sessions remembered by this instance carry the old role and zones.
    this.auth.forgetSessions();
    return updated;
  }

  /** An administrator sets a new password: every session of the user ends and any lock is lifted. */
  async setPassword(actor: AuthUser, username: string, password: string): Promise<void> {
    const target = await this.get(username);
    const problems = passwordPolicyProblems(password, target.username, 'password');
    if (problems.length) throw new ValidationProblemsException(problems, [], summary(problems, 'the password was not changed'));
    const hash = await hashPassword(password);
    await this.db.transaction(async (m) => {
      await m.query('UPDATE app_user SET password_hash = $2 WHERE id = $1', [target.id, hash]);
      const revokedSessions = await this.auth.revokeSessions(m, target.id);
      await this.lockout.clear(m, target.username);
      await this.audit.record(m, actor, 'user.password_set', { details: { username: target.username, revokedSessions } });
    });
    this.auth.forgetSessions();
  }

  async revokeSessions(actor: AuthUser, username: string): Promise<number> {
    const target = await this.get(username);
    const revoked = await this.db.transaction(async (m) => {
      const revokedSessions = await this.auth.revokeSessions(m, target.id);
      await this.audit.record(m, actor, 'user.sessions_revoked', { details: { username: target.username, revokedSessions } });
      return revokedSessions;
    });
    this.auth.forgetSessions();
    return revoked;
  }

  /** Lifts the account's sign-in lock and forgets its counted failures; the password stays. */
  async unlock(actor: AuthUser, username: string): Promise<UnlockResponse> {
    const target = await this.get(username);
    return this.db.transaction(async (m) => {
      const state = await this.lockout.forget(m, target.username);
      if (!state) return { unlocked: false };
      await this.audit.record(m, actor, 'user.unlocked', { details: { username: target.username, wasLocked: state.wasLocked, failures: state.failures } });
      return { unlocked: true };
    });
  }

  private async lockUser(m: EntityManager, username: string): Promise<{ id: number; username: string; displayName: string; role: Role; active: boolean; zones: string[] }> {
    const rows: { id: number; username: string; display_name: string; role: Role; active: boolean }[] = await m.query(
      'SELECT id, username, display_name, role, active FROM app_user WHERE username = $1 FOR UPDATE',
      [normaliseUsername(username)],
    );
    const row = rows[0];
    if (!row) throw new NotFoundException(`There is no account named ${username}.`);
    const zones: { code: string }[] = await m.query('SELECT z.code FROM user_zone uz JOIN zone z ON z.id = uz.zone_id WHERE uz.user_id = $1', [row.id]);
    return { id: row.id, username: row.username, displayName: row.display_name, role: row.role, active: row.active, zones: row.role === 'hr' ? zones.map((z) => z.code) : [] };
  }

  private async usernameTaken(m: EntityManager, username: string): Promise<boolean> {
    const rows: unknown[] = await m.query('SELECT 1 FROM app_user WHERE username = $1', [username]);
    return rows.length > 0;
  }

  private async knownZones(m: EntityManager, codes: string[]): Promise<Set<string>> {
    if (!codes.length) return new Set();
    const rows: { code: string }[] = await m.query('SELECT code FROM zone WHERE code = ANY($1)', [codes]);
    return new Set(rows.map((r) => r.code));
  }

  private async setZones(m: EntityManager, userId: number, codes: string[]): Promise<void> {
    await m.query('DELETE FROM user_zone WHERE user_id = $1', [userId]);
    if (codes.length) await m.query('INSERT INTO user_zone (user_id, zone_id) SELECT $1, id FROM zone WHERE code = ANY($2)', [userId, codes]);
  }
}
