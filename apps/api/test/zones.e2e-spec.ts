// Zone administration through the HTTP API on a real PostgreSQL: register, change, load from a file
// (preview, then for real), every refusal with all its problems at once and nothing written.
import type { INestApplication } from '@nestjs/common';
import type { Problem, ZoneDto, ZoneImportResult } from '@equity/shared';
import type request from 'supertest';
import type { DataSource } from 'typeorm';
import { auth, createTestApp, createZone, login, pastPeriod, sampleCells, uniqueCode } from './utils.js';

let app: INestApplication;
let db: DataSource;
let http: ReturnType<typeof request>;
let admin: { token: string; username: string };
let management: { token: string; username: string };

beforeAll(async () => {
  ({ app, db, http } = await createTestApp({ loginRateLimit: 100_000 }));
  admin = await login(http, db, 'admin');
  management = await login(http, db, 'management');
});
afterAll(async () => {
  await app.close();
});

const code = () => uniqueCode('7');
const upload = (csv: string | Buffer, dryRun: boolean, token = admin.token, name = 'zones.csv') =>
  http
    .post(`/api/v1/zones/import?dryRun=${dryRun}`)
    .set(auth(token))
    .attach('file', Buffer.isBuffer(csv) ? csv : Buffer.from(csv), name);

async function zoneRow(zoneCode: string): Promise<{ name: string; names: Record<string, string>; profile_code: string; communes: string[] } | undefined> {
  const rows = (await db.query('SELECT name, names, profile_code, communes FROM zone WHERE code = $1', [zoneCode])) as { name: string; names: Record<string, string>; profile_code: string; communes: string[] }[];
  return rows[0];
}

async function auditOf(actor: string, action: string): Promise<{ zone_code: string; details: Record<string, unknown> }[]> {
  return (await db.query('SELECT zone_code, details FROM audit_event WHERE actor_username = $1 AND action = $2 ORDER BY id', [actor, action])) as { zone_code: string; details: Record<string, unknown> }[];
}

const where = (errors: Problem[]) => errors.map((e) => `${e.row ?? '-'}:${e.column ?? '-'}:${e.code}`).sort();

