import { Injectable, NotFoundException } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { BUILT_IN_PROFILES, checkProfile, type ClassificationProfile, type ProfileSummaryDto } from '@equity/shared';
import { DataSource } from 'typeorm';

@Injectable()
export class ProfilesService {
  private readonly cache = new Map<string, ClassificationProfile>();

  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /** Copies the built-in profiles into the database (insert or update), at start-up. */
  async installBuiltIns(): Promise<void> {
    for (const profile of BUILT_IN_PROFILES) {
      const problems = checkProfile(profile);
      if (problems.length) throw new Error(`Profile ${profile.code} is inconsistent: ${problems.join('; ')}`);
      await this.db.query(
        `INSERT INTO classification_profile (code, definition) VALUES ($1, $2)
         ON CONFLICT (code) DO UPDATE SET definition = EXCLUDED.definition`,
        [profile.code, JSON.stringify(profile)],
      );
    }
    this.cache.clear();
  }

  /** Every stored profile, by code, with how many zones use it. */
  async list(): Promise<ProfileSummaryDto[]> {
    const rows: { definition: ClassificationProfile; zones: number }[] = await this.db.query(
      `SELECT p.definition, (SELECT count(*)::int FROM zone z WHERE z.profile_code = p.code) AS zones
       FROM classification_profile p ORDER BY p.code`,
    );
    return rows.map(({ definition: p, zones }) => ({ code: p.code, name: p.name, categories: p.categories.length, dimensions: p.dimensions.length, zones }));
  }

  async get(code: string): Promise<ClassificationProfile> {
    const cached = this.cache.get(code);
    if (cached) return cached;
    const rows: { definition: ClassificationProfile }[] = await this.db.query('SELECT definition FROM classification_profile WHERE code = $1', [code]);
    const profile = rows[0]?.definition;
    if (!profile) throw new NotFoundException(`There is no classification profile "${code}".`);
    this.cache.set(code, profile);
    return profile;
  }
}
