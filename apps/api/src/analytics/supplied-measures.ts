// SQL text of the measures a revision supplied, for the repositories that ask it
// (`AnalyticsRepository.suppliedMeasures`, `ExportsRepository.planZones`).

/**
 * The measures (text[]) supplied by the revision whose id is the SQL expression `revision`, of those
 * in the text[] expression `measures`: one index probe of `return_cell` per measure, for use inside
 * any query. A LATERAL … LIMIT 1, not WHERE EXISTS: PostgreSQL turns that EXISTS into a join against
 * every (revision, measure) of return_cell, a sequential scan of the whole table (870 ms at scale L
 * for one revision, the regression of docs/performance.md's 6 December runs); the LIMIT keeps it
 * one index probe per revision and measure (0.2 ms; 2,400 revisions in 116 ms).
 */
export const suppliedMeasuresOf = (revision: string, measures: string) => `(
  SELECT coalesce(array_agg(m.measure ORDER BY m.measure), '{}') FROM unnest(${measures}) m(measure)
   CROSS JOIN LATERAL (SELECT 1 FROM return_cell c WHERE c.revision_id = ${revision} AND c.measure = m.measure LIMIT 1) cell)`;

/** The same for the revisions `$1` (bigint[]) and measures `$2` (text[]): a row per revision and measure supplied. */
export const SUPPLIED_MEASURES_SQL = `SELECT rv.id::text AS revision, unnest(${suppliedMeasuresOf('rv.id', '$2::text[]')}) AS measure
       FROM unnest($1::bigint[]) rv(id)`;
