import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import {
  brusselsDay,
  classesKey,
  type ClassificationProfile,
  type Count,
  isPeriod,
  notDeclaredCode,
  type RepresentationComparisonDto,
  type RepresentationSideDto,
  surveyProfile,
  type SurveyCampaignDto,
  type SurveyResultsDto,
  tallyClasses,
} from '@equity/shared';
import { DataSource, type EntityManager } from 'typeorm';
import type { AuthUser } from '../auth/auth-user.js';
import { APP_CONFIG } from '../config/config.module.js';
import type { AppConfig } from '../config/config.js';
import { RefusalException, ValidationProblemsException, requestProblem } from '../core/problems.js';
import { type LeafCount, type ProtectedTables, protectTables } from '../disclosure/cube.js';
import { DisclosureService } from '../disclosure/disclosure.service.js';
import { ProfilesService } from '../profiles/profiles.service.js';
import { ReturnsRepository } from '../returns/returns.repository.js';
import { ZonesService } from '../zones/zones.service.js';
import { campaignOfZone, surveyStatus, surveyThreshold } from './survey-common.js';
import { type CampaignRow, SurveyRepository, type TallyCell } from './survey.repository.js';

const SWEEP_MS = 60 * 60_000;

const SUPPRESSED = { suppressed: true } as const;

/**
 * The profile a campaign's counts are protected with: the survey's profile (`surveyProfile`) with
 * every question the campaign asked as a required classification — optional ones (age band,
 * disability) included — and the questions it did not ask left out. `protectTables` protects the
 * required classifications of a profile as one cube, so every table of the results, optional
 * questions included, is covered by one protection.
 */
export function surveyResultsProfile(base: ClassificationProfile, questions: string[]): ClassificationProfile {
  const profile = surveyProfile(base);
  return { ...profile, dimensions: profile.dimensions.filter((d) => questions.includes(d.code)).map((d) => ({ ...d, optional: false })) };
}

/**
 * The survey's counts (docs/survey.md): a closed campaign's answers turned into counts (at once
 * when it is closed early or read, and for every campaign past its closing day at start-up and
 * every hour), and shown only as counts through disclosure control for every reader — HR of the
 * zone and administrators included, since they are the ones who could recognise a colleague
 * behind a small count — at the survey's threshold (`surveyThreshold`), and nothing at all below
 * it: a campaign's response count, its results, and the survey's side of the comparison with the
 * HR return.
 */
