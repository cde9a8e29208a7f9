// The audit log for administrators on the real application and database: filters by user, zone,
// action and days (Belgian calendar days), paging, one event, the CSV streamed with the same
// filters, every bad parameter at once as a 400 in the one error shape, and who may read it.
import type { INestApplication } from '@nestjs/common';
import { AUDIT_ACTIONS, type AuditEventDto } from '@equity/shared';
import type request from 'supertest';
import type { DataSource } from 'typeorm';
import { AUDIT_CSV_BATCH } from '../src/audit/audit.service.js';
import { auth, createTestApp, createZone, login, uniqueCode } from './utils.js';

let app: INestApplication;
let db: DataSource;
let http: ReturnType<typeof request>;
let admin: { token: string; username: string };

beforeAll(async () => {
  ({ app, db, http } = await createTestApp({ loginRateLimit: 10_000 }));
  admin = await login(http, db, 'admin');
});
afterAll(async () => {
  await app.close();
});

/** Events written straight into the log, at given times (UTC), for one zone no other test uses. */
async function plant(zone: string, events: { at: string; actor: string | null; action: string; period?: string; details?: object }[]): Promise<number[]> {
  const ids: number[] = [];
  for (const e of events) {
    const [row] = (await db.query('INSERT INTO audit_event (at, actor_username, action, zone_code, period, details) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id', [
      e.at,
      e.actor,
      e.action,
      zone,
      e.period ?? null,
      JSON.stringify(e.details ?? {}),
    ])) as { id: string }[];
    ids.push(Number(row!.id));
  }
  return ids;
}

const list = async (query: string): Promise<AuditEventDto[]> => (await http.get(`/api/v1/audit${query}`).set(auth(admin.token)).expect(200)).body as AuditEventDto[];

/** A CSV response read as text (supertest buffers only JSON and text/* it knows). */
const csv = (query: string, token = admin.token) =>
  http
    .get(`/api/v1/audit/export.csv${query}`)
    .set(auth(token))
    .buffer(true)
    .parse((res, cb) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (text += c));
      res.on('end', () => cb(null, text));
    });

