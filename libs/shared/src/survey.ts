/**
 * The anonymous self-identification survey (docs/survey.md): one-time codes, the questions a
 * campaign asks, how an answer becomes one person's place in the counts, and the shapes the API
 * sends and receives.
 */
import type { Classes } from './cells.js';
import type { Count } from './contracts.js';
import type { Label } from './labels.js';
import type { CategoryDef, ClassificationProfile, DimensionDef } from './profiles/profile.js';

// ---- Codes --------------------------------------------------------------------------------------

/** Capitals and digits that cannot be mistaken for each other (no I, L, O, 0, 1): 31 symbols. */
export const SURVEY_CODE_ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';
/** 12 symbols of 31: about 59 bits, so guessing one of a campaign's codes is hopeless. */
export const SURVEY_CODE_LENGTH = 12;
export const SURVEY_CODE_GROUP = 4;
/** Most codes one campaign may have (a large zone has about 3,000 staff). */
export const SURVEY_MAX_INVITATIONS = 10_000;

/** A code as typed: case, spaces and dashes do not matter. */
export function normaliseSurveyCode(input: string): string {
  return input.toUpperCase().replace(/[\s\-_.]/g, '');
}

/** True when a normalised code has the right length and only symbols of the alphabet. */
export function isWellFormedSurveyCode(normalised: string): boolean {
  if (normalised.length !== SURVEY_CODE_LENGTH) return false;
  for (const ch of normalised) if (!SURVEY_CODE_ALPHABET.includes(ch)) return false;
  return true;
}

/** `ABCDEFGHJKMN` → `ABCD-EFGH-JKMN`, as printed on the slips. */
export function formatSurveyCode(code: string): string {
  const n = normaliseSurveyCode(code);
  const groups: string[] = [];
  for (let i = 0; i < n.length; i += SURVEY_CODE_GROUP) groups.push(n.slice(i, i + SURVEY_CODE_GROUP));
  return groups.join('-');
}

// ---- Dates --------------------------------------------------------------------------------------

/** A calendar day, `2026-05-31`. Campaign dates are days in Belgian time (Europe/Brussels). */
export type IsoDate = string;

const ISO_DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;

export function isIsoDate(value: string): boolean {
  const m = ISO_DATE_RE.exec(value);
  if (!m) return false;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return d.toISOString().slice(0, 10) === value;
}

/** The day it is in Brussels at `now`. */
export function brusselsDay(now: Date = new Date()): IsoDate {
  // en-CA formats as YYYY-MM-DD.
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Brussels', year: 'numeric', month: '2-digit', day: '2-digit' }).format(now);
}

export function addDays(day: IsoDate, n: number): IsoDate {
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + n);
  return d.toISOString().slice(0, 10);
}

// ---- Campaigns ----------------------------------------------------------------------------------

/** scheduled: before the opening day; open: from the opening day to the closing day included; closed: after, or closed early. */
export type SurveyCampaignStatus = 'scheduled' | 'open' | 'closed';

export function campaignStatus(c: { opensOn: IsoDate; closesOn: IsoDate; closedEarlyOn: IsoDate | null }, today: IsoDate): SurveyCampaignStatus {
  if (c.closedEarlyOn !== null || today > c.closesOn) return 'closed';
  if (today < c.opensOn) return 'scheduled';
  return 'open';
}

/** Value code under which someone who chose several values of a `multiple` dimension is counted. */
export const SURVEY_SEVERAL = 'multiple';
/** Staff category of someone who preferred not to say it. */
export const SURVEY_NO_CATEGORY = 'not_declared';

export const SURVEY_SEVERAL_LABEL: Label = { en: 'Several groups', nl: 'Meerdere groepen', fr: 'Plusieurs groupes' };
export const SURVEY_NO_CATEGORY_LABEL: Label = { en: 'Category not given', nl: 'Categorie niet opgegeven', fr: 'Catégorie non indiquée' };

/** The dimensions a campaign asks: every required one, and the optional ones it chose. */
export function surveyDimensions(profile: ClassificationProfile, optional: string[]): DimensionDef[] {
  return profile.dimensions.filter((d) => !d.optional || optional.includes(d.code));
}

/**
 * The profile of a survey's counts: the classification profile plus a staff category for people
 * who did not give theirs and, for every dimension that allows several values, a value "several
 * groups". Each person is counted exactly once, so the survey's tables add up like a return's and
 * go through the same disclosure control.
 */
