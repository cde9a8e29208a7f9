// "No data" is never zero (issue 16): a measure a zone never supplied for a quarter reads "no data"
// in every figure, the national table, the exports and the targets — never retention 100%, 0
// separations per 1,000 or a hiring ratio "too few to conclude, base 0". An explicit 0 is data (the
// control zone). And a target whose figure is withheld from researchers says so: never "no data".
// A ratio without a value because its counts are too few to conclude is exported as such ("[u]",
// {"tooFew": true}), apart from one that cannot be computed (empty) and no data ("[x]").
import type { INestApplication } from '@nestjs/common';
import type { Cell, ExportRow, NationalDto, TargetProgressDto, ZoneMetricsDto } from '@equity/shared';
import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import type request from 'supertest';
import type { DataSource } from 'typeorm';
import { exportReading, type Reading, zoneReading } from './figure-readings.js';
import { asBytes, auth, createTestApp, createZone, login, pastPeriod } from './utils.js';

let app: INestApplication;
let db: DataSource;
let http: ReturnType<typeof request>;
/** Headcounts only, as the UK Home Office file: no hires, promotions or separations at all. */
let stocksOnly: string;
/** The same headcounts, with hires, promotions and separations entered as explicit zeros. */
let zeros: string;
/** A small group (Belgians of non-EU origin, 6 people): its representation is withheld from researchers. */
let small: string;
/**
 * No one of migration background at the window's start, then 3 hires in basic (2 of the group): no
 * hiring ratio (a workforce share of 0), and too few hires to conclude. No separations supplied.
 */
let fewHires: string;
let hr: string;
let admin: string;
let management: string;
let researcher: string;

const GROUP = 'origin:migration_background';
/** Six ended quarters, oldest first: the windows of the last two are covered whole. */
const QUARTERS = [6, 5, 4, 3, 2, 1].map(pastPeriod);
const LATEST = QUARTERS.at(-1)!;
const GENDERS = ['female', 'male'];
const ORIGINS = ['be_be', 'be_non_eu', 'non_be_eu'];

/** Headcount of basic and middle × gender × origin: large counts (every one ≥ `base`, published to researchers). */
function headcount(base: number, migration = base): Cell[] {
  return ['agent', 'basic', 'middle'].flatMap((category) =>
    GENDERS.flatMap((gender) => ORIGINS.map((origin) => ({ measure: 'headcount' as const, detail: '', category, classes: { gender, origin }, count: origin === 'be_be' ? base : migration }))),
  );
}

/** Every flow entered as 0 (the form's flow lines with a count of 0): supplied, nothing happened. */
const zeroFlows: Cell[] = [
  { measure: 'hires', detail: 'new_recruit', category: 'basic', classes: { gender: 'female', origin: 'be_be' }, count: 0 },
  { measure: 'promotions', detail: '', category: 'basic', classes: { gender: 'female', origin: 'be_be' }, count: 0 },
  { measure: 'separations', detail: 'resignation', category: 'basic', classes: { gender: 'female', origin: 'be_be' }, count: 0 },
];

/** Hires entered every quarter (zeros), in the latest 2 of Belgians of non-EU origin and 1 of Belgian origin; no promotions or separations. */
function fewHiresIn(period: string): Cell[] {
  const hire = (origin: string, count: number): Cell => ({ measure: 'hires', detail: 'new_recruit', category: 'basic', classes: { gender: 'female', origin }, count });
  return period === LATEST ? [hire('be_non_eu', 2), hire('be_be', 1)] : [hire('be_be', 0)];
}

