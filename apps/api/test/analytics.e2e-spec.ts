// Analytics and targets through the HTTP API on a real PostgreSQL, on returns built by hand so
// that every expected figure is computed in the comments.
import type { INestApplication } from '@nestjs/common';
import { addQuarters, type Cell, type Problem, type TargetProgressDto, type ZoneMetricsDto } from '@equity/shared';
import type request from 'supertest';
import type { DataSource } from 'typeorm';
import { auth, createTestApp, createZone, flow, hc, login, pastPeriod } from './utils.js';

let app: INestApplication;
let db: DataSource;
let http: ReturnType<typeof request>;
let zone: string;
let hr: string;
let otherHr: string;
let admin: string;
let management: string;
let researcher: string;

const Q4 = pastPeriod(20);
const Q = (i: number) => addQuarters(Q4, i - 4); // Q(0) … Q(4) = Q4


/**
 * Every quarter the same headcount: basic be_be 100, be_non_eu 40, not declared 10; middle be_be 30,
 * be_non_eu 5, not declared 2 (declared 175 of 187; migration background 45).
 * Quarters 1–4 add flows: hires in basic be_be 2 and be_non_eu 3; promotions into middle be_be 5;
 * separations in basic be_be 1 and be_non_eu 1 (retirement).
 */
function quarterCells(i: number): Cell[] {
  const cells = [hc('basic', 'be_be', 100), hc('basic', 'be_non_eu', 40), hc('basic', 'not_declared', 10), hc('middle', 'be_be', 30), hc('middle', 'be_non_eu', 5), hc('middle', 'not_declared', 2)];
  if (i > 0) {
    cells.push(flow('hires', 'new_recruit', 'basic', 'be_be', 2), flow('hires', 'new_recruit', 'basic', 'be_non_eu', 3));
    cells.push(flow('promotions', '', 'middle', 'be_be', 5));
    cells.push(flow('separations', 'retirement', 'basic', 'be_be', 1), flow('separations', 'retirement', 'basic', 'be_non_eu', 1));
  }
  return cells;
}

beforeAll(async () => {
  ({ app, db, http } = await createTestApp());
  zone = await createZone(db, 'Analytics zone');
  const other = await createZone(db, 'Other zone');
  hr = (await login(http, db, 'hr', [zone])).token;
  otherHr = (await login(http, db, 'hr', [other])).token;
  admin = (await login(http, db, 'admin')).token;
  management = (await login(http, db, 'management')).token;
  researcher = (await login(http, db, 'researcher')).token;
  for (let i = 0; i <= 4; i++) {
    await http.put(`/api/v1/zones/${zone}/returns/${Q(i)}`).set(auth(hr)).send({ reason: 'analytics test', cells: quarterCells(i) }).expect(201);
  }
});
afterAll(async () => {
  await app.close();
});

const metrics = async (token: string, query: string): Promise<ZoneMetricsDto> =>
  (await http.get(`/api/v1/zones/${zone}/metrics?period=${Q4}&${query}`).set(auth(token)).expect(200)).body as ZoneMetricsDto;

