// Classification profiles from an administrator's file (POST /api/v1/profiles): checked and
// previewed, then stored as version 1; a new version refused while it drops what stored data
// uses; every version kept and audited; a built-in an administrator changed kept at start-up.
import type { INestApplication } from '@nestjs/common';
import { BELGIUM_POLICE, type ClassificationProfile, type Problem, type ProfileSummaryDto, type ProfileUploadResult } from '@equity/shared';
import { dump } from 'js-yaml';
import type request from 'supertest';
import type { DataSource } from 'typeorm';
import { ProfilesService } from '../src/profiles/profiles.service.js';
import { auth, createTestApp, login, pastPeriod, uniqueCode } from './utils.js';

let app: INestApplication;
let db: DataSource;
let http: ReturnType<typeof request>;
let admin: { token: string; username: string };
const code = `upl-${uniqueCode()}`;
const zone = uniqueCode('7');

const l = (en: string) => ({ nl: `${en} (nl)`, fr: `${en} (fr)`, en });

/** A small valid profile: two categories, gender (with "not declared") and an optional disability. */
function sampleProfile(): ClassificationProfile {
  return {
    code,
    name: l('Upload test'),
    categoryGroups: [{ code: 'ops', label: l('Operational') }],
    categories: [
      { code: 'constable', label: l('Constable'), group: 'ops', feeders: [] },
      { code: 'sergeant', label: l('Sergeant'), group: 'ops', feeders: ['constable'] },
    ],
    dimensions: [
      {
        code: 'gender',
        label: l('Gender'),
        values: [
          { code: 'female', label: l('Female') },
          { code: 'male', label: l('Male') },
          { code: 'x', label: l('X') },
          { code: 'nd', label: l('Not declared'), notDeclared: true },
        ],
        reference: 'male',
      },
    ],
  };
}

const upload = (content: string | Buffer, name: string, dryRun: boolean, token = admin.token) =>
  http
    .post(`/api/v1/profiles?dryRun=${dryRun}`)
    .set(auth(token))
    .attach('file', Buffer.isBuffer(content) ? content : Buffer.from(content), name);

const where = (errors: Problem[]) => errors.map((p) => `${p.column ?? '-'}:${p.code}`);
const stored = async (c: string) =>
  ((await db.query('SELECT version, origin, definition FROM classification_profile WHERE code = $1', [c])) as { version: number; origin: string; definition: ClassificationProfile }[])[0];
const versions = async (c: string) => ((await db.query('SELECT version FROM classification_profile_version WHERE code = $1 ORDER BY version', [c])) as { version: number }[]).map((r) => r.version);
const audits = async (c: string) =>
  (await db.query("SELECT action, details FROM audit_event WHERE action LIKE 'profile.%' AND details ->> 'profile' = $1 ORDER BY id", [c])) as { action: string; details: Record<string, unknown> }[];