beforeAll(async () => {
  ({ app, db, http } = await createTestApp());
  stocksOnly = await createZone(db, 'Stocks only zone');
  zeros = await createZone(db, 'Explicit zeros zone');
  small = await createZone(db, 'Small group zone');
  fewHires = await createZone(db, 'Few hires zone');
  hr = (await login(http, db, 'hr', [stocksOnly, zeros, small, fewHires])).token;
  admin = (await login(http, db, 'admin')).token;
  management = (await login(http, db, 'management')).token;
  researcher = (await login(http, db, 'researcher')).token;
  for (const period of QUARTERS) {
    await http.put(`/api/v1/zones/${stocksOnly}/returns/${period}`).set(auth(hr)).send({ reason: 'headcount only', cells: headcount(40) }).expect(201);
    await http.put(`/api/v1/zones/${zeros}/returns/${period}`).set(auth(hr)).send({ reason: 'with zero flows', cells: [...headcount(40), ...zeroFlows] }).expect(201);
    await http.put(`/api/v1/zones/${small}/returns/${period}`).set(auth(hr)).send({ reason: 'small group', cells: [...headcount(60, 1), ...zeroFlows] }).expect(201);
    await http.put(`/api/v1/zones/${fewHires}/returns/${period}`).set(auth(hr)).send({ reason: 'few hires', cells: [...headcount(40, 0), ...fewHiresIn(period)] }).expect(201);
  }
});
afterAll(async () => {
  await app?.close();
});

const metrics = async (zone: string, token: string): Promise<ZoneMetricsDto> =>
  (await http.get(`/api/v1/zones/${zone}/metrics?group=${GROUP}&period=${LATEST}`).set(auth(token)).expect(200)).body as ZoneMetricsDto;

const NO_DATA_RATE = { value: null, numerator: 0, denominator: 0, interval: null, noData: true };

describe.each([
  ['an administrator', () => admin],
  ['a researcher (k = 10)', () => researcher],
])('headcount-only returns, as %s sees them', (_who, token) => {
  it('retention, separations, hiring and promotion are no data — not 100%, 0 or "too few to conclude"', async () => {
    const m = await metrics(stocksOnly, token());
    // The headcount is there: representation (2 origins × 2 genders × 3 categories × 40 of 3 origins × …).
    expect(m.representation.ofDeclared).toMatchObject({ numerator: 480, denominator: 720 });
    expect(m.representation.ofDeclared.value).toBeCloseTo(2 / 3, 12);
    expect(m.separation.retention).toEqual({ group: NO_DATA_RATE, reference: NO_DATA_RATE, impactRatio: null, pValue: null, belowFourFifths: false, verdict: 'no_data' });
    expect(m.separation.group).toEqual(NO_DATA_RATE);
    expect(m.separation.groupPer1000).toBeNull();
    expect(m.separation.referencePer1000).toBeNull();
    expect(m.separation.byReason).toEqual([]);
    expect(m.hiring).toEqual({ share: NO_DATA_RATE, workforceShare: NO_DATA_RATE, ratio: null, tooFewToConclude: false, withheld: false, noData: true });
    expect(m.promotion).toMatchObject({ group: NO_DATA_RATE, reference: NO_DATA_RATE, impactRatio: null, verdict: 'no_data' });
  });

  it('CONTROL: explicit zero flows are data — retention 100%, 0 separations per 1,000, a promotion rate of 0', async () => {
    const m = await metrics(zeros, token());
    // Group: be_non_eu + non_be_eu, 2 genders × 3 categories × 40 each quarter = 480, no separations.
    expect(m.separation.group).toMatchObject({ value: 0, numerator: 0, denominator: 480 });
    expect(m.separation.group.noData).toBeUndefined();
    expect(m.separation.groupPer1000).toBe(0);
    expect(m.separation.retention.group).toMatchObject({ value: 1, numerator: 480, denominator: 480 });
    expect(m.separation.retention.verdict).not.toBe('no_data');
    expect(m.hiring.noData).toBe(false);
    // Nobody hired: the counts are shown, too few to conclude (not no data).
    expect(m.hiring).toMatchObject({ ratio: null, tooFewToConclude: true, withheld: false });
    // Promotions into basic, middle and officer, from agent, basic and middle: none, of the group’s 160 in each feeder.
    expect(m.promotion.group).toMatchObject({ value: 0, numerator: 0, denominator: 480 });
    expect(m.promotion.verdict).toBe('too_few_to_conclude');
  });
});

