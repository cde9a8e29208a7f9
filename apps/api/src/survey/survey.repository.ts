import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { classesKey, type Label, type SurveyAnswer } from '@equity/shared';
import { DataSource, type EntityManager } from 'typeorm';
import type { LeafCount } from '../disclosure/cube.js';

/** A campaign with its zone and its author, as every read of a campaign returns it. */
export interface CampaignRow {
  id: number;
  zone_code: string;
  zone_name: string;
  zone_names: Label;
  profile_code: string;
  period: string;
  opens_on: string;
  closes_on: string;
  closed_early_on: string | null;
  questions: string[];
  invitations: number;
  responses: number | null;
  created_by: string | null;
}

/** The id a new row was given. */
export interface IdRow {
  id: number;
}

/** A code hash that was stored (one not already used). */
export interface CodeHashRow {
  code_hash: Buffer;
}

/** The answer given with one code, if any. */
export interface AnswerRow {
  answer: SurveyAnswer | null;
}

/** A campaign's answers by the hex hash of their codes. */
export interface AnswerSetRow {
  answers: Record<string, SurveyAnswer>;
}

/** One count of a tally: the respondents of a staff category with the same classes. */
export interface TallyCell {
  category: string;
  classes: Record<string, string>;
  count: number;
}

const CAMPAIGN_SQL = `
  SELECT c.id, z.code AS zone_code, z.name AS zone_name, z.names AS zone_names, z.profile_code, c.period,
         to_char(c.opens_on, 'YYYY-MM-DD') AS opens_on, to_char(c.closes_on, 'YYYY-MM-DD') AS closes_on,
         to_char(c.closed_early_on, 'YYYY-MM-DD') AS closed_early_on, c.questions, c.invitations, c.responses,
         u.username AS created_by
    FROM survey_campaign c JOIN zone z ON z.id = c.zone_id LEFT JOIN app_user u ON u.id = c.created_by`;

/**
 * All SQL of the self-identification survey (docs/survey.md): campaigns and their codes, the
 * answers kept under the hash of a code until the campaign is counted, and the counts. Writes take
 * the `EntityManager` of the caller's transaction.
 */
