// What stored data uses of a profile's codes (ProfilesRepository.usesOf), the check behind a new
// profile version's 422 `profile_value_in_use`: returns (cells of any revision, "not declared" as
// an absent classification), surveys (result cells, answers, questions), targets and benchmarks,
// for every dropped code at once, in the order given.
import type { INestApplication } from '@nestjs/common';
import type { ClassificationProfile } from '@equity/shared';
import type request from 'supertest';
import type { DataSource, EntityManager } from 'typeorm';
import { type DroppedCode, ProfilesRepository } from '../src/profiles/profiles.repository.js';
import { auth, createTestApp, login, pastPeriod, uniqueCode } from './utils.js';

let app: INestApplication;
let db: DataSource;
let http: ReturnType<typeof request>;
const code = `use-${uniqueCode()}`;
const returnsZone = uniqueCode('7');
const surveyZone = uniqueCode('7');

/** A label in the three languages, from its code. */
const l = (code: string) => ({ nl: `${code} (nl)`, fr: `${code} (fr)`, en: code });
/** The values of a classification, the last one "not declared". */
const values = (...codes: string[]) => codes.map((c, i) => ({ code: c, label: l(c), ...(i === codes.length - 1 ? { notDeclared: true } : {}) }));

/** Two categories; gender (with a roll-up) and disability, each with its "not declared" value. */
const profile: ClassificationProfile = {
  code,
  name: l('Uses test'),
  categoryGroups: [{ code: 'ops', label: l('ops') }],
  categories: ['constable', 'sergeant'].map((c, i) => ({ code: c, label: l(c), group: 'ops', feeders: i ? ['constable'] : [] })),
  dimensions: [
    { code: 'gender', label: l('gender'), values: values('female', 'male', 'x', 'nd'), rollups: [{ code: 'women', label: l('women'), members: ['female'] }], reference: 'male' },
    { code: 'disability', label: l('disability'), values: values('yes', 'no', 'unknown') },
  ],
};

beforeAll(async () => {
  ({ app, db, http } = await createTestApp({ loginRateLimit: 100_000 }));
  const admin = await login(http, db, 'admin');
  await http.post('/api/v1/profiles?dryRun=false').set(auth(admin.token)).attach('file', Buffer.from(JSON.stringify(profile)), 'uses.json').expect(200);
  for (const zone of [returnsZone, surveyZone]) {
    await http.post('/api/v1/zones').set(auth(admin.token)).send({ code: zone, nameNl: `Zone ${zone}`, nameFr: `Zone ${zone}`, profile: code }).expect(201);
  }
  const hr = await login(http, db, 'hr', [returnsZone]);
  // A first revision, then a second: the codes of the first stay in use (the history keeps it).
  const first = [
    { measure: 'headcount', detail: '', category: 'constable', classes: { gender: 'female', disability: 'no' }, count: 4 },
    { measure: 'headcount', detail: '', category: 'constable', classes: { gender: 'nd', disability: 'unknown' }, count: 2 },
  ];
  await http.put(`/api/v1/zones/${returnsZone}/returns/${pastPeriod(4)}`).set(auth(hr.token)).send({ reason: 'first entry', cells: first }).expect(201);
  // A cell of the first revision without gender, as older data may hold: counted as "not declared".
  await db.query(
    `INSERT INTO return_cell (revision_id, measure, detail, category, classes, count)
     SELECT rv.id, 'headcount', '', 'constable', '{}', 1 FROM return_revision rv JOIN quarterly_return r ON r.id = rv.return_id JOIN zone z ON z.id = r.zone_id
      WHERE z.code = $1 AND rv.revision_no = 1`,
    [returnsZone],
  );
  const second = [{ measure: 'headcount', detail: '', category: 'constable', classes: { gender: 'female', disability: 'no' }, count: 6 }];
  await http.put(`/api/v1/zones/${returnsZone}/returns/${pastPeriod(4)}`).set(auth(hr.token)).send({ reason: 'correction', cells: second }).expect(201);

  const [campaign] = (await db.query(
    `INSERT INTO survey_campaign (zone_id, period, opens_on, closes_on, questions)
     SELECT id, $2, '2026-01-01', '2026-01-31', '{disability}' FROM zone WHERE code = $1 RETURNING id`,
    [surveyZone, pastPeriod(4)],
  )) as { id: number }[];
  await db.query(`INSERT INTO survey_result_cell (campaign_id, category, classes_key, classes, count) VALUES ($1, 'sergeant', 'gender=x', '{"gender":"x"}', 3)`, [campaign!.id]);
  await db.query(`INSERT INTO survey_answer_set (campaign_id, answers) VALUES ($1, '{"a1":{"category":"constable","classes":{"gender":"male"}}}')`, [campaign!.id]);
  await db.query(
    `INSERT INTO target (zone_id, group_spec, metric, categories, value, baseline_period, deadline_period, created_by)
     SELECT z.id, 'gender:women', 'representation', '{sergeant}', 0.3, $2, $3, u.id FROM zone z, app_user u WHERE z.code = $1 AND u.username = $4`,
    [surveyZone, pastPeriod(8), pastPeriod(2), admin.username],
  );
  await db.query(
    `INSERT INTO availability_benchmark (zone_id, dimension, group_code, share, source, year)
     SELECT id, b.dimension, b.group_code, 0.4, 'test', 2025 FROM zone, (VALUES ('gender', 'female'), ('disability', 'yes')) AS b(dimension, group_code) WHERE code = $1`,
    [surveyZone],
  );
});