describe('register a zone', () => {
  it('stores the names, profile and communes, lists it, and audits it', async () => {
    const c = code();
    const res = await http
      .post('/api/v1/zones')
      .set(auth(admin.token))
      .send({ code: c, nameNl: '  Leuven ', nameFr: 'Louvain', profile: 'belgium-police', communes: ['Leuven', ' Herent', 'leuven', 'Oud-Heverlee'] })
      .expect(201);
    expect(res.body).toEqual({ code: c, name: 'Leuven / Louvain', names: { en: 'Leuven', nl: 'Leuven', fr: 'Louvain' }, profile: 'belgium-police', successor: null, mergedFrom: null, predecessors: [], communes: ['Leuven', 'Herent', 'Oud-Heverlee'], returns: 0 });
    expect(await zoneRow(c)).toEqual({ name: 'Leuven / Louvain', names: { en: 'Leuven', nl: 'Leuven', fr: 'Louvain' }, profile_code: 'belgium-police', communes: ['Leuven', 'Herent', 'Oud-Heverlee'] });
    const listed = (await http.get('/api/v1/zones').set(auth(admin.token)).expect(200)).body as ZoneDto[];
    expect(listed.find((z) => z.code === c)).toMatchObject({ communes: ['Leuven', 'Herent', 'Oud-Heverlee'], returns: 0 });
    const events = (await auditOf(admin.username, 'zone.created')).filter((e) => e.zone_code === c);
    expect(events).toEqual([{ zone_code: c, details: { name: 'Leuven / Louvain', profile: 'belgium-police', communes: 3, origin: 'form' } }]);
  });

  it('gives other callers the communes but not the count of returns', async () => {
    const c = code();
    await http.post('/api/v1/zones').set(auth(admin.token)).send({ code: c, nameNl: 'Aalst', nameFr: 'Alost', profile: 'belgium-police', communes: ['Aalst'] }).expect(201);
    const listed = (await http.get('/api/v1/zones').set(auth(management.token)).expect(200)).body as ZoneDto[];
    const zone = listed.find((z) => z.code === c)!;
    expect(zone.communes).toEqual(['Aalst']);
    expect(zone).not.toHaveProperty('returns');
  });

  it('refuses every problem at once and writes nothing', async () => {
    const res = await http.post('/api/v1/zones').set(auth(admin.token)).send({ code: 'not a code', nameNl: '   ', nameFr: '', profile: 'no-such-profile', communes: ['x'.repeat(120)] }).expect(422);
    expect(where(res.body.errors)).toEqual(['-:code:invalid_code', '-:communes:too_long', '-:nameFr:required', '-:nameNl:required', '-:profile:unknown_profile'].sort());
    expect((res.body.errors as Problem[]).find((e) => e.column === 'nameNl')!.message).toMatch(/only spaces/);
    expect((res.body.errors as Problem[]).find((e) => e.column === 'profile')!.message).toMatch(/belgium-police/);
    expect(await db.query("SELECT 1 FROM zone WHERE code = 'not a code'")).toEqual([]);
  });

  it('refuses a code that exists', async () => {
    const c = await createZone(db, 'Existing');
    const res = await http.post('/api/v1/zones').set(auth(admin.token)).send({ code: c, nameNl: 'Twee', nameFr: 'Deux', profile: 'belgium-police' }).expect(422);
    expect(where(res.body.errors)).toEqual(['-:code:zone_exists']);
    expect((await zoneRow(c))!.name).toBe('Existing');
  });

  it('is for administrators only', async () => {
    const c = code();
    const res = await http.post('/api/v1/zones').set(auth(management.token)).send({ code: c, nameNl: 'X', nameFr: 'X', profile: 'belgium-police' }).expect(403);
    expect(res.body.errors[0].code).toBe('role_forbidden');
    expect(await zoneRow(c)).toBeUndefined();
    await http.put(`/api/v1/zones/${c}`).set(auth(management.token)).send({ nameNl: 'Y' }).expect(403);
    await upload(`code,name_nl,name_fr,profile\n${c},A,B,belgium-police\n`, false, management.token).expect(403);
    expect(await zoneRow(c)).toBeUndefined();
  });
});

