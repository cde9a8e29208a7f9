// Optimistic concurrency of corrections on a real PostgreSQL: the current revision is the ETag of a
// zone-quarter's return; a write whose If-Match no longer names it is refused with 412 and nothing
// is written, also when two writers with the same If-Match arrive at once.
import type { INestApplication } from '@nestjs/common';
import { type Cell, cellKey, type CellDto } from '@equity/shared';
import request from 'supertest';
import type { DataSource } from 'typeorm';
import { auth, countRevisions, createTestApp, createZone, login, pastPeriod, sampleCells, toCsv } from './utils.js';

let app: INestApplication;
let db: DataSource;
let http: ReturnType<typeof request>;
let zone: string;
let hr: string;
let hrName: string;
let other: string;
let otherName: string;

const asPlain = (cells: (Cell | CellDto)[]) =>
  [...cells].sort((a, b) => cellKey(a).localeCompare(cellKey(b))).map((c) => ({ measure: c.measure, detail: c.detail, category: c.category, classes: c.classes, count: c.count }));

const revisionCount = (period: string) => countRevisions(db, zone, period);

const path = (period: string) => `/api/v1/zones/${zone}/returns/${period}`;
const put = (token: string, period: string, cells: Cell[], headers: Record<string, string> = {}) =>
  http.put(path(period)).set(auth(token)).set(headers).send({ reason: 'Correction', cells });

beforeAll(async () => {
  ({ app, db } = await createTestApp());
  // Listening on an ephemeral port: concurrent requests share one server.
  await app.listen(0, '127.0.0.1');
  http = request(app.getHttpServer());
  zone = await createZone(db, 'Concurrency zone');
  ({ token: hr, username: hrName } = await login(http, db, 'hr', [zone]));
  ({ token: other, username: otherName } = await login(http, db, 'hr', [zone]));
});

afterAll(async () => {
  await app.close();
});

describe('the current revision is the ETag', () => {
  it('GET sends it; a write answers with the new one and says which revision it superseded', async () => {
    const period = pastPeriod(20);
    const first = await put(hr, period, sampleCells(10)).expect(201);
    expect(first.headers['etag']).toBe('"1"');
    expect(first.body.supersedes).toBeNull();
    const got = await http.get(path(period)).set(auth(hr)).expect(200);
    expect(got.headers['etag']).toBe('"1"');
    expect(got.headers['cache-control']).toBe('no-store');
    // Without If-Match: today's behaviour (written), and the answer names what it replaced.
    const second = await put(other, period, sampleCells(11)).expect(201);
    expect(second.headers['etag']).toBe('"2"');
    expect(second.body).toMatchObject({ revision: { number: 2 }, supersedes: 1 });
    // With the current revision: written.
    const third = await put(hr, period, sampleCells(12), { 'If-Match': '"2"' }).expect(201);
    expect(third.body).toMatchObject({ revision: { number: 3 }, supersedes: 2 });
    // The audit log keeps who did what, and against which revision.
    const audit = (await db.query("SELECT actor_username AS actor, details FROM audit_event WHERE zone_code = $1 AND period = $2 AND action = 'return.revised' ORDER BY id", [zone, period])) as {
      actor: string;
      details: Record<string, unknown>;
    }[];
    expect(audit.map((a) => [a.actor, a.details['revision'], a.details['supersedes'], a.details['precondition']])).toEqual([
      [hrName, 1, null, 'none'],
      [otherName, 2, 1, 'none'],
      [hrName, 3, 2, 'If-Match: "2"'],
    ]);
  });
});

