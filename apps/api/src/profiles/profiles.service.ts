import { Injectable, NotFoundException } from '@nestjs/common';
import { BUILT_IN_PROFILES, checkProfile, type ClassificationProfile, type ProfileSummaryDto } from '@equity/shared';
import { ProfilesRepository } from './profiles.repository.js';

/**
 * How long a profile read from the database is kept in memory. A write on this instance forgets it
 * at once; other instances of the API read the new version within this many seconds.
 */
export const PROFILE_CACHE_SECONDS = 30;

@Injectable()
export class ProfilesService {
  private readonly cache = new Map<string, { profile: ClassificationProfile; version: number; at: number }>();

  constructor(private readonly repo: ProfilesRepository) {}

  /**
   * Copies the built-in profiles into the database at start-up: inserted when absent, and brought
   * up to date (a new version, the old one kept) while the stored one is still as shipped
   * (origin `built-in`). A built-in an administrator changed from a file (origin `uploaded`) is left as it is.
   */
  async installBuiltIns(): Promise<void> {
    for (const profile of BUILT_IN_PROFILES) {
      const problems = checkProfile(profile);
      if (problems.length) throw new Error(`Profile ${profile.code} is inconsistent: ${problems.join('; ')}`);
      await this.repo.installBuiltIn(profile);
    }
    this.cache.clear();
  }

  /** Every stored profile, by code, with its version and how many zones use it. */
  async list(): Promise<ProfileSummaryDto[]> {
    const rows = await this.repo.summaries();
    return rows.map(({ definition: p, zones, version, origin }) => ({ code: p.code, name: p.name, categories: p.categories.length, dimensions: p.dimensions.length, zones, version, origin }));
  }

  /**
   * A stored profile. Kept in memory; after PROFILE_CACHE_SECONDS its stored version is read again
   * and the same object kept while it has not changed (caches keyed by the profile stay warm).
   */
  async get(code: string): Promise<ClassificationProfile> {
    const cached = this.cache.get(code);
    if (cached && Date.now() - cached.at < PROFILE_CACHE_SECONDS * 1000) return cached.profile;
    if (cached) {
      if ((await this.repo.version(code)) === cached.version) {
        cached.at = Date.now();
        return cached.profile;
      }
    }
    const stored = await this.repo.current(code);
    if (!stored) throw new NotFoundException(`There is no classification profile "${code}".`);
    this.cache.set(code, { profile: stored.definition, version: stored.version, at: Date.now() });
    return stored.definition;
  }

  /** Forgets a cached profile (after a new version was stored), so the next read takes the stored one. */
  forget(code: string): void {
    this.cache.delete(code);
  }
}
