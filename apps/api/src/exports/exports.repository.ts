import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { type MeasureCode, MEASURES, type ReturnStatus } from '@equity/shared';
import { DataSource } from 'typeorm';
import { zoneVersion } from '../analytics/analytics.repository.js';
import { suppliedMeasuresOf } from '../analytics/supplied-measures.js';
import type { ZoneRef } from '../zones/zones.service.js';

/** A quarter of a zone an export reflects: the revision read, and the measures it supplied. */
export interface ExportQuarterRow {
  period: string;
  status: ReturnStatus;
  revisionId: string;
  revision: number;
  createdAt: Date;
  measures: MeasureCode[];
}

/** A zone an export may hold, with its data version and its quarters (oldest first). */
export interface ExportZoneRow extends ZoneRef {
  version: string;
  quarters: ExportQuarterRow[];
}

export const EXPORT_PLAN_SQL = `
  WITH z AS (
    SELECT id, code, name, profile_code FROM zone
     WHERE CASE WHEN $1::text[] IS NOT NULL THEN code = ANY($1) ELSE successor_id IS NULL AND ($2::text[] IS NULL OR code = ANY($2)) END
  )
  SELECT z.id, z.code, z.name, z.profile_code AS "profileCode", ${zoneVersion('z.id', '$5::boolean')} AS version,
         coalesce((
           SELECT json_agg(json_build_object(
                    'period', r.period, 'status', r.status, 'revisionId', rv.id::text, 'revision', rv.revision_no,
                    'createdAt', rv.created_at, 'measures', ${suppliedMeasuresOf('rv.id', '$6::text[]')}) ORDER BY r.period)
             FROM quarterly_return r
             LEFT JOIN publication p ON $5::boolean AND p.zone_id = r.zone_id AND p.period = r.period
             JOIN return_revision rv ON rv.id = coalesce(p.revision_id, r.current_revision_id)
            WHERE r.zone_id = z.id AND r.current_revision_id IS NOT NULL
              AND ($3::text IS NULL OR r.period >= $3) AND ($4::text IS NULL OR r.period <= $4)
         ), '[]') AS quarters
    FROM z
   ORDER BY z.name`;

/** The SQL of exports: what a download reflects, read in one round trip before anything is sent. */
@Injectable()
export class ExportsRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /**
   * The zones an export may hold — those with `codes`, else every current zone (of `hrZones` when
   * not null) — each with its data version (the key a kept file is stored under) and its quarters
   * from `from` to `to`: the revision read (`published`: the one published under disclosure
   * control, as on the dashboard, and the data version of such callers; else the current one) and
   * the measures it supplied.
   */
  async planZones(zones: { codes: string[] } | { hrZones: string[] | null }, from: string | null, to: string | null, published: boolean): Promise<ExportZoneRow[]> {
    const rows: (ZoneRef & { version: string; quarters: (Omit<ExportQuarterRow, 'createdAt'> & { createdAt: string })[] })[] = await this.db.query(EXPORT_PLAN_SQL, [
      'codes' in zones ? zones.codes : null,
      'hrZones' in zones ? zones.hrZones : null,
      from,
      to,
      published,
      Object.keys(MEASURES),
    ]);
    return rows.map((r) => ({ ...r, quarters: r.quarters.map((q) => ({ ...q, createdAt: new Date(q.createdAt) })) }));
  }
}