describe('a stale If-Match', () => {
  it('is answered 412 naming both revisions, and nothing is written (PUT and upload)', async () => {
    const period = pastPeriod(21);
    await put(hr, period, sampleCells(10)).expect(201);
    const loaded = (await http.get(path(period)).set(auth(hr)).expect(200)).headers['etag'] as string;
    // A colleague saves meanwhile.
    const theirs = await put(other, period, sampleCells(20), { 'If-Match': loaded }).expect(201);
    const before = await revisionCount(period);

    const stale = await put(hr, period, sampleCells(30), { 'If-Match': loaded }).expect(412);
    expect(stale.body).toMatchObject({
      statusCode: 412,
      error: 'Precondition Failed',
      errors: [{ row: null, column: null, code: 'stale_revision' }],
      yourRevision: 1,
      currentRevision: { number: 2, author: otherName, createdAt: theirs.body.revision.createdAt },
    });
    expect(stale.body.message).toContain('revision 2 was saved by ' + otherName);
    expect(stale.body.message).toContain('after revision 1 that you started from');
    expect(stale.body.errors[0].message).toBe(stale.body.message);

    const upload = await http
      .post(`${path(period)}/upload`)
      .set(auth(hr))
      .set('If-Match', loaded)
      .field('reason', 'File correction')
      .attach('file', Buffer.from(toCsv(sampleCells(40))), 'return.csv')
      .expect(412);
    expect(upload.body).toMatchObject({ errors: [{ code: 'stale_revision' }], yourRevision: 1, currentRevision: { number: 2 } });

    // Nothing written: same number of revisions, the colleague's cells still current.
    expect(await revisionCount(period)).toBe(before);
    const current = await http.get(path(period)).set(auth(hr)).expect(200);
    expect(current.headers['etag']).toBe('"2"');
    expect(asPlain(current.body.cells)).toEqual(asPlain(sampleCells(20)));

    // Overwriting knowingly: against the current revision.
    const overwrite = await put(hr, period, sampleCells(30), { 'If-Match': `"${stale.body.currentRevision.number as number}"` }).expect(201);
    expect(overwrite.body).toMatchObject({ revision: { number: 3 }, supersedes: 2 });
    // An upload with the current revision is written too (weak form of the tag accepted).
    const uploaded = await http
      .post(`${path(period)}/upload`)
      .set(auth(hr))
      .set('If-Match', 'W/"3"')
      .field('reason', 'File correction')
      .attach('file', Buffer.from(toCsv(sampleCells(40))), 'return.csv')
      .expect(200);
    expect(uploaded.headers['etag']).toBe('"4"');
    expect(uploaded.body).toMatchObject({ revision: { number: 4 }, supersedes: 3 });
  });

  it('two concurrent PUTs with the same If-Match: exactly one is written, the other gets 412', async () => {
    const period = pastPeriod(22);
    await put(hr, period, sampleCells(10)).expect(201);
    for (let round = 0; round < 5; round++) {
      const etag = `"${round + 1}"`;
      const [a, b] = await Promise.all([put(hr, period, sampleCells(50 + round), { 'If-Match': etag }), put(other, period, sampleCells(80 + round), { 'If-Match': etag })]);
      expect([a.status, b.status].sort()).toEqual([201, 412]);
      const winner = a.status === 201 ? a : b;
      const loser = a.status === 201 ? b : a;
      expect(loser.body).toMatchObject({ yourRevision: round + 1, currentRevision: { number: round + 2, author: winner === a ? hrName : otherName } });
      expect(await revisionCount(period)).toBe(round + 2);
      const current = await http.get(path(period)).set(auth(hr)).expect(200);
      expect(asPlain(current.body.cells)).toEqual(asPlain(winner === a ? sampleCells(50 + round) : sampleCells(80 + round)));
    }
  });

  it('If-None-Match: * makes a first entry: of two at once one is written; If-Match: * needs a revision', async () => {
    const period = pastPeriod(23);
    const star = await put(hr, period, sampleCells(10), { 'If-Match': '*' }).expect(412);
    expect(star.body).toMatchObject({ yourRevision: null, currentRevision: null, errors: [{ code: 'stale_revision' }] });
    expect(await revisionCount(period)).toBe(0);
    const [a, b] = await Promise.all([put(hr, period, sampleCells(10), { 'If-None-Match': '*' }), put(other, period, sampleCells(11), { 'If-None-Match': '*' })]);
    expect([a.status, b.status].sort()).toEqual([201, 412]);
    expect((a.status === 412 ? a : b).body).toMatchObject({ yourRevision: null, currentRevision: { number: 1 } });
    expect(await revisionCount(period)).toBe(1);
    await put(hr, period, sampleCells(12), { 'If-Match': '*' }).expect(201);
    // A tag that names no revision (e.g. a hash) matches nothing.
    await put(hr, period, sampleCells(13), { 'If-Match': 'W/"1f-abc"' }).expect(412);
    expect(await revisionCount(period)).toBe(2);
  });

  it('a signed-off quarter still answers 409 (saving again could not help)', async () => {
    const period = pastPeriod(24);
    await put(hr, period, sampleCells(10)).expect(201);
    await http.post(`${path(period)}/sign-off`).set(auth(hr)).expect(200);
    await put(hr, period, sampleCells(11), { 'If-Match': '"7"' }).expect(409);
    expect(await revisionCount(period)).toBe(1);
  });
});

describe('CORS', () => {
  it('lets a browser on an allowed origin send If-Match and read the ETag', async () => {
    const origin = 'https://dashboard.example.be';
    const cors = await createTestApp({ corsOrigins: [origin] });
    try {
      const preflight = await cors.http
        .options(path(pastPeriod(20)))
        .set('Origin', origin)
        .set('Access-Control-Request-Method', 'PUT')
        .set('Access-Control-Request-Headers', 'if-match,content-type');
      expect(preflight.headers['access-control-allow-headers']).toMatch(/If-Match/);
      const get = await cors.http.get('/api/health').set('Origin', origin).expect(200);
      expect(get.headers['access-control-expose-headers']).toMatch(/ETag/);
    } finally {
      await cors.app.close();
    }
  });
});
