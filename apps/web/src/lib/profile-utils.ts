import {
  findCategory,
  findDimension,
  type Classes,
  type ClassificationProfile,
  type DimensionDef,
  nationalDimension,
} from '@equity/shared';
import { type GroupOption, groupOptionSets } from './group-options';
import { label } from './i18n';

export function categoryLabel(profile: ClassificationProfile, code: string): string {
  const category = findCategory(profile, code);
  return category ? label(category.label) : code;
}

export function dimensionLabel(profile: ClassificationProfile, code: string): string {
  const dimension = findDimension(profile, code);
  return dimension ? label(dimension.label) : code;
}

export function valueLabel(dimension: DimensionDef | undefined, code: string): string {
  const value = dimension?.values.find((v) => v.code === code);
  return value ? label(value.label) : code;
}

/** "Female, Belgian of Belgian origin" — in the profile's dimension order, unknown keys last. */
export function classesText(profile: ClassificationProfile, classes: Classes): string {
  const known = profile.dimensions.filter((d) => classes[d.code] !== undefined).map((d) => valueLabel(d, classes[d.code] ?? ''));
  const unknown = Object.keys(classes)
    .filter((k) => !findDimension(profile, k))
    .map((k) => `${k}=${classes[k] ?? ''}`);
  return [...known, ...unknown].join(', ');
}

/** All combinations of the values of the given dimensions, e.g. gender × origin. */
export function combinations(dimensions: DimensionDef[]): Classes[] {
  let out: Classes[] = [{}];
  for (const dimension of dimensions) {
    const next: Classes[] = [];
    for (const partial of out) for (const value of dimension.values) next.push({ ...partial, [dimension.code]: value.code });
    out = next;
  }
  return out;
}

/** Groups of the national comparison's classification (`nationalDimension`: origin, else the first) to choose from. */
export function groupOptions(profile: ClassificationProfile): GroupOption[] {
  const dimension = nationalDimension(profile);
  return groupOptionSets(profile).find((set) => set.dimension === dimension?.code)?.options ?? [];
}
