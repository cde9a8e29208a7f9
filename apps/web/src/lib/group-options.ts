import { groupSpecs, resolveGroup, type ClassificationProfile } from '@equity/shared';
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
 * The groups a figure or target can be about, per classification of the profile, with their
 * names (`groupSpecs`: roll-ups first, then declared values except the reference group).
 */
export function groupOptionSets(profile: ClassificationProfile): GroupOptionSet[] {
  return profile.dimensions
    .map((dimension) => ({
      dimension: dimension.code,
      label: label(dimension.label),
      options: groupSpecs(dimension).map((code) => ({ code, label: label(resolveGroup(profile, code)!.label) })),
    }))
    .filter((set) => set.options.length > 0);
}

/** The name of a group code in the profile (`origin:migration_background` → "Migration background"). */
export function groupLabel(profile: ClassificationProfile | undefined, code: string): string {
  const group = profile ? resolveGroup(profile, code) : null;
  return group ? label(group.label) : code;
}