@Injectable()
export class SurveyRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  // ---- Campaigns ----------------------------------------------------------------------------------

  /** A new campaign with its (empty) answers row; returns its id. */
  async createCampaign(
    m: EntityManager,
    c: { zoneId: number; period: string; opensOn: string; closesOn: string; questions: string[]; createdBy: number | null },
  ): Promise<number> {
    const [row] = await m.query<IdRow[]>(
      `INSERT INTO survey_campaign (zone_id, period, opens_on, closes_on, questions, created_by) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`,
      [c.zoneId, c.period, c.opensOn, c.closesOn, c.questions, c.createdBy],
    );
    const id = row!.id;
    await m.query('INSERT INTO survey_answer_set (campaign_id) VALUES ($1)', [id]);
    return id;
  }

  /** A campaign by id, or null; `lock`: FOR UPDATE OF the campaign, in `m`'s transaction. */
  async campaign(m: EntityManager, id: number, lock = false): Promise<CampaignRow | null> {
    const rows = await m.query<CampaignRow[]>(`${CAMPAIGN_SQL} WHERE c.id = $1${lock ? ' FOR UPDATE OF c' : ''}`, [id]);
    return rows[0] ?? null;
  }

  /** A campaign of a zone, or null; `lock`: FOR UPDATE OF the campaign, in `m`'s transaction. */
  async campaignInZone(m: EntityManager, zoneId: number, id: number, lock = false): Promise<CampaignRow | null> {
    const rows = await m.query<CampaignRow[]>(`${CAMPAIGN_SQL} WHERE c.id = $1 AND c.zone_id = $2${lock ? ' FOR UPDATE OF c' : ''}`, [id, zoneId]);
    return rows[0] ?? null;
  }

  /** The campaign a code hash belongs to, or null; `lock`: FOR SHARE OF the campaign, so it cannot close meanwhile. */
  async campaignOfCode(m: EntityManager, codeHash: Buffer, lock: boolean): Promise<CampaignRow | null> {
    const rows = await m.query<CampaignRow[]>(`${CAMPAIGN_SQL} WHERE c.id = (SELECT campaign_id FROM survey_code WHERE code_hash = $1)${lock ? ' FOR SHARE OF c' : ''}`, [codeHash]);
    return rows[0] ?? null;
  }

  /** A zone's campaigns, newest first. */
  zoneCampaigns(zoneId: number): Promise<CampaignRow[]> {
    return this.db.query<CampaignRow[]>(`${CAMPAIGN_SQL} WHERE c.zone_id = $1 ORDER BY c.opens_on DESC, c.id DESC`, [zoneId]);
  }

  /** A zone's campaigns of a quarter, the latest to close first. */
  quarterCampaigns(zoneId: number, period: string): Promise<CampaignRow[]> {
    return this.db.query<CampaignRow[]>(`${CAMPAIGN_SQL} WHERE c.zone_id = $1 AND c.period = $2 ORDER BY coalesce(c.closed_early_on, c.closes_on) DESC, c.id DESC`, [zoneId, period]);
  }

  /** Closes a campaign early, on `day`. */
  async closeEarly(m: EntityManager, id: number, day: string): Promise<void> {
    await m.query('UPDATE survey_campaign SET closed_early_on = $2 WHERE id = $1', [id, day]);
  }

  // ---- Codes --------------------------------------------------------------------------------------

  /** Stores code hashes for a campaign in one statement; a hash already used is skipped. Returns the hashes stored. */
  async insertCodeHashes(m: EntityManager, campaignId: number, hashes: Buffer[]): Promise<CodeHashRow[]> {
    return m.query<CodeHashRow[]>(
      `INSERT INTO survey_code (code_hash, campaign_id) SELECT h, $2 FROM unnest($1::bytea[]) AS h ON CONFLICT (code_hash) DO NOTHING RETURNING code_hash`,
      [hashes, campaignId],
    );
  }

  /** Counts `count` more invitations for a campaign. */
  async addInvitations(m: EntityManager, campaignId: number, count: number): Promise<void> {
    await m.query('UPDATE survey_campaign SET invitations = invitations + $2 WHERE id = $1', [campaignId, count]);
  }

  // ---- Answers ------------------------------------------------------------------------------------

  /** The answer kept under a code's hex hash, or null. */
  async answerOf(campaignId: number, hash: string): Promise<SurveyAnswer | null> {
    const [row] = await this.db.query<AnswerRow[]>('SELECT answers -> $2 AS answer FROM survey_answer_set WHERE campaign_id = $1', [campaignId, hash]);
    return row?.answer ?? null;
  }

  /** Saves (or replaces) the answer kept under a code's hex hash. */
  async saveAnswer(m: EntityManager, campaignId: number, hash: string, answer: SurveyAnswer): Promise<void> {
    await m.query('UPDATE survey_answer_set SET answers = answers || jsonb_build_object($2::text, $3::jsonb) WHERE campaign_id = $1', [
      campaignId,
      hash,
      JSON.stringify(answer),
    ]);
  }

  /** Removes the answer kept under a code's hex hash. */
  async removeAnswer(m: EntityManager, campaignId: number, hash: string): Promise<void> {
    await m.query('UPDATE survey_answer_set SET answers = answers - $2::text WHERE campaign_id = $1', [campaignId, hash]);
  }

  /** A campaign's answers, by hex hash (none once it is counted). */
  async answers(m: EntityManager, campaignId: number): Promise<Record<string, SurveyAnswer>> {
    const [set] = await m.query<AnswerSetRow[]>('SELECT answers FROM survey_answer_set WHERE campaign_id = $1', [campaignId]);
    return set?.answers ?? {};
  }

  // ---- Counts -------------------------------------------------------------------------------------

  /** The ids of the campaigns whose closing day is before `today` (or closed early) and that are not counted yet. */
  async dueCampaigns(today: string): Promise<number[]> {
    const rows = await this.db.query<IdRow[]>('SELECT id FROM survey_campaign WHERE responses IS NULL AND (closed_early_on IS NOT NULL OR closes_on < $1::date)', [today]);
    return rows.map((r) => r.id);
  }

  /** Stores a campaign's counts, deletes its answers and sets its number of responses, in `m`'s transaction. */
  async storeTally(m: EntityManager, campaignId: number, cells: TallyCell[], responses: number): Promise<void> {
    await m.query(
      `INSERT INTO survey_result_cell (campaign_id, category, classes_key, classes, count)
         SELECT $1, category, key, classes, count FROM unnest($2::text[], $3::text[], $4::jsonb[], $5::int[]) AS t(category, key, classes, count)`,
      [campaignId, cells.map((x) => x.category), cells.map((x) => classesKey(x.classes)), cells.map((x) => JSON.stringify(x.classes)), cells.map((x) => x.count)],
    );
    await m.query('DELETE FROM survey_answer_set WHERE campaign_id = $1', [campaignId]);
    await m.query('UPDATE survey_campaign SET responses = $2 WHERE id = $1', [campaignId, responses]);
  }

  /** Vacuums the answers table so that deleted answers' row versions go too (outside any transaction). Best effort. */
  async vacuumAnswers(): Promise<void> {
    await this.db.query('VACUUM survey_answer_set').catch(() => undefined);
  }

  /** A counted campaign's cells. */
  resultCells(campaignId: number): Promise<LeafCount[]> {
    return this.db.query<LeafCount[]>('SELECT category, classes, count FROM survey_result_cell WHERE campaign_id = $1', [campaignId]);
  }

  /** The headcount cells of a return revision summed over the detail (the HR side of a comparison, full access). */
  hrHeadcountLeaves(revisionId: string): Promise<LeafCount[]> {
    return this.db.query<LeafCount[]>(
      "SELECT category, classes, sum(count)::int AS count FROM return_cell WHERE revision_id = $1 AND measure = 'headcount' GROUP BY category, classes",
      [revisionId],
    );
  }
}