@Injectable()
export class SurveyResultsService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('Survey');
  private readonly protectedCache = new Map<string, Promise<ProtectedTables>>();
  private sweepTimer: NodeJS.Timeout | null = null;

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly zones: ZonesService,
    private readonly profiles: ProfilesService,
    private readonly returns: ReturnsRepository,
    private readonly disclosure: DisclosureService,
    private readonly repo: SurveyRepository,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** Counts campaigns whose closing day has passed at start-up and every hour, so their answers do not linger. */
  onApplicationBootstrap(): void {
    const sweep = () => void this.tallyDue().catch((err: unknown) => this.logger.warn(`Counting closed surveys failed: ${err instanceof Error ? err.message : String(err)}`));
    sweep();
    this.sweepTimer = setInterval(sweep, SWEEP_MS);
    this.sweepTimer.unref();
  }

  onApplicationShutdown(): void {
    if (this.sweepTimer) clearInterval(this.sweepTimer);
  }

  /**
   * Counts of a closed campaign, through disclosure control at the survey's threshold for every
   * caller (HR of the zone and administrators included): one table per question asked, optional
   * ones included, all protected together; with fewer answers than the threshold, no table and no
   * exact response count.
   */
  async results(user: AuthUser, zoneCode: string, id: number): Promise<SurveyResultsDto> {
    const { zone } = await this.zones.authorize(user, zoneCode, 'read');
    let c = await campaignOfZone(this.repo, this.db.manager, zone, id);
    if (surveyStatus(c) !== 'closed') {
      throw new RefusalException(
        409,
        'survey_results_not_yet',
        `The results of this survey are shown once it has closed (after ${c.closes_on}): a count while it runs could tell who has just answered.`,
        { closesOn: c.closes_on },
      );
    }
    if (c.responses === null) {
      await this.tally(id);
      c = await campaignOfZone(this.repo, this.db.manager, zone, id);
    }
    const k = surveyThreshold(this.config);
    const profile = surveyResultsProfile(await this.profiles.get(c.profile_code), c.questions);
    const categories = profile.categories.map((cat) => cat.code);
    const campaign = await this.toDto(c);
    const base = { campaign, threshold: k, invitations: c.invitations, categories, withheld: [] };
    if (campaign.belowThreshold) return { ...base, responses: { ...SUPPRESSED }, responseRate: null, tables: [] };
    const tables = await this.protectedTables(c, profile, await this.repo.resultCells(id), k);
    return {
      ...base,
      responses: tables.total,
      responseRate: typeof tables.total === 'number' ? rate(tables.total, c.invitations) : null,
      tables: profile.dimensions.map((d) => {
        const t = tables.byDimension.get(d.code)!;
        return {
          dimension: d.code,
          cells: categories.flatMap((cat) => d.values.map((v) => ({ category: cat, value: v.code, count: t.cells.get(`${cat}|${v.code}`)! }))),
          categoryTotals: categories.map((cat) => ({ category: cat, count: tables.categoryTotals.get(cat)! })),
          valueTotals: d.values.map((v) => ({ value: v.code, count: t.valueTotals.get(v.code)! })),
          total: tables.total,
        };
      }),
    };
  }

  /**
   * Representation by one classification in a zone's quarter from both sources: the HR return's
   * headcount and the latest closed survey campaign of that quarter, each marked with its source.
   */
  async comparison(user: AuthUser, zoneCode: string, period: string, dimension: string): Promise<RepresentationComparisonDto> {
    const { zone, access, threshold } = await this.zones.authorize(user, zoneCode, 'read');
    if (!isPeriod(period)) throw new ValidationProblemsException([requestProblem('period', 'invalid_period', `"${period}" is not a quarter like 2026-Q2.`, period)]);
    const base = await this.profiles.get(zone.profileCode);
    const profile = surveyProfile(base);
    const dim = profile.dimensions.find((d) => d.code === dimension);
    if (!dim || (access !== 'full' && dim.optional)) {
      const allowed = profile.dimensions.filter((d) => access === 'full' || !d.optional).map((d) => d.code);
      throw new ValidationProblemsException([requestProblem('dimension', 'unknown_dimension', `"${dimension}" is not a classification you can compare here: use ${allowed.join(', ')}.`, dimension)]);
    }
    const nd = notDeclaredCode(dim);
    const values = dim.values.map((v) => v.code);
    /** A side as the protected tables publish it (the declared base only where they determine it). */
    const protectedSide = async (source: RepresentationSideDto['source'], t: ProtectedTables): Promise<RepresentationSideDto> => {
      const declared: Count = (await t.count(null, dimension, values.filter((v) => v !== nd))) ?? { ...SUPPRESSED };
      const byValue = t.byDimension.get(dimension)!.valueTotals;
      return {
        source,
        total: t.total,
        declared,
        shares: values.map((v) => {
          const count = byValue.get(v) ?? 0;
          return { value: v, count, share: typeof count === 'number' && typeof declared === 'number' && declared > 0 ? count / declared : null };
        }),
      };
    };

    // The HR return: full counts for HR of the zone and administrators, protected for others.
    // Under disclosure control, the revision published to protected readers (as every other page).
    const revision = access === 'full' ? await this.returns.revision(zone.id, period) : await this.returns.publishedRevision(zone.id, period);
    let hr: RepresentationComparisonDto['hr'] = null;
    if (revision) {
      let side: RepresentationSideDto;
      if (access === 'full') {
        const leaves = await this.repo.hrHeadcountLeaves(revision.id);
        const sum = (vs: string[] | null) => leaves.filter((l) => vs === null || vs.includes(l.classes[dimension] ?? nd)).reduce((s, l) => s + l.count, 0);
        const total = sum(null);
        const declared = total - sum([nd]);
        side = { source: 'hr_return', total, declared, shares: values.map((v) => ({ value: v, count: sum([v]), share: declared > 0 ? sum([v]) / declared : null })) };
      } else {
        side = await protectedSide('hr_return', await this.disclosure.tables(base, revision.id, 'headcount', threshold));
      }
      hr = { ...side, revision: revision.number };
    }

    // The survey: through its own threshold for every caller, HR of the zone included.
    const campaigns = await this.repo.quarterCampaigns(zone.id, period);
    let survey: RepresentationComparisonDto['survey'] = null;
    const closed = campaigns.find((c) => surveyStatus(c) === 'closed');
    if (closed) {
      if (closed.responses === null) await this.tally(closed.id);
      const c = await campaignOfZone(this.repo, this.db.manager, zone, closed.id);
      const k = surveyThreshold(this.config);
      let s: RepresentationSideDto;
      if (c.responses! < k) {
        // Fewer answers than k: nothing of the survey, not even how many answered.
        s = { source: 'survey', total: { ...SUPPRESSED }, declared: { ...SUPPRESSED }, shares: values.map((v) => ({ value: v, count: { ...SUPPRESSED }, share: null })) };
      } else {
        const t = await this.protectedTables(c, surveyResultsProfile(base, c.questions), await this.repo.resultCells(c.id), k);
        // A question the campaign did not ask: everyone is "not declared" (a count the total determines).
        s = c.questions.includes(dimension)
          ? await protectedSide('survey', t)
          : { source: 'survey', total: t.total, declared: 0, shares: values.map((v) => ({ value: v, count: v === nd ? t.total : 0, share: null })) };
      }
      survey = {
        ...s,
        campaign: c.id,
        invitations: c.invitations,
        responseRate: typeof s.total === 'number' ? rate(s.total, c.invitations) : null,
        threshold: k,
        belowThreshold: c.responses! < k,
      };
    }
    const shareOf = (sideDto: RepresentationSideDto | null, v: string) => sideDto?.shares.find((x) => x.value === v)?.share ?? null;
    return {
      zone: zone.code,
      period,
      dimension,
      threshold: access === 'full' ? 1 : threshold,
      hr,
      survey,
      differences: values
        .filter((v) => v !== nd)
        .map((v) => {
          const a = shareOf(survey, v);
          const b = shareOf(hr, v);
          return { value: v, difference: a !== null && b !== null ? a - b : null };
        }),
    };
  }

  /** A campaign as shown, read with `m` (in a caller's transaction, or `db.manager`). */
  async campaignDto(m: EntityManager, id: number): Promise<SurveyCampaignDto> {
    return this.toDto((await this.repo.campaign(m, id))!);
  }

  /**
   * A campaign as shown, the same for every caller: once closed, the responses are "fewer than k"
   * below the survey's threshold, else the total its protected tables publish.
   */
  async toDto(r: CampaignRow): Promise<SurveyCampaignDto> {
    const status = surveyStatus(r);
    const k = surveyThreshold(this.config);
    const belowThreshold = status === 'closed' && r.responses !== null && r.responses < k;
    let responses: Count | null = null;
    if (belowThreshold) responses = { ...SUPPRESSED };
    else if (status === 'closed' && r.responses !== null) {
      const profile = surveyResultsProfile(await this.profiles.get(r.profile_code), r.questions);
      responses = (await this.protectedTables(r, profile, await this.repo.resultCells(r.id), k)).total;
    }
    return {
      id: r.id,
      zone: r.zone_code,
      zoneName: r.zone_name,
      period: r.period,
      opensOn: r.opens_on,
      closesOn: r.closes_on,
      closedEarlyOn: r.closed_early_on,
      status,
      questions: r.questions,
      invitations: r.invitations,
      responses,
      responseRate: typeof responses === 'number' ? rate(responses, r.invitations) : null,
      threshold: k,
      belowThreshold,
      createdBy: r.created_by,
    };
  }

  /** Counts every campaign whose closing day has passed and that is not counted yet. */
  async tallyDue(): Promise<number> {
    const ids = await this.repo.dueCampaigns(brusselsDay());
    for (const id of ids) await this.tally(id);
    return ids.length;
  }

  /**
   * Turns a closed campaign's answers into counts (staff category × classes) and deletes the
   * answers, in one transaction; then vacuums the answers table so the deleted versions go too.
   */
  async tally(campaignId: number): Promise<void> {
    const done = await this.db.transaction(async (m) => {
      const c = await this.repo.campaign(m, campaignId, true);
      if (!c || c.responses !== null || surveyStatus(c) !== 'closed') return false;
      const answers = await this.repo.answers(m, campaignId);
      const counts = new Map<string, TallyCell>();
      let responses = 0;
      for (const answer of Object.values(answers)) {
        const { category, classes } = tallyClasses(answer);
        const key = `${category}|${classesKey(classes)}`;
        const cell = counts.get(key) ?? { category, classes, count: 0 };
        cell.count += 1;
        counts.set(key, cell);
        responses += 1;
      }
      const cells = [...counts.values()].sort((a, b) => a.category.localeCompare(b.category) || classesKey(a.classes).localeCompare(classesKey(b.classes)));
      await this.repo.storeTally(m, campaignId, cells, responses);
      return true;
    });
    if (done) {
      // Outside the transaction (VACUUM cannot run inside one). Best effort: autovacuum does it later otherwise.
      await this.repo.vacuumAnswers();
    }
  }

  // ---- Internals ------------------------------------------------------------------------------------

  /** Counts of a closed campaign never change: their protection is computed once per threshold. */
  private protectedTables(c: CampaignRow, profile: ClassificationProfile, leaves: LeafCount[], k: number): Promise<ProtectedTables> {
    const key = `${c.id}|${c.responses}|${k}`;
    let hit = this.protectedCache.get(key);
    if (!hit) {
      hit = protectTables(profile, leaves, k, { keepTotal: true });
      hit.catch(() => this.protectedCache.delete(key));
      this.protectedCache.set(key, hit);
      if (this.protectedCache.size > 500) this.protectedCache.delete(this.protectedCache.keys().next().value!);
    }
    return hit;
  }
}

function rate(n: number, d: number): number | null {
  return d > 0 ? n / d : null;
}