describe('filters', () => {
  let zone: string;
  let ids: number[];
  const alice = `alice.${uniqueCode()}`;
  const bob = `bob.${uniqueCode()}`;

  beforeAll(async () => {
    zone = await createZone(db, 'Audit filters');
    // 2031-03-30T22:30Z is 00:30 on 31 March in Brussels (summer time began on the 30th): a Belgian day, not a UTC one.
    ids = await plant(zone, [
      { at: '2031-03-01T09:00:00Z', actor: alice, action: 'return.revised', period: '2030-Q4', details: { revision: 1 } },
      { at: '2031-03-15T09:00:00Z', actor: bob, action: 'return.signed_off', period: '2030-Q4' },
      { at: '2031-03-30T21:30:00Z', actor: alice, action: 'target.created' },
      { at: '2031-03-30T22:30:00Z', actor: bob, action: 'return.reopened', period: '2030-Q4', details: { reason: 'typo' } },
      { at: '2031-04-02T09:00:00Z', actor: null, action: 'zone.created' },
    ]);
  });

  it('by zone: the zone’s events, newest first, in the documented shape', async () => {
    const events = await list(`?zone=${zone}`);
    expect(events.map((e) => e.id)).toEqual([...ids].reverse());
    expect(events[1]).toEqual({ id: ids[3], at: '2031-03-30T22:30:00.000Z', actor: bob, action: 'return.reopened', zone, period: '2030-Q4', details: { reason: 'typo' } });
  });

  it('by user (who acted; any case), by action, by family of actions, and all together', async () => {
    expect((await list(`?zone=${zone}&user=${alice.toUpperCase()}`)).map((e) => e.id)).toEqual([ids[2], ids[0]]);
    expect((await list(`?zone=${zone}&action=return.signed_off`)).map((e) => e.id)).toEqual([ids[1]]);
    expect((await list(`?zone=${zone}&action=return.*`)).map((e) => e.id)).toEqual([ids[3], ids[1], ids[0]]);
    expect((await list(`?zone=${zone}&action=return.*&user=${bob}`)).map((e) => e.id)).toEqual([ids[3], ids[1]]);
    expect(await list(`?zone=${zone}&user=nobody.${uniqueCode()}`)).toEqual([]);
  });

  it('by days, both included, as Belgian calendar days', async () => {
    expect((await list(`?zone=${zone}&from=2031-03-15&to=2031-03-30`)).map((e) => e.id)).toEqual([ids[2], ids[1]]);
    expect((await list(`?zone=${zone}&from=2031-03-31`)).map((e) => e.id)).toEqual([ids[4], ids[3]]);
    expect((await list(`?zone=${zone}&to=2031-03-01`)).map((e) => e.id)).toEqual([ids[0]]);
    expect((await list(`?zone=${zone}&from=2031-03-31&to=2031-03-31`)).map((e) => e.id)).toEqual([ids[3]]);
  });

  it('pages with limit and before', async () => {
    const first = await list(`?zone=${zone}&limit=2`);
    expect(first.map((e) => e.id)).toEqual([ids[4], ids[3]]);
    const next = await list(`?zone=${zone}&limit=2&before=${first[1]!.id}`);
    expect(next.map((e) => e.id)).toEqual([ids[2], ids[1]]);
    const last = await list(`?zone=${zone}&limit=2&before=${next[1]!.id}`);
    expect(last.map((e) => e.id)).toEqual([ids[0]]);
  });

  it('opens one event with all its details', async () => {
    const one = await http.get(`/api/v1/audit/${ids[0]}`).set(auth(admin.token)).expect(200);
    expect(one.body).toEqual({ id: ids[0], at: '2031-03-01T09:00:00.000Z', actor: alice, action: 'return.revised', zone, period: '2030-Q4', details: { revision: 1 } });
    const missing = await http.get('/api/v1/audit/999999999999').set(auth(admin.token)).expect(404);
    expect(missing.body).toMatchObject({ statusCode: 404, errors: [expect.objectContaining({ code: 'not_found' })] });
  });

  it('the CSV holds exactly the filtered events, newest first, and its download is recorded', async () => {
    const res = await csv(`?zone=${zone}&action=return.*`).expect(200);
    expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(res.headers['content-disposition']).toMatch(/^attachment; filename="equity-monitor-audit-\d{4}-\d{2}-\d{2}\.csv"$/);
    const lines = (res.body as string).split('\r\n');
    expect(lines[0]).toBe('id,at,actor,action,zone,period,details');
    expect(lines.slice(1)).toEqual([
      `${ids[3]},2031-03-30T22:30:00.000Z,${bob},return.reopened,${zone},2030-Q4,"{""reason"":""typo""}"`,
      `${ids[1]},2031-03-15T09:00:00.000Z,${bob},return.signed_off,${zone},2030-Q4,{}`,
      `${ids[0]},2031-03-01T09:00:00.000Z,${alice},return.revised,${zone},2030-Q4,"{""revision"":1}"`,
      '',
    ]);
    const recorded = await list(`?user=${admin.username}&action=audit.exported&limit=1`);
    expect(recorded[0]).toMatchObject({ actor: admin.username, zone: null, details: { format: 'csv', filter: { zone, actions: AUDIT_ACTIONS.filter((a) => a.startsWith('return.')) } } });
  });
});

it('the CSV streams a log longer than one page of reading, every event once, in order', async () => {
  const zone = await createZone(db, 'Audit CSV');
  const n = AUDIT_CSV_BATCH * 2 + 17;
  await db.query(
    `INSERT INTO audit_event (at, actor_username, action, zone_code, details)
     SELECT timestamptz '2032-01-01T00:00:00Z' + make_interval(secs => g), 'bulk', 'export.downloaded', $1, jsonb_build_object('n', g) FROM generate_series(1, $2) g`,
    [zone, n],
  );
  const res = await csv(`?zone=${zone}`).expect(200);
  const rows = (res.body as string).trimEnd().split('\r\n').slice(1);
  expect(rows).toHaveLength(n);
  const numbers = rows.map((r) => Number(/"\{""n"":(\d+)\}"$/.exec(r)![1]));
  expect(numbers).toEqual(Array.from({ length: n }, (_, i) => n - i));
});

