import { Inject, Injectable, Logger, NotFoundException, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import {
  campaignStatus,
  checkSurveyAnswer,
  classesKey,
  type ClassificationProfile,
  type Count,
  type CreateSurveyCampaignRequest,
  formatSurveyCode,
  isIsoDate,
  isPeriod,
  isWellFormedSurveyCode,
  type IsoDate,
  normaliseSurveyCode,
  notDeclaredCode,
  type Problem,
  type RepresentationComparisonDto,
  type RepresentationSideDto,
  SURVEY_MAX_INVITATIONS,
  surveyDimensions,
  surveyProfile,
  type SurveyCampaignDto,
  type SurveyCodesDto,
  type SurveyResultsDto,
  type SurveySaveResult,
  type SurveySessionDto,
  brusselsDay,
  tallyClasses,
} from '@equity/shared';
import { DataSource, type EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service.js';
import type { AuthUser } from '../auth/auth-user.js';
import { APP_CONFIG } from '../config/config.module.js';
import type { AppConfig } from '../config/config.js';
import { RefusalException, ValidationProblemsException, requestProblem } from '../core/problems.js';
import { type LeafCount, type ProtectedTables, protectTables } from '../disclosure/cube.js';
import { DisclosureService } from '../disclosure/disclosure.service.js';
import { ProfilesService } from '../profiles/profiles.service.js';
import { ReturnsRepository } from '../returns/returns.repository.js';
import { ZonesService, type ZoneRef } from '../zones/zones.service.js';
import { generateSurveyCode, hashSurveyCode } from './survey-codes.js';
import { UnknownSurveyCodeException } from './survey-throttle.js';
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
 * The self-identification survey (docs/survey.md). Campaigns and codes for HR of the zone and
 * administrators; answering for whoever holds a code; results only once a campaign is closed, then
 * as counts through disclosure control for every reader — HR of the zone and administrators
 * included, since they are the ones who could recognise a colleague behind a small count — at the
 * survey's threshold (`threshold()`), and nothing at all below it.
 *
 * What a respondent's request writes is the answer itself, under the hash of the code, in the
 * campaign's single answers row: no time, no address, no user agent, no log line, no audit event.
 */
@Injectable()
export class SurveyService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('Survey');
  private readonly protectedCache = new Map<string, Promise<ProtectedTables>>();
  private sweepTimer: NodeJS.Timeout | null = null;

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly zones: ZonesService,
    private readonly profiles: ProfilesService,
    private readonly audit: AuditService,
    private readonly returns: ReturnsRepository,
    private readonly disclosure: DisclosureService,
    private readonly repo: SurveyRepository,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /**
   * The survey's threshold k, the same for every caller: max(K_RESEARCH, K_MANAGE) — never below
   * the researcher threshold nor below any caller's own, and one protection per campaign (two
   * protections of the same counts at different thresholds could be combined by someone who sees
   * both). A campaign with fewer answers shows nothing but "fewer than k".
   */
  surveyThreshold(): number {
    return Math.max(this.config.kResearch, this.config.kManage);
  }

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

  /** The day it is now (Belgian time). */
  today(): IsoDate {
    return brusselsDay();
  }

  // ---- Campaigns (HR of the zone, administrators) ------------------------------------------------

  async create(user: AuthUser, zoneCode: string, body: CreateSurveyCampaignRequest): Promise<SurveyCodesDto> {
    const { zone } = await this.zones.authorize(user, zoneCode, 'write');
    const profile = await this.profiles.get(zone.profileCode);
    const problems: Problem[] = [];
    const today = this.today();
    if (!isPeriod(body.period)) problems.push(requestProblem('period', 'invalid_period', `"${body.period}" is not a quarter like 2026-Q2.`, body.period));
    const datesOk = [['opensOn', body.opensOn], ['closesOn', body.closesOn]].every(([field, v]) => {
      if (typeof v === 'string' && isIsoDate(v)) return true;
      problems.push(requestProblem(field!, 'invalid_date', `"${String(v)}" is not a date like 2026-05-31.`));
      return false;
    });
    if (datesOk) {
      if (body.closesOn < body.opensOn) problems.push(requestProblem('closesOn', 'closes_before_opening', 'The closing date must be on or after the opening date.'));
      else if (body.closesOn < today) problems.push(requestProblem('closesOn', 'closes_in_past', `The closing date has passed (today is ${today}).`, undefined, { today }));
    }
    if (!Number.isInteger(body.invitations) || body.invitations < 1 || body.invitations > SURVEY_MAX_INVITATIONS) {
      problems.push(requestProblem('invitations', 'invalid_invitations', `The number of invitations must be a whole number from 1 to ${SURVEY_MAX_INVITATIONS}.`, undefined, { max: SURVEY_MAX_INVITATIONS }));
    }
    const optional = [...new Set(body.optionalQuestions ?? [])];
    for (const q of optional) {
      if (!profile.dimensions.some((d) => d.optional && d.code === q)) {
        problems.push(requestProblem('optionalQuestions', 'unknown_question', `"${q}" is not an optional question of profile ${profile.code}: use ${profile.dimensions.filter((d) => d.optional).map((d) => d.code).join(', ') || 'none'}.`, q));
      }
    }
    if (problems.length) throw new ValidationProblemsException(problems);
    const questions = surveyDimensions(profile, optional).map((d) => d.code);
    return this.db.transaction(async (m) => {
      const id = await this.repo.createCampaign(m, { zoneId: zone.id, period: body.period, opensOn: body.opensOn, closesOn: body.closesOn, questions, createdBy: user.id || null });
      await this.audit.record(m, user, 'survey.campaign_opened', {
        zone: zone.code,
        period: body.period,
        details: { campaign: id, opensOn: body.opensOn, closesOn: body.closesOn, questions },
      });
      const codes = await this.insertCodes(m, user, zone, id, body.invitations);
      return { campaign: await this.campaignDto(m, id), codes };
    });
  }

  /** More codes for a campaign that is not closed (new staff, a lost sheet): shown once, like the first ones. */
  async addCodes(user: AuthUser, zoneCode: string, id: number, count: number): Promise<SurveyCodesDto> {
    const { zone } = await this.zones.authorize(user, zoneCode, 'write');
    if (!Number.isInteger(count) || count < 1 || count > SURVEY_MAX_INVITATIONS) {
      throw new ValidationProblemsException([requestProblem('count', 'invalid_invitations', `The number of codes must be a whole number from 1 to ${SURVEY_MAX_INVITATIONS}.`, undefined, { max: SURVEY_MAX_INVITATIONS })]);
    }
    return this.db.transaction(async (m) => {
      const c = await this.lockCampaign(m, zone, id);
      if (this.status(c) === 'closed') throw new RefusalException(409, 'survey_closed', 'This survey is closed: no more codes can be made for it.', { reason: 'codes' });
      if (c.invitations + count > SURVEY_MAX_INVITATIONS) {
        throw new ValidationProblemsException([requestProblem('count', 'invalid_invitations', `A survey can have at most ${SURVEY_MAX_INVITATIONS} codes; this one has ${c.invitations}.`, undefined, { max: SURVEY_MAX_INVITATIONS, existing: c.invitations })]);
      }
      const codes = await this.insertCodes(m, user, zone, id, count);
      return { campaign: await this.campaignDto(m, id), codes };
    });
  }

  /** Closes a campaign before its closing day; its answers are counted at once. It cannot be reopened. */
  async close(user: AuthUser, zoneCode: string, id: number): Promise<SurveyCampaignDto> {
    const { zone } = await this.zones.authorize(user, zoneCode, 'write');
    await this.db.transaction(async (m) => {
      const c = await this.lockCampaign(m, zone, id);
      if (this.status(c) === 'closed') throw new RefusalException(409, 'survey_closed', 'This survey is already closed.', { reason: 'close' });
      const today = this.today();
      await this.repo.closeEarly(m, id, today);
      await this.audit.record(m, user, 'survey.campaign_closed', { zone: zone.code, period: c.period, details: { campaign: id, closedOn: today, closesOn: c.closes_on } });
    });
    await this.tally(id);
    return this.campaignDto(this.db.manager, id);
  }

  async list(user: AuthUser, zoneCode: string): Promise<SurveyCampaignDto[]> {
    const { zone } = await this.zones.authorize(user, zoneCode, 'read');
    const rows = await this.repo.zoneCampaigns(zone.id);
    const out: SurveyCampaignDto[] = [];
    for (const r of rows) {
      if (this.status(r) === 'closed' && r.responses === null) {
        await this.tally(r.id);
        out.push(await this.campaignDto(this.db.manager, r.id));
      } else {
        out.push(await this.toDto(r));
      }
    }
    return out;
  }

  async get(user: AuthUser, zoneCode: string, id: number): Promise<SurveyCampaignDto> {
    const { zone } = await this.zones.authorize(user, zoneCode, 'read');
    const c = await this.findCampaign(this.db.manager, zone, id);
    if (this.status(c) === 'closed' && c.responses === null) await this.tally(id);
    return this.campaignDto(this.db.manager, id);
  }

  /**
   * Counts of a closed campaign, through disclosure control at the survey's threshold for every
   * caller (HR of the zone and administrators included): one table per question asked, optional
   * ones included, all protected together; with fewer answers than the threshold, no table and no
   * exact response count.
   */
  async results(user: AuthUser, zoneCode: string, id: number): Promise<SurveyResultsDto> {
    const { zone } = await this.zones.authorize(user, zoneCode, 'read');
    let c = await this.findCampaign(this.db.manager, zone, id);
    if (this.status(c) !== 'closed') {
      throw new RefusalException(
        409,
        'survey_results_not_yet',
        `The results of this survey are shown once it has closed (after ${c.closes_on}): a count while it runs could tell who has just answered.`,
        { closesOn: c.closes_on },
      );
    }
    if (c.responses === null) {
      await this.tally(id);
      c = await this.findCampaign(this.db.manager, zone, id);
    }
    const k = this.surveyThreshold();
    const profile = surveyResultsProfile(await this.profiles.get(c.profile_code), c.questions);
    const categories = profile.categories.map((cat) => cat.code);
    const campaign = await this.toDto(c);
    const base = { campaign, threshold: k, invitations: c.invitations, categories, withheld: [] };
    if (campaign.belowThreshold) return { ...base, responses: { ...SUPPRESSED }, responseRate: null, tables: [] };
    const tables = await this.protectedTables(c, profile, await this.leaves(id), k);
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
    const closed = campaigns.find((c) => this.status(c) === 'closed');
    if (closed) {
      if (closed.responses === null) await this.tally(closed.id);
      const c = await this.findCampaign(this.db.manager, zone, closed.id);
      const k = this.surveyThreshold();
      let s: RepresentationSideDto;
      if (c.responses! < k) {
        // Fewer answers than k: nothing of the survey, not even how many answered.
        s = { source: 'survey', total: { ...SUPPRESSED }, declared: { ...SUPPRESSED }, shares: values.map((v) => ({ value: v, count: { ...SUPPRESSED }, share: null })) };
      } else {
        const t = await this.protectedTables(c, surveyResultsProfile(base, c.questions), await this.leaves(c.id), k);
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

  // ---- Answering (whoever holds a code) ------------------------------------------------------------

  async session(code: unknown): Promise<SurveySessionDto> {
    const { campaign, hash } = await this.openCampaignOf(this.db.manager, code);
    const profile = await this.profiles.get(campaign.profile_code);
    const answer = await this.repo.answerOf(campaign.id, hash);
    return {
      zone: { code: campaign.zone_code, name: campaign.zone_name, names: campaign.zone_names },
      period: campaign.period,
      closesOn: campaign.closes_on,
      categories: profile.categories.map((c) => ({ code: c.code, label: c.label, group: c.group })),
      categoryGroups: profile.categoryGroups,
      questions: profile.dimensions
        .filter((d) => campaign.questions.includes(d.code))
        .map((d) => ({ dimension: d.code, label: d.label, multiple: d.multiple === true, values: d.values.map((v) => ({ code: v.code, label: v.label, notDeclared: v.notDeclared === true })) })),
      answer,
      threshold: this.surveyThreshold(),
    };
  }

  /** Saves (or replaces) the answer given with a code. */
  async save(code: unknown, answer: { category?: unknown; classes?: unknown }): Promise<SurveySaveResult> {
    return this.db.transaction(async (m) => {
      const { campaign, hash } = await this.openCampaignOf(m, code, true);
      const profile = await this.profiles.get(campaign.profile_code);
      const checked = checkSurveyAnswer(profile, profile.dimensions.filter((d) => campaign.questions.includes(d.code)), answer);
      if (!checked.answer) {
        throw new ValidationProblemsException(checked.problems.map((p) => ({ row: null, column: `answer.${p.field}`, code: p.code, message: p.message })));
      }
      await this.repo.saveAnswer(m, campaign.id, hash, checked.answer);
      return { saved: true, closesOn: campaign.closes_on };
    });
  }

  /** Removes the answer given with a code (the code stays valid until the campaign closes). */
  async withdraw(code: unknown): Promise<SurveySaveResult> {
    return this.db.transaction(async (m) => {
      const { campaign, hash } = await this.openCampaignOf(m, code, true);
      await this.repo.removeAnswer(m, campaign.id, hash);
      return { saved: false, closesOn: campaign.closes_on };
    });
  }

  // ---- Internals ------------------------------------------------------------------------------------

  private status(c: Pick<CampaignRow, 'opens_on' | 'closes_on' | 'closed_early_on'>) {
    return campaignStatus({ opensOn: c.opens_on, closesOn: c.closes_on, closedEarlyOn: c.closed_early_on }, this.today());
  }

  /**
   * The open campaign of a code, and the hex hash its answer is kept under. Unknown codes throw
   * UnknownSurveyCodeException (counted by the throttle); codes of campaigns not open say why.
   * With `lock`, the campaign row is share-locked so it cannot close (and be counted) meanwhile.
   */
  private async openCampaignOf(m: EntityManager, code: unknown, lock = false): Promise<{ campaign: CampaignRow; hash: string }> {
    const normalised = typeof code === 'string' ? normaliseSurveyCode(code) : '';
    if (!isWellFormedSurveyCode(normalised)) throw new UnknownSurveyCodeException();
    const digest = hashSurveyCode(normalised);
    const campaign = await this.repo.campaignOfCode(m, digest, lock);
    if (!campaign) throw new UnknownSurveyCodeException();
    const status = this.status(campaign);
    if (status === 'closed') {
      const day = campaign.closed_early_on ?? campaign.closes_on;
      const message = `This survey closed on ${day}: answers can no longer be given, changed or withdrawn. Thank you for your interest.`;
      throw new ValidationProblemsException([{ row: null, column: 'code', code: 'survey_closed', message, value: day, params: { closedOn: day } }], [], message);
    }
    if (status === 'scheduled') {
      const message = `This survey opens on ${campaign.opens_on}. Please come back then with the same code.`;
      throw new ValidationProblemsException([{ row: null, column: 'code', code: 'survey_not_open', message, value: campaign.opens_on, params: { opensOn: campaign.opens_on } }], [], message);
    }
    return { campaign, hash: digest.toString('hex') };
  }

  private async insertCodes(m: EntityManager, user: AuthUser, zone: ZoneRef, campaignId: number, count: number): Promise<string[]> {
    const codes = new Set<string>();
    while (codes.size < count) {
      const batch: string[] = [];
      while (codes.size + batch.length < count) {
        const c = generateSurveyCode();
        if (!codes.has(c) && !batch.includes(c)) batch.push(c);
      }
      // One statement for the whole batch; a hash already used (never in practice: 59 bits) is skipped and redrawn.
      const inserted = await this.repo.insertCodeHashes(m, campaignId, batch.map((c) => hashSurveyCode(c)));
      const ok = new Set(inserted.map((r) => r.code_hash.toString('hex')));
      for (const c of batch) if (ok.has(hashSurveyCode(c).toString('hex'))) codes.add(c);
    }
    await this.repo.addInvitations(m, campaignId, count);
    await this.audit.record(m, user, 'survey.codes_generated', { zone: zone.code, details: { campaign: campaignId, count } });
    return [...codes].map(formatSurveyCode);
  }

  private async findCampaign(m: EntityManager, zone: ZoneRef, id: number): Promise<CampaignRow> {
    const c = await this.repo.campaignInZone(m, zone.id, id);
    if (!c) throw new NotFoundException(`Zone ${zone.code} has no survey ${id}.`);
    return c;
  }

  private async lockCampaign(m: EntityManager, zone: ZoneRef, id: number): Promise<CampaignRow> {
    const c = await this.repo.campaignInZone(m, zone.id, id, true);
    if (!c) throw new NotFoundException(`Zone ${zone.code} has no survey ${id}.`);
    return c;
  }

  private async campaignDto(m: EntityManager, id: number): Promise<SurveyCampaignDto> {
    return this.toDto((await this.repo.campaign(m, id))!);
  }

  /**
   * The same for every caller: once closed, the responses are "fewer than k" below the survey's
   * threshold, else the total its protected tables publish.
   */
  private async toDto(r: CampaignRow): Promise<SurveyCampaignDto> {
    const status = this.status(r);
    const k = this.surveyThreshold();
    const belowThreshold = status === 'closed' && r.responses !== null && r.responses < k;
    let responses: Count | null = null;
    if (belowThreshold) responses = { ...SUPPRESSED };
    else if (status === 'closed' && r.responses !== null) {
      const profile = surveyResultsProfile(await this.profiles.get(r.profile_code), r.questions);
      responses = (await this.protectedTables(r, profile, await this.leaves(r.id), k)).total;
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

  private leaves(campaignId: number): Promise<LeafCount[]> {
    return this.repo.resultCells(campaignId);
  }

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

  /** Counts every campaign whose closing day has passed and that is not counted yet. */
  async tallyDue(): Promise<number> {
    const ids = await this.repo.dueCampaigns(this.today());
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
      if (!c || c.responses !== null || this.status(c) !== 'closed') return false;
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
}

function rate(n: number, d: number): number | null {
  return d > 0 ? n / d : null;
}
