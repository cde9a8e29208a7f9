/**
 * Checks of zone administration input (the register form, an edit, a row of the zones file), pure
 * so every problem is found at once: the service looks up what needs the database first (the
 * profiles, the zones that exist, what a zone holds) and passes it in.
 */
import { COMMUNE_NAME_MAX, COMMUNES_MAX, type Problem, type ProblemCode, type ProblemParams, ZONE_CODE_PATTERN, ZONE_NAME_MAX } from '@equity/shared';

/** A zone as it will be stored: trimmed names, communes normalised. */
export interface ZoneFields {
  nameNl: string;
  nameFr: string;
  /** null: no English name (the Dutch one is shown). */
  nameEn: string | null;
  profile: string;
  communes: string[];
}

/** Where a problem is: the row of a file (null for a form) and the name of each field there. */
export interface ProblemPlace {
  row: number | null;
  column: Record<'code' | 'nameNl' | 'nameFr' | 'nameEn' | 'profile' | 'communes', string>;
}

export const FORM_PLACE: ProblemPlace = {
  row: null,
  column: { code: 'code', nameNl: 'nameNl', nameFr: 'nameFr', nameEn: 'nameEn', profile: 'profile', communes: 'communes' },
};

export const FILE_COLUMNS: ProblemPlace['column'] = { code: 'code', nameNl: 'name_nl', nameFr: 'name_fr', nameEn: 'name_en', profile: 'profile', communes: 'communes' };

/** What a zone already holds that was recorded with its profile's categories. */
export interface ZoneHoldings {
  returns: number;
  targets: number;
  benchmarks: number;
}

const NAME_WORDS = { nameNl: 'Dutch name', nameFr: 'French name', nameEn: 'English name' } as const;

const problem = (place: ProblemPlace, field: keyof ProblemPlace['column'], code: ProblemCode, message: string, value?: string, params?: ProblemParams): Problem => ({
  row: place.row,
  column: place.column[field],
  code,
  message: place.row === null ? message : `Row ${place.row}: ${message}`,
  ...(params ? { params } : {}),
  ...(value !== undefined ? { value } : {}),
});

/** Text as stored: trimmed, runs of white space as one space. */
export const tidy = (text: string) => text.trim().replace(/\s+/g, ' ');

export function codeProblems(code: string, place: ProblemPlace): Problem[] {
  if (!code) return [problem(place, 'code', 'required', 'The zone code is required: the official zone number, such as 5345.')];
  if (!ZONE_CODE_PATTERN.test(code)) {
    return [
      problem(
        place,
        'code',
        'invalid_code',
        `“${code.slice(0, 40)}” is not a zone code: use the official zone number, such as 5345 (digits and letters, at most 40, no spaces).`,
        code.slice(0, 40),
      ),
    ];
  }
  return [];
}

function nameProblems(field: 'nameNl' | 'nameFr' | 'nameEn', raw: string | undefined, required: boolean, place: ProblemPlace): Problem[] {
  const name = tidy(raw ?? '');
  const words = NAME_WORDS[field];
  if (!name) {
    if (!required) return [];
    const onlySpaces = (raw ?? '').length > 0;
    return [problem(place, field, 'required', onlySpaces ? `The ${words} holds only spaces: write the zone’s name.` : `The ${words} is required.`)];
  }
  if (name.length > ZONE_NAME_MAX) return [problem(place, field, 'too_long', `The ${words} is longer than ${ZONE_NAME_MAX} characters.`)];
  return [];
}

export function profileProblems(profile: string, profiles: ReadonlySet<string>, place: ProblemPlace): Problem[] {
  if (!profile) return [problem(place, 'profile', 'required', `The classification profile is required, for example ${[...profiles][0] ?? 'belgium-police'}.`)];
  if (!profiles.has(profile)) {
    return [
      problem(
        place,
        'profile',
        'unknown_profile',
        `There is no classification profile “${profile.slice(0, 60)}”. Use one of: ${[...profiles].sort().join(', ')}.`,
        profile.slice(0, 60),
        { profiles: [...profiles].sort().join(', ') },
      ),
    ];
  }
  return [];
}

