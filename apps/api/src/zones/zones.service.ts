import { Inject, Injectable, NotFoundException } from '@nestjs/common';
import { RefusalException } from '../core/problems.js';
import type { ZoneDto } from '@equity/shared';
import type { AuthUser } from '../auth/auth-user.js';
import { APP_CONFIG } from '../config/config.module.js';
import type { AppConfig } from '../config/config.js';
import { ZonesRepository } from './zones.repository.js';

export interface ZoneRef {
  id: number;
  code: string;
  name: string;
  profileCode: string;
}

const noZone = (code: string) => `There is no zone with code "${code}".`;

/** What a caller may do with a zone's data. */
export type ZoneAccess = 'full' | 'protected';

@Injectable()
export class ZonesService {
  constructor(
    private readonly repo: ZonesRepository,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** Smallest count a caller sees: 1 (everything) with full access, else k_manage or k. */
  threshold(user: AuthUser, access: ZoneAccess): number {
    if (access === 'full') return 1;
    return user.role === 'management' ? this.config.kManage : this.config.kResearch; // researchers and the public
  }

  /** Zones the caller may see (HR: their own), or the one with `code`; administrators also get how many returns each has. */
  async list(user: AuthUser, code?: string): Promise<ZoneDto[]> {
    const admin = user.role === 'admin';
    const rows = await this.repo.list(user.role === 'hr' ? user.zones : null, code ?? null, admin);
    return rows.map((r) => ({
      code: r.code,
      name: r.name,
      names: r.names,
      profile: r.profile_code,
      successor: r.successor,
      mergedFrom: r.merged_from,
      predecessors: r.predecessors,
      communes: r.communes,
      ...(r.returns !== null ? { returns: r.returns } : {}),
    }));
  }

  async find(code: string): Promise<ZoneRef> {
    const r = await this.repo.find(code);
    if (!r) throw new NotFoundException(noZone(code));
    return { id: r.id, code: r.code, name: r.name, profileCode: r.profile_code };
  }

  /**
   * Reading: HR only their own zones (full counts); admin full; management and researchers see
   * every zone, through disclosure control ('protected').
   * Writing: HR of the zone and admin only.
   */
  async authorize<Z extends ZoneRef = ZoneRef>(
    user: AuthUser,
    code: string,
    mode: 'read' | 'write',
    /** Reads the zone with more in the same query (e.g. its data version for the access granted); null when there is none. */
    load?: (code: string, granted: { access: ZoneAccess; threshold: number }) => Promise<Z | null>,
  ): Promise<{ zone: Z; access: ZoneAccess; threshold: number }> {
    const granted = this.grant(user, code, mode);
    const zone = load ? await load(code, granted) : ((await this.find(code)) as Z);
    if (!zone) throw this.notFound(code);
    return { zone, ...granted };
  }

  /**
   * What `authorize` decides before reading the zone, without a query: the refusal (403) when the
   * caller may not read or write zone `code`, else the access and threshold it reads it with.
   */
  grant(user: AuthUser, code: string, mode: 'read' | 'write'): { access: ZoneAccess; threshold: number } {
    const ownZone = user.role === 'admin' || (user.role === 'hr' && user.zones.includes(code));
    if (mode === 'write' && !ownZone) {
      throw user.role === 'hr'
        ? new RefusalException(403, 'zone_forbidden', `You may only enter data for your own zone(s): ${user.zones.join(', ') || 'none'}.`, { zones: user.zones.join(', '), mode: 'write' })
        : new RefusalException(403, 'role_forbidden', `Your role (${user.role}) may not change returns.`, { role: user.role });
    }
    if (mode === 'read' && user.role === 'hr' && !ownZone) {
      throw new RefusalException(403, 'zone_forbidden', `You may only see the data of your own zone(s): ${user.zones.join(', ') || 'none'}.`, { zones: user.zones.join(', '), mode: 'read' });
    }
    const access: ZoneAccess = ownZone ? 'full' : 'protected';
    return { access, threshold: this.threshold(user, access) };
  }

  /** The answer (404) to a zone code that does not exist. */
  notFound(code: string): NotFoundException {
    return new NotFoundException(noZone(code));
  }

  /**
   * The zones the caller may read as a whole (the national table, an export of every zone): HR's
   * own codes (null: every current zone), and the access and threshold of each (the same for all).
   */
  readableScope(user: AuthUser): { codes: string[] | null; access: ZoneAccess; threshold: number } {
    const access: ZoneAccess = user.role === 'admin' || user.role === 'hr' ? 'full' : 'protected';
    return { codes: user.role === 'hr' ? user.zones : null, access, threshold: this.threshold(user, access) };
  }

  /**
   * `authorize(user, code, 'read')` for many zones in one query: the zones among `codes` that the
   * caller may read, by code (unknown zones and other HR zones are left out).
   */
  async authorizeAll(user: AuthUser, codes: string[]): Promise<Map<string, { zone: ZoneRef; access: ZoneAccess; threshold: number }>> {
    const rows = await this.repo.byCodes(codes);
    const out = new Map<string, { zone: ZoneRef; access: ZoneAccess; threshold: number }>();
    for (const r of rows) {
      if (user.role === 'hr' && !user.zones.includes(r.code)) continue;
      out.set(r.code, { zone: { id: r.id, code: r.code, name: r.name, profileCode: r.profile_code }, ...this.grant(user, r.code, 'read') });
    }
    return out;
  }
}