describe('change a zone', () => {
  it('changes names and communes, keeps the English name unless sent, and audits what changed', async () => {
    const c = code();
    await http.post('/api/v1/zones').set(auth(admin.token)).send({ code: c, nameNl: 'Brugge', nameFr: 'Bruges', nameEn: 'Bruges', profile: 'belgium-police' }).expect(201);
    const version = async () => ((await db.query('SELECT v.version FROM data_version v JOIN zone z ON z.id = v.zone_id WHERE z.code = $1', [c])) as { version: string }[])[0]?.version ?? '0';
    const before = Number(await version());
    const res = await http.put(`/api/v1/zones/${c}`).set(auth(admin.token)).send({ nameNl: 'Brugge-Oost', communes: ['Brugge', 'Damme'] }).expect(200);
    // Figures cached with the old name are computed again: the zone's data version moved.
    expect(Number(await version())).toBe(before + 1);
    expect(res.body).toMatchObject({ code: c, name: 'Brugge-Oost / Bruges', names: { en: 'Bruges', nl: 'Brugge-Oost', fr: 'Bruges' }, communes: ['Brugge', 'Damme'] });
    const events = (await auditOf(admin.username, 'zone.updated')).filter((e) => e.zone_code === c);
    expect(events).toEqual([{ zone_code: c, details: { changed: ['names', 'communes'], name: { from: 'Brugge / Bruges', to: 'Brugge-Oost / Bruges' }, communes: { from: 0, to: 2 } } }]);
    // The same values again change nothing and record nothing.
    await http.put(`/api/v1/zones/${c}`).set(auth(admin.token)).send({ nameNl: 'Brugge-Oost', communes: ['Brugge', 'Damme'] }).expect(200);
    expect((await auditOf(admin.username, 'zone.updated')).filter((e) => e.zone_code === c)).toHaveLength(1);
  });

  it('refuses a name of spaces and an unknown profile at once, changing nothing', async () => {
    const c = code();
    await http.post('/api/v1/zones').set(auth(admin.token)).send({ code: c, nameNl: 'Mechelen', nameFr: 'Malines', profile: 'belgium-police' }).expect(201);
    const res = await http.put(`/api/v1/zones/${c}`).set(auth(admin.token)).send({ nameFr: '  ', profile: 'nope', communes: ['Mechelen'] }).expect(422);
    expect(where(res.body.errors)).toEqual(['-:nameFr:required', '-:profile:unknown_profile']);
    expect(await zoneRow(c)).toMatchObject({ name: 'Mechelen / Malines', communes: [] });
  });

  it('refuses a new profile while the zone has returns, and says why', async () => {
    const c = await createZone(db, 'With returns');
    const hr = await login(http, db, 'hr', [c]);
    await http.put(`/api/v1/zones/${c}/returns/${pastPeriod(3)}`).set(auth(hr.token)).send({ reason: 'first', cells: sampleCells() }).expect(201);
    const profiles = (await db.query("SELECT code FROM classification_profile WHERE code <> 'belgium-police' LIMIT 1")) as { code: string }[];
    expect(profiles.length).toBe(1);
    const res = await http.put(`/api/v1/zones/${c}`).set(auth(admin.token)).send({ profile: profiles[0]!.code }).expect(422);
    expect(where(res.body.errors)).toEqual(['-:profile:profile_in_use']);
    expect(res.body.errors[0].message).toMatch(/1 quarterly return/);
    expect((await zoneRow(c))!.profile_code).toBe('belgium-police');
    const listed = (await http.get(`/api/v1/zones/${c}`).set(auth(admin.token)).expect(200)).body as ZoneDto;
    expect(listed.returns).toBe(1);
  });

  it('answers 404 for a zone that does not exist', async () => {
    const res = await http.put('/api/v1/zones/0000000').set(auth(admin.token)).send({ nameNl: 'X' }).expect(404);
    expect(res.body.errors[0].code).toBe('not_found');
  });
});

