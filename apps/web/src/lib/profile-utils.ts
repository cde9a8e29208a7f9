import {
  findCategory,
  findDimension,
  type Classes,
  type ClassificationProfile,
  type DimensionDef,
} from '@equity/shared';
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

/** Groups to choose from: the roll-ups first, then the declared values, of the profile's origin classification. */
export function groupOptions(profile: ClassificationProfile): { code: string; label: string }[] {
  const origin = profile.dimensions.find((d) => d.code === 'origin') ?? profile.dimensions[0];
  if (!origin) return [];
  return [
    ...(origin.rollups ?? []).map((r) => ({ code: `${origin.code}:${r.code}`, label: label(r.label) })),
    ...origin.values.filter((v) => !v.notDeclared && v.code !== origin.reference).map((v) => ({ code: `${origin.code}:${v.code}`, label: label(v.label) })),
  ];
}