describe('zone metrics (HR of the zone: full counts)', () => {
  it('declaration rate and representation, with numerators, denominators and intervals', async () => {
    const m = await metrics(hr, 'group=origin:migration_background');
    expect(m.group).toMatchObject({ dimension: 'origin', code: 'migration_background' });
    expect(m.reference.code).toBe('be_be');
    expect(m.representation.declaration).toMatchObject({ numerator: 175, denominator: 187 });
    expect(m.representation.declaration.value).toBeCloseTo(175 / 187, 12);
    expect(m.representation.ofDeclared).toMatchObject({ numerator: 45, denominator: 175 });
    expect(m.representation.ofTotal).toMatchObject({ numerator: 45, denominator: 187 });
    const iv = m.representation.ofDeclared.interval!;
    expect(iv.low).toBeLessThan(45 / 175);
    expect(iv.high).toBeGreaterThan(45 / 175);
    expect(m.representation.changeQuarter).toBe(0);
    expect(m.representation.changeYear).toBe(0);
  });

  it('hiring share over 4 quarters against the workforce share at the window start', async () => {
    const m = await metrics(hr, 'group=origin:migration_background');
    // hires: group 3 × 4 = 12, be_be 2 × 4 = 8 → share 12/20; workforce at Q0: 45/175; ratio (12/20)/(45/175) = 7/3
    expect(m.hiring.share).toMatchObject({ numerator: 12, denominator: 20 });
    expect(m.hiring.workforceShare).toMatchObject({ numerator: 45, denominator: 175 });
    expect(m.hiring.ratio).toBeCloseTo(7 / 3, 12);
    expect(m.window).toEqual({ from: Q(1), to: Q4, quarters: 4 });
  });

  it('promotion rate from the feeder category, impact ratio, Fisher p, verdict', async () => {
    const m = await metrics(hr, 'group=origin:migration_background&categories=middle');
    // into middle over the window: group 0 of basic's 40 at Q0; be_be 20 of 100.
    expect(m.promotion.group).toMatchObject({ numerator: 0, denominator: 40, value: 0 });
    expect(m.promotion.reference).toMatchObject({ numerator: 20, denominator: 100, value: 0.2 });
    expect(m.promotion.impactRatio).toBe(0);
    expect(m.promotion.pValue).toBeLessThan(0.01);
    expect(m.promotion).toMatchObject({ belowFourFifths: true, verdict: 'adverse_impact' });
  });

  it('separations per 1,000 and retention, by reason', async () => {
    const m = await metrics(hr, 'group=origin:migration_background');
    // 4 separations each; average headcount 45 (group) and 130 (be_be)
    expect(m.separation.group).toMatchObject({ numerator: 4, denominator: 45 });
    expect(m.separation.groupPer1000).toBeCloseTo((4 / 45) * 1000, 9);
    expect(m.separation.referencePer1000).toBeCloseTo((4 / 130) * 1000, 9);
    expect(m.separation.retention.impactRatio).toBeCloseTo(41 / 45 / (126 / 130), 12);
    expect(m.separation.retention.verdict).toBe('no_adverse_impact');
    expect(m.separation.byReason).toEqual([expect.objectContaining({ reason: 'retirement', group: expect.objectContaining({ numerator: 4 }) })]);
  });

  it('a single value as the group, and a category group filter', async () => {
    const m = await metrics(hr, 'group=origin:be_non_eu&categories=operational');
    expect(m.categories).toEqual(['agent', 'basic', 'middle', 'officer']);
    expect(m.representation.ofDeclared).toMatchObject({ numerator: 45, denominator: 175 });
  });

  it('rejects unknown groups, overlapping references, bad categories and quarters in words', async () => {
    const bad = async (q: string) => (await http.get(`/api/v1/zones/${zone}/metrics?${q}`).set(auth(hr)).expect(400)).body.message as string;
    expect(await bad('group=origin:martian')).toMatch(/not a group.*origin:migration_background/);
    expect(await bad('group=origin:migration_background&reference=origin:be_eu')).toMatch(/overlap/);
    expect(await bad('group=origin:be_eu&reference=gender:male')).toMatch(/same classification/);
    expect(await bad('categories=sergeant')).toMatch(/"sergeant" is not a staff category/);
    const q = await http.get(`/api/v1/zones/${zone}/metrics?period=2025-Q9`).set(auth(hr)).expect(422);
    expect(q.body.errors[0]).toMatchObject({ column: 'period' });
  });

  it('HR of another zone gets 403', async () => {
    await http.get(`/api/v1/zones/${zone}/metrics`).set(auth(otherHr)).expect(403);
  });
});