it('the zone’s series says no data for every quarter without the measure', async () => {
  const series = (await http.get(`/api/v1/zones/${stocksOnly}/metrics/series?group=${GROUP}&from=${QUARTERS[0]}&to=${LATEST}`).set(auth(admin)).expect(200)).body as {
    points: { period: string; retention: { value: number | null; noData?: true }; hiringRatio: number | null; promotionVerdict: string }[];
  };
  expect(series.points).toHaveLength(QUARTERS.length);
  for (const p of series.points) {
    expect(p.retention).toEqual(NO_DATA_RATE);
    expect(p.hiringRatio).toBeNull();
    expect(p.promotionVerdict).toBe('no_data');
  }
});

it('the national table: the zone without separations is no data, and so is the total it is part of', async () => {
  const national = (await http.get(`/api/v1/national?metric=retention&group=${GROUP}&period=${LATEST}`).set(auth(admin)).expect(200)).body as NationalDto;
  const row = (zone: string) => national.rows.find((r) => r.zone === zone)!;
  expect(row(stocksOnly)).toMatchObject({ value: null, rate: NO_DATA_RATE, verdict: 'no_data' });
  expect(row(zeros)).toMatchObject({ value: 1, verdict: expect.not.stringMatching(/no_data/) });
  // Its headcount would be a base with 0 separations in the total: the total says no data instead.
  expect(national.total).toMatchObject({ value: null, verdict: 'no_data' });
  const perThousand = (await http.get(`/api/v1/national?metric=separations_per_1000&group=${GROUP}&period=${LATEST}`).set(auth(researcher)).expect(200)).body as NationalDto;
  expect(perThousand.rows.find((r) => r.zone === stocksOnly)).toMatchObject({ value: null, rate: NO_DATA_RATE });
  expect(perThousand.rows.find((r) => r.zone === zeros)).toMatchObject({ value: 0 });
  const hiring = (await http.get(`/api/v1/national?metric=hiring_ratio&group=${GROUP}&period=${LATEST}`).set(auth(researcher)).expect(200)).body as NationalDto;
  expect(hiring.rows.find((r) => r.zone === stocksOnly)).toMatchObject({ value: null, verdict: 'no_data' });
  expect(hiring.rows.find((r) => r.zone === zeros)).toMatchObject({ value: null, verdict: 'too_few_to_conclude' });
});

it('the breakdown of a measure says whether the zone supplied it, to every caller', async () => {
  const breakdown = async (zone: string, token: string, measure: string) =>
    (await http.get(`/api/v1/zones/${zone}/returns/${LATEST}/breakdown?measure=${measure}&dimension=origin`).set(auth(token)).expect(200)).body as {
      supplied: boolean;
      total: unknown;
      window: unknown;
    };
  // Researchers get quarterly tables, management 4-quarter windows (all four quarters supplied here).
  for (const token of [admin, researcher, management]) {
    expect(await breakdown(stocksOnly, token, 'separations')).toMatchObject({ supplied: false });
    expect(await breakdown(stocksOnly, token, 'headcount')).toMatchObject({ supplied: true, total: 720 });
    expect(await breakdown(zeros, token, 'separations')).toMatchObject({ supplied: true, total: 0 });
  }
  expect((await breakdown(zeros, management, 'hires')).window).not.toBeNull();
  // A window reaching a quarter without a return is not supplied.
  const first = (await http.get(`/api/v1/zones/${zeros}/returns/${QUARTERS[1]}/breakdown?measure=hires&dimension=origin`).set(auth(management)).expect(200)).body as { supplied: boolean };
  expect(first.supplied).toBe(false);
});

