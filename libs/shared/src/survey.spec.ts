import { BELGIUM_POLICE, checkProfile } from './profiles/index.js';
import {
  addDays,
  brusselsDay,
  campaignStatus,
  checkSurveyAnswer,
  formatSurveyCode,
  isIsoDate,
  isWellFormedSurveyCode,
  normaliseSurveyCode,
  SURVEY_CODE_ALPHABET,
  surveyDimensions,
  surveyProfile,
  tallyClasses,
} from './survey.js';

describe('survey codes', () => {
  it('use 31 symbols that cannot be mistaken for each other', () => {
    expect(SURVEY_CODE_ALPHABET).toHaveLength(31);
    for (const ch of 'IL O01') expect(SURVEY_CODE_ALPHABET).not.toContain(ch);
  });

  it('are read whatever the case, spaces and dashes, and printed in groups of four', () => {
    expect(normaliseSurveyCode(' abcd-efgh jkmn ')).toBe('ABCDEFGHJKMN');
    expect(isWellFormedSurveyCode('ABCDEFGHJKMN')).toBe(true);
    expect(isWellFormedSurveyCode('ABCDEFGHJKM')).toBe(false);
    expect(isWellFormedSurveyCode('ABCDEFGHJKM0')).toBe(false);
    expect(formatSurveyCode('abcdefghjkmn')).toBe('ABCD-EFGH-JKMN');
  });
});

describe('campaign days', () => {
  it('are calendar days in Brussels; a campaign is open from its first to its last day included', () => {
    expect(isIsoDate('2026-02-28')).toBe(true);
    expect(isIsoDate('2026-02-30')).toBe(false);
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
    // 23:30 UTC on 31 March is already 1 April in Brussels (summer time).
    expect(brusselsDay(new Date('2026-03-31T23:30:00Z'))).toBe('2026-04-01');
    const c = { opensOn: '2026-05-04', closesOn: '2026-05-29', closedEarlyOn: null };
    expect(campaignStatus(c, '2026-05-03')).toBe('scheduled');
    expect(campaignStatus(c, '2026-05-04')).toBe('open');
    expect(campaignStatus(c, '2026-05-29')).toBe('open');
    expect(campaignStatus(c, '2026-05-30')).toBe('closed');
    expect(campaignStatus({ ...c, closedEarlyOn: '2026-05-10' }, '2026-05-10')).toBe('closed');
  });
});

describe('answers', () => {
  const dims = surveyDimensions(BELGIUM_POLICE, ['disability']);

  it('ask the required questions and the optional ones chosen', () => {
    expect(dims.map((d) => d.code)).toEqual(['gender', 'origin', 'disability']);
  });

  it('count a question left out as "prefer not to say", and several origins once, as "several"', () => {
    const r = checkSurveyAnswer(BELGIUM_POLICE, dims, { category: 'basic', classes: { origin: ['non_be_eu', 'be_eu'] } });
    expect(r.problems).toEqual([]);
    expect(r.answer).toEqual({ category: 'basic', classes: { gender: 'not_declared', origin: ['be_eu', 'non_be_eu'], disability: 'not_declared' } });
    expect(tallyClasses(r.answer!)).toEqual({ category: 'basic', classes: { gender: 'not_declared', origin: 'multiple', disability: 'not_declared' } });
    const one = checkSurveyAnswer(BELGIUM_POLICE, dims, { classes: { origin: ['be_eu'] } });
    expect(one.answer).toEqual({ category: 'not_declared', classes: { gender: 'not_declared', origin: 'be_eu', disability: 'not_declared' } });
  });

  it('report every problem at once', () => {
    const r = checkSurveyAnswer(BELGIUM_POLICE, dims, { category: 'chief', classes: { gender: ['female', 'x'], origin: [], disability: 'maybe', age_band: '30_39' } });
    expect(r.answer).toBeNull();
    expect(r.problems.map((p) => `${p.field}:${p.code}`).sort()).toEqual(
      ['category:unknown_category', 'classes.age_band:unknown_question', 'classes.disability:unknown_value', 'classes.gender:single_value_only', 'classes.origin:empty_choice'].sort(),
    );
  });
});

describe('the survey profile', () => {
  it('adds "several groups" to dimensions that allow several values and a category for those who did not give theirs', () => {
    const p = surveyProfile(BELGIUM_POLICE);
    // Consistent (unique codes, one "not declared" each) once the flag that reserves "multiple" is set aside.
    expect(checkProfile({ ...p, dimensions: p.dimensions.map((d) => ({ ...d, multiple: false })) })).toEqual([]);
    expect(checkProfile(BELGIUM_POLICE)).toEqual([]);
    expect(p.dimensions.find((d) => d.code === 'origin')!.values.map((v) => v.code)).toEqual(['be_be', 'be_eu', 'be_non_eu', 'non_be_eu', 'non_be_non_eu', 'multiple', 'not_declared']);
    expect(p.dimensions.find((d) => d.code === 'gender')!.values.map((v) => v.code)).not.toContain('multiple');
    expect(p.categories.at(-1)!.code).toBe('not_declared');
  });
});
