/**
 * Every text of the interface through i18next, in Dutch, French and English (src/locales). Names
 * of categories, dimensions and their values are not here: they come from the classification
 * profile's `label` objects. `t` and `label` read the current language; changing it re-renders
 * the application (app/provider.tsx).
 */
import { labelText, numberLocaleTag, type Label, type Locale } from '@equity/shared';
import i18next from 'i18next';
import * as account from '../locales/account';
import * as admin from '../locales/admin';
import { compare } from '../locales/compare';
import { en } from '../locales/en';
import * as exportsDictionary from '../locales/exports';
import { fr } from '../locales/fr';
import type { MessageId } from '../locales/messages';
import { nl } from '../locales/nl';
import * as problems from '../locales/problems';
import * as profiles from '../locales/profiles';
import * as report from '../locales/report';
import * as survey from '../locales/survey';
import * as targets from '../locales/targets';
import * as zones from '../locales/zones';

export type { MessageId, Messages } from '../locales/messages';

export const LOCALES: readonly Locale[] = ['nl', 'fr', 'en'];
/** Each language's name in itself, for the language picker. */
export const LOCALE_NAMES: Record<Locale, string> = { nl: 'Nederlands', fr: 'Français', en: 'English' };

const STORAGE_KEY = 'equity.locale';

function initialLocale(): Locale {
  const stored = typeof localStorage === 'undefined' ? null : localStorage.getItem(STORAGE_KEY);
  if (stored === 'nl' || stored === 'fr' || stored === 'en') return stored;
  // First visit: the browser's language when we have it (Belgium: nl, fr), else English.
  const preferred = typeof navigator === 'undefined' ? [] : navigator.languages ?? [navigator.language];
  for (const tag of preferred) {
    const base = tag.slice(0, 2).toLowerCase();
    if (base === 'nl' || base === 'fr' || base === 'en') return base;
  }
  return 'en';
}

/** Dictionaries of features that keep their texts apart (see locales/messages.ts). */
export const FEATURE_DICTIONARIES: Record<Locale, Record<string, string>>[] = [compare, survey, targets, report, exportsDictionary, account, admin, zones, profiles, problems];
const dictionary = (locale: Locale, base: Record<string, string>) => Object.assign({}, base, ...FEATURE_DICTIONARIES.map((d) => d[locale]));

export const i18n = i18next.createInstance();
void i18n.init({
  resources: { en: { translation: dictionary('en', en) }, nl: { translation: dictionary('nl', nl) }, fr: { translation: dictionary('fr', fr) } },
  lng: initialLocale(),
  fallbackLng: 'en',
  initAsync: false,
  interpolation: { prefix: '{', suffix: '}', escapeValue: false },
  returnNull: false,
});

export function getLocale(): Locale {
  const lng = i18n.language;
  return lng === 'nl' || lng === 'fr' ? lng : 'en';
}

export function setLocale(locale: Locale): void {
  void i18n.changeLanguage(locale);
  localStorage.setItem(STORAGE_KEY, locale);
  document.documentElement.lang = locale;
}

/** The text of a message, with `{name}` placeholders replaced by `params`. */
export function t(id: MessageId, params?: Record<string, string | number>): string {
  return i18n.t(id, params ?? {});
}

/** Ids of messages with plural forms: `id_one`, `id_other` (and `id_many`… where a language needs them). */
export type PluralId = { [K in MessageId]: K extends `${infer Base}_other` ? Base : never }[MessageId];

/**
 * The plural form of a message for `count` in the current language (i18next picks `_one`, `_other`
 * … by the language's plural rules). Pass the number as shown, formatted, in `params`.
 */
export function tCount(id: PluralId, count: number, params?: Record<string, string | number>): string {
  return i18n.t(id, { ...params, count });
}

/** A text in a given language, whatever the current one (e.g. slips printed in all three languages). */
export function tIn(locale: Locale, id: MessageId, params?: Record<string, string | number>): string {
  return i18n.getFixedT(locale)(id, params ?? {});
}

/** A profile label (category, dimension or value name) in the current language. */
export function label(value: Label): string {
  return labelText(value, getLocale());
}

/** BCP 47 tag used for number and date formatting (English readers expect 1,234.5). */
export function localeTag(): string {
  return numberLocaleTag(getLocale());
}