describe('exports', () => {
  const exportOf = async (zone: string, token: string, format: 'json' | 'csv') =>
    http.get(`/api/v1/exports?format=${format}&zones=${zone}&from=${LATEST}&to=${LATEST}&classifications=origin&measures=headcount,separations&metrics=retention,separations_per_1000,hiring_ratio,promotion_rate&groups=${GROUP}`).set(auth(token)).expect(200);

  it('the headcount-only zone: its flows and the figures on them are no data, never 0', async () => {
    for (const token of [admin, researcher]) {
      const rows = ((await exportOf(stocksOnly, token, 'json')).body as { rows: ExportRow[] }).rows;
      const of = (statistic: string) => rows.filter((r) => r.statistic === statistic);
      expect(of('headcount').length).toBeGreaterThan(0);
      expect(of('headcount').every((r) => typeof r.value === 'number')).toBe(true);
      // Researchers get separations as quarterly tables; management would get separations_4q.
      expect(of('separations').length).toBeGreaterThan(0);
      expect(of('separations').every((r) => JSON.stringify(r.value) === '{"noData":true}')).toBe(true);
      for (const metric of ['retention', 'separations_per_1000', 'hiring_ratio', 'promotion_rate']) {
        expect(of(metric).length).toBeGreaterThan(0);
        for (const r of of(metric)) expect(r.value).toEqual({ noData: true });
      }
      expect(of('retention').every((r) => JSON.stringify([r.numerator, r.denominator]) === '[{"noData":true},{"noData":true}]')).toBe(true);
    }
    const csv = (await exportOf(stocksOnly, researcher, 'csv')).text.split('\r\n');
    const header = csv[0]!.split(',');
    const lines = csv.slice(1).filter(Boolean).map((l) => l.split(','));
    const col = (name: string) => header.indexOf(name);
    const retention = lines.filter((l) => l[col('statistic')] === 'retention');
    expect(retention.length).toBeGreaterThan(0);
    for (const l of retention) expect([l[col('value')], l[col('numerator')], l[col('denominator')]]).toEqual(['[x]', '[x]', '[x]']);
    for (const l of lines.filter((x) => x[col('statistic')] === 'separations')) expect(l[col('value')]).toBe('[x]');
  });

  it('management’s 4-quarter windows: [x] without the measure, 0 with zeros in every quarter of the window', async () => {
    const windowRows = async (zone: string) =>
      ((await exportOf(zone, management, 'json')).body as { rows: ExportRow[] }).rows.filter((r) => r.statistic === 'separations_4q');
    const none = await windowRows(stocksOnly);
    expect(none.length).toBeGreaterThan(0);
    for (const r of none) expect(r.value).toEqual({ noData: true });
    const total = (await windowRows(zeros)).find((r) => r.category === 'total' && r.group === 'total')!;
    expect(total.value).toBe(0);
  });

  it('CONTROL: the zone with explicit zeros exports 0 separations and retention 1', async () => {
    const rows = ((await exportOf(zeros, admin, 'json')).body as { rows: ExportRow[] }).rows;
    const total = rows.find((r) => r.statistic === 'separations' && r.category === 'total' && r.group === 'total')!;
    expect(total.value).toBe(0);
    const retention = rows.find((r) => r.statistic === 'retention' && r.category === 'total')!;
    expect(retention).toMatchObject({ value: 1, numerator: 480, denominator: 480 });
  });
});

