import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { checkSurveyAnswer, isWellFormedSurveyCode, normaliseSurveyCode, type SurveySaveResult, type SurveySessionDto } from '@equity/shared';
import { DataSource, type EntityManager } from 'typeorm';
import { APP_CONFIG } from '../config/config.module.js';
import type { AppConfig } from '../config/config.js';
import { ValidationProblemsException } from '../core/problems.js';
import { ProfilesService } from '../profiles/profiles.service.js';
import { hashSurveyCode } from './survey-codes.js';
import { surveyStatus, surveyThreshold } from './survey-common.js';
import { UnknownSurveyCodeException } from './survey-throttle.js';
import { type CampaignRow, SurveyRepository } from './survey.repository.js';

/**
 * Answering the survey (docs/survey.md), for whoever holds a code: the questions and the answer
 * given earlier, saving or replacing it, withdrawing it — while the code's campaign is open.
 *
 * What a respondent's request writes is the answer itself, under the hash of the code, in the
 * campaign's single answers row: no time, no address, no user agent, no log line, no audit event.
 */
@Injectable()
export class SurveyAnsweringService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly profiles: ProfilesService,
    private readonly repo: SurveyRepository,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

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
      threshold: surveyThreshold(this.config),
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
    const status = surveyStatus(campaign);
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
}
