/**
 * The zone forms (register, change): what the administrator typed, kept as typed; the request it
 * becomes; and the API's 422 problems in the interface's language next to the fields they name.
 */
import { type CreateZoneRequest, normaliseCommunes, type Problem, type ProfileSummaryDto, type UpdateZoneRequest, type ZoneDto } from '@equity/shared';
import { t, tCount } from '../../../lib/i18n';

export interface ZoneForm {
  code: string;
  nameNl: string;
  nameFr: string;
  nameEn: string;
  profile: string;
  /** One commune per line (or separated by ";"). */
  communes: string;
}

export type ZoneField = keyof ZoneForm;
export const ZONE_FIELDS: ZoneField[] = ['code', 'nameNl', 'nameFr', 'nameEn', 'profile', 'communes'];

export const DEFAULT_PROFILE = 'belgium-police';

export const emptyZoneForm = (): ZoneForm => ({ code: '', nameNl: '', nameFr: '', nameEn: '', profile: DEFAULT_PROFILE, communes: '' });

/** The English name shown in the form: empty when it is only the Dutch name standing in. */
export const formFromZone = (zone: ZoneDto): ZoneForm => ({
  code: zone.code,
  nameNl: zone.names.nl ?? zone.name,
  nameFr: zone.names.fr ?? zone.name,
  nameEn: zone.names.en === (zone.names.nl ?? zone.name) ? '' : zone.names.en,
  profile: zone.profile,
  communes: zone.communes.join('\n'),
});

export const communesOf = (text: string): string[] => normaliseCommunes(text.split(/[;\n]/));

/** The profiles to choose from: every stored one (GET /profiles: built-in and added from a file) and any other a zone already uses. */
export function profileChoices(profiles: ProfileSummaryDto[] | undefined, zones: ZoneDto[] | undefined): string[] {
  return [...new Set([...(profiles ?? []).map((p) => p.code), ...(zones ?? []).map((z) => z.profile)])].sort();
}

export function toCreateRequest(form: ZoneForm): CreateZoneRequest {
  return {
    code: form.code.trim(),
    nameNl: form.nameNl,
    nameFr: form.nameFr,
    ...(form.nameEn.trim() ? { nameEn: form.nameEn } : {}),
    profile: form.profile,
    communes: communesOf(form.communes),
  };
}

/** Only what changed (nothing when nothing did). */
export function toUpdateRequest(zone: ZoneDto, form: ZoneForm): UpdateZoneRequest {
  const before = formFromZone(zone);
  const change: UpdateZoneRequest = {};
  if (form.nameNl.trim() !== before.nameNl) change.nameNl = form.nameNl;
  if (form.nameFr.trim() !== before.nameFr) change.nameFr = form.nameFr;
  if (form.nameEn.trim() !== before.nameEn) change.nameEn = form.nameEn;
  if (form.profile !== zone.profile) change.profile = form.profile;
  const communes = communesOf(form.communes);
  if (communes.join('\n') !== zone.communes.join('\n')) change.communes = communes;
  return change;
}

/** The name a field has in the problem summary (null: the zone as a whole). */
export const fieldLabel = (field: ZoneField | null): string => t(field ? `zones.field.${field}` : 'zones.field.whole');

/** The title of the problem summary of the zones' forms (zone, benchmark). */
export const problemsTitle = (count: number): string => tCount('zones.problems', count, { count });

/** The field a problem is about, or null for the zone as a whole. */
export function problemField(problem: Problem): ZoneField | null {
  const column = problem.column?.split('.')[0] ?? null;
  return column !== null && (ZONE_FIELDS as string[]).includes(column) ? (column as ZoneField) : null;
}

/** The problem in the interface's language when it is one the form knows; else the API's words. */
export function problemText(problem: Problem): string {
  const field = problemField(problem);
  switch (problem.code) {
    case 'required':
      return field === 'code' ? t('zones.problem.codeRequired') : field === 'profile' ? t('zones.problem.profileRequired') : t('zones.problem.nameRequired');
    case 'too_long':
      return field === 'communes' ? t('zones.problem.communeTooLong') : t('zones.problem.nameTooLong');
    case 'invalid_code':
      return t('zones.problem.invalidCode');
    case 'zone_exists':
      return t('zones.problem.zoneExists');
    case 'unknown_profile':
      return t('zones.problem.unknownProfile');
    case 'too_many_communes':
      return t('zones.problem.tooManyCommunes');
    case 'profile_in_use':
      return t('zones.problem.profileInUse');
    default:
      return problem.message;
  }
}