describe('bad parameters: 400 in the one error shape, every problem at once, never a 500', () => {
  it('lists every problem of the list’s parameters, each naming its parameter, quoting nothing typed', async () => {
    const res = await http
      .get('/api/v1/audit?user=not%20a%20name&zone=%3Cscript%3E&action=user.deleted&from=2026-02-30&to=soon&before=-1&limit=5000&page=2')
      .set(auth(admin.token))
      .expect(400);
    expect(res.body).toMatchObject({ statusCode: 400, error: 'Bad Request', message: 'There are 8 problems with the parameters; nothing was listed.' });
    expect((res.body.errors as { row: null; column: string; code: string }[]).map((e) => `${e.column}:${e.code}`)).toEqual([
      'page:unknown_parameter',
      'user:invalid_user',
      'zone:invalid_zone',
      'action:unknown_action',
      'from:invalid_date',
      'to:invalid_date',
      'before:invalid_before',
      'limit:invalid_limit',
    ]);
    for (const e of res.body.errors as { row: unknown; message: string }[]) expect(e).toMatchObject({ row: null, message: expect.any(String) });
    expect(JSON.stringify(res.body)).not.toMatch(/script|not a name|soon|5000/);
  });

  it('refuses a range ending before it starts, a repeated parameter, and odd values of every kind', async () => {
    const range = await http.get('/api/v1/audit?from=2026-04-01&to=2026-03-31').set(auth(admin.token)).expect(400);
    expect(range.body.errors).toEqual([expect.objectContaining({ column: 'to', code: 'to_before_from' })]);
    const twice = await http.get('/api/v1/audit?zone=5415&zone=5345').set(auth(admin.token)).expect(400);
    expect(twice.body.errors).toEqual([expect.objectContaining({ column: 'zone', code: 'repeated_parameter' })]);
    for (const query of ['limit=1e3', 'limit=0', 'limit=1.5', 'before=99999999999999999999', 'action=%00', `user=${'a'.repeat(5000)}`, 'from[]=2026-01-01', 'action=*', 'to=2026-3-1']) {
      const res = await http.get(`/api/v1/audit?${query}`).set(auth(admin.token));
      expect({ query, status: res.status }).toEqual({ query, status: 400 });
      expect(res.body.errors).toHaveLength(1);
    }
  });

  it('the CSV refuses bad filters the same way (as JSON, before any line), and takes no paging', async () => {
    const res = await http.get('/api/v1/audit/export.csv?from=yesterday&limit=10').set(auth(admin.token)).expect(400);
    expect(res.headers['content-type']).toMatch(/^application\/json/);
    expect(res.body.message).toBe('There are 2 problems with the parameters; nothing was sent.');
    expect((res.body.errors as { column: string; code: string }[]).map((e) => `${e.column}:${e.code}`)).toEqual(['limit:unknown_parameter', 'from:invalid_date']);
  });

  it('an event id that is not one is a 400', async () => {
    for (const id of ['abc', '0', '-1', '1.5', '1e3', '99999999999999999999']) {
      const res = await http.get(`/api/v1/audit/${id}`).set(auth(admin.token)).expect(400);
      expect(res.body.errors).toEqual([expect.objectContaining({ column: 'id', code: 'invalid_id' })]);
    }
  });
});

it('only administrators read the log, its events and its CSV', async () => {
  const zone = await createZone(db);
  for (const [role, zones] of [['hr', [zone]], ['management', []], ['researcher', []]] as const) {
    const { token } = await login(http, db, role, [...zones]);
    await http.get(`/api/v1/audit?zone=${zone}`).set(auth(token)).expect(403);
    await http.get('/api/v1/audit/1').set(auth(token)).expect(403);
    await csv(`?zone=${zone}`, token).expect(403);
    // Authorization comes first: a caller who may not read the log learns nothing from its parameters.
    await http.get('/api/v1/audit?from=nonsense').set(auth(token)).expect(403);
  }
  await http.get('/api/v1/audit').expect(401);
  await http.get('/api/v1/audit/1').expect(401);
  await http.get('/api/v1/audit/export.csv').expect(401);
});
