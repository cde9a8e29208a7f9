import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import {
  brusselsDay,
  type CreateSurveyCampaignRequest,
  formatSurveyCode,
  isIsoDate,
  isPeriod,
  type Problem,
  SURVEY_MAX_INVITATIONS,
  surveyDimensions,
  type SurveyCampaignDto,
  type SurveyCodesDto,
} from '@equity/shared';
import { DataSource, type EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service.js';
import type { AuthUser } from '../auth/auth-user.js';
import { RefusalException, ValidationProblemsException, requestProblem } from '../core/problems.js';
import { ProfilesService } from '../profiles/profiles.service.js';
import { ZonesService, type ZoneRef } from '../zones/zones.service.js';
import { generateSurveyCode, hashSurveyCode } from './survey-codes.js';
import { campaignOfZone, surveyStatus } from './survey-common.js';
import { SurveyResultsService } from './survey-results.service.js';
import { SurveyRepository } from './survey.repository.js';

/**
 * Survey campaigns (docs/survey.md), for HR of the zone and administrators: opened with their
 * codes (shown once, stored as hashes), given more codes, closed early, listed and read. A
 * campaign's response count and its counting are SurveyResultsService's.
 */
@Injectable()
export class SurveyCampaignsService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly zones: ZonesService,
    private readonly profiles: ProfilesService,
    private readonly audit: AuditService,
    private readonly repo: SurveyRepository,
    private readonly results: SurveyResultsService,
  ) {}

  async create(user: AuthUser, zoneCode: string, body: CreateSurveyCampaignRequest): Promise<SurveyCodesDto> {
    const { zone } = await this.zones.authorize(user, zoneCode, 'write');
    const profile = await this.profiles.get(zone.profileCode);
    const problems: Problem[] = [];
    const today = brusselsDay();
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
      return { campaign: await this.results.campaignDto(m, id), codes };
    });
  }

  /** More codes for a campaign that is not closed (new staff, a lost sheet): shown once, like the first ones. */
  async addCodes(user: AuthUser, zoneCode: string, id: number, count: number): Promise<SurveyCodesDto> {
    const { zone } = await this.zones.authorize(user, zoneCode, 'write');
    if (!Number.isInteger(count) || count < 1 || count > SURVEY_MAX_INVITATIONS) {
      throw new ValidationProblemsException([requestProblem('count', 'invalid_invitations', `The number of codes must be a whole number from 1 to ${SURVEY_MAX_INVITATIONS}.`, undefined, { max: SURVEY_MAX_INVITATIONS })]);
    }
    return this.db.transaction(async (m) => {
      const c = await campaignOfZone(this.repo, m, zone, id, true);
      if (surveyStatus(c) === 'closed') throw new RefusalException(409, 'survey_closed', 'This survey is closed: no more codes can be made for it.', { reason: 'codes' });
      if (c.invitations + count > SURVEY_MAX_INVITATIONS) {
        throw new ValidationProblemsException([requestProblem('count', 'invalid_invitations', `A survey can have at most ${SURVEY_MAX_INVITATIONS} codes; this one has ${c.invitations}.`, undefined, { max: SURVEY_MAX_INVITATIONS, existing: c.invitations })]);
      }
      const codes = await this.insertCodes(m, user, zone, id, count);
      return { campaign: await this.results.campaignDto(m, id), codes };
    });
  }

  /** Closes a campaign before its closing day; its answers are counted at once. It cannot be reopened. */
  async close(user: AuthUser, zoneCode: string, id: number): Promise<SurveyCampaignDto> {
    const { zone } = await this.zones.authorize(user, zoneCode, 'write');
    await this.db.transaction(async (m) => {
      const c = await campaignOfZone(this.repo, m, zone, id, true);
      if (surveyStatus(c) === 'closed') throw new RefusalException(409, 'survey_closed', 'This survey is already closed.', { reason: 'close' });
      const today = brusselsDay();
      await this.repo.closeEarly(m, id, today);
      await this.audit.record(m, user, 'survey.campaign_closed', { zone: zone.code, period: c.period, details: { campaign: id, closedOn: today, closesOn: c.closes_on } });
    });
    await this.results.tally(id);
    return this.results.campaignDto(this.db.manager, id);
  }

  async list(user: AuthUser, zoneCode: string): Promise<SurveyCampaignDto[]> {
    const { zone } = await this.zones.authorize(user, zoneCode, 'read');
    const rows = await this.repo.zoneCampaigns(zone.id);
    const out: SurveyCampaignDto[] = [];
    for (const r of rows) {
      if (surveyStatus(r) === 'closed' && r.responses === null) {
        await this.results.tally(r.id);
        out.push(await this.results.campaignDto(this.db.manager, r.id));
      } else {
        out.push(await this.results.toDto(r));
      }
    }
    return out;
  }

  async get(user: AuthUser, zoneCode: string, id: number): Promise<SurveyCampaignDto> {
    const { zone } = await this.zones.authorize(user, zoneCode, 'read');
    const c = await campaignOfZone(this.repo, this.db.manager, zone, id);
    if (surveyStatus(c) === 'closed' && c.responses === null) await this.results.tally(id);
    return this.results.campaignDto(this.db.manager, id);
  }

  // ---- Internals ------------------------------------------------------------------------------------

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
}
