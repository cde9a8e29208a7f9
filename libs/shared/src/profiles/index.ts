import { BELGIUM_POLICE } from './belgium-police.js';
import type { ClassificationProfile } from './profile.js';
import { RCMP } from './rcmp.js';
import { UK_HOME_OFFICE } from './uk-home-office.js';

export * from './profile.js';
export * from './profile-file.js';
export { BELGIUM_POLICE, RCMP, UK_HOME_OFFICE };

/** Profiles shipped with the product; they are copied into the database at start-up. */
export const BUILT_IN_PROFILES: readonly ClassificationProfile[] = [BELGIUM_POLICE, UK_HOME_OFFICE, RCMP];
export const DEFAULT_PROFILE_CODE = BELGIUM_POLICE.code;
