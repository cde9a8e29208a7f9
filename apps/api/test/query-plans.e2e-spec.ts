/**
 * Query plans of the hot paths at a size where PostgreSQL's choice matters (issue 15).
 *
 * The measures a revision supplied (`suppliedMeasures`) are asked on every breakdown, protected
 * figure and export. Written as `WHERE EXISTS`, PostgreSQL planned it as a join against every
 * (revision, measure) of `return_cell`, a sequential scan of the whole table: 870 ms per call at
 * scale L (5.7 M cells), which made a cold breakdown cost 0.8 s and the researchers' first national
 * read 19–24 s (docs/performance.md). The test builds a database of its own with 320,000 cells
 * (planner statistics of a shared test database would depend on the other specs), and checks the
 * product's query probes the index, against a control: the EXISTS form is planned as that scan.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import pg from 'pg';
import { MEASURES } from '@equity/shared';
import { SUPPLIED_MEASURES_SQL } from '../src/analytics/supplied-measures.js';
import { EXPORT_PLAN_SQL } from '../src/exports/exports.repository.js';
import { createTestApp, testDatabaseUrl } from './utils.js';

const EXISTS_FORM = `SELECT rv.id::text AS revision, m.measure
   FROM unnest($1::bigint[]) rv(id) CROSS JOIN unnest($2::text[]) m(measure)
  WHERE EXISTS (SELECT 1 FROM return_cell c WHERE c.revision_id = rv.id AND c.measure = m.measure)`;

interface PlanNode {
  'Node Type': string;
  'Relation Name'?: string;
  Plans?: PlanNode[];
}

/** Every node of a plan, depth first. */
function nodes(plan: PlanNode): PlanNode[] {
  return [plan, ...(plan.Plans ?? []).flatMap(nodes)];
}

const seqScansOfCells = (plan: PlanNode) => nodes(plan).filter((n) => n['Node Type'] === 'Seq Scan' && n['Relation Name'] === 'return_cell').length;

describe('query plans at scale', () => {
  const name = `plans_${process.pid}`;
  let admin: pg.Client;
  let client: pg.Client;
  let revisions: string[] = [];

  beforeAll(async () => {
    admin = new pg.Client({ connectionString: testDatabaseUrl() });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${name}`);
    const url = new URL(testDatabaseUrl());
    url.pathname = `/${name}`;
    // The schema as the application migrates it.
    const { app } = await createTestApp({ databaseUrl: url.toString() });
    await app.close();
    client = new pg.Client({ connectionString: url.toString() });
    await client.connect();
    await client.query("INSERT INTO zone (code, name, names, profile_code) SELECT 'P' || z, 'Plan zone ' || z, '{}', 'belgium-police' FROM generate_series(1, 40) z");
    await client.query("INSERT INTO app_user (username, display_name, password_hash, role) VALUES ('plans', 'Plans', 'x', 'admin')");
    await client.query(
      `INSERT INTO quarterly_return (zone_id, period)
       SELECT z.id, (2015 + q / 4) || '-Q' || (q % 4 + 1) FROM zone z CROSS JOIN generate_series(0, 9) q WHERE z.code LIKE 'P%'`,
    );
    revisions = (
      await client.query<{ id: string }>(
        `INSERT INTO return_revision (return_id, revision_no, author_id, reason, source, cell_count)
         SELECT r.id, 1, (SELECT id FROM app_user WHERE username = 'plans'), 'plan test', 'import', 800 FROM quarterly_return r
         RETURNING id::text`,
      )
    ).rows.map((r) => r.id);
    // 400 revisions × 5 measures × 160 cells.
    await client.query(
      `INSERT INTO return_cell (revision_id, measure, detail, category, classes, count)
       SELECT rv.id, m, '', 'c' || (i / 16), jsonb_build_object('gender', 'g' || (i % 16)), i % 7
         FROM return_revision rv CROSS JOIN unnest($1::text[]) m CROSS JOIN generate_series(0, 159) i`,
      [Object.keys(MEASURES)],
    );
    await client.query('UPDATE quarterly_return r SET current_revision_id = rv.id FROM return_revision rv WHERE rv.return_id = r.id');
    await client.query('ANALYZE');
  }, 120_000);

  afterAll(async () => {
    await client?.end();
    await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await admin.end();
  });

  const plan = async (sql: string, ids: string[]): Promise<PlanNode> => {
    const { rows } = await client.query<{ 'QUERY PLAN': [{ Plan: PlanNode }] }>(`EXPLAIN (FORMAT JSON) ${sql}`, [ids, Object.keys(MEASURES)]);
    return rows[0]!['QUERY PLAN'][0].Plan;
  };

  it('asks the index, never scans every cell, for one revision or many', async () => {
    const { n } = (await client.query<{ n: number }>('SELECT count(*)::int AS n FROM return_cell')).rows[0]!;
    expect(n).toBe(320_000);
    for (const ids of [revisions.slice(0, 1), revisions.slice(0, 80)]) {
      const p = await plan(SUPPLIED_MEASURES_SQL, ids);
      expect(seqScansOfCells(p)).toBe(0);
      expect(nodes(p).some((x) => x['Relation Name'] === 'return_cell' && /Index/.test(x['Node Type']))).toBe(true);
    }
  });

  it('an export’s plan (every zone, its quarters and the measures each supplied) asks the index too', async () => {
    const explain = async (codes: string[] | null) =>
      (await client.query<{ 'QUERY PLAN': [{ Plan: PlanNode }] }>(`EXPLAIN (FORMAT JSON) ${EXPORT_PLAN_SQL}`, [codes, null, '2015-Q1', '2017-Q4', true, Object.keys(MEASURES)])).rows[0]![
        'QUERY PLAN'
      ][0].Plan;
    for (const codes of [['P1'], null]) {
      const p = await explain(codes);
      expect(seqScansOfCells(p)).toBe(0);
      expect(nodes(p).some((x) => x['Relation Name'] === 'return_cell' && /Index/.test(x['Node Type']))).toBe(true);
    }
    const { rows } = await client.query<{ code: string; quarters: { period: string; measures: string[] }[] }>(EXPORT_PLAN_SQL, [['P1', 'P2'], null, '2015-Q1', '2015-Q4', false, Object.keys(MEASURES)]);
    expect(rows.map((r) => r.code).sort()).toEqual(['P1', 'P2']);
    for (const r of rows) {
      expect(r.quarters.map((q) => q.period)).toEqual(['2015-Q1', '2015-Q2', '2015-Q3', '2015-Q4']);
      expect(r.quarters.every((q) => q.measures.length === Object.keys(MEASURES).length)).toBe(true);
    }
  });

  it('control: the EXISTS form is planned as a scan of every cell', async () => {
    expect(seqScansOfCells(await plan(EXISTS_FORM, revisions.slice(0, 1)))).toBe(1);
  });

  it('answers what each revision has: a measure without cells is not supplied', async () => {
    const one = revisions[0]!;
    await client.query("DELETE FROM return_cell WHERE revision_id = $1 AND measure IN ('promotions', 'funnel')", [one]);
    const { rows } = await client.query<{ revision: string; measure: string }>(SUPPLIED_MEASURES_SQL, [[one, revisions[1]], Object.keys(MEASURES)]);
    const of = (id: string) => rows.filter((r) => r.revision === id).map((r) => r.measure).sort();
    expect(of(one)).toEqual(['headcount', 'hires', 'separations']);
    expect(of(revisions[1]!)).toEqual(Object.keys(MEASURES).sort());
  });
});