beforeAll(async () => {
  ({ app, db, http } = await createTestApp({ loginRateLimit: 100_000 }));
  admin = await login(http, db, 'admin');
});
afterAll(async () => {
  // The database is shared by every test file: leave the built-ins as shipped and no uploaded profile behind.
  await db.query('DELETE FROM user_zone WHERE zone_id IN (SELECT id FROM zone WHERE profile_code = $1)', [code]);
  await db.query(
    'DELETE FROM return_cell WHERE revision_id IN (SELECT rv.id FROM return_revision rv JOIN quarterly_return r ON r.id = rv.return_id JOIN zone z ON z.id = r.zone_id WHERE z.profile_code = $1)',
    [code],
  );
  await db.query('DELETE FROM return_sum WHERE zone_id IN (SELECT id FROM zone WHERE profile_code = $1)', [code]);
  await db.query('UPDATE quarterly_return SET current_revision_id = NULL WHERE zone_id IN (SELECT id FROM zone WHERE profile_code = $1)', [code]);
  await db.query('DELETE FROM return_revision WHERE return_id IN (SELECT r.id FROM quarterly_return r JOIN zone z ON z.id = r.zone_id WHERE z.profile_code = $1)', [code]);
  await db.query('DELETE FROM quarterly_return WHERE zone_id IN (SELECT id FROM zone WHERE profile_code = $1)', [code]);
  await db.query('DELETE FROM target WHERE zone_id IN (SELECT id FROM zone WHERE profile_code = $1)', [code]);
  await db.query('DELETE FROM data_version WHERE zone_id IN (SELECT id FROM zone WHERE profile_code = $1)', [code]);
  await db.query('DELETE FROM zone WHERE profile_code = $1', [code]);
  await db.query('DELETE FROM classification_profile WHERE code = $1', [code]);
  await db.query('DELETE FROM classification_profile_version WHERE code = $1', [code]);
  await db.query("UPDATE classification_profile SET definition = $1, origin = 'built-in', version = 1 WHERE code = 'belgium-police'", [JSON.stringify(BELGIUM_POLICE)]);
  await db.query("DELETE FROM classification_profile_version WHERE code = 'belgium-police' AND version > 1");
  await app.close();
});

