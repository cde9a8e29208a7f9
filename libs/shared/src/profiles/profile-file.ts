/**
 * A classification profile from an administrator's file (JSON or YAML, `POST /api/v1/profiles`):
 * its shape checked field by field and its consistency (`checkProfile`'s rules), every problem at
 * once, each with the path of the field in the file (`dimensions[1].values[3].code`) and a code
 * and params the dashboard words in NL/FR/EN. Also what a new version changes from the stored one.
 */
import type { Problem } from '../contracts.js';
import type { ProblemCode, ProblemParams } from '../problems.js';
import type { ClassificationProfile, DimensionDef } from './profile.js';

/** A profile's code: lower-case letters, digits and hyphens, as in an address (`belgium-police`). */
export const PROFILE_CODE_PATTERN = /^[a-z][a-z0-9-]{1,39}$/;
/** A code inside a profile (category, group, classification, value, roll-up): `be_be`, `basic-cadre`. */
export const PROFILE_ITEM_CODE_PATTERN = /^[a-z0-9][a-z0-9_-]{0,39}$/;
/** The languages every label of an uploaded profile is written in. */
export const PROFILE_LANGUAGES = ['nl', 'fr', 'en'] as const;
/** Longest label, in characters. */
export const PROFILE_LABEL_MAX = 200;
/** Largest profile file an administrator may upload, in bytes (256 KiB). */
export const PROFILE_FILE_MAX_BYTES = 256 * 1024;

/** What storing a profile file does (or would do): a new profile, a new version, nothing. */
export type ProfileUploadStatus = 'created' | 'changed' | 'unchanged';

/** One difference of a new version from the stored one. */
export interface ProfileChange {
  kind: 'name' | 'categoryGroup' | 'category' | 'dimension' | 'value' | 'rollup';
  change: 'added' | 'removed' | 'changed';
  /** Code of the item (the profile's own code for `name`). */
  code: string;
  /** The classification of a value or roll-up. */
  dimension?: string;
}

/** The answer of `POST /api/v1/profiles`: the preview (`dryRun`) or what was stored. */
export interface ProfileUploadResult {
  dryRun: boolean;
  status: ProfileUploadStatus;
  code: string;
  name: ClassificationProfile['name'];
  /** The version the profile has after the write (the stored one when unchanged). */
  version: number;
  /** The stored version before, null for a new profile. */
  previousVersion: number | null;
  categories: number;
  dimensions: number;
  /** Zones registered with the profile. */
  zones: number;
  changes: ProfileChange[];
}

type Raw = Record<string, unknown>;
const isObject = (v: unknown): v is Raw => typeof v === 'object' && v !== null && !Array.isArray(v);

const FIELDS = {
  profile: ['code', 'name', 'categoryGroups', 'categories', 'dimensions'],
  categoryGroup: ['code', 'label'],
  category: ['code', 'label', 'group', 'feeders'],
  dimension: ['code', 'label', 'values', 'rollups', 'optional', 'multiple', 'reference'],
  value: ['code', 'label', 'notDeclared'],
  rollup: ['code', 'label', 'members'],
} as const;

const TYPE_WORDS = { text: 'text', list: 'a list', object: 'an object (fields with values)', boolean: 'true or false' } as const;

/**
 * Every problem of a profile read from a file: its shape (each field of `ClassificationProfile`,
 * its type, codes, labels in NL, FR and EN) and its consistency (unique codes, known groups,
 * feeders and members, one "not declared" value per classification…). Empty when it can be stored.
 */
