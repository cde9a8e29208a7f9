import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { addQuarters, DEFAULT_PROFILE_CODE, lastEndedPeriod, periodRange, type Role } from '@equity/shared';
import { DataSource, type EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service.js';
import { hashPassword } from '../auth/auth.service.js';
import { APP_CONFIG } from '../config/config.module.js';
import type { AppConfig } from '../config/config.js';
import { ProfilesService } from '../profiles/profiles.service.js';
import { ReturnsRepository, sumDimensions } from '../returns/returns.repository.js';
import { UsersRepository } from '../users/users.repository.js';
import { ZonesRepository } from '../zones/zones.repository.js';
import { DEMO_ZONES, generateDemoReturns } from './demo-data.js';
import { SeedRepository } from './seed.repository.js';

/** Password of every demo account (listed in the README). Demo data is for trying the product only. */
export const DEMO_PASSWORD = 'equity-demo';

export const DEMO_USERS: { username: string; displayName: string; role: Role; zones: string[] }[] = [
  { username: 'admin', displayName: 'Ada Admin', role: 'admin', zones: [] },
  { username: 'hr.gent', displayName: 'Griet (HR Gent)', role: 'hr', zones: ['5415'] },
  { username: 'hr.antwerpen', displayName: 'Arne (HR Antwerpen)', role: 'hr', zones: ['5345'] },
  { username: 'hr.charleroi', displayName: 'Chloé (RH Charleroi)', role: 'hr', zones: ['5330'] },
  { username: 'hr.brussels', displayName: 'Bilal (HR Brussels zones)', role: 'hr', zones: ['5344', '5339'] },
  { username: 'management', displayName: 'Marie (steering committee)', role: 'management', zones: [] },
  { username: 'researcher', displayName: 'Rik (university researcher)', role: 'researcher', zones: [] },
];

/** The last 12 completed quarters before `today`. */
export function demoPeriods(today = new Date()): string[] {
  const last = lastEndedPeriod(today);
  return periodRange(addQuarters(last, -11), last);
}

@Injectable()
export class SeedService {
  private readonly logger = new Logger('Seed');

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly profiles: ProfilesService,
    private readonly repo: ReturnsRepository,
    private readonly audit: AuditService,
    private readonly seed: SeedRepository,
    private readonly zones: ZonesRepository,
    private readonly users: UsersRepository,
  ) {}

  /**
   * With ADMIN_PASSWORD set and no administrator yet (active or not), creates the account `admin`
   * (real deployments), audited as done by the system. The account name is taken when it exists
   * with another role: the start stops with a message rather than make that account an administrator.
   */
  private async bootstrapAdmin(): Promise<void> {
    if (!this.config.adminPassword || (await this.seed.hasAdministrator(this.db.manager))) return;
    const hash = await hashPassword(this.config.adminPassword);
    const created = await this.db.transaction(async (m) => {
      if (await this.seed.hasAdministrator(m)) return false;
      const taken = await this.seed.adminAccountRole(m);
      if (taken !== null) {
        throw new Error(`ADMIN_PASSWORD: there is no administrator, but the account "admin" exists with the role ${taken}; nothing was changed.`);
      }
      await this.seed.insertAdmin(m, hash);
      await this.audit.record(m, null, 'user.created', { details: { username: 'admin', role: 'admin', zones: [], source: 'ADMIN_PASSWORD' } });
      return true;
    });
    if (created) this.logger.log('Created the administrator account "admin" from ADMIN_PASSWORD.');
  }

  /**
   * Demo availability benchmarks (population shares quoted in the domain guide; Gent and Charleroi
   * get the Belgian national share, said so in their source: België/Belgique) and targets: Antwerpen on track,
   * Gent off track.
   */
  private async loadDemoTargets(m: EntityManager, periods: string[], adminId: number): Promise<void> {
    // A source is data, shown as typed in every language: the demo's are citations, in no one language.
    const benchmarks: [string, number, string][] = [
      ['5345', 0.52, 'Statbel 2025 · Antwerpen ≈ 50–53 % (demo)'],
      ['5344', 0.78, 'Statbel 2025 · Brussel/Bruxelles ≈ 41 % + 37 % (demo)'],
      ['5339', 0.78, 'Statbel 2025 · Brussel/Bruxelles ≈ 41 % + 37 % (demo)'],
      ['5415', 0.36, 'Statbel 2025 · België/Belgique 22 % + 14 % (demo)'],
      ['5330', 0.36, 'Statbel 2025 · België/Belgique 22 % + 14 % (demo)'],
    ];
    for (const [zone, share, source] of benchmarks) await this.seed.insertBenchmark(m, zone, share, source);
    const baseline = periods[0]!;
    const deadline = addQuarters(baseline, 16);
    const targets: [string, string, number, string][] = [
      ['5345', 'representation', 0.17, 'Demo: zone plan — 17% migration background among declared staff'],
      ['5345', 'hiring_share', 0.3, 'Demo: 30% of declared hires with a migration background'],
      ['5415', 'representation', 0.15, 'Demo: zone plan — 15% migration background among declared staff'],
      ['5339', 'promotion_impact_ratio', 0.9, 'Demo: promotions of staff with a migration background at least 90% of the reference rate'],
    ];
    for (const [zone, metric, value, note] of targets) await this.seed.insertTarget(m, { zone, metric, value, baseline, deadline, note, createdBy: adminId });
  }

  /**
   * Start-up data: built-in profiles always; demo zones, accounts and 12 quarters on an empty
   * database (DEMO_DATA); the administrator from ADMIN_PASSWORD. Run by every command that opens
   * the database, the app and the tools alike (`openWithStartup`, db/startup.ts).
   */
  async run(): Promise<void> {
    await this.profiles.installBuiltIns();
    if (this.config.demoData) await this.loadDemo();
    await this.bootstrapAdmin();
  }

  private async loadDemo(): Promise<void> {
    if ((await this.seed.userCount()) > 0) return;
    const started = Date.now();
    const profile = await this.profiles.get(DEFAULT_PROFILE_CODE);
    const periods = demoPeriods();
    const returns = generateDemoReturns(profile, DEMO_ZONES, periods);
    const hash = await hashPassword(DEMO_PASSWORD);
    await this.db.transaction(async (m) => {
      for (const z of DEMO_ZONES) {
        await this.zones.insert(m, z.code, { name: z.name, names: z.names, profile: DEFAULT_PROFILE_CODE, communes: z.communes });
      }
      for (const u of DEMO_USERS) {
        const id = await this.users.insert(m, { username: u.username, displayName: u.displayName, passwordHash: hash, role: u.role });
        if (u.zones.length) await this.seed.addUserZones(m, id, u.zones);
      }
      const zoneIds = new Map((await this.seed.zoneIds(m)).map((r) => [r.code, r.id]));
      const admin = await this.seed.admin(m);
      const hrOf = new Map(DEMO_USERS.filter((u) => u.role === 'hr').flatMap((u) => u.zones.map((z) => [z, u.username] as const)));
      const hrIds = new Map((await this.seed.hrIds(m)).map((r) => [r.username, r.id]));
      const signedOffUntil = periods[periods.length - 2];
      for (const r of returns) {
        const zoneId = zoneIds.get(r.zone)!;
        const authorId = hrIds.get(hrOf.get(r.zone) ?? '') ?? admin!.id;
        await this.repo.storeRevision(m, { zoneId, period: r.period, authorId, reason: 'Demo data', source: 'demo', cells: r.cells, dimensions: sumDimensions(profile) });
        if (signedOffUntil && r.period < signedOffUntil) await this.repo.setStatus(m, zoneId, r.period, 'signed_off', authorId);
      }
      await this.loadDemoTargets(m, periods, admin!.id);
      await this.audit.record(m, null, 'demo.loaded', { details: { zones: DEMO_ZONES.length, quarters: periods.length, returns: returns.length } });
    });
    this.logger.log(`Loaded demo data: ${DEMO_ZONES.length} zones × ${periods.length} quarters (${periods[0]}…${periods.at(-1)}) in ${Date.now() - started} ms`);
  }
}
