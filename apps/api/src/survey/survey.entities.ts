import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { UserEntity } from '../auth/user.entity.js';
import { ZoneOwnedEntity } from '../zones/zone-owned.entity.js';

/**
 * A self-identification survey of one zone (docs/survey.md). Dates are days (Europe/Brussels): the
 * campaign takes answers from `opens_on` to `closes_on` included, unless closed early.
 */
@Entity({ name: 'survey_campaign' })
@Index('ix_survey_campaign_zone', ['zoneId'])
@Check('ck_survey_campaign_dates', `closes_on >= opens_on`)
@Check('ck_survey_campaign_period', `period ~ '^[0-9]{4}-Q[1-4]$'`)
export class SurveyCampaignEntity extends ZoneOwnedEntity {
  /** Quarter whose representation data the results become. */
  @Column({ type: 'text' })
  period!: string;

  @Column({ name: 'opens_on', type: 'date' })
  opensOn!: string;

  @Column({ name: 'closes_on', type: 'date' })
  closesOn!: string;

  @Column({ name: 'closed_early_on', type: 'date', nullable: true })
  closedEarlyOn!: string | null;

  /** Dimensions asked besides the staff category (required ones and the optional ones chosen). */
  @Column({ type: 'text', array: true })
  questions!: string[];

  /** Number of codes generated. */
  @Column({ type: 'integer', default: 0 })
  invitations!: number;

  /** Set when the closed campaign's answers have been counted (and the answers deleted); null before. */
  @Column({ type: 'integer', nullable: true })
  responses!: number | null;

  @Column({ name: 'created_by', type: 'integer', nullable: true })
  createdBy!: number | null;

  @ManyToOne(() => UserEntity, { nullable: true, onDelete: 'SET NULL' })
  @JoinColumn({ name: 'created_by' })
  creator?: UserEntity;

  /** When HR opened the campaign (an act of the HR officer, not of a respondent). */
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}

/**
 * The hash (SHA-256) of one invitation code; the code itself is never stored. No serial id, no
 * time, nothing about who got it: all of a campaign's codes are written in one statement.
 */
@Entity({ name: 'survey_code' })
@Index('ix_survey_code_campaign', ['campaignId'])
export class SurveyCodeEntity {
  @PrimaryColumn({ name: 'code_hash', type: 'bytea' })
  codeHash!: Buffer;

  @Column({ name: 'campaign_id', type: 'integer' })
  campaignId!: number;

  @ManyToOne(() => SurveyCampaignEntity, { nullable: false, onDelete: 'CASCADE' })
  @JoinColumn({ name: 'campaign_id' })
  campaign?: SurveyCampaignEntity;
}

/**
 * The answers of an open campaign: ONE row per campaign, whose `answers` JSONB object maps the hex
 * code hash to the answer. One row rather than one per answer, so that neither row order, physical
 * position (ctid) nor transaction ids (xmin) of individual answers exist to tell who answered
 * before whom; JSONB keeps its keys sorted by length and bytes, not by insertion. No time is kept.
 * Deleted once the campaign is counted.
 */
@Entity({ name: 'survey_answer_set' })
export class SurveyAnswerSetEntity {
  @PrimaryColumn({ name: 'campaign_id', type: 'integer' })
  campaignId!: number;

  @ManyToOne(() => SurveyCampaignEntity, { nullable: false, onDelete: 'CASCADE' })
  @JoinColumn({ name: 'campaign_id' })
  campaign?: SurveyCampaignEntity;

  @Column({ type: 'jsonb', default: () => "'{}'" })
  answers!: Record<string, unknown>;
}

/** The counts of a closed campaign: staff category × classes (as in return_cell) × count. */
@Entity({ name: 'survey_result_cell' })
export class SurveyResultCellEntity {
  @PrimaryColumn({ name: 'campaign_id', type: 'integer' })
  campaignId!: number;

  @ManyToOne(() => SurveyCampaignEntity, { nullable: false, onDelete: 'CASCADE' })
  @JoinColumn({ name: 'campaign_id' })
  campaign?: SurveyCampaignEntity;

  @PrimaryColumn({ type: 'text' })
  category!: string;

  /** Canonical text of the classes (classesKey), the key of the cell. */
  @PrimaryColumn({ name: 'classes_key', type: 'text' })
  classesKey!: string;

  @Column({ type: 'jsonb' })
  classes!: Record<string, string>;

  @Column({ type: 'integer' })
  count!: number;
}
