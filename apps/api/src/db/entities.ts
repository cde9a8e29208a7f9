import { AvailabilityBenchmarkEntity } from '../analytics/availability-benchmark.entity.js';
import { AuditEventEntity } from '../audit/audit-event.entity.js';
import { LoginAttemptEntity } from '../auth/login-attempt.entity.js';
import { SessionEntity } from '../auth/session.entity.js';
import { UserEntity } from '../auth/user.entity.js';
import { ClassificationProfileEntity } from '../profiles/classification-profile.entity.js';
import { QuarterlyReturnEntity } from '../returns/quarterly-return.entity.js';
import { ReturnCellEntity } from '../returns/return-cell.entity.js';
import { ReturnRevisionEntity } from '../returns/return-revision.entity.js';
import { SurveyAnswerSetEntity, SurveyCampaignEntity, SurveyCodeEntity, SurveyResultCellEntity } from '../survey/survey.entities.js';
import { TargetEntity } from '../targets/target.entity.js';
import { ZoneEntity } from '../zones/zone.entity.js';

export const ENTITIES = [
  ClassificationProfileEntity,
  ZoneEntity,
  UserEntity,
  SessionEntity,
  QuarterlyReturnEntity,
  ReturnRevisionEntity,
  ReturnCellEntity,
  AuditEventEntity,
  AvailabilityBenchmarkEntity,
  TargetEntity,
  LoginAttemptEntity,
  SurveyCampaignEntity,
  SurveyCodeEntity,
  SurveyAnswerSetEntity,
  SurveyResultCellEntity,
];
