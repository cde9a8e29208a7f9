import type { Label } from '../labels.js';

/** A staff category (cadre or rank). Promotions are counted in the category promoted *into*. */
export interface CategoryDef {
  code: string;
  label: Label;
  /** Group in the category hierarchy, e.g. `operational` or `calog`. */
  group: string;
  /** Categories people are promoted from into this one (the feeder categories). */
  feeders: string[];
}

export interface DimensionValueDef {
  code: string;
  label: Label;
  /** True for the "not declared" / "prefer not to say" value. Every dimension has exactly one. */
  notDeclared?: boolean;
}

/** A named union of values of one dimension, e.g. "migration background". */
export interface RollupDef {
  code: string;
  label: Label;
  members: string[];
}

/** A classification a person self-declares (gender, origin, disability, …). */
export interface DimensionDef {
  code: string;
  label: Label;
  values: DimensionValueDef[];
  rollups?: RollupDef[];
  /** Optional dimensions may be left out of a return altogether. */
  optional?: boolean;
  /**
   * In the self-identification survey a person may choose several values (e.g. two origins). They
   * are still counted once: under the value they chose when it is one, under "several" when several
   * (see `surveyProfile` in survey.ts). Returns keep one value per cell.
   */
  multiple?: boolean;
  /** Value that impact ratios compare against by default (e.g. Belgian of Belgian origin). */
  reference?: string;
}

export interface CategoryGroupDef {
  code: string;
  label: Label;
}

/**
 * A classification profile: the categories and classifications a deployment counts.
 * Profiles are data: they are stored in the database as JSON, so a new profile needs no schema change.
 */
export interface ClassificationProfile {
  code: string;
  name: Label;
  categoryGroups: CategoryGroupDef[];
  categories: CategoryDef[];
  dimensions: DimensionDef[];
}

export function requiredDimensions(profile: ClassificationProfile): DimensionDef[] {
  return profile.dimensions.filter((d) => !d.optional);
}

export function notDeclaredCode(dimension: DimensionDef): string {
  const value = dimension.values.find((v) => v.notDeclared);
  if (!value) throw new Error(`Dimension ${dimension.code} has no "not declared" value`);
  return value.code;
}

export function findDimension(profile: ClassificationProfile, code: string): DimensionDef | undefined {
  return profile.dimensions.find((d) => d.code === code);
}

export function findCategory(profile: ClassificationProfile, code: string): CategoryDef | undefined {
  return profile.categories.find((c) => c.code === code);
}

/**
 * Checks a profile is internally consistent: unique codes, exactly one "not declared" value per
 * dimension, feeders and roll-up members that exist. Returns the problems found (empty when valid).
 */
export function checkProfile(profile: ClassificationProfile): string[] {
  const problems: string[] = [];
  const unique = (what: string, codes: string[]) => {
    const seen = new Set<string>();
    for (const c of codes) {
      if (seen.has(c)) problems.push(`${what} code "${c}" is used twice`);
      seen.add(c);
    }
  };
  unique('category', profile.categories.map((c) => c.code));
  unique('dimension', profile.dimensions.map((d) => d.code));
  const groups = new Set(profile.categoryGroups.map((g) => g.code));
  const categories = new Set(profile.categories.map((c) => c.code));
  for (const c of profile.categories) {
    if (!groups.has(c.group)) problems.push(`category "${c.code}" has unknown group "${c.group}"`);
    for (const f of c.feeders) if (!categories.has(f)) problems.push(`category "${c.code}" has unknown feeder "${f}"`);
  }
  for (const d of profile.dimensions) {
    unique(`${d.code} value`, d.values.map((v) => v.code));
    const nd = d.values.filter((v) => v.notDeclared).length;
    if (nd !== 1) problems.push(`dimension "${d.code}" must have exactly one "not declared" value, has ${nd}`);
    const values = new Set(d.values.map((v) => v.code));
    if (d.reference !== undefined && !values.has(d.reference)) problems.push(`reference "${d.reference}" of "${d.code}" is not one of its values`);
    if (d.multiple && values.has('multiple')) problems.push(`"${d.code}" allows several values, so its value code "multiple" is reserved`);
    for (const r of d.rollups ?? []) {
      if (values.has(r.code)) problems.push(`roll-up "${r.code}" of "${d.code}" clashes with a value code`);
      for (const m of r.members) if (!values.has(m)) problems.push(`roll-up "${r.code}" of "${d.code}" has unknown member "${m}"`);
    }
  }
  return problems;
}