describe('exports of a hiring ratio too few to conclude', () => {
  const FIGURES = 'hiring_ratio,hiring_share,retention';
  const exported = (zone: string, token: string, format: string) =>
    http
      .get(`/api/v1/exports?format=${format}&zones=${zone}&from=${LATEST}&to=${LATEST}&classifications=origin&measures=&metrics=${FIGURES}&groups=${GROUP}`)
      .set(auth(token))
      .buffer(true)
      .parse(asBytes)
      .expect(200);
  const jsonRows = async (zone: string, token: string) => (JSON.parse((await exported(zone, token, 'json')).body.toString()) as { rows: ExportRow[] }).rows;
  type CsvRow = Record<keyof ExportRow, string>;
  const csvRows = (text: string) => parse(text, { columns: true }) as CsvRow[];
  const pick = <R extends { statistic: string; category: string }>(rows: R[], statistic: string, category = 'total') => {
    const found = rows.filter((r) => r.statistic === statistic && r.category === category);
    expect({ statistic, category, rows: found.length }).toEqual({ statistic, category, rows: 1 });
    return found[0]!;
  };
  /** What a figure says (a ratio's export row has no counts): its value and why it has none. */
  const said = (r: Reading): Reading => ({ value: r.value, reason: r.reason });

  it('JSON: {"tooFew": true}, as the metrics endpoint says; without a base null, not supplied {"noData": true}', async () => {
    // The dashboard's reading of the same zone and quarter: no ratio (a workforce share of 0), too few to conclude, the counts shown.
    const national = (await http.get(`/api/v1/national?metric=hiring_ratio&group=${GROUP}&period=${LATEST}`).set(auth(admin)).expect(200)).body as NationalDto;
    expect(national.rows.find((r) => r.zone === fewHires)).toMatchObject({ value: null, verdict: 'too_few_to_conclude' });
    for (const token of [hr, admin]) {
      const m = await metrics(fewHires, token);
      expect(m.hiring).toMatchObject({ ratio: null, tooFewToConclude: true, withheld: false, noData: false });
      expect(m.hiring.share).toMatchObject({ numerator: 2, denominator: 3 });
      expect(m.hiring.workforceShare).toMatchObject({ value: 0, numerator: 0 });
      expect(zoneReading(m, 'hiring_ratio')).toMatchObject({ value: null, reason: 'too_few_to_conclude' });
      const rows = await jsonRows(fewHires, token);
      const ratio = pick(rows, 'hiring_ratio');
      expect(ratio).toMatchObject({ value: { tooFew: true }, numerator: null, denominator: null });
      expect(exportReading(ratio, 'hiring_ratio')).toEqual(said(zoneReading(m, 'hiring_ratio')));
      // The share the ratio stands on: a value, with its published counts.
      expect(pick(rows, 'hiring_share')).toMatchObject({ numerator: 2, denominator: 3 });
      expect(pick(rows, 'hiring_share').value).toBeCloseTo(2 / 3, 12);
      // Nobody hired into middle: a share without a base (empty), and again a ratio too few to conclude.
      expect(pick(rows, 'hiring_share', 'middle')).toMatchObject({ value: null, numerator: 0, denominator: 0 });
      expect(pick(rows, 'hiring_ratio', 'middle').value).toEqual({ tooFew: true });
      // Separations were never supplied: no data.
      expect(pick(rows, 'retention').value).toEqual({ noData: true });
    }
  });

  it('CSV, XLSX and the data package: [u], empty without a base, [x] not supplied', async () => {
    const csv = csvRows((await exported(fewHires, admin, 'csv')).body.toString());
    expect(pick(csv, 'hiring_ratio')).toMatchObject({ value: '[u]', numerator: '', denominator: '', ci_low: '', ci_high: '' });
    expect(pick(csv, 'hiring_ratio', 'middle').value).toBe('[u]');
    expect(pick(csv, 'hiring_share', 'middle')).toMatchObject({ value: '', numerator: '0', denominator: '0' });
    expect(pick(csv, 'hiring_share')).toMatchObject({ numerator: '2', denominator: '3' });
    expect(pick(csv, 'retention')).toMatchObject({ value: '[x]', numerator: '[x]', denominator: '[x]' });

    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load((await exported(fewHires, admin, 'xlsx')).body as unknown as ArrayBuffer);
    const sheet = workbook.getWorksheet('data')!;
    const header = (sheet.getRow(1).values as string[]).slice(1);
    const cell = (row: ExcelJS.Row, name: string) => row.getCell(header.indexOf(name) + 1).value;
    const values = new Map<string, unknown>();
    sheet.eachRow((row, n) => {
      if (n > 1) values.set(`${String(cell(row, 'statistic'))}|${String(cell(row, 'category'))}`, cell(row, 'value'));
    });
    expect([values.get('hiring_ratio|total'), values.get('hiring_share|middle'), values.get('retention|total')]).toEqual(['[u]', null, '[x]']);

    const zip = await JSZip.loadAsync((await exported(fewHires, admin, 'datapackage')).body as Buffer);
    const descriptor = JSON.parse(await zip.file('datapackage.json')!.async('string'));
    expect(descriptor.resources[0].schema.missingValues).toEqual(['', '[c]', '[x]', '[u]']);
    expect(descriptor.equityMonitor.tooFew.symbol).toBe('[u]');
    expect(descriptor.equityMonitor.provenance.tooFewSymbol).toBe('[u]');
    expect(pick(csvRows(await zip.file('data/statistics.csv')!.async('string')), 'hiring_ratio').value).toBe('[u]');
  });

  it('researchers: no hires at all is too few to conclude ([u]) with a share of 0 of 0 (empty); a zone without hires [x]', async () => {
    const m = await metrics(zeros, researcher);
    expect(zoneReading(m, 'hiring_ratio')).toMatchObject({ value: null, reason: 'too_few_to_conclude' });
    const rows = await jsonRows(zeros, researcher);
    expect(pick(rows, 'hiring_ratio').value).toEqual({ tooFew: true });
    expect(exportReading(pick(rows, 'hiring_ratio'), 'hiring_ratio')).toEqual(said(zoneReading(m, 'hiring_ratio')));
    const csv = csvRows((await exported(zeros, researcher, 'csv')).body.toString());
    expect(pick(csv, 'hiring_ratio').value).toBe('[u]');
    expect(pick(csv, 'hiring_share')).toMatchObject({ value: '', numerator: '0', denominator: '0' });
    expect(pick(csv, 'retention')).toMatchObject({ value: '1', numerator: '480', denominator: '480' });
    const none = csvRows((await exported(stocksOnly, researcher, 'csv')).body.toString());
    expect(pick(none, 'hiring_ratio').value).toBe('[x]');
    expect(pick(none, 'hiring_share')).toMatchObject({ value: '[x]', numerator: '[x]', denominator: '[x]' });
  });
});