describe('disclosure control on metrics', () => {
  it('management: a rate on a count below 5 is withheld with its value, interval, ratio and complement', async () => {
    const m = await metrics(management, 'group=origin:migration_background');
    expect(m.threshold).toBe(5);
    expect(m.separation.group).toEqual({ value: null, numerator: { suppressed: true }, denominator: 45, interval: null });
    expect(m.separation.groupPer1000).toBeNull();
    expect(m.separation.retention.group.numerator).toEqual({ suppressed: true });
    expect(m.separation.retention.impactRatio).toBeNull();
    // Withheld, not "too few to conclude": the bases (45 and 130) are shown and are large enough.
    expect(m.separation.retention.group.denominator).toBe(45);
    expect(m.separation.retention.verdict).toBe('suppressed');
    expect(m.representation.ofDeclared).toMatchObject({ numerator: 45, denominator: 175 });
    expect(JSON.stringify(m)).not.toMatch(/"numerator":[1-4],/);
  });

  it('a withheld figure says suppressed, never too_few_to_conclude, wherever it is served', async () => {
    // The national comparison's retention row of this zone, for management: the same verdict.
    const n = await http.get(`/api/v1/national?period=${Q4}&metric=retention&group=origin:migration_background`).set(auth(management)).expect(200);
    const mine = n.body.rows.find((r: { zone: string }) => r.zone === zone);
    expect(mine).toMatchObject({ value: null, verdict: 'suppressed', rate: { numerator: { suppressed: true }, denominator: 45 } });
    // The window ending Q(1) lacks hires in three of its quarters (Q(0) has none entered, the two
    // before it no return): no data — for HR and for management alike, neither withheld nor too few.
    const hiringOf = async (z: string, token: string) => ((await http.get(`/api/v1/zones/${z}/metrics?period=${Q(4)}&group=origin:migration_background`).set(auth(token)).expect(200)).body as ZoneMetricsDto).hiring;
    for (const token of [hr, management]) {
      const partial = ((await http.get(`/api/v1/zones/${zone}/metrics?period=${Q(1)}&group=origin:migration_background`).set(auth(token)).expect(200)).body as ZoneMetricsDto).hiring;
      expect(partial).toMatchObject({ ratio: null, tooFewToConclude: false, withheld: false, noData: true });
    }
    // A window with every quarter's hires entered: 1 of 2 declared hires (zeros entered in the other
    // quarters), the workforce of Q(0) at its start. HR sees the counts, too few to conclude;
    // management (k = 5) gets them withheld: suppressed, not too few.
    const few = await createZone(db, 'Few hires zone');
    const hrFew = (await login(http, db, 'hr', [few])).token;
    for (let i = 0; i <= 4; i++) {
      const hires =
        i === 0 ? [] : [flow('hires', 'new_recruit', 'basic', 'be_non_eu', i === 1 ? 1 : 0), flow('hires', 'new_recruit', 'basic', 'be_be', i === 2 ? 1 : 0)];
      await http.put(`/api/v1/zones/${few}/returns/${Q(i)}`).set(auth(hrFew)).send({ reason: 'few hires', cells: [...quarterCells(0), ...hires] }).expect(201);
    }
    const full = await hiringOf(few, hrFew);
    expect(full.share).toMatchObject({ numerator: 1, denominator: 2 });
    expect(full).toMatchObject({ tooFewToConclude: true, withheld: false, noData: false });
    const controlled = await hiringOf(few, management);
    expect(controlled.share.numerator).toEqual({ suppressed: true });
    expect(controlled).toMatchObject({ ratio: null, tooFewToConclude: false, withheld: true, noData: false });
    const national = await http.get(`/api/v1/national?period=${Q(4)}&metric=hiring_ratio&group=origin:migration_background`).set(auth(management)).expect(200);
    expect(national.body.rows.find((r: { zone: string }) => r.zone === few)).toMatchObject({ value: null, verdict: 'suppressed' });
  });

  it('researchers (k = 10) see even less', async () => {
    const m = await metrics(researcher, 'group=origin:migration_background');
    expect(m.threshold).toBe(10);
    expect(JSON.stringify(m)).not.toMatch(/"(numerator|denominator)":[1-9],/);
  });
});

describe('series, glass ceiling, national comparison', () => {
  it('series gives one point per quarter', async () => {
    const s = await http.get(`/api/v1/zones/${zone}/metrics/series?from=${Q(0)}&to=${Q4}`).set(auth(hr)).expect(200);
    expect(s.body.points.map((p: { period: string }) => p.period)).toEqual([Q(0), Q(1), Q(2), Q(3), Q4]);
    expect(s.body.points[4].representation).toMatchObject({ numerator: 45, denominator: 175 });
    expect(s.body.points[4].hiringShare).toMatchObject({ numerator: 12, denominator: 20 });
    await http.get(`/api/v1/zones/${zone}/metrics/series?from=${Q4}&to=${Q(0)}`).set(auth(hr)).expect(400);
  });

  it('glass ceiling: representation per category and per category group', async () => {
    const g = await http.get(`/api/v1/zones/${zone}/glass-ceiling?period=${Q4}`).set(auth(hr)).expect(200);
    const row = (c: string) => g.body.rows.find((r: { category: string }) => r.category === c);
    expect(row('basic').representation).toMatchObject({ numerator: 40, denominator: 140 });
    expect(row('middle').representation).toMatchObject({ numerator: 5, denominator: 35 });
    expect(row('officer').representation).toMatchObject({ numerator: 0, denominator: 0, value: null });
    expect(row('operational')).toMatchObject({ level: 'group', representation: expect.objectContaining({ numerator: 45, denominator: 175 }) });
  });

  it('national comparison lists every zone management may see, with this zone’s figure', async () => {
    const n = await http.get(`/api/v1/national?period=${Q4}&metric=representation&group=origin:migration_background`).set(auth(management)).expect(200);
    const mine = n.body.rows.find((r: { zone: string }) => r.zone === zone);
    expect(mine.value).toBeCloseTo(45 / 175, 12);
    expect(n.body.rows.length).toBeGreaterThanOrEqual(2);
    await http.get('/api/v1/national?metric=shoe_size').set(auth(management)).expect(400);
  });
});