afterAll(async () => {
  const zones = 'SELECT id FROM zone WHERE profile_code = $1';
  await db.query(`DELETE FROM user_zone WHERE zone_id IN (${zones})`, [code]);
  await db.query(`DELETE FROM return_cell WHERE revision_id IN (SELECT rv.id FROM return_revision rv JOIN quarterly_return r ON r.id = rv.return_id WHERE r.zone_id IN (${zones}))`, [code]);
  await db.query(`DELETE FROM return_sum WHERE zone_id IN (${zones})`, [code]);
  await db.query(`UPDATE quarterly_return SET current_revision_id = NULL WHERE zone_id IN (${zones})`, [code]);
  await db.query(`DELETE FROM return_revision WHERE return_id IN (SELECT id FROM quarterly_return WHERE zone_id IN (${zones}))`, [code]);
  await db.query(`DELETE FROM quarterly_return WHERE zone_id IN (${zones})`, [code]);
  await db.query(`DELETE FROM target WHERE zone_id IN (${zones})`, [code]);
  await db.query(`DELETE FROM data_version WHERE zone_id IN (${zones})`, [code]);
  await db.query('DELETE FROM zone WHERE profile_code = $1', [code]);
  await db.query('DELETE FROM classification_profile WHERE code = $1', [code]);
  await db.query('DELETE FROM classification_profile_version WHERE code = $1', [code]);
  await app.close();
});

describe('ProfilesRepository.usesOf', () => {
  it('finds the data and zones using each dropped code, in four queries', async () => {
    const dropped: DroppedCode[] = [
      { kind: 'category', code: 'constable' },
      { kind: 'category', code: 'sergeant' },
      { kind: 'category', code: 'nobody' },
      { kind: 'dimension', code: 'gender' },
      { kind: 'dimension', code: 'disability' },
      { kind: 'value', code: 'female', dimension: 'gender' },
      { kind: 'value', code: 'male', dimension: 'gender' },
      { kind: 'value', code: 'x', dimension: 'gender' },
      { kind: 'value', code: 'multiple', dimension: 'gender' },
      { kind: 'value', code: 'nd', dimension: 'gender', notDeclared: true },
      { kind: 'rollup', code: 'women', dimension: 'gender' },
      { kind: 'not_declared', code: 'nd', dimension: 'gender' },
      { kind: 'not_declared', code: 'unknown', dimension: 'disability' },
      { kind: 'value', code: 'yes', dimension: 'disability' },
    ];
    const repository = app.get(ProfilesRepository);
    const queries: string[] = [];
    // The data source's manager, counting the queries asked through it.
    const counting = Object.create(db.manager, {
      query: { value: (sql: string, params?: unknown[]) => (queries.push(sql), db.manager.query(sql, params)) },
    }) as EntityManager;
    const uses = await repository.usesOf(counting, code, dropped);
    expect(queries).toHaveLength(4);
    const both = [returnsZone, surveyZone].sort();
    expect(uses).toEqual([
      { kinds: ['returns', 'surveys'], zones: both },
      { kinds: ['surveys', 'targets'], zones: [surveyZone] },
      { kinds: [], zones: [] },
      { kinds: ['returns', 'surveys', 'targets', 'benchmarks'], zones: both },
      // Surveys last: only a campaign's questions name it.
      { kinds: ['returns', 'benchmarks', 'surveys'], zones: both },
      { kinds: ['returns', 'benchmarks'], zones: both },
      { kinds: ['surveys'], zones: [surveyZone] },
      { kinds: ['surveys'], zones: [surveyZone] },
      { kinds: [], zones: [] },
      // A value that was "not declared": the cells saying so and the one without gender.
      { kinds: ['returns'], zones: [returnsZone] },
      { kinds: ['targets'], zones: [surveyZone] },
      { kinds: ['returns'], zones: [returnsZone] },
      // Survey cells and answers without disability count under its "not declared" value.
      { kinds: ['returns', 'surveys'], zones: both },
      { kinds: ['benchmarks'], zones: [surveyZone] },
    ]);
  });

  it('asks nothing when nothing is dropped', async () => {
    expect(await app.get(ProfilesRepository).usesOf(db.manager, code, [])).toEqual([]);
  });
});
