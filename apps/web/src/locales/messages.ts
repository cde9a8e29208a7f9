import type * as account from './account';
import type * as admin from './admin';
import type { compare } from './compare';
import type { en } from './en';
import type * as problems from './problems';
import type * as profiles from './profiles';
import type * as report from './report';
import type * as survey from './survey';
import type { en as exportsEn } from './exports';
import type * as targets from './targets';
import type { Translation } from './translation';
import type * as zones from './zones';

/**
 * Feature dictionaries: a feature with many texts of its own keeps them in its own file
 * (`locales/<feature>.ts`, exporting `{ en, nl, fr }`, all three complete: `nl` and `fr` typed
 * `Translation<typeof en>`, translation.ts) and is listed in
 * FEATURE_DICTIONARIES (lib/i18n.ts) and in FeatureIds here.
 */
type FeatureIds =
  | keyof typeof compare.en
  | keyof typeof survey.en
  | keyof typeof targets.en
  | keyof typeof report.en
  | keyof typeof exportsEn
  | keyof typeof account.en
  | keyof typeof admin.en
  | keyof typeof zones.en
  | keyof typeof profiles.en
  | keyof typeof problems.en;

export type MessageId = keyof typeof en | FeatureIds;
/** A complete dictionary: the type checker refuses a language that misses an id. */
export type Messages = Translation<typeof en>;
