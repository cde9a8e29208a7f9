/**
 * Zone administration: what an administrator sends to register or change a zone, and the bulk
 * load of zones from a CSV file (its columns and the preview it answers).
 */

/** Columns of the zones file, in their usual order; `name_en` and `communes` may be left out. */
export const ZONE_FILE_COLUMNS = ['code', 'name_nl', 'name_fr', 'name_en', 'profile', 'communes'] as const;
export const ZONE_FILE_REQUIRED = ['code', 'name_nl', 'name_fr', 'profile'] as const;
export type ZoneFileColumn = (typeof ZONE_FILE_COLUMNS)[number];

/** Separator of the communes in one cell of the zones file. */
export const COMMUNES_SEPARATOR = ';';

export const ZONE_NAME_MAX = 150;
export const COMMUNE_NAME_MAX = 100;
export const COMMUNES_MAX = 100;

/** `POST /api/v1/zones`. */
export interface CreateZoneRequest {
  /** The official zone number, e.g. 5345. */
  code: string;
  nameNl: string;
  nameFr: string;
  /** English name; the Dutch one is used when absent. */
  nameEn?: string;
  /** Code of an existing classification profile. */
  profile: string;
  communes?: string[];
}

/** `PUT /api/v1/zones/{zone}`: the fields given are changed, the others stay. */
export interface UpdateZoneRequest {
  nameNl?: string;
  nameFr?: string;
  /** An empty text removes the English name (the Dutch one is shown instead). */
  nameEn?: string;
  profile?: string;
  communes?: string[];
}

/**
 * A merger: this zone is succeeded by `into` from quarter `from` on. The successor's series then
 * count this zone's returns before `from` as its own, and this zone takes no return from `from` on.
 */
export interface MergeZoneRequest {
  into?: string;
  from?: string;
}

/** What loading one row of the zones file does (or would do). */
export type ZoneImportStatus = 'created' | 'changed' | 'unchanged';

export interface ZoneImportRow {
  /** Row of the file, as a spreadsheet numbers it (the header is row 1). */
  row: number;
  code: string;
  status: ZoneImportStatus;
  /** Fields that differ from the stored zone (status `changed`): names, profile, communes. */
  changes: ('names' | 'profile' | 'communes')[];
  nameNl: string;
  nameFr: string;
  nameEn: string | null;
  profile: string;
  communes: string[];
}

/** The answer of `POST /api/v1/zones/import`: the preview (`dryRun`) or what was written. */
export interface ZoneImportResult {
  dryRun: boolean;
  created: number;
  changed: number;
  unchanged: number;
  rows: ZoneImportRow[];
}

/** The display name of a zone from its Dutch and French names: one when they are equal, else both. */
export function zoneDisplayName(nameNl: string, nameFr: string): string {
  return nameNl === nameFr ? nameNl : `${nameNl} / ${nameFr}`;
}

/** Communes from one cell of the zones file (`;`-separated): trimmed, blanks and repeats left out. */
export function splitCommunes(cell: string): string[] {
  return normaliseCommunes(cell.split(COMMUNES_SEPARATOR));
}

export function normaliseCommunes(communes: string[]): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  for (const c of communes) {
    const name = c.trim().replace(/\s+/g, ' ');
    if (name && !seen.has(name.toLowerCase())) {
      seen.add(name.toLowerCase());
      out.push(name);
    }
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Availability benchmarks: the share of a group in the population of a zone's communes
// ---------------------------------------------------------------------------------------------

/** Columns of the availability benchmarks file, all required. */
export const AVAILABILITY_FILE_COLUMNS = ['zone', 'dimension', 'group', 'year', 'share', 'source'] as const;

export const AVAILABILITY_YEAR_MIN = 1990;
export const AVAILABILITY_YEAR_MAX = 2100;
export const AVAILABILITY_SOURCE_MIN = 3;
export const AVAILABILITY_SOURCE_MAX = 300;

/**
 * A share as written in a file: a fraction from 0 to 1 (`0.52`, `0,52`) or a percentage with its
 * sign (`52%`, `52,5 %`). A bare number above 1 is not read as a percentage (1.5 is refused, not
 * taken for 1.5 %): null when the text is not a share.
 */
export function parseShare(text: string): number | null {
  const t = text.trim().replace(/\s+/g, '');
  const m = /^([0-9]+(?:[.,][0-9]+)?)(%?)$/.exec(t);
  if (!m) return null;
  const n = Number(m[1]!.replace(',', '.'));
  const share = m[2] ? n / 100 : n;
  return Number.isFinite(share) && share >= 0 && share <= 1 ? Math.round(share * 1e9) / 1e9 : null;
}

/** One availability benchmark of a zone (every year is kept; figures use the latest of each group). */
export interface AvailabilityBenchmarkRow {
  dimension: string;
  group: string;
  year: number;
  /** 0–1 */
  share: number;
  source: string;
}

export interface AvailabilityImportRow extends AvailabilityBenchmarkRow {
  row: number;
  zone: string;
  status: ZoneImportStatus;
  /** The share stored before (status `changed` or `unchanged`), else null. */
  previousShare: number | null;
}

/** The answer of `POST /api/v1/availability/import`: the preview (`dryRun`) or what was written. */
export interface AvailabilityImportResult {
  dryRun: boolean;
  created: number;
  changed: number;
  unchanged: number;
  rows: AvailabilityImportRow[];
}