export function profileFileProblems(input: unknown): Problem[] {
  const problems: Problem[] = [];
  const add = (path: string, code: ProblemCode, message: string, params: ProblemParams = {}) =>
    problems.push({ row: null, column: path || null, code, message: path ? `${path}: ${message}` : message, params: { path: path || '(file)', ...params } });

  const where = (parent: string, key: string | number) => (typeof key === 'number' ? `${parent}[${key}]` : parent ? `${parent}.${key}` : key);

  function object(value: unknown, path: string, fields: readonly string[]): Raw | null {
    if (!isObject(value)) {
      add(path, 'profile_wrong_type', `must be ${TYPE_WORDS.object} with the fields ${fields.join(', ')}.`, { kind: 'object', fields: fields.join(', ') });
      return null;
    }
    for (const key of Object.keys(value)) {
      if (!fields.includes(key)) add(where(path, key), 'profile_unknown_field', `“${key.slice(0, 40)}” is not a field here. The fields are ${fields.join(', ')}.`, { field: key.slice(0, 40), fields: fields.join(', ') });
    }
    return value;
  }

  function list(parent: Raw, key: string, path: string, required: boolean, nonEmpty: boolean): unknown[] | null {
    const p = where(path, key);
    const value = parent[key];
    if (value === undefined || value === null) {
      if (required) add(p, 'profile_required', `“${key}” is missing.`, { field: key });
      return null;
    }
    if (!Array.isArray(value)) {
      add(p, 'profile_wrong_type', `must be ${TYPE_WORDS.list}.`, { kind: 'list' });
      return null;
    }
    if (nonEmpty && value.length === 0) add(p, 'profile_empty_list', 'must have at least one item.');
    return value;
  }

  function code(parent: Raw, key: string, path: string, pattern: RegExp, required = true): string | null {
    const p = where(path, key);
    const value = parent[key];
    if (value === undefined || value === null || value === '') {
      if (required) add(p, 'profile_required', `“${key}” is missing.`, { field: key });
      return null;
    }
    if (typeof value !== 'string') {
      add(p, 'profile_wrong_type', `must be ${TYPE_WORDS.text}.`, { kind: 'text' });
      return null;
    }
    if (!pattern.test(value)) {
      const rule = pattern === PROFILE_CODE_PATTERN ? 'profile' : 'item';
      add(
        p,
        'profile_invalid_code',
        rule === 'profile'
          ? 'a profile code is 2 to 40 lower-case letters, digits and hyphens, starting with a letter (e.g. belgium-police).'
          : 'a code is 1 to 40 lower-case letters, digits, hyphens and underscores (e.g. be_be).',
        { reason: rule },
      );
      return null;
    }
    return value;
  }

  function boolean(parent: Raw, key: string, path: string): void {
    const value = parent[key];
    if (value !== undefined && typeof value !== 'boolean') add(where(path, key), 'profile_wrong_type', `must be ${TYPE_WORDS.boolean}.`, { kind: 'boolean' });
  }

  function label(parent: Raw, key: string, path: string): void {
    const p = where(path, key);
    const value = parent[key];
    if (value === undefined || value === null) {
      add(p, 'profile_required', `“${key}” is missing: give it in ${PROFILE_LANGUAGES.join(', ')}.`, { field: key });
      return;
    }
    const obj = object(value, p, PROFILE_LANGUAGES);
    if (!obj) return;
    for (const lang of PROFILE_LANGUAGES) {
      const text = obj[lang];
      if (text === undefined || text === null || (typeof text === 'string' && text.trim() === '')) {
        add(where(p, lang), 'profile_label_missing', `the ${lang.toUpperCase()} text is missing.`, { language: lang });
      } else if (typeof text !== 'string') add(where(p, lang), 'profile_wrong_type', `must be ${TYPE_WORDS.text}.`, { kind: 'text' });
      else if (text.length > PROFILE_LABEL_MAX) add(where(p, lang), 'profile_label_too_long', `is longer than ${PROFILE_LABEL_MAX} characters.`, { max: PROFILE_LABEL_MAX });
    }
  }

  function codeList(parent: Raw, key: string, path: string, required: boolean): string[] {
    const items = list(parent, key, path, required, false) ?? [];
    const out: string[] = [];
    items.forEach((item, i) => {
      if (typeof item === 'string') out.push(item);
      else add(where(where(path, key), i), 'profile_wrong_type', `must be ${TYPE_WORDS.text} (a code).`, { kind: 'text' });
    });
    return out;
  }

  /** Reports a code seen before in the same list. */
  function unique(seen: Map<string, string>, value: string | null, path: string, what: string): void {
    if (value === null) return;
    const first = seen.get(value);
    if (first !== undefined) add(path, 'profile_duplicate_code', `the ${what} code “${value}” is used twice (first at ${first}).`, { code: value, first, what });
    else seen.set(value, path);
  }

  const root = object(input, '', FIELDS.profile);
  if (!root) return problems;
  code(root, 'code', '', PROFILE_CODE_PATTERN);
  label(root, 'name', '');

  const groupCodes = new Set<string>();
  const groupsSeen = new Map<string, string>();
  (list(root, 'categoryGroups', '', true, true) ?? []).forEach((g, i) => {
    const path = where('categoryGroups', i);
    const obj = object(g, path, FIELDS.categoryGroup);
    if (!obj) return;
    const c = code(obj, 'code', path, PROFILE_ITEM_CODE_PATTERN);
    unique(groupsSeen, c, where(path, 'code'), 'group');
    if (c !== null) groupCodes.add(c);
    label(obj, 'label', path);
  });

  const categories: { path: string; code: string | null; group: string | null; feeders: string[] }[] = [];
  const categoriesSeen = new Map<string, string>();
  (list(root, 'categories', '', true, true) ?? []).forEach((c, i) => {
    const path = where('categories', i);
    const obj = object(c, path, FIELDS.category);
    if (!obj) return;
    const cc = code(obj, 'code', path, PROFILE_ITEM_CODE_PATTERN);
    unique(categoriesSeen, cc, where(path, 'code'), 'category');
    label(obj, 'label', path);
    const group = code(obj, 'group', path, PROFILE_ITEM_CODE_PATTERN);
    const feeders = codeList(obj, 'feeders', path, false);
    categories.push({ path, code: cc, group, feeders });
  });
  const categoryCodes = new Set(categories.flatMap((c) => (c.code === null ? [] : [c.code])));
  for (const c of categories) {
    if (c.group !== null && !groupCodes.has(c.group)) {
      add(where(c.path, 'group'), 'profile_unknown_group', `the group “${c.group}” is not one of categoryGroups.`, { code: c.group });
    }
    c.feeders.forEach((f, j) => {
      if (!categoryCodes.has(f)) add(where(where(c.path, 'feeders'), j), 'profile_unknown_feeder', `the feeder “${f.slice(0, 40)}” is not one of the categories.`, { code: f.slice(0, 40) });
    });
  }

  const dimensionsSeen = new Map<string, string>();
  (list(root, 'dimensions', '', true, true) ?? []).forEach((d, i) => {
    const path = where('dimensions', i);
    const obj = object(d, path, FIELDS.dimension);
    if (!obj) return;
    const dc = code(obj, 'code', path, PROFILE_ITEM_CODE_PATTERN);
    unique(dimensionsSeen, dc, where(path, 'code'), 'classification');
    label(obj, 'label', path);
    boolean(obj, 'optional', path);
    boolean(obj, 'multiple', path);
    const values = new Set<string>();
    const valuesSeen = new Map<string, string>();
    let notDeclared = 0;
    const valueList = list(obj, 'values', path, true, true);
    (valueList ?? []).forEach((v, j) => {
      const vp = where(where(path, 'values'), j);
      const vo = object(v, vp, FIELDS.value);
      if (!vo) return;
      const vc = code(vo, 'code', vp, PROFILE_ITEM_CODE_PATTERN);
      unique(valuesSeen, vc, where(vp, 'code'), 'value');
      if (vc !== null) values.add(vc);
      label(vo, 'label', vp);
      boolean(vo, 'notDeclared', vp);
      if (vo['notDeclared'] === true) notDeclared += 1;
    });
    if (valueList && valueList.length > 0 && notDeclared !== 1) {
      add(where(path, 'values'), 'profile_not_declared', `exactly one value must be marked notDeclared: true (the “not declared” answer); ${notDeclared} are.`, { count: notDeclared });
    }
    const reference = obj['reference'];
    if (reference !== undefined) {
      const rc = code(obj, 'reference', path, PROFILE_ITEM_CODE_PATTERN, false);
      if (rc !== null && !values.has(rc)) add(where(path, 'reference'), 'profile_unknown_reference', `the reference “${rc}” is not one of the values of this classification.`, { code: rc });
    }
    if (obj['multiple'] === true && values.has('multiple')) {
      add(where(path, 'values'), 'profile_reserved_value', 'this classification allows several values, so the value code “multiple” is reserved: rename that value.', { code: 'multiple' });
    }
    const rollupsSeen = new Map<string, string>();
    (list(obj, 'rollups', path, false, false) ?? []).forEach((r, j) => {
      const rp = where(where(path, 'rollups'), j);
      const ro = object(r, rp, FIELDS.rollup);
      if (!ro) return;
      const rc = code(ro, 'code', rp, PROFILE_ITEM_CODE_PATTERN);
      unique(rollupsSeen, rc, where(rp, 'code'), 'roll-up');
      if (rc !== null && values.has(rc)) add(where(rp, 'code'), 'profile_rollup_clash', `the roll-up code “${rc}” is also a value code of this classification.`, { code: rc });
      label(ro, 'label', rp);
      const members = list(ro, 'members', rp, true, true) ?? [];
      members.forEach((m, k) => {
        const mp = where(where(rp, 'members'), k);
        if (typeof m !== 'string') add(mp, 'profile_wrong_type', `must be ${TYPE_WORDS.text} (a value code).`, { kind: 'text' });
        else if (!values.has(m)) add(mp, 'profile_unknown_member', `the member “${m.slice(0, 40)}” is not one of the values of this classification.`, { code: m.slice(0, 40) });
      });
    });
  });
  return problems;
}

