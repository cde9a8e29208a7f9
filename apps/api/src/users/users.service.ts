import { Injectable, NotFoundException } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { CreateUserRequest, ManagedUserDto, Problem, Role, UnlockResponse, UpdateUserRequest } from '@equity/shared';
import { DataSource, type EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service.js';
import type { AuthUser } from '../auth/auth-user.js';
import { AuthRepository } from '../auth/auth.repository.js';
import { AuthService, hashPassword } from '../auth/auth.service.js';
import { LoginLockoutService, normaliseUsername } from '../auth/login-lockout.service.js';
import { passwordPolicyProblems } from '../auth/password-policy.js';
import { requestProblem, ValidationProblemsException } from '../core/problems.js';
import { applyChange, newUserProblems, normaliseZones, userChangeProblems } from './user-input.js';
import { type ManagedUserRow, UsersRepository } from './users.repository.js';

const toDto = (r: ManagedUserRow): ManagedUserDto => ({
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
    private readonly repo: UsersRepository,
    private readonly authRepo: AuthRepository,
  ) {}

  async list(): Promise<ManagedUserDto[]> {
    const rows = await this.repo.list();
    return rows.map(toDto);
  }

  async get(username: string, manager: EntityManager = this.db.manager): Promise<ManagedUserDto> {
    const row = await this.repo.byName(manager, normaliseUsername(username));
    if (!row) throw new NotFoundException(`There is no account named ${username}.`);
    return toDto(row);
  }

  async create(actor: AuthUser, body: CreateUserRequest): Promise<ManagedUserDto> {
    const input = {
      username: normaliseUsername(body.username),
      displayName: body.displayName.trim(),
      role: body.role as string,
      zones: normaliseZones(body.zones ?? []),
      password: body.password,
    };
    const [taken, knownZones] = await Promise.all([this.repo.usernameTaken(this.db.manager, input.username), this.repo.knownZones(this.db.manager, input.zones)]);
    const problems = newUserProblems(input, { usernameTaken: taken, knownZones });
    if (problems.length) throw new ValidationProblemsException(problems, [], summary(problems, 'the account was not created'));
    const hash = await hashPassword(input.password);
    try {
      return await this.db.transaction(async (m) => {
        const id = await this.repo.insert(m, { username: input.username, displayName: input.displayName, passwordHash: hash, role: input.role });
        await this.repo.setZones(m, id, input.role === 'hr' ? input.zones : []);
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
      const otherActiveAdmins = await this.repo.otherActiveAdmins(m, current.id);
      const knownZones = await this.repo.knownZones(m, change.zones ?? []);
      const problems = userChangeProblems(current, change, { knownZones, otherActiveAdmins });
      if (problems.length) throw new ValidationProblemsException(problems, [], summary(problems, 'nothing was changed'));

      const next = applyChange(current, change);
      const details: Record<string, unknown> = { username: current.username };
      const changed: string[] = [];
      if (change.displayName !== undefined && change.displayName !== current.displayName) {
        changed.push('displayName'); // the name itself is personal data: the log says only that it changed
        await this.repo.setDisplayName(m, current.id, change.displayName);
      }
      if (next.role !== current.role) {
        changed.push('role');
        details['role'] = { from: current.role, to: next.role };
        await this.repo.setRole(m, current.id, next.role);
      }
      const zonesBefore = [...current.zones].sort();
      const zonesAfter = [...next.zones].sort();
      if (zonesBefore.join() !== zonesAfter.join()) {
        changed.push('zones');
        details['zones'] = { from: zonesBefore, to: zonesAfter };
        await this.repo.setZones(m, current.id, next.zones);
      }
      if (next.active !== current.active) {
        changed.push('active');
        details['active'] = { from: current.active, to: next.active };
        await this.repo.setActive(m, current.id, next.active);
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
      await this.authRepo.setPasswordHash(m, target.id, hash);
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
    const row = await this.repo.lockByName(m, normaliseUsername(username));
    if (!row) throw new NotFoundException(`There is no account named ${username}.`);
    const zones = await this.repo.zoneCodes(m, row.id);
    return { id: row.id, username: row.username, displayName: row.display_name, role: row.role, active: row.active, zones: row.role === 'hr' ? zones : [] };
  }
}
