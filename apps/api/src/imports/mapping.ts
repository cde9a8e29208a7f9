/**
 * The generic import's column mapping: how a long-format table produced elsewhere (one row per
 * count) or a table of population shares becomes the product's returns or availability benchmarks.
 * Pure functions: reading and checking a mapping, and applying it to the rows of a file.
 */
import { type ClassificationProfile, type Problem, resolveGroup } from '@equity/shared';
import { load as loadYaml } from 'js-yaml';
import { normaliseToken, type RawRow, type RawTable } from '../returns/return-validator.js';

/** Source value → profile code (or, for zones, the code or name to look for). Keys match after trimming, in any case. */
export type ValueMap = Record<string, string>;

export interface ZoneMapping {
  /** `code`: the zone column holds zone codes; `name`: zone names of existing zones. */
  match: 'code' | 'name';
  /** Create the zones that do not exist yet (match `code` only), named from `columns.zoneName`. */
  create?: boolean;
  /** Source value → the code or name it stands for (force names that differ between files). */
  aliases?: ValueMap;
}

export interface ReturnsMapping {
  kind: 'returns';
  profile: string;
  /** Why the returns are imported: the reason of every revision written. */
  reason: string;
  /** The measure of every row, unless `columns.measure` names a column. */
  measure?: string;
  columns: {
    period: string;
    zone: string;
    zoneName?: string;
    category: string;
    count: string;
    measure?: string;
    detail?: string;
    /** Classification code → the column holding it. */
    classifications: Record<string, string>;
  };
  /** How a period is written: a regular expression on the period column and the quarter it makes ({1} = first group). */
  period?: { pattern: string; quarter: string };
  /** Counts: values meaning nil (0), and the thousands separator used inside numbers. */
  counts?: { nil?: string[]; thousandsSeparator?: string };
  /** Per field (`category`, `measure`, `detail` or a classification): source value → profile code. */
  values?: Record<string, ValueMap>;
  /** Only rows whose column holds one of these values are read. */
  filter?: Record<string, string[]>;
  /** Rows that map to the same cell: an error (default) or summed (e.g. several source values mapped to "not stated"). */
  duplicates?: 'error' | 'sum';
  zones: ZoneMapping;
}

export interface AvailabilityMapping {
  kind: 'availability';
  profile: string;
  /** The classification the population is broken down by. */
  classification: string;
  year: number;
  source: string;
  columns: {
    zone: string;
    /** Population column → value code of the classification (several columns may add up to one value). */
    values: Record<string, string>;
  };
  counts?: { nil?: string[]; thousandsSeparator?: string };
  zones: ZoneMapping;
}

export type ImportMapping = ReturnsMapping | AvailabilityMapping;

