import { FORM_PLACE, FILE_COLUMNS, profileChangeProblems, zoneChangeProblems, zoneChanges, zoneProblems } from './zone-input.js';

const profiles = new Set(['belgium-police', 'rcmp']);
const fields = { nameNl: 'Gent', nameFr: 'Gand', nameEn: null, profile: 'belgium-police', communes: ['Gent'] };

describe('zoneProblems', () => {
  it('accepts a complete zone', () => {
    expect(zoneProblems({ code: '5415', ...fields }, { nameNl: 'Gent', nameFr: 'Gand' }, profiles, FORM_PLACE)).toEqual([]);
  });

  it('finds every problem at once, by field, with the row of a file in the message', () => {
    const problems = zoneProblems(
      { code: '54 15', nameNl: '', nameFr: '', nameEn: null, profile: 'nope', communes: Array.from({ length: 101 }, (_, i) => `c${i}`) },
      { nameNl: '   ', nameFr: '' },
      profiles,
      { row: 7, column: FILE_COLUMNS },
    );
    expect(problems.map((p) => `${p.row}:${p.column}:${p.code}`)).toEqual([
      '7:code:invalid_code',
      '7:name_nl:required',
      '7:name_fr:required',
      '7:profile:unknown_profile',
      '7:communes:too_many_communes',
    ]);
    expect(problems[1]!.message).toBe('Row 7: The Dutch name holds only spaces: write the zone’s name.');
    expect(problems[3]!.message).toMatch(/Use one of: belgium-police, rcmp\./);
  });
});

describe('changes', () => {
  it('checks only the fields sent', () => {
    expect(zoneChangeProblems({ communes: ['x'] }, profiles)).toEqual([]);
    expect(zoneChangeProblems({ nameFr: ' ', profile: 'rcmp' }, profiles).map((p) => p.code)).toEqual(['required']);
  });

  it('names what changed', () => {
    expect(zoneChanges(fields, { ...fields })).toEqual([]);
    expect(zoneChanges(fields, { ...fields, nameEn: 'Ghent', communes: ['Gent', 'Merelbeke'] })).toEqual(['names', 'communes']);
  });

  it('refuses a new profile while the zone holds data, and says what', () => {
    expect(profileChangeProblems('5415', 'belgium-police', 'rcmp', { returns: 0, targets: 0, benchmarks: 0 }, FORM_PLACE)).toEqual([]);
    expect(profileChangeProblems('5415', 'belgium-police', 'belgium-police', { returns: 3, targets: 0, benchmarks: 0 }, FORM_PLACE)).toEqual([]);
    const [p] = profileChangeProblems('5415', 'belgium-police', 'rcmp', { returns: 12, targets: 1, benchmarks: 0 }, FORM_PLACE);
    expect(p).toMatchObject({ row: null, column: 'profile', code: 'profile_in_use' });
    expect(p!.message).toMatch(/12 quarterly returns, 1 target recorded with the categories of belgium-police/);
  });
});
