// A quarter still running (issue 16): HR may enter its counts so far, with a warning that says when
// it ends; the dashboards, targets and the national table open on the latest quarter that has ended,
// and show the running one only when asked for it, or when no quarter has ended yet.
import type { INestApplication } from '@nestjs/common';
import { lastDayOf, type Problem, type TargetProgressDto } from '@equity/shared';
import type request from 'supertest';
import type { DataSource } from 'typeorm';
import { auth, createTestApp, createZone, login, pastPeriod, sampleCells } from './utils.js';

let app: INestApplication;
let db: DataSource;
let http: ReturnType<typeof request>;
let zone: string;
let fresh: string;
let hr: string;
let admin: string;
let management: string;
const running = pastPeriod(0);
const ended = pastPeriod(1);

beforeAll(async () => {
  ({ app, db, http } = await createTestApp());
  zone = await createZone(db, 'Running quarter zone');
  fresh = await createZone(db, 'New zone');
  hr = (await login(http, db, 'hr', [zone, fresh])).token;
  admin = (await login(http, db, 'admin')).token;
  management = (await login(http, db, 'management')).token;
});
afterAll(async () => {
  await app?.close();
});

const codes = (warnings: Problem[]) => warnings.map((w) => w.code);

it('a return for the running quarter is stored with a warning naming the day it ends; an ended quarter gets none', async () => {
  for (const back of [5, 4, 3, 2]) await http.put(`/api/v1/zones/${zone}/returns/${pastPeriod(back)}`).set(auth(hr)).send({ reason: 'history', cells: sampleCells(20) }).expect(201);
  const past = await http.put(`/api/v1/zones/${zone}/returns/${ended}`).set(auth(hr)).send({ reason: 'first entry', cells: sampleCells(20) }).expect(201);
  expect(codes(past.body.warnings)).not.toContain('quarter_not_ended');

  const dry = await http.post(`/api/v1/zones/${zone}/returns/${running}/validate`).set(auth(hr)).send({ cells: sampleCells(21) }).expect(200);
  expect(codes(dry.body.warnings)).toContain('quarter_not_ended');
  const now = await http.put(`/api/v1/zones/${zone}/returns/${running}`).set(auth(hr)).send({ reason: 'so far', cells: sampleCells(21) }).expect(201);
  const warning = (now.body.warnings as Problem[]).find((w) => w.code === 'quarter_not_ended')!;
  expect(warning).toMatchObject({ row: null, column: 'period' });
  expect(warning.message).toContain(`${running} has not ended yet (it ends on ${lastDayOf(running)})`);
  // Stored all the same: the quarter is in the list, with its revision.
  const list = (await http.get(`/api/v1/zones/${zone}/returns`).set(auth(hr)).expect(200)).body as { period: string }[];
  expect(list.map((r) => r.period).slice(0, 2)).toEqual([running, ended]);
});

it('the figures, the national table and the targets open on the latest ended quarter; the running one only when asked', async () => {
  const metrics = await http.get(`/api/v1/zones/${zone}/metrics?group=origin:migration_background`).set(auth(admin)).expect(200);
  expect(metrics.body.period).toBe(ended);
  const asked = await http.get(`/api/v1/zones/${zone}/metrics?group=origin:migration_background&period=${running}`).set(auth(admin)).expect(200);
  expect(asked.body.period).toBe(running);
  const national = await http.get(`/api/v1/national?group=origin:migration_background`).set(auth(admin)).expect(200);
  expect(national.body.period).toBe(ended);

  const created = await http
    .post('/api/v1/targets')
    .set(auth(management))
    .send({ zone, group: 'origin:migration_background', metric: 'representation', categories: [], value: 0.5, baselinePeriod: pastPeriod(5), deadlinePeriod: pastPeriod(-8), note: '' })
    .expect(201);
  const progress = created.body as TargetProgressDto;
  expect(progress.current?.period).toBe(ended);
  expect(progress.points.map((p) => p.period)).not.toContain(running);
});

it('a zone whose only return is the running quarter opens on it (control: the rule never hides all data)', async () => {
  await http.put(`/api/v1/zones/${fresh}/returns/${running}`).set(auth(hr)).send({ reason: 'first entry', cells: sampleCells(15) }).expect(201);
  const metrics = await http.get(`/api/v1/zones/${fresh}/metrics?group=origin:migration_background`).set(auth(admin)).expect(200);
  expect(metrics.body.period).toBe(running);
});

it('exports say where each quarter stands: signed off, open, or not ended', async () => {
  await http.post(`/api/v1/zones/${zone}/returns/${pastPeriod(2)}/sign-off`).set(auth(hr)).send({}).expect(200);
  const res = await http.get(`/api/v1/exports?format=json&zones=${zone}&from=${pastPeriod(2)}&to=${running}`).set(auth(admin)).expect(200);
  const rows = (res.body as { rows: { period: string; quarter_status: string }[] }).rows;
  const status = new Map(rows.map((r) => [r.period, r.quarter_status]));
  expect(Object.fromEntries(status)).toEqual({ [pastPeriod(2)]: 'signed_off', [ended]: 'open', [running]: 'not_ended' });
  expect(new Set(rows.filter((r) => r.period === running).map((r) => r.quarter_status))).toEqual(new Set(['not_ended']));
});