describe('availability benchmarks', () => {
  it('admin sets a benchmark with source and year; the gap is representation of total − availability', async () => {
    await http
      .put(`/api/v1/zones/${zone}/availability`)
      .set(auth(hr))
      .send({ dimension: 'origin', group: 'migration_background', share: 0.5, source: 'Statbel 2025', year: 2025 })
      .expect(403);
    const bad = await http.put(`/api/v1/zones/${zone}/availability`).set(auth(admin)).send({ dimension: 'origin', group: 'martian', share: 1.5, source: '', year: 1800 }).expect(422);
    expect((bad.body.errors as Problem[]).map((e) => e.column).sort()).toEqual(['share', 'source', 'year']);
    await http.put(`/api/v1/zones/${zone}/availability`).set(auth(admin)).send({ dimension: 'origin', group: 'martian', share: 0.5, source: 'x source', year: 2025 }).expect(400);
    const ok = await http
      .put(`/api/v1/zones/${zone}/availability`)
      .set(auth(admin))
      .send({ dimension: 'origin', group: 'migration_background', share: 0.5, source: 'Statbel 2025', year: 2025 })
      .expect(200);
    expect(ok.body).toEqual([{ dimension: 'origin', group: 'migration_background', share: 0.5, source: 'Statbel 2025', year: 2025 }]);
    const m = await metrics(hr, 'group=origin:migration_background');
    expect(m.availability!.gap).toBeCloseTo(45 / 187 - 0.5, 12);
  });
});

