import { Initial1763700000000 } from './1763700000000-initial.js';
import { AnalyticsTargets1763800000000 } from './1763800000000-analytics-targets.js';
import { LoginLockout1763910000000 } from './1763910000000-login-lockout.js';
import { SurveyCampaigns1764000000000 } from './1764000000000-survey.js';
import { ReturnSums1764100000000 } from './1764100000000-return-sums.js';
import { DataVersion1764300000000 } from './1764300000000-data-version.js';
import { ProtectedTable1764400000000 } from './1764400000000-protected-table.js';
import { RevisionChecks1764500000000 } from './1764500000000-revision-checks.js';
import { ProtectedCount1764600000000 } from './1764600000000-protected-count.js';
import { ProtectionVersion1764700000000 } from './1764700000000-protection-version.js';
import { ProtectionContext1764800000000 } from './1764800000000-protection-context.js';
import { Publication1764900000000 } from './1764900000000-publication.js';
import { AuditFilters1765000000000 } from './1765000000000-audit-filters.js';
import { ZoneCommunes1765100000000 } from './1765100000000-zone-communes.js';
import { ZoneMerger1765200000000 } from './1765200000000-zone-merger.js';
import { ProfileVersions1765300000000 } from './1765300000000-profile-versions.js';
import { ProtectedVersion1765400000000 } from './1765400000000-protected-version.js';

/** Every migration, in order. Add new ones at the end; never edit one that has shipped. */
export const MIGRATIONS = [Initial1763700000000, AnalyticsTargets1763800000000, LoginLockout1763910000000, SurveyCampaigns1764000000000, ReturnSums1764100000000, DataVersion1764300000000, ProtectedTable1764400000000, RevisionChecks1764500000000, ProtectedCount1764600000000, ProtectionVersion1764700000000, ProtectionContext1764800000000, Publication1764900000000, AuditFilters1765000000000, ZoneCommunes1765100000000, ZoneMerger1765200000000, ProfileVersions1765300000000, ProtectedVersion1765400000000];
