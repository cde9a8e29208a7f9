import { resolveGroup, type ClassificationProfile } from '@equity/shared';
import { label } from './i18n';

/** The group every page starts with. */
export const DEFAULT_GROUP = 'origin:migration_background';

export interface GroupOption {
  /** `dimension:value` or `dimension:rollup`, as the API takes it. */
  code: string;
  label: string;
}

export interface GroupOptionSet {
  dimension: string;
  label: string;
  options: GroupOption[];
}

/**
 * The groups a figure or target can be about, per classification of the profile: its roll-ups
 * first (e.g. migration background), then its declared values except the reference group (which
 * the others are compared with) and "not declared".
 */
export function groupOptionSets(profile: ClassificationProfile): GroupOptionSet[] {
  return profile.dimensions
    .map((dimension) => ({
      dimension: dimension.code,
      label: label(dimension.label),
      options: [
        ...(dimension.rollups ?? []).map((r) => ({ code: `${dimension.code}:${r.code}`, label: label(r.label) })),
        ...dimension.values
          .filter((v) => !v.notDeclared && v.code !== dimension.reference)
          .map((v) => ({ code: `${dimension.code}:${v.code}`, label: label(v.label) })),
      ],
    }))
    .filter((set) => set.options.length > 0);
}

/** The name of a group code in the profile (`origin:migration_background` → "Migration background"). */
export function groupLabel(profile: ClassificationProfile | undefined, code: string): string {
  const group = profile ? resolveGroup(profile, code) : null;
  return group ? label(group.label) : code;
}