describe('load zones from a file', () => {
  it('previews, then loads two zones and changes a third; audits each; a second load is unchanged', async () => {
    const [a, b] = [code(), code()];
    const existing = code();
    await http.post('/api/v1/zones').set(auth(admin.token)).send({ code: existing, nameNl: 'Hasselt', nameFr: 'Hasselt', profile: 'belgium-police' }).expect(201);
    const csv = [
      'code;name_nl;name_fr;profile;communes',
      `${a};Kortrijk;Courtrai;belgium-police;Kortrijk; Kuurne ;Lendelede`,
      `${b};Namen;Namur;belgium-police;`,
      `${existing};Hasselt;Hasselt;belgium-police;Hasselt;Zonhoven`,
    ].join('\r\n');
    // ";" separates both the columns and the communes here: the communes cell is quoted as Excel does.
    const quoted = csv.replace('Kortrijk; Kuurne ;Lendelede', '"Kortrijk; Kuurne ;Lendelede"').replace('Hasselt;Zonhoven', '"Hasselt;Zonhoven"');
    const preview = (await upload(quoted, true).expect(200)).body as ZoneImportResult;
    expect(preview).toMatchObject({ dryRun: true, created: 2, changed: 1, unchanged: 0 });
    expect(preview.rows.map((r) => [r.row, r.code, r.status, r.changes])).toEqual([
      [2, a, 'created', []],
      [3, b, 'created', []],
      [4, existing, 'changed', ['communes']],
    ]);
    expect(preview.rows[0]!.communes).toEqual(['Kortrijk', 'Kuurne', 'Lendelede']);
    expect(await zoneRow(a)).toBeUndefined();
    expect((await auditOf(admin.username, 'zone.created')).filter((e) => e.zone_code === a)).toEqual([]);

    const done = (await upload(quoted, false).expect(200)).body as ZoneImportResult;
    expect(done).toMatchObject({ dryRun: false, created: 2, changed: 1, unchanged: 0 });
    expect(await zoneRow(a)).toEqual({ name: 'Kortrijk / Courtrai', names: { en: 'Kortrijk', nl: 'Kortrijk', fr: 'Courtrai' }, profile_code: 'belgium-police', communes: ['Kortrijk', 'Kuurne', 'Lendelede'] });
    expect(await zoneRow(b)).toMatchObject({ name: 'Namen / Namur', communes: [] });
    expect((await zoneRow(existing))!.communes).toEqual(['Hasselt', 'Zonhoven']);
    expect((await auditOf(admin.username, 'zone.created')).filter((e) => e.zone_code === a || e.zone_code === b).map((e) => e.details['row'])).toEqual([2, 3]);
    expect((await auditOf(admin.username, 'zone.updated')).filter((e) => e.zone_code === existing)).toEqual([
      { zone_code: existing, details: { changed: ['communes'], communes: { from: 0, to: 2 }, origin: 'file', row: 4 } },
    ]);

    const again = (await upload(quoted, false).expect(200)).body as ZoneImportResult;
    expect(again).toMatchObject({ created: 0, changed: 0, unchanged: 3 });
  });

  it('refuses a file with problems in many rows, listing each by row and column, and writes nothing', async () => {
    const [a, b, c] = [code(), code(), code()];
    const withReturns = await createZone(db, 'Has returns');
    const hr = await login(http, db, 'hr', [withReturns]);
    await http.put(`/api/v1/zones/${withReturns}/returns/${pastPeriod(3)}`).set(auth(hr.token)).send({ reason: 'first', cells: sampleCells() }).expect(201);
    const other = ((await db.query("SELECT code FROM classification_profile WHERE code <> 'belgium-police' LIMIT 1")) as { code: string }[])[0]!.code;
    const csv = [
      'code,name_nl,name_fr,profile,communes',
      `${a},Goed,Bon,belgium-police,`, // fine: still not written
      `${b},   ,Bon,belgium-police,`, // a name of spaces
      `${c},Iets,Quelque,no-such-profile,`, // unknown profile
      `${a},Dubbel,Double,belgium-police,`, // the same code again
      `bad code!,X,Y,belgium-police,`, // not a code
      `${withReturns},Has returns,Has returns,${other},`, // a new profile for a zone with returns
    ].join('\n');
    const res = await upload(csv, false).expect(422);
    expect(where(res.body.errors)).toEqual(['3:name_nl:required', '4:profile:unknown_profile', '5:code:duplicate_code', '6:code:invalid_code', '7:profile:profile_in_use'].sort());
    expect(res.body.message).toMatch(/5 problems; no zone was loaded/);
    expect((res.body.errors as Problem[]).find((e) => e.code === 'duplicate_code')!.message).toMatch(/already on row 2/);
    for (const z of [a, b, c]) expect(await zoneRow(z)).toBeUndefined();
    expect((await zoneRow(withReturns))!.profile_code).toBe('belgium-police');
    // The preview refuses the same way.
    expect(where((await upload(csv, true).expect(422)).body.errors)).toHaveLength(5);
  });

  it('refuses missing and unknown columns at once', async () => {
    const res = await upload(`code,name_fr,naam,profile\n${code()},B,C,belgium-police\n`, true).expect(422);
    expect(where(res.body.errors)).toEqual(['1:naam:unknown_column', '1:name_nl:missing_column']);
  });

  it('refuses an empty file and a file with only a header', async () => {
    expect(where((await upload('', true).expect(422)).body.errors)).toEqual(['-:file:empty_file']);
    expect(where((await upload('  \n\n', false).expect(422)).body.errors)).toEqual(['-:file:empty_file']);
    expect(where((await upload('code,name_nl,name_fr,profile\n', false).expect(422)).body.errors)).toEqual(['-:-:no_rows']);
  });

  it('refuses a request without a file', async () => {
    const res = await http.post('/api/v1/zones/import?dryRun=true').set(auth(admin.token)).field('x', 'y').expect(422);
    expect(where(res.body.errors)).toEqual(['-:file:file_required']);
  });

  it('refuses a file over 10 MB with 413, before reading it, and writes nothing', async () => {
    const c = code();
    const head = `code,name_nl,name_fr,profile\n${c},Groot,Grand,belgium-police\n`;
    const big = Buffer.concat([Buffer.from(head), Buffer.alloc(10 * 1024 * 1024 + 1, 'x')]);
    const res = await upload(big, false);
    expect(res.status).toBe(413);
    expect(res.body.errors[0].code).toBe('file_too_large');
    expect(await zoneRow(c)).toBeUndefined();
  });

  it('refuses a file of more than 5,000 rows with 413', async () => {
    const lines = ['code,name_nl,name_fr,profile'];
    for (let i = 0; i < 5001; i++) lines.push(`${7000000 + i},N,F,belgium-police`);
    const res = await upload(lines.join('\n'), true).expect(413);
    expect(res.body.errors[0]).toMatchObject({ code: 'too_many_rows', row: 5002 });
    expect(res.body.errors[0].message).toMatch(/zones file has more than 5,000 rows/);
  });
});