export function communeProblems(communes: string[], place: ProblemPlace): Problem[] {
  const out: Problem[] = [];
  if (communes.length > COMMUNES_MAX) out.push(problem(place, 'communes', 'too_many_communes', `A zone has at most ${COMMUNES_MAX} communes; this one lists ${communes.length}.`));
  const long = communes.find((c) => c.length > COMMUNE_NAME_MAX);
  if (long) out.push(problem(place, 'communes', 'too_long', `The commune “${long.slice(0, 30)}…” is longer than ${COMMUNE_NAME_MAX} characters: separate communes with “;”.`));
  return out;
}

/**
 * A change of profile is refused while the zone holds data recorded with the old one's categories:
 * its returns would no longer be readable, and its targets and benchmarks would name groups the
 * new profile may not have.
 */
export function profileChangeProblems(code: string, from: string, to: string, held: ZoneHoldings, place: ProblemPlace): Problem[] {
  if (from === to || held.returns + held.targets + held.benchmarks === 0) return [];
  const what = [
    held.returns ? `${held.returns} quarterly return${held.returns === 1 ? '' : 's'}` : '',
    held.targets ? `${held.targets} target${held.targets === 1 ? '' : 's'}` : '',
    held.benchmarks ? `${held.benchmarks} availability benchmark${held.benchmarks === 1 ? '' : 's'}` : '',
  ].filter(Boolean);
  return [
    problem(
      place,
      'profile',
      'profile_in_use',
      `The profile of zone ${code} cannot change from ${from} to ${to}: the zone already has ${what.join(', ')} recorded with the categories of ${from}, which would no longer be readable or comparable. Keep ${from}.`,
    ),
  ];
}

/** Problems of a whole zone (register, or a row of the file): every field at once. */
export function zoneProblems(input: { code: string } & ZoneFields, raw: { nameNl?: string; nameFr?: string; nameEn?: string }, profiles: ReadonlySet<string>, place: ProblemPlace): Problem[] {
  return [...codeProblems(input.code, place), ...fieldProblems(input, raw, profiles, place)];
}

/** Problems of everything but the code (a row of the file, whose code is checked with the others'). */
export function fieldProblems(input: ZoneFields, raw: { nameNl?: string; nameFr?: string; nameEn?: string }, profiles: ReadonlySet<string>, place: ProblemPlace): Problem[] {
  return [
    ...nameProblems('nameNl', raw.nameNl, true, place),
    ...nameProblems('nameFr', raw.nameFr, true, place),
    ...nameProblems('nameEn', raw.nameEn, false, place),
    ...profileProblems(input.profile, profiles, place),
    ...communeProblems(input.communes, place),
  ];
}

/** Problems of an edit: only the fields sent are checked. */
export function zoneChangeProblems(change: { nameNl?: string; nameFr?: string; nameEn?: string; profile?: string; communes?: string[] }, profiles: ReadonlySet<string>): Problem[] {
  return [
    ...(change.nameNl !== undefined ? nameProblems('nameNl', change.nameNl, true, FORM_PLACE) : []),
    ...(change.nameFr !== undefined ? nameProblems('nameFr', change.nameFr, true, FORM_PLACE) : []),
    ...(change.nameEn !== undefined ? nameProblems('nameEn', change.nameEn, false, FORM_PLACE) : []),
    ...(change.profile !== undefined ? profileProblems(change.profile.trim(), profiles, FORM_PLACE) : []),
    ...(change.communes !== undefined ? communeProblems(change.communes, FORM_PLACE) : []),
  ];
}

/** Which stored fields a zone's new values change. */
export function zoneChanges(before: ZoneFields, after: ZoneFields): ('names' | 'profile' | 'communes')[] {
  const out: ('names' | 'profile' | 'communes')[] = [];
  if (before.nameNl !== after.nameNl || before.nameFr !== after.nameFr || before.nameEn !== after.nameEn) out.push('names');
  if (before.profile !== after.profile) out.push('profile');
  if (before.communes.join('\n') !== after.communes.join('\n')) out.push('communes');
  return out;
}