export function surveyProfile(profile: ClassificationProfile): ClassificationProfile {
  const group = profile.categoryGroups[0]?.code ?? 'survey';
  const noCategory: CategoryDef = { code: SURVEY_NO_CATEGORY, group, feeders: [], label: SURVEY_NO_CATEGORY_LABEL };
  return {
    ...profile,
    categories: [...profile.categories, noCategory],
    dimensions: profile.dimensions.map((d) => {
      if (!d.multiple) return d;
      const values = [...d.values];
      // Before "not declared", which stays last.
      const nd = values.findIndex((v) => v.notDeclared);
      values.splice(nd < 0 ? values.length : nd, 0, { code: SURVEY_SEVERAL, label: SURVEY_SEVERAL_LABEL });
      return { ...d, values };
    }),
  };
}

// ---- Answers ------------------------------------------------------------------------------------

/** One person's answer: a staff category (or `not_declared`) and, per question, a value or (where allowed) several. */
export interface SurveyAnswer {
  category: string;
  classes: Record<string, string | string[]>;
}

export interface SurveyAnswerProblem {
  field: string;
  code: 'unknown_category' | 'unknown_question' | 'unknown_value' | 'single_value_only' | 'not_declared_with_others' | 'empty_choice';
  message: string;
}

/**
 * Checks an answer against the campaign's questions. A question left out counts as "prefer not to
 * say". Returns the answer in canonical form (values in profile order, one value as a string), or
 * every problem at once.
 */
export function checkSurveyAnswer(
  profile: ClassificationProfile,
  dimensions: DimensionDef[],
  answer: { category?: unknown; classes?: unknown },
): { answer: SurveyAnswer; problems: [] } | { answer: null; problems: SurveyAnswerProblem[] } {
  const problems: SurveyAnswerProblem[] = [];
  const category = answer.category === undefined || answer.category === null || answer.category === '' ? SURVEY_NO_CATEGORY : answer.category;
  if (typeof category !== 'string' || (category !== SURVEY_NO_CATEGORY && !profile.categories.some((c) => c.code === category))) {
    problems.push({ field: 'category', code: 'unknown_category', message: `"${String(category)}" is not a staff category of this survey.` });
  }
  const given = (answer.classes ?? {}) as Record<string, unknown>;
  const classes: Record<string, string | string[]> = {};
  if (typeof given !== 'object' || Array.isArray(given)) {
    problems.push({ field: 'classes', code: 'unknown_question', message: 'The answers must be given per question.' });
  } else {
    for (const key of Object.keys(given)) {
      if (!dimensions.some((d) => d.code === key)) problems.push({ field: `classes.${key}`, code: 'unknown_question', message: `"${key}" is not a question of this survey.` });
    }
    for (const d of dimensions) {
      const nd = d.values.find((v) => v.notDeclared)!.code;
      const raw = given[d.code];
      const chosen = raw === undefined || raw === null ? [nd] : Array.isArray(raw) ? raw : [raw];
      const field = `classes.${d.code}`;
      if (chosen.length === 0) {
        problems.push({ field, code: 'empty_choice', message: `Choose at least one answer to "${d.label.en}", or "prefer not to say".` });
        continue;
      }
      const unknown = chosen.filter((v) => typeof v !== 'string' || !d.values.some((dv) => dv.code === v));
      if (unknown.length) {
        problems.push({ field, code: 'unknown_value', message: `${unknown.map((v) => `"${String(v)}"`).join(', ')} is not an answer to "${d.label.en}".` });
        continue;
      }
      const set = new Set(chosen as string[]);
      if (set.size > 1 && !d.multiple) {
        problems.push({ field, code: 'single_value_only', message: `Only one answer can be chosen for "${d.label.en}".` });
        continue;
      }
      if (set.size > 1 && set.has(nd)) {
        problems.push({ field, code: 'not_declared_with_others', message: `"Prefer not to say" cannot be combined with other answers to "${d.label.en}".` });
        continue;
      }
      const ordered = d.values.map((v) => v.code).filter((c) => set.has(c));
      classes[d.code] = ordered.length === 1 ? ordered[0]! : ordered;
    }
  }
  if (problems.length) return { answer: null, problems };
  return { answer: { category: category as string, classes }, problems: [] };
}

/** Where an answer is counted: one value per dimension (`multiple` when several were chosen). */
export function tallyClasses(answer: SurveyAnswer): { category: string; classes: Classes } {
  const classes: Classes = {};
  for (const [dim, v] of Object.entries(answer.classes)) classes[dim] = Array.isArray(v) ? (v.length === 1 ? v[0]! : SURVEY_SEVERAL) : v;
  return { category: answer.category, classes };
}

// ---- API shapes ---------------------------------------------------------------------------------