describe('delete a zone', () => {
  it('deletes a zone registered by mistake with its benchmarks, audited; refuses one with data or accounts, saying what', async () => {
    const c = code();
    await http.post('/api/v1/zones').set(auth(admin.token)).send({ code: c, nameNl: 'Vergissing', nameFr: 'Erreur', profile: 'belgium-police' }).expect(201);
    await http.put(`/api/v1/zones/${c}/availability`).set(auth(admin.token)).send({ dimension: 'origin', group: 'be_be', share: 0.6, source: 'Statbel 2025', year: 2025 }).expect(200);
    await http.delete(`/api/v1/zones/${c}`).set(auth(management.token)).expect(403);
    expect(await zoneRow(c)).toBeDefined();
    await http.delete(`/api/v1/zones/${c}`).set(auth(admin.token)).expect(204);
    expect(await zoneRow(c)).toBeUndefined();
    expect(await db.query("SELECT 1 FROM availability_benchmark WHERE source = 'Statbel 2025' AND zone_id NOT IN (SELECT id FROM zone)")).toEqual([]);
    expect((await auditOf(admin.username, 'zone.deleted')).filter((e) => e.zone_code === c)).toEqual([
      { zone_code: c, details: { name: 'Vergissing / Erreur', profile: 'belgium-police', benchmarks: [{ dimension: 'origin', group: 'be_be', year: 2025 }] } },
    ]);
    await http.delete(`/api/v1/zones/${c}`).set(auth(admin.token)).expect(404);

    const used = await createZone(db, 'In use');
    const hr = await login(http, db, 'hr', [used]);
    await http.put(`/api/v1/zones/${used}/returns/${pastPeriod(3)}`).set(auth(hr.token)).send({ reason: 'first', cells: sampleCells() }).expect(201);
    const refused = await http.delete(`/api/v1/zones/${used}`).set(auth(admin.token)).expect(409);
    expect(refused.body.errors[0]).toMatchObject({ code: 'zone_in_use' });
    expect(refused.body.message).toMatch(/1 quarterly return, 1 HR account/);
    expect(await zoneRow(used)).toBeDefined();
  });
});
