import { BELGIUM_POLICE, type ClassificationProfile, normaliseProfile, profileChanges, profileFileProblems, RCMP } from './index.js';

const copy = (p: ClassificationProfile): ClassificationProfile => JSON.parse(JSON.stringify(p)) as ClassificationProfile;
const paths = (input: unknown) => profileFileProblems(input).map((p) => `${p.column}:${p.code}`);

describe('profileFileProblems', () => {
  it('finds nothing wrong with a built-in profile labelled in the three languages', () => {
    expect(profileFileProblems(copy(BELGIUM_POLICE))).toEqual([]);
  });

  it('asks for every missing language of every label (a built-in without Dutch labels cannot be uploaded as it is)', () => {
    const found = paths(copy(RCMP));
    expect(found).toContain('name.nl:profile_label_missing');
    expect(found.every((p) => p.endsWith('.nl:profile_label_missing'))).toBe(true);
  });

  it('says what a file that is not a profile is', () => {
    expect(paths([])).toEqual([null + ':profile_wrong_type']);
    expect(paths({})).toEqual(['code:profile_required', 'name:profile_required', 'categoryGroups:profile_required', 'categories:profile_required', 'dimensions:profile_required']);
  });

  it('reports shape and consistency problems together, each by its path', () => {
    const p = copy(BELGIUM_POLICE) as unknown as Record<string, unknown> & ClassificationProfile;
    p.dimensions[0]!.values[0]!.code = 'Bad code';
    (p.dimensions[0] as unknown as Record<string, unknown>)['optional'] = 'yes';
    p.categories[0]!.feeders = ['ghost'];
    p.dimensions[0]!.reference = 'nobody';
    expect(paths(p)).toEqual(
      expect.arrayContaining([
        'dimensions[0].values[0].code:profile_invalid_code',
        'dimensions[0].optional:profile_wrong_type',
        'categories[0].feeders[0]:profile_unknown_feeder',
        'dimensions[0].reference:profile_unknown_reference',
      ]),
    );
  });
});

describe('profileChanges', () => {
  it('lists labels changed, values added and removed, and nothing for the same profile in another key order', () => {
    const before = normaliseProfile(copy(BELGIUM_POLICE));
    const reversed = (v: unknown): unknown =>
      Array.isArray(v) ? v.map(reversed) : typeof v === 'object' && v !== null ? Object.fromEntries(Object.entries(v).reverse().map(([k, x]) => [k, reversed(x)])) : v;
    expect(profileChanges(before, normaliseProfile(reversed(BELGIUM_POLICE) as ClassificationProfile))).toEqual([]);
    const after = copy(before);
    const d = after.dimensions[0]!;
    d.values[0]!.label = { ...d.values[0]!.label, en: 'Changed' };
    const removed = d.values.splice(1, 1)[0]!;
    d.values.push({ code: 'new_value', label: { nl: 'n', fr: 'f', en: 'e' } });
    expect(profileChanges(before, after)).toEqual([
      { kind: 'value', change: 'removed', code: removed.code, dimension: d.code },
      { kind: 'value', change: 'changed', code: d.values[0]!.code, dimension: d.code },
      { kind: 'value', change: 'added', code: 'new_value', dimension: d.code },
    ]);
  });
});
