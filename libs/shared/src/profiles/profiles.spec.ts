import {
  BELGIUM_POLICE,
  BUILT_IN_PROFILES,
  checkProfile,
  type ClassificationProfile,
  DEFAULT_PROFILE_CODE,
  findCategory,
  findDimension,
  notDeclaredCode,
  RCMP,
  requiredDimensions,
  UK_HOME_OFFICE,
} from './index.js';

/** A small valid profile to break one way at a time. */
function validProfile(): ClassificationProfile {
  return {
    code: 'test',
    name: { en: 'Test' },
    categoryGroups: [{ code: 'ops', label: { en: 'Operational' } }],
    categories: [
      { code: 'constable', group: 'ops', feeders: [], label: { en: 'Constable' } },
      { code: 'sergeant', group: 'ops', feeders: ['constable'], label: { en: 'Sergeant' } },
    ],
    dimensions: [
      {
        code: 'gender',
        label: { en: 'Gender' },
        values: [
          { code: 'female', label: { en: 'Female' } },
          { code: 'male', label: { en: 'Male' } },
          { code: 'not_stated', notDeclared: true, label: { en: 'Not stated' } },
        ],
        rollups: [{ code: 'any_stated', label: { en: 'Stated' }, members: ['female', 'male'] }],
      },
    ],
  };
}

describe('built-in profiles', () => {
  it('are Belgian police (default), UK Home Office and RCMP', () => {
    expect(BUILT_IN_PROFILES.map((p) => p.code)).toEqual([BELGIUM_POLICE.code, UK_HOME_OFFICE.code, RCMP.code]);
    expect(DEFAULT_PROFILE_CODE).toBe('belgium-police');
  });

  it.each(BUILT_IN_PROFILES.map((p) => [p.code, p] as const))('%s passes checkProfile', (_code, profile) => {
    expect(checkProfile(profile)).toEqual([]);
  });

  it('Belgian police: four operational cadres in a feeder chain, origin with the migration roll-up', () => {
    expect(BELGIUM_POLICE.categories.filter((c) => c.group === 'operational').map((c) => [c.code, c.feeders])).toEqual([
      ['agent', []],
      ['basic', ['agent']],
      ['middle', ['basic']],
      ['officer', ['middle']],
    ]);
    const origin = findDimension(BELGIUM_POLICE, 'origin');
    expect(origin?.rollups?.find((r) => r.code === 'migration_background')?.members).toEqual(['be_eu', 'be_non_eu', 'non_be_eu', 'non_be_non_eu']);
    expect(requiredDimensions(BELGIUM_POLICE).map((d) => d.code)).toEqual(['gender', 'origin']);
  });
});

describe('profile helpers', () => {
  it('notDeclaredCode finds the "not declared" value, and throws when there is none', () => {
    expect(notDeclaredCode(findDimension(UK_HOME_OFFICE, 'ethnicity')!)).toBe('not_stated');
    expect(() => notDeclaredCode({ code: 'd', label: { en: 'D' }, values: [{ code: 'a', label: { en: 'A' } }] })).toThrow(/d/);
  });

  it('findCategory / findDimension return undefined for unknown codes', () => {
    expect(findCategory(BELGIUM_POLICE, 'officer')?.feeders).toEqual(['middle']);
    expect(findCategory(BELGIUM_POLICE, 'sergeant')).toBeUndefined();
    expect(findDimension(BELGIUM_POLICE, 'ethnicity')).toBeUndefined();
  });
});

describe('checkProfile', () => {
  it('accepts the small valid profile', () => {
    expect(checkProfile(validProfile())).toEqual([]);
  });

  it('reports every defect of a broken profile', () => {
    const p = validProfile();
    p.categories.push({ code: 'sergeant', group: 'ops', feeders: ['corporal'], label: { en: 'Sergeant again' } });
    p.categories.push({ code: 'inspector', group: 'detectives', feeders: ['sergeant'], label: { en: 'Inspector' } });
    const gender = p.dimensions[0]!;
    gender.values.push({ code: 'prefer_not', notDeclared: true, label: { en: 'Prefer not to say' } });
    gender.rollups!.push({ code: 'others', label: { en: 'Others' }, members: ['x', 'male'] });
    p.dimensions.push({ code: 'origin', label: { en: 'Origin' }, values: [{ code: 'a', label: { en: 'A' } }, { code: 'a', label: { en: 'A again' } }] });
    expect(checkProfile(p)).toEqual([
      'category code "sergeant" is used twice',
      'category "sergeant" has unknown feeder "corporal"',
      'category "inspector" has unknown group "detectives"',
      'dimension "gender" must have exactly one "not declared" value, has 2',
      'roll-up "others" of "gender" has unknown member "x"',
      'origin value code "a" is used twice',
      'dimension "origin" must have exactly one "not declared" value, has 0',
    ]);
  });

  it('reports a single defect on its own', () => {
    const dupCode = validProfile();
    dupCode.dimensions.push({ ...dupCode.dimensions[0]! });
    expect(checkProfile(dupCode)).toEqual(['dimension code "gender" is used twice']);

    const feeder = validProfile();
    feeder.categories[1]!.feeders = ['cadet'];
    expect(checkProfile(feeder)).toEqual(['category "sergeant" has unknown feeder "cadet"']);

    const member = validProfile();
    member.dimensions[0]!.rollups = [{ code: 'women', label: { en: 'Women' }, members: ['woman'] }];
    expect(checkProfile(member)).toEqual(['roll-up "women" of "gender" has unknown member "woman"']);

    const clash = validProfile();
    clash.dimensions[0]!.rollups = [{ code: 'male', label: { en: 'Male' }, members: ['male'] }];
    expect(checkProfile(clash)).toEqual(['roll-up "male" of "gender" clashes with a value code']);

    const twoNotDeclared = validProfile();
    twoNotDeclared.dimensions[0]!.values[0]!.notDeclared = true;
    expect(checkProfile(twoNotDeclared)).toEqual(['dimension "gender" must have exactly one "not declared" value, has 2']);
  });

  it('finds the defect in a copy of a built-in profile', () => {
    const p = structuredClone(BELGIUM_POLICE) as ClassificationProfile;
    p.categories.find((c) => c.code === 'officer')!.feeders = ['middle', 'chief'];
    expect(checkProfile(p)).toEqual(['category "officer" has unknown feeder "chief"']);
    expect(checkProfile(BELGIUM_POLICE)).toEqual([]);
  });
});