export interface CreateSurveyCampaignRequest {
  /** The quarter whose representation data the results become, e.g. 2026-Q2. */
  period: string;
  opensOn: IsoDate;
  closesOn: IsoDate;
  /** Number of codes to generate (one per member of staff invited). */
  invitations: number;
  /** Optional classifications of the profile to ask too (e.g. age_band, disability). */
  optionalQuestions?: string[];
}

export interface SurveyCampaignDto {
  id: number;
  zone: string;
  zoneName: string;
  period: string;
  opensOn: IsoDate;
  closesOn: IsoDate;
  /** Day the campaign was closed before its closing day, if it was. */
  closedEarlyOn: IsoDate | null;
  status: SurveyCampaignStatus;
  /** Dimensions asked (besides the staff category). */
  questions: string[];
  /** Codes generated. */
  invitations: number;
  /**
   * Null while the campaign is not closed: there is no live count. Once closed, for every reader
   * (HR of the zone and administrators included): `{suppressed: true}` when fewer than `threshold`
   * people answered, else the total its protected tables publish.
   */
  responses: Count | null;
  /** responses ÷ invitations; null while open or when responses are withheld. */
  responseRate: number | null;
  /**
   * Smallest count of this survey's results anyone sees, whatever their role (docs/survey.md):
   * results are shown only when at least this many people answered, and then through disclosure
   * control at this threshold.
   */
  threshold: number;
  /** Closed with fewer than `threshold` answers: no results, and no exact response count, for anyone. */
  belowThreshold: boolean;
  createdBy: string | null;
}

/** Returned once, when codes are generated: they are never stored or shown again. */
export interface SurveyCodesDto {
  campaign: SurveyCampaignDto;
  /** Formatted `ABCD-EFGH-JKMN`. */
  codes: string[];
}

export interface SurveyQuestionDto {
  dimension: string;
  label: Label;
  multiple: boolean;
  values: { code: string; label: Label; notDeclared: boolean }[];
}

/** What the survey page shows after a code is entered. */
export interface SurveySessionDto {
  zone: { code: string; name: string; names: Label };
  period: string;
  closesOn: IsoDate;
  categories: { code: string; label: Label; group: string }[];
  categoryGroups: { code: string; label: Label }[];
  questions: SurveyQuestionDto[];
  /** The answer given earlier with this code, to change or withdraw; null when none. */
  answer: SurveyAnswer | null;
  /** Nobody sees a count of this survey below this; with fewer answers, no results are shown at all. */
  threshold: number;
}

export interface SurveySaveResult {
  saved: boolean;
  closesOn: IsoDate;
}

export interface SurveyTableDto {
  dimension: string;
  /** Staff category × value. */
  cells: { category: string; value: string; count: Count }[];
  categoryTotals: { category: string; count: Count }[];
  valueTotals: { value: string; count: Count }[];
  total: Count;
}

export interface SurveyResultsDto {
  campaign: SurveyCampaignDto;
  /** Smallest count shown: the survey's threshold, the same for every caller (HR and administrators included). */
  threshold: number;
  invitations: number;
  /** `{suppressed: true}` when fewer than `threshold` answered (then `tables` is empty). */
  responses: Count;
  /** Responses ÷ invitations, shown beside every figure. */
  responseRate: number | null;
  /** Category codes, including `not_declared`. */
  categories: string[];
  /** One per question asked (optional ones included), all protected together; none below the threshold. */
  tables: SurveyTableDto[];
  /** Questions whose counts this caller does not get: none since every question asked is protected in one cube (kept for clients). */
  withheld: string[];
}

export type RepresentationSource = 'hr_return' | 'survey';

export interface RepresentationSideDto {
  source: RepresentationSource;
  /** hr_return: headcount of the current revision; survey: responses. */
  total: Count;
  /** Those who declared a value (total − not declared): the base of every share. */
  declared: Count;
  shares: { value: string; count: Count; share: number | null }[];
}

/** Survey-based representation beside the HR return's, for one zone, quarter and classification. */
export interface RepresentationComparisonDto {
  zone: string;
  period: string;
  dimension: string;
  /** Smallest count of the HR return side shown to this caller (1 = everything); the survey side has its own. */
  threshold: number;
  hr: (RepresentationSideDto & { revision: number }) | null;
  /** Through the survey's own threshold (`threshold` here) for every caller, HR of the zone included. */
  survey: (RepresentationSideDto & { campaign: number; invitations: number; responseRate: number | null; threshold: number; belowThreshold: boolean }) | null;
  /** Per value: survey share − HR share of the declared base, in proportion points; null when either is missing. */
  differences: { value: string; difference: number | null }[];
}