describe('targets', () => {
  const target = async (zone: string, metric: string, value: number, group = GROUP): Promise<number> =>
    (
      (await http
        .post('/api/v1/targets')
        .set(auth(management))
        .send({ zone, group, metric, categories: [], value, baselinePeriod: QUARTERS[0], deadlinePeriod: pastPeriod(-8), note: '' })
        .expect(201)).body as TargetProgressDto
    ).id;

  it('a retention target of the headcount-only zone reads no data, for every quarter, to every caller', async () => {
    const id = await target(stocksOnly, 'retention', 0.95);
    for (const token of [admin, researcher]) {
      const t = (await http.get(`/api/v1/targets/${id}`).set(auth(token)).expect(200)).body as TargetProgressDto;
      expect(t.current).toBeNull();
      expect(t.points.map((p) => p.period)).toEqual(QUARTERS);
      for (const p of t.points) expect(p).toMatchObject({ actual: null, unavailable: 'no_data', status: 'no_data' });
    }
    // CONTROL: the same target of the zone with explicit zeros is achieved (retention 100%).
    const control = (await http.get(`/api/v1/targets/${await target(zeros, 'retention', 0.95)}`).set(auth(admin)).expect(200)).body as TargetProgressDto;
    expect(control.current).toMatchObject({ period: LATEST, actual: 1, status: 'achieved' });
  });

  it('a target whose figure is withheld from researchers reads "suppressed", not no data', async () => {
    const id = await target(small, 'representation', 0.2, 'origin:be_non_eu');
    // Administrators see the figure: 1 × 2 genders × 3 categories = 6 of 6 + 6 + 360.
    const full = (await http.get(`/api/v1/targets/${id}`).set(auth(admin)).expect(200)).body as TargetProgressDto;
    expect(full.current).toMatchObject({ period: LATEST, status: expect.stringMatching(/^(on_track|at_risk|off_track)$/) });
    expect(full.current!.actual).toBeCloseTo(6 / 372, 12);
    const list = (await http.get(`/api/v1/targets?zone=${small}`).set(auth(researcher)).expect(200)).body as TargetProgressDto[];
    const t = list.find((x) => x.id === id)!;
    expect(t.current).toBeNull();
    expect(t.points.length).toBe(QUARTERS.length);
    for (const p of t.points) expect(p).toMatchObject({ actual: null, unavailable: 'suppressed', status: 'suppressed' });
  });
});