describe('targets', () => {
  const base = () => ({ zone, group: 'origin:migration_background', metric: 'representation', categories: [], value: 0.3, baselinePeriod: Q(0), deadlinePeriod: addQuarters(Q(0), 8), note: 'plan' });

  it('only admin and management create; every problem of a bad target at once', async () => {
    await http.post('/api/v1/targets').set(auth(hr)).send(base()).expect(403);
    const res = await http
      .post('/api/v1/targets')
      .set(auth(admin))
      .send({ ...base(), group: 'origin:martian', value: 1.5, categories: ['sergeant'], deadlinePeriod: Q(0) })
      .expect(422);
    expect((res.body.errors as Problem[]).map((e) => e.code).sort()).toEqual(['deadline_before_baseline', 'out_of_range', 'unknown_category', 'unknown_group']);
    const metric = await http.post('/api/v1/targets').set(auth(admin)).send({ ...base(), metric: 'happiness' }).expect(422);
    expect(metric.body.errors[0].column).toBe('metric');
  });

  it('progress: flat representation below a rising trajectory is off track and not reached at this pace', async () => {
    const created = await http.post('/api/v1/targets').set(auth(management)).send(base()).expect(201);
    const t = created.body as TargetProgressDto;
    // baseline 45/175 at Q0; target 0.30 at Q0+8; at Q4 the trajectory is halfway: 45/175 + (0.3 − 45/175)/2
    expect(t.baselineValue).toBeCloseTo(45 / 175, 12);
    expect(t.points).toHaveLength(5);
    const traj = 45 / 175 + (0.3 - 45 / 175) / 2;
    expect(t.current).toMatchObject({ period: Q4, status: 'off_track' });
    expect(t.current!.trajectory).toBeCloseTo(traj, 12);
    expect(t.current!.gap).toBeCloseTo(45 / 175 - traj, 12);
    expect(t.projection).toEqual({ reached: false, period: null, notAtThisPace: true });
    expect(t.flowProjection!.length).toBe(4);

    const lower = await http.put(`/api/v1/targets/${t.id}`).set(auth(admin)).send({ ...base(), value: 0.25 }).expect(200);
    expect(lower.body.current.status).toBe('achieved');
    const list = await http.get(`/api/v1/targets?zone=${zone}`).set(auth(hr)).expect(200);
    expect(list.body.map((x: { id: number }) => x.id)).toContain(t.id);
    await http.get(`/api/v1/targets?zone=${zone}`).set(auth(otherHr)).expect(403);
    await http.delete(`/api/v1/targets/${t.id}`).set(auth(hr)).expect(403);
    await http.delete(`/api/v1/targets/${t.id}`).set(auth(admin)).expect(204);
    await http.get(`/api/v1/targets/${t.id}`).set(auth(admin)).expect(404);
    const log = await http.get(`/api/v1/audit?zone=${zone}`).set(auth(admin)).expect(200);
    expect(log.body.map((e: { action: string }) => e.action)).toEqual(expect.arrayContaining(['target.created', 'target.updated', 'target.deleted']));
  });

  it('a quarter whose actual value is withheld says so (suppressed), one without data says no data, and HR sees the value', async () => {
    // Retention: the windows ending Q0 … Q3 lack separations in a quarter (Q0 has none entered, the
    // quarters before it no return): no data, for everyone. The window ending Q4 holds 4 separations
    // of the group, below management's threshold: withheld (suppressed, not "no data"). HR sees it.
    const created = await http.post('/api/v1/targets').set(auth(admin)).send({ ...base(), metric: 'retention', value: 0.99 }).expect(201);
    const id = (created.body as TargetProgressDto).id;
    const progress = async (token: string) => (await http.get(`/api/v1/targets/${id}`).set(auth(token)).expect(200)).body as TargetProgressDto;
    const controlled = await progress(management);
    expect(controlled.points.map((p) => [p.period, p.actual, p.unavailable, p.status])).toEqual([
      ...[0, 1, 2, 3].map((i) => [Q(i), null, 'no_data', 'no_data']),
      [Q(4), null, 'suppressed', 'suppressed'],
    ]);
    const full = await progress(hr);
    expect(full.points.map((p) => p.unavailable)).toEqual(['no_data', 'no_data', 'no_data', 'no_data', null]);
    // 4 separations of an average 45 over Q1 … Q4.
    expect(full.points[4]!.actual).toBeCloseTo(41 / 45, 12);
    await http.delete(`/api/v1/targets/${id}`).set(auth(admin)).expect(204);
  });
});

describe('a zone merged mid-series', () => {
  it('the successor zone’s series includes the merged zone’s earlier quarters', async () => {
    const old = await createZone(db, 'Merged zone');
    const successor = await createZone(db, 'Successor zone');
    const hrBoth = (await login(http, db, 'hr', [old, successor])).token;
    await http.put(`/api/v1/zones/${old}/returns/${Q(0)}`).set(auth(hrBoth)).send({ reason: 'before merger', cells: [hc('basic', 'be_be', 30), hc('basic', 'be_non_eu', 10)] }).expect(201);
    await http.put(`/api/v1/zones/${successor}/returns/${Q(0)}`).set(auth(hrBoth)).send({ reason: 'before merger', cells: [hc('basic', 'be_be', 50), hc('basic', 'be_non_eu', 10)] }).expect(201);
    await db.query('UPDATE zone SET successor_id = (SELECT id FROM zone WHERE code = $2) WHERE code = $1', [old, successor]);
    await http.put(`/api/v1/zones/${successor}/returns/${Q(1)}`).set(auth(hrBoth)).send({ reason: 'after merger', cells: [hc('basic', 'be_be', 80), hc('basic', 'be_non_eu', 20)] }).expect(201);
    const s = await http.get(`/api/v1/zones/${successor}/metrics/series?from=${Q(0)}&to=${Q(1)}&group=origin:be_non_eu`).set(auth(hrBoth)).expect(200);
    expect(s.body.points.map((p: { representation: { numerator: number; denominator: number } }) => [p.representation.numerator, p.representation.denominator])).toEqual([
      [20, 100],
      [20, 100],
    ]);
  });
});