export class MappingError extends Error {
  constructor(readonly problems: string[]) {
    super(`The mapping file has ${problems.length === 1 ? 'a problem' : `${problems.length} problems`}:\n- ${problems.join('\n- ')}`);
  }
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isStringMap = (v: unknown): v is Record<string, string> => isObject(v) && Object.values(v).every((x) => typeof x === 'string');

/** Reads a mapping file (JSON, or YAML when named .yaml/.yml) and checks its shape against the profile. */
export function parseMapping(text: string, filename: string, profiles: (code: string) => ClassificationProfile | undefined): ImportMapping {
  let raw: unknown;
  try {
    raw = /\.ya?ml$/i.test(filename) ? loadYaml(text) : JSON.parse(text);
  } catch (err) {
    throw new MappingError([`${filename} cannot be read: ${err instanceof Error ? err.message.split('\n')[0] : String(err)}`]);
  }
  const problems: string[] = [];
  if (!isObject(raw)) throw new MappingError(['the mapping must be an object']);
  const profile = typeof raw['profile'] === 'string' ? profiles(raw['profile']) : undefined;
  if (!profile) problems.push(`"profile" must name a classification profile (got ${JSON.stringify(raw['profile'])})`);
  const columns = raw['columns'];
  if (!isObject(columns)) problems.push('"columns" must be an object naming the columns of the file');
  const zones = raw['zones'];
  if (!isObject(zones) || (zones['match'] !== 'code' && zones['match'] !== 'name')) problems.push('"zones.match" must be "code" or "name"');
  else {
    if (zones['aliases'] !== undefined && !isStringMap(zones['aliases'])) problems.push('"zones.aliases" must map source values to zone codes or names');
    if (zones['create'] === true && zones['match'] !== 'code') problems.push('"zones.create" needs "zones.match": "code" (new zones need a code)');
  }
  const counts = raw['counts'];
  if (counts !== undefined && (!isObject(counts) || (counts['nil'] !== undefined && !(Array.isArray(counts['nil']) && counts['nil'].every((x) => typeof x === 'string'))))) {
    problems.push('"counts.nil" must be a list of texts meaning nil');
  }
  if (raw['kind'] === 'returns') {
    if (typeof raw['reason'] !== 'string' || raw['reason'].trim() === '') problems.push('"reason" must say why the returns are imported');
    if (isObject(columns)) {
      for (const c of ['period', 'zone', 'category', 'count']) if (typeof columns[c] !== 'string') problems.push(`"columns.${c}" must name a column`);
      if (!isStringMap(columns['classifications'])) problems.push('"columns.classifications" must map each classification to a column');
      else if (profile) {
        for (const d of Object.keys(columns['classifications'])) if (!profile.dimensions.some((x) => x.code === d)) problems.push(`"${d}" is not a classification of ${profile.code}`);
        for (const d of profile.dimensions) if (!d.optional && !(d.code in columns['classifications'])) problems.push(`"columns.classifications.${d.code}" is missing: every return needs it`);
      }
      if (columns['measure'] === undefined && typeof raw['measure'] !== 'string') problems.push('"measure" (for every row) or "columns.measure" is needed');
      if (isObject(zones) && zones['create'] === true && typeof columns['zoneName'] !== 'string') problems.push('"columns.zoneName" must name the column with zone names when zones are created');
    }
    const period = raw['period'];
    if (period !== undefined) {
      if (!isObject(period) || typeof period['pattern'] !== 'string' || typeof period['quarter'] !== 'string') problems.push('"period" must have a "pattern" and a "quarter"');
      else {
        try {
          new RegExp(period['pattern']);
        } catch {
          problems.push(`"period.pattern" is not a regular expression: ${period['pattern']}`);
        }
      }
    }
    const values = raw['values'];
    if (values !== undefined && (!isObject(values) || !Object.values(values).every(isStringMap))) problems.push('"values" must map each field to an object of source value → code');
    const filter = raw['filter'];
    if (filter !== undefined && (!isObject(filter) || !Object.values(filter).every((v) => Array.isArray(v) && v.every((x) => typeof x === 'string')))) {
      problems.push('"filter" must map columns to lists of values to keep');
    }
    if (raw['duplicates'] !== undefined && raw['duplicates'] !== 'error' && raw['duplicates'] !== 'sum') problems.push('"duplicates" must be "error" or "sum"');
  } else if (raw['kind'] === 'availability') {
    const dim = profile?.dimensions.find((d) => d.code === raw['classification']);
    if (profile && !dim) problems.push(`"classification" must be a classification of ${profile.code} (got ${JSON.stringify(raw['classification'])})`);
    if (typeof raw['year'] !== 'number' || !Number.isInteger(raw['year']) || raw['year'] < 1990 || raw['year'] > 2100) problems.push('"year" must be a year like 2011');
    if (typeof raw['source'] !== 'string' || raw['source'].trim().length < 3) problems.push('"source" must say where the population figures come from');
    if (isObject(columns)) {
      if (typeof columns['zone'] !== 'string') problems.push('"columns.zone" must name a column');
      if (!isStringMap(columns['values'])) problems.push('"columns.values" must map population columns to values of the classification');
      else if (dim) {
        for (const v of Object.values(columns['values'])) if (!dim.values.some((x) => x.code === v)) problems.push(`"${v}" is not a value of ${dim.code}`);
      }
    }
  } else {
    problems.push('"kind" must be "returns" or "availability"');
  }
  if (problems.length) throw new MappingError(problems);
  return raw as unknown as ImportMapping;
}

/** Looks a value up in a map with keys compared trimmed and case-insensitive. */
function lookup(map: ValueMap | undefined, value: string): string | undefined {
  if (!map) return undefined;
  const wanted = value.trim().toLowerCase();
  for (const [k, v] of Object.entries(map)) if (k.trim().toLowerCase() === wanted) return v;
  return undefined;
}

/** Turns a count written like " 1,976 " or "-" into digits ("1976", "0"); anything else is left for the validator to judge. */
export function normaliseCount(raw: string, counts: { nil?: string[]; thousandsSeparator?: string } = {}): string {
  const text = raw.trim();
  if ((counts.nil ?? []).some((n) => n.trim() === text)) return '0';
  const sep = counts.thousandsSeparator;
  if (sep) {
    const escaped = sep.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    if (new RegExp(`^\\d{1,3}(${escaped}\\d{3})+$`).test(text)) return text.split(sep).join('');
  }
  return text;
}

/** The quarter a period value stands for (`2003` → `2003-Q1` with pattern `(\d{4})` and quarter `{1}-Q1`). */
export function mapPeriod(value: string, rule: ReturnsMapping['period']): string | null {
  const text = value.trim();
  if (!rule) return text.toUpperCase();
  const m = new RegExp(rule.pattern).exec(text);
  if (!m) return null;
  return rule.quarter.replace(/\{(\d+)\}/g, (_, n: string) => m[Number(n)] ?? '').toUpperCase();
}

const col = (name: string) => normaliseToken(name);

/** A zone as the mapped rows name it. */
export interface MappedZone {
  /** What the zone column holds, after aliases: a code (match "code") or a name (match "name"). */
  key: string;
  /** Name from `columns.zoneName`, for zones to create. */
  name: string | null;
  firstRow: number;
}

/** Rows of one zone and quarter in the cells format, ready for the return validator. */
export interface MappedReturn {
  zone: string;
  period: string;
  table: RawTable;
}

/**
 * Applies a returns mapping to the rows of a file: filters rows, maps each field's values, reads
 * counts, and groups the rows by zone and quarter as tables of the cells format (row numbers stay
 * the file's). Problems of the mapping against the file (a missing column, a period the pattern
 * does not read) are reported with row and column.
 */
export function mapReturns(mapping: ReturnsMapping, profile: ClassificationProfile, file: RawTable): { returns: MappedReturn[]; zones: Map<string, MappedZone>; problems: Problem[]; rowsRead: number } {
  const problems: Problem[] = [];
  const c = mapping.columns;
  const used: [string, string][] = [
    ['period', c.period],
    ['zone', c.zone],
    ['category', c.category],
    ['count', c.count],
    ...(c.zoneName ? [['zoneName', c.zoneName] as [string, string]] : []),
    ...(c.measure ? [['measure', c.measure] as [string, string]] : []),
    ...(c.detail ? [['detail', c.detail] as [string, string]] : []),
    ...Object.entries(c.classifications),
    ...Object.keys(mapping.filter ?? {}).map((f) => ['filter', f] as [string, string]),
  ];
  for (const [, name] of used) {
    if (!file.columns.includes(col(name))) problems.push({ row: 1, column: name, code: 'missing_column', message: `The file has no column "${name}" (the mapping names it). Its columns: ${file.columns.join(', ')}.` });
  }
  if (problems.length) return { returns: [], zones: new Map(), problems, rowsRead: file.rows.length };

  const value = (field: string, raw: string) => lookup(mapping.values?.[field], raw) ?? raw.trim();
  const dims = profile.dimensions.filter((d) => d.code in c.classifications);
  const columns = ['measure', 'detail', 'category', ...dims.map((d) => d.code), 'count'];
  const groups = new Map<string, { zone: string; period: string; rows: Map<string, RawRow> }>();
  const zones = new Map<string, MappedZone>();
  let rowsRead = 0;
  for (const row of file.rows) {
    const v = (name: string) => row.values[col(name)] ?? '';
    if (Object.entries(mapping.filter ?? {}).some(([f, keep]) => !keep.some((k) => k.trim().toLowerCase() === v(f).trim().toLowerCase()))) continue;
    rowsRead += 1;
    const period = mapPeriod(v(c.period), mapping.period);
    if (!period) {
      problems.push({ row: row.row, column: c.period, code: 'invalid_period', value: v(c.period), message: `"${v(c.period)}" does not match the period pattern of the mapping (${mapping.period?.pattern}).` });
      continue;
    }
    const rawZone = v(c.zone).trim();
    if (rawZone === '') {
      problems.push({ row: row.row, column: c.zone, code: 'required', message: 'The zone is empty.' });
      continue;
    }
    const zoneKey = lookup(mapping.zones.aliases, rawZone) ?? rawZone;
    if (!zones.has(zoneKey)) zones.set(zoneKey, { key: zoneKey, name: c.zoneName ? v(c.zoneName).trim() : null, firstRow: row.row });
    const values: Record<string, string> = {
      measure: c.measure ? value('measure', v(c.measure)) : mapping.measure!,
      detail: c.detail ? value('detail', v(c.detail)) : '',
      category: value('category', v(c.category)),
      count: normaliseCount(v(c.count), mapping.counts),
    };
    for (const d of dims) values[d.code] = value(d.code, v(c.classifications[d.code]!));
    const groupKey = `${zoneKey}|${period}`;
    let group = groups.get(groupKey);
    if (!group) {
      group = { zone: zoneKey, period, rows: new Map() };
      groups.set(groupKey, group);
    }
    const cellKey = columns.filter((x) => x !== 'count').map((x) => values[x]!.toLowerCase()).join('|');
    const earlier = group.rows.get(cellKey);
    if (earlier && mapping.duplicates === 'sum' && /^\d+$/.test(earlier.values['count']!) && /^\d+$/.test(values['count']!)) {
      earlier.values['count'] = String(Number(earlier.values['count']) + Number(values['count']));
      continue;
    }
    group.rows.set(earlier ? `${cellKey}|${row.row}` : cellKey, { row: row.row, values });
  }
  const returns = [...groups.values()].map((g) => ({ zone: g.zone, period: g.period, table: { columns, rows: [...g.rows.values()] } }));
  return { returns, zones, problems, rowsRead };
}

/** Maps the validator's column names (measure, gender, …) back to the file's, so problems name the columns the person sees. */
export function sourceColumn(mapping: ReturnsMapping, column: string | null): string | null {
  if (column === null) return null;
  const c = mapping.columns;
  const own: Record<string, string | undefined> = { category: c.category, count: c.count, measure: c.measure, detail: c.detail, ...c.classifications };
  return own[column] ?? column;
}

/** Population shares of every value and roll-up of the classification, per zone, from a mapped table. */
export function mapAvailability(
  mapping: AvailabilityMapping,
  profile: ClassificationProfile,
  file: RawTable,
): { rows: { zone: string; row: number; shares: { group: string; share: number }[] }[]; problems: Problem[] } {
  const problems: Problem[] = [];
  const dim = profile.dimensions.find((d) => d.code === mapping.classification)!;
  for (const name of [mapping.columns.zone, ...Object.keys(mapping.columns.values)]) {
    if (!file.columns.includes(col(name))) problems.push({ row: 1, column: name, code: 'missing_column', message: `The file has no column "${name}" (the mapping names it). Its columns: ${file.columns.join(', ')}.` });
  }
  if (problems.length) return { rows: [], problems };
  const rows: { zone: string; row: number; shares: { group: string; share: number }[] }[] = [];
  for (const row of file.rows) {
    const rawZone = (row.values[col(mapping.columns.zone)] ?? '').trim();
    const byValue = new Map<string, number>();
    let total = 0;
    let bad = false;
    for (const [name, code] of Object.entries(mapping.columns.values)) {
      const text = normaliseCount(row.values[col(name)] ?? '', mapping.counts);
      if (!/^\d+$/.test(text)) {
        problems.push({ row: row.row, column: name, code: 'not_a_number', message: 'The count is not a number: write a whole number of people with digits only.' });
        bad = true;
        continue;
      }
      byValue.set(code, (byValue.get(code) ?? 0) + Number(text));
      total += Number(text);
    }
    if (bad) continue;
    if (total === 0) {
      problems.push({ row: row.row, column: null, code: 'empty', message: 'This row has no population at all.' });
      continue;
    }
    const groups = [...new Set(Object.values(mapping.columns.values)), ...(dim.rollups ?? []).map((r) => r.code)];
    const shares = groups
      .map((g) => resolveGroup(profile, `${dim.code}:${g}`)!)
      .map((g) => ({ group: g.code, share: g.members.reduce((s, m) => s + (byValue.get(m) ?? 0), 0) / total }));
    rows.push({ zone: lookup(mapping.zones.aliases, rawZone) ?? rawZone, row: row.row, shares });
  }
  return { rows, problems };
}
