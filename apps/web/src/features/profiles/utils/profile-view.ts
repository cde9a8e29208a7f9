import type { CategoryDef, ClassificationProfile, Label, Locale } from '@equity/shared';

/** A label's text in one language, or null where the profile gives none (the page says so; it does not fall back to English). */
export const labelIn = (value: Label, locale: Locale): string | null => value[locale] ?? null;

/** The categories people of `category` are promoted into: the inverse of the feeders, so a ladder reads both ways. */
export function promotedInto(profile: ClassificationProfile, category: CategoryDef): CategoryDef[] {
  return profile.categories.filter((c) => c.feeders.includes(category.code));
}
