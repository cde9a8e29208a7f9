import { NotFoundException } from '@nestjs/common';
import { brusselsDay, campaignStatus } from '@equity/shared';
import type { EntityManager } from 'typeorm';
import type { AppConfig } from '../config/config.js';
import type { ZoneRef } from '../zones/zones.service.js';
import type { CampaignRow, SurveyRepository } from './survey.repository.js';

/**
 * The survey's threshold k, the same for every caller: max(K_RESEARCH, K_MANAGE) — never below
 * the researcher threshold nor below any caller's own, and one protection per campaign (two
 * protections of the same counts at different thresholds could be combined by someone who sees
 * both). A campaign with fewer answers shows nothing but "fewer than k".
 */
export function surveyThreshold(config: Pick<AppConfig, 'kResearch' | 'kManage'>): number {
  return Math.max(config.kResearch, config.kManage);
}

/** A campaign's status today (Belgian time): scheduled, open or closed. */
export function surveyStatus(c: Pick<CampaignRow, 'opens_on' | 'closes_on' | 'closed_early_on'>) {
  return campaignStatus({ opensOn: c.opens_on, closesOn: c.closes_on, closedEarlyOn: c.closed_early_on }, brusselsDay());
}

/** A campaign of the zone, else 404; `lock`: FOR UPDATE OF the campaign, in `m`'s transaction. */
export async function campaignOfZone(repo: SurveyRepository, m: EntityManager, zone: ZoneRef, id: number, lock = false): Promise<CampaignRow> {
  const c = await repo.campaignInZone(m, zone.id, id, lock);
  if (!c) throw new NotFoundException(`Zone ${zone.code} has no survey ${id}.`);
  return c;
}