describe('POST /api/v1/profiles', () => {
  it('previews a new YAML profile, stores it as version 1, lists it, and lets a zone use it', async () => {
    const yaml = dump(sampleProfile());
    const preview = (await upload(yaml, 'profile.yaml', true).expect(200)).body as ProfileUploadResult;
    expect(preview).toMatchObject({ dryRun: true, status: 'created', code, version: 1, previousVersion: null, categories: 2, dimensions: 1, zones: 0 });
    expect(await stored(code)).toBeUndefined();

    const done = (await upload(yaml, 'profile.yml', false).expect(200)).body as ProfileUploadResult;
    expect(done).toMatchObject({ dryRun: false, status: 'created', version: 1 });
    expect(await stored(code)).toMatchObject({ version: 1, origin: 'uploaded', definition: sampleProfile() });
    expect(await versions(code)).toEqual([1]);
    expect(await audits(code)).toEqual([{ action: 'profile.created', details: { profile: code, version: 1 } }]);

    const listed = ((await http.get('/api/v1/profiles').set(auth(admin.token)).expect(200)).body as ProfileSummaryDto[]).find((p) => p.code === code);
    expect(listed).toEqual({ code, name: sampleProfile().name, categories: 2, dimensions: 1, zones: 0, version: 1, origin: 'uploaded' });
    expect((await http.get(`/api/v1/profiles/${code}`).set(auth(admin.token)).expect(200)).body).toEqual(sampleProfile());

    await http.post('/api/v1/zones').set(auth(admin.token)).send({ code: zone, nameNl: 'Uploadzone', nameFr: 'Zone upload', profile: code }).expect(201);
  });

  it('takes a return of a zone with the uploaded profile', async () => {
    const hr = await login(http, db, 'hr', [zone]);
    const cells = ['female', 'male', 'x'].flatMap((gender, i) => ['constable', 'sergeant'].map((category) => ({ measure: 'headcount', detail: '', category, classes: { gender }, count: 5 + i })));
    await http.put(`/api/v1/zones/${zone}/returns/${pastPeriod(4)}`).set(auth(hr.token)).send({ reason: 'first entry', cells }).expect(201);
  });

  it('answers a JSON syntax error with its line and column', async () => {
    const json = '{\n  "code": "broken",\n  "name": { "en": "Broken" }\n  "categories": []\n}\n';
    const res = await upload(json, 'broken.json', true).expect(422);
    expect(res.body.errors).toHaveLength(1);
    expect(res.body.errors[0]).toMatchObject({ code: 'profile_syntax', column: 'file', row: 4, params: { format: 'JSON', line: 4 } });
    expect(res.body.errors[0].message).toMatch(/line 4/);
  });

  it('answers a YAML syntax error with its line', async () => {
    const res = await upload('code: x\nname:\n  en: a\n   nl: b\n', 'broken.yaml', true).expect(422);
    expect(res.body.errors[0]).toMatchObject({ code: 'profile_syntax', params: { format: 'YAML', line: 4 } });
  });

  it('lists every problem of shape and consistency at once, each with its path', async () => {
    const p = sampleProfile() as unknown as Record<string, unknown> & ClassificationProfile;
    p.code = 'Bad Code';
    p.name = { en: 'Only English' };
    p.categories[1]!.feeders = ['nobody'];
    p.categories[0]!.group = 'nowhere';
    p.dimensions[0]!.values[3]!.notDeclared = false;
    p.dimensions[0]!.values.push({ code: 'female', label: l('Again') });
    (p.dimensions[0]!.values[0] as unknown as Record<string, unknown>)['colour'] = 'red';
    p.dimensions[0]!.rollups = [{ code: 'male', label: l('Clash'), members: ['female', 'ghost'] }];
    p['extra'] = true;
    const res = await upload(JSON.stringify(p, null, 2), 'bad.json', false).expect(422);
    const found = where(res.body.errors as Problem[]);
    expect(found).toEqual(
      expect.arrayContaining([
        'extra:profile_unknown_field',
        'code:profile_invalid_code',
        'name.nl:profile_label_missing',
        'name.fr:profile_label_missing',
        'categories[0].group:profile_unknown_group',
        'categories[1].feeders[0]:profile_unknown_feeder',
        'dimensions[0].values[0].colour:profile_unknown_field',
        'dimensions[0].values[4].code:profile_duplicate_code',
        'dimensions[0].values:profile_not_declared',
        'dimensions[0].rollups[0].code:profile_rollup_clash',
        'dimensions[0].rollups[0].members[1]:profile_unknown_member',
      ]),
    );
    expect(found).toHaveLength(11);
    expect(res.body.message).toMatch(/11 problems/);
    expect((res.body.errors as Problem[]).every((e) => typeof e.params?.['path'] === 'string')).toBe(true);
  });

  it('refuses a file that is not JSON or YAML, and one too large (413)', async () => {
    expect(where((await upload('{}', 'profile.txt', true).expect(422)).body.errors)).toEqual(['file:profile_file_type']);
    const big = await upload(`# ${'x'.repeat(300 * 1024)}\n`, 'big.yaml', true).expect(413);
    expect(big.body.errors[0]).toMatchObject({ code: 'file_too_large', params: { reason: 'profile', maxKb: 256 } });
  });

  it('refuses a new version that drops a value a stored return uses, naming it, and stores nothing', async () => {
    const p = sampleProfile();
    p.dimensions[0]!.values = p.dimensions[0]!.values.filter((v) => v.code !== 'x');
    p.categories = p.categories.filter((c) => c.code !== 'sergeant');
    await db.query(
      `INSERT INTO target (zone_id, group_spec, metric, categories, value, baseline_period, deadline_period, created_by)
       SELECT z.id, 'gender:female', 'representation', '{sergeant}', 0.3, $2, $3, u.id FROM zone z, app_user u WHERE z.code = $1 AND u.username = $4`,
      [zone, pastPeriod(8), pastPeriod(2), admin.username],
    );
    const res = await upload(JSON.stringify(p), 'v2.json', true).expect(422);
    const errors = res.body.errors as Problem[];
    expect(errors.find((e) => e.params?.['kind'] === 'category')!.params).toMatchObject({ code: 'sergeant', kinds: 'returns,targets', zones: zone });
    expect(where(errors).sort()).toEqual(['categories:profile_value_in_use', 'dimensions[0].values:profile_value_in_use']);
    const value = errors.find((e) => e.params?.['kind'] === 'value')!;
    expect(value.params).toMatchObject({ code: 'x', dimension: 'gender', kinds: 'returns', zones: zone });
    expect(value.message).toMatch(/“x” of “gender” is used by returns of zone/);
    await upload(JSON.stringify(p), 'v2.json', false).expect(422);
    expect(await stored(code)).toMatchObject({ version: 1, definition: sampleProfile() });
    expect(await versions(code)).toEqual([1]);
  });

  it('refuses a version without a classification stored returns use', async () => {
    const p = sampleProfile();
    const { reference: _reference, ...gender } = p.dimensions[0]!;
    p.dimensions[0] = { ...gender, code: 'sex' };
    const res = await upload(JSON.stringify(p), 'v2.json', true).expect(422);
    expect(where(res.body.errors)).toEqual(['dimensions:profile_value_in_use']);
    expect(res.body.errors[0].params).toMatchObject({ kind: 'dimension', code: 'gender', kinds: 'returns,targets', zones: zone });
  });

  it('stores a label change and an added value as version 2, keeps version 1, and audits it', async () => {
    const p = sampleProfile();
    p.dimensions[0]!.values[2]!.label = l('Non-binary');
    p.dimensions[0]!.values.splice(3, 0, { code: 'other', label: l('Other') });
    const preview = (await upload(dump(p), 'v2.yaml', true).expect(200)).body as ProfileUploadResult;
    expect(preview).toMatchObject({ status: 'changed', version: 2, previousVersion: 1, zones: 1 });
    expect(preview.changes).toEqual(
      expect.arrayContaining([
        { kind: 'value', change: 'changed', code: 'x', dimension: 'gender' },
        { kind: 'value', change: 'added', code: 'other', dimension: 'gender' },
      ]),
    );
    await upload(dump(p), 'v2.yaml', false).expect(200);
    expect(await stored(code)).toMatchObject({ version: 2, definition: p });
    expect(await versions(code)).toEqual([1, 2]);
    expect((await http.get(`/api/v1/profiles/${code}`).set(auth(admin.token)).expect(200)).body).toEqual(p);
    const events = await audits(code);
    expect(events[events.length - 1]).toEqual({ action: 'profile.updated', details: { profile: code, version: 2, previousVersion: 1, added: 1, removed: 0, changed: 1 } });
    // The same file again changes nothing.
    expect(((await upload(dump(p), 'v2.yaml', false).expect(200)).body as ProfileUploadResult).status).toBe('unchanged');
    expect(await versions(code)).toEqual([1, 2]);
  });

  it('is for administrators only', async () => {
    for (const role of ['hr', 'management', 'researcher'] as const) {
      const user = await login(http, db, role);
      await upload(dump(sampleProfile()), 'p.yaml', true, user.token).expect(403);
    }
    await http.post('/api/v1/profiles?dryRun=true').attach('file', Buffer.from(dump(sampleProfile())), 'p.yaml').expect(401);
  });

  it('offers a profile as a JSON download, and keeps an administrator’s version of a built-in at start-up', async () => {
    const res = await http.get('/api/v1/profiles/belgium-police?format=json').set(auth(admin.token)).expect(200);
    expect(res.headers['content-disposition']).toBe('attachment; filename="belgium-police.json"');
    const changed = res.body as ClassificationProfile;
    changed.name = { ...changed.name, en: 'Belgian police (our version)' };
    const before = (await stored('belgium-police'))!.version;
    const done = (await upload(JSON.stringify(changed, null, 2), 'belgium-police.json', false).expect(200)).body as ProfileUploadResult;
    expect(done).toMatchObject({ status: 'changed', version: before + 1, changes: [{ kind: 'name', change: 'changed', code: 'belgium-police' }] });

    await app.get(ProfilesService).installBuiltIns();
    expect(await stored('belgium-police')).toMatchObject({ version: before + 1, origin: 'uploaded' });
    expect(((await http.get('/api/v1/profiles/belgium-police').set(auth(admin.token)).expect(200)).body as ClassificationProfile).name.en).toBe('Belgian police (our version)');
  });
});
