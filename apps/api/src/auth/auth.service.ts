import { createHash, randomBytes } from 'node:crypto';
import { Inject, Injectable, UnauthorizedException } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { LoginResponse, Role } from '@equity/shared';
import { hash as argon2Hash, verify as argon2Verify } from '@node-rs/argon2';
import { DataSource } from 'typeorm';
import { AuditService } from '../audit/audit.service.js';
import { APP_CONFIG } from '../config/config.module.js';
import type { AppConfig } from '../config/config.js';
import type { AuthUser } from './auth-user.js';
import { toUserDto } from './auth-user.js';

const sha256 = (token: string) => createHash('sha256').update(token).digest('hex');

/** argon2id (the library's default algorithm; the stored PHC string says `$argon2id$`). */
export function hashPassword(password: string): Promise<string> {
  return argon2Hash(password);
}

@Injectable()
export class AuthService {
  /** Verified against when the user does not exist, so both cases take the same time. */
  private readonly dummyHash = hashPassword(randomBytes(16).toString('hex'));

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly audit: AuditService,
  ) {}

  async login(username: string, password: string): Promise<LoginResponse> {
    const rows: { id: number; password_hash: string; active: boolean }[] = await this.db.query(
      'SELECT id, password_hash, active FROM app_user WHERE username = $1',
      [username.trim().toLowerCase()],
    );
    const row = rows[0];
    const ok = await argon2Verify(row?.password_hash ?? (await this.dummyHash), password);
    if (!row || !ok || !row.active) {
      await this.audit.record(this.db.manager, null, 'auth.login_failed', { details: { username: username.slice(0, 64) } });
      throw new UnauthorizedException('The username or password is not correct.');
    }
    const token = randomBytes(32).toString('base64url');
    const expiresAt = new Date(Date.now() + this.config.tokenTtlHours * 3600_000);
    await this.db.query('INSERT INTO auth_session (token_hash, user_id, expires_at) VALUES ($1, $2, $3)', [sha256(token), row.id, expiresAt]);
    const user = await this.findUser(row.id);
    if (!user) throw new UnauthorizedException('The username or password is not correct.');
    await this.audit.record(this.db.manager, user, 'auth.login', {});
    return { token, expiresAt: expiresAt.toISOString(), user: toUserDto(user) };
  }

  async logout(token: string, user: AuthUser): Promise<void> {
    await this.db.query('UPDATE auth_session SET revoked_at = now() WHERE token_hash = $1 AND revoked_at IS NULL', [sha256(token)]);
    await this.audit.record(this.db.manager, user, 'auth.logout', {});
  }

  /** The user behind a bearer token, or null when it is unknown, expired or revoked. */
  async resolve(token: string): Promise<AuthUser | null> {
    const rows: { user_id: number }[] = await this.db.query(
      'SELECT user_id FROM auth_session WHERE token_hash = $1 AND revoked_at IS NULL AND expires_at > now()',
      [sha256(token)],
    );
    return rows[0] ? this.findUser(rows[0].user_id) : null;
  }

  private async findUser(id: number): Promise<AuthUser | null> {
    const rows: { id: number; username: string; display_name: string; role: Role; zones: string[] }[] = await this.db.query(
      `SELECT u.id, u.username, u.display_name, u.role,
              coalesce(array_agg(z.code ORDER BY z.code) FILTER (WHERE z.code IS NOT NULL), '{}') AS zones
         FROM app_user u
         LEFT JOIN user_zone uz ON uz.user_id = u.id
         LEFT JOIN zone z ON z.id = uz.zone_id
        WHERE u.id = $1 AND u.active
        GROUP BY u.id`,
      [id],
    );
    const r = rows[0];
    return r ? { id: r.id, username: r.username, displayName: r.display_name, role: r.role, zones: r.role === 'hr' ? r.zones : [] } : null;
  }
}