/** The profile as stored: only its known fields, in their order (a file's key order and extras do not matter). */
export function normaliseProfile(p: ClassificationProfile): ClassificationProfile {
  const labelOf = (l: ClassificationProfile['name']) => ({ nl: l.nl, fr: l.fr, en: l.en });
  return {
    code: p.code,
    name: labelOf(p.name),
    categoryGroups: p.categoryGroups.map((g) => ({ code: g.code, label: labelOf(g.label) })),
    categories: p.categories.map((c) => ({ code: c.code, label: labelOf(c.label), group: c.group, feeders: [...(c.feeders ?? [])] })),
    dimensions: p.dimensions.map((d) => ({
      code: d.code,
      label: labelOf(d.label),
      values: d.values.map((v) => ({ code: v.code, label: labelOf(v.label), ...(v.notDeclared ? { notDeclared: true } : {}) })),
      ...(d.rollups?.length ? { rollups: d.rollups.map((r) => ({ code: r.code, label: labelOf(r.label), members: [...r.members] })) } : {}),
      ...(d.optional ? { optional: true } : {}),
      ...(d.multiple ? { multiple: true } : {}),
      ...(d.reference !== undefined ? { reference: d.reference } : {}),
    })),
  };
}

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/** What a new version changes from the stored one: items added, removed, or changed (label, group, flags…). */
export function profileChanges(before: ClassificationProfile, after: ClassificationProfile): ProfileChange[] {
  const out: ProfileChange[] = [];
  if (!same(before.name, after.name)) out.push({ kind: 'name', change: 'changed', code: after.code });
  const compare = <T extends { code: string }>(kind: ProfileChange['kind'], a: readonly T[], b: readonly T[], dimension?: string, strip?: (x: T) => unknown) => {
    const old = new Map(a.map((x) => [x.code, x]));
    const next = new Map(b.map((x) => [x.code, x]));
    const extra = dimension ? { dimension } : {};
    for (const x of a) if (!next.has(x.code)) out.push({ kind, change: 'removed', code: x.code, ...extra });
    for (const x of b) {
      const was = old.get(x.code);
      if (!was) out.push({ kind, change: 'added', code: x.code, ...extra });
      else if (!same(strip ? strip(was) : was, strip ? strip(x) : x)) out.push({ kind, change: 'changed', code: x.code, ...extra });
    }
  };
  compare('categoryGroup', before.categoryGroups, after.categoryGroups);
  compare('category', before.categories, after.categories);
  const own = ({ values: _v, rollups: _r, ...rest }: DimensionDef) => rest;
  compare('dimension', before.dimensions, after.dimensions, undefined, own);
  for (const d of after.dimensions) {
    const was = before.dimensions.find((x) => x.code === d.code);
    if (!was) continue;
    compare('value', was.values, d.values, d.code);
    compare('rollup', was.rollups ?? [], d.rollups ?? [], d.code);
  }
  return out;
}
