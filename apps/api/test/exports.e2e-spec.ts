// Researcher exports on the demo data: every format, the same protected numbers as the dashboard,
// a withheld cell marked in every format, provenance, CSV-injection safety, and the data package
// checked against the Frictionless table-schema rules with a JSON schema (ajv).
import { addQuarters, type BreakdownDto, EXPORT_FIELDS, type ExportProvenance, type ExportRow, SUPPRESSION_SYMBOL, type ZoneMetricsDto } from '@equity/shared';
import Ajv from 'ajv';
import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import pg from 'pg';
import type request from 'supertest';
import { createTestApp, login, sampleCells, testDatabaseUrl } from './utils.js';

const DB = `equity_exports_${process.pid}`;
let ctx: Awaited<ReturnType<typeof createTestApp>>;
const tokens = new Map<string, string>();
let latest: string;
const ZONE = '5330'; // Charleroi: the demo's small zone, with small cells

beforeAll(async () => {
  const admin = new pg.Client({ connectionString: testDatabaseUrl() });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${DB}`);
  await admin.end();
  ctx = await createTestApp({ databaseUrl: testDatabaseUrl().replace(/\/[^/]+$/, `/${DB}`), demoData: true, loginRateLimit: 10_000 });
  for (const user of ['admin', 'management', 'researcher', 'hr.gent']) {
    const res = await ctx.http.post('/api/v1/auth/login').send({ username: user, password: 'equity-demo' }).expect(200);
    tokens.set(user, res.body.token);
  }
  latest = (JSON.parse((await get('admin', `/api/v1/zones/${ZONE}/returns`)).body.toString()) as { period: string }[])[0]!.period;
}, 60000);
afterAll(async () => {
  await ctx?.app.close();
});

const binary = (res: request.Response, cb: (err: Error | null, body: Buffer) => void) => {
  const chunks: Buffer[] = [];
  res.on('data', (c: Buffer) => chunks.push(c));
  res.on('end', () => cb(null, Buffer.concat(chunks)));
};

function get(user: string | null, url: string, status = 200): Promise<request.Response> {
  let req = ctx.http.get(url);
  if (user) req = req.set({ Authorization: `Bearer ${tokens.get(user)}` });
  return req.buffer(true).parse(binary).expect(status);
}

const exportUrl = (format: string, extra = '') => `/api/v1/exports?format=${format}&zones=${ZONE}&from=${latest}&to=${latest}${extra}`;

type Row = Record<(typeof EXPORT_FIELDS)[number]['name'], string>;
const parseCsv = (text: string): Row[] => parse(text, { columns: true }) as Row[];
const key = (r: { statistic: string; category: string; classification: string; group: string }) => `${r.statistic}|${r.category}|${r.classification}|${r.group}`;

describe('researcher export of the demo data', () => {
  let csv: Row[];
  let csvText: string;

  beforeAll(async () => {
    const res = await get('researcher', exportUrl('csv', '&metrics=representation,declaration_rate,promotion_impact_ratio'));
    expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(res.headers['content-disposition']).toMatch(/^attachment; filename="equity-monitor-belgium-police-.*\.csv"$/);
    csvText = (res.body as Buffer).toString('utf8');
    csv = parseCsv(csvText);
    expect(csv.length).toBe(Number(res.headers['x-export-rows']));
  }, 120000);

  it('is tidy: the documented columns, one row per count or figure, no duplicate keys; each row says where its quarter stands', async () => {
    expect(csvText.split('\r\n')[0]).toBe(EXPORT_FIELDS.map((f) => f.name).join(','));
    const keys = csv.map((r) => `${r.zone}|${r.period}|${key(r)}`);
    expect(new Set(keys).size).toBe(keys.length);
    expect(new Set(csv.map((r) => r.threshold))).toEqual(new Set(['10']));
    const summary = (JSON.parse((await get('admin', `/api/v1/zones/${ZONE}/returns`)).body.toString()) as { period: string; status: string }[]).find((r) => r.period === latest)!;
    expect(new Set(csv.map((r) => r.quarter_status))).toEqual(new Set([summary.status]));
  });

  it('publishes exactly the breakdown tables the dashboard shows the researcher, withheld cells as the symbol', async () => {
    for (const dimension of ['gender', 'origin']) {
      const b = JSON.parse((await get('researcher', `/api/v1/zones/${ZONE}/returns/${latest}/breakdown?measure=headcount&dimension=${dimension}`)).body.toString()) as BreakdownDto;
      const shown = (count: BreakdownDto['total']) => (typeof count === 'number' ? String(count) : SUPPRESSION_SYMBOL);
      const rows = new Map(csv.filter((r) => r.statistic === 'headcount' && r.classification === dimension).map((r) => [`${r.category}|${r.group}`, r]));
      for (const cell of b.rows) expect([cell.category, cell.value, rows.get(`${cell.category}|${cell.value}`)?.value]).toEqual([cell.category, cell.value, shown(cell.count)]);
      for (const t of b.categoryTotals) expect(rows.get(`${t.category}|total`)?.value).toBe(shown(t.count));
      for (const t of b.valueTotals) expect(rows.get(`total|${t.value}`)?.value).toBe(shown(t.count));
      expect(rows.get('total|total')?.value).toBe(shown(b.total));
      expect(rows.get('total|total')?.revision).toBe(String(b.revision));
    }
    expect(csv.some((r) => r.value === SUPPRESSION_SYMBOL)).toBe(true);
  });

  it('figures equal the metrics endpoint for the same group and categories', async () => {
    const m = JSON.parse(
      (await get('researcher', `/api/v1/zones/${ZONE}/metrics?period=${latest}&group=origin:migration_background&categories=basic`)).body.toString(),
    ) as ZoneMetricsDto;
    const row = csv.find((r) => key(r) === 'representation|basic|origin|migration_background')!;
    const rate = m.representation.ofDeclared;
    expect(row.value).toBe(rate.value === null ? SUPPRESSION_SYMBOL : String(rate.value));
    expect(row.numerator).toBe(typeof rate.numerator === 'number' ? String(rate.numerator) : SUPPRESSION_SYMBOL);
    expect(row.denominator).toBe(typeof rate.denominator === 'number' ? String(rate.denominator) : SUPPRESSION_SYMBOL);
    const declaration = csv.find((r) => key(r) === 'declaration_rate|basic|origin|declared')!;
    expect(declaration.value).toBe(m.representation.declaration.value === null ? SUPPRESSION_SYMBOL : String(m.representation.declaration.value));
    // A comparison needs a group apart from the reference group: no impact ratio of Belgians of Belgian origin.
    expect(csv.some((r) => key(r) === 'promotion_impact_ratio|total|origin|be_be')).toBe(false);
    expect(csv.some((r) => key(r) === 'promotion_impact_ratio|total|origin|migration_background')).toBe(true);
  });

  it('marks the same withheld cell in JSON ({"suppressed": true}), XLSX (the symbol) and the data package (missingValues)', async () => {
    const withheld = csv.find((r) => r.statistic === 'headcount' && r.value === SUPPRESSION_SYMBOL)!;
    const visible = csv.find((r) => r.statistic === 'headcount' && r.value !== SUPPRESSION_SYMBOL && r.value !== '0')!;

    const json = JSON.parse((await get('researcher', exportUrl('json'))).body.toString()) as { provenance: { revisions: unknown[]; thresholds: unknown[] }; rows: ExportRow[] };
    const jsonRow = (r: Row) => json.rows.find((x) => key(x) === key(r))!;
    expect(jsonRow(withheld).value).toEqual({ suppressed: true });
    expect(jsonRow(visible).value).toBe(Number(visible.value));
    expect(json.provenance.thresholds).toEqual([{ zone: ZONE, threshold: 10 }]);
    expect(json.provenance.revisions).toEqual([{ zone: ZONE, period: latest, revision: 1, createdAt: expect.any(String) }]);

    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load((await get('researcher', exportUrl('xlsx'))).body as unknown as ArrayBuffer);
    const sheet = workbook.getWorksheet('data')!;
    const header = (sheet.getRow(1).values as string[]).slice(1);
    const col = (name: string) => header.indexOf(name) + 1;
    const xlsxRows = new Map<string, ExcelJS.Row>();
    sheet.eachRow((row, n) => {
      if (n === 1) return;
      const v = (name: string) => String(row.getCell(col(name)).value);
      xlsxRows.set(`${v('statistic')}|${v('category')}|${v('classification')}|${v('group')}`, row);
    });
    expect(xlsxRows.get(key(withheld))!.getCell(col('value')).value).toBe(SUPPRESSION_SYMBOL);
    expect(xlsxRows.get(key(visible))!.getCell(col('value')).value).toBe(Number(visible.value));
    expect(workbook.getWorksheet('about')!.getCell('B5').value).toBe(SUPPRESSION_SYMBOL);

    const zip = await JSZip.loadAsync((await get('researcher', exportUrl('datapackage'))).body as Buffer);
    const descriptor = JSON.parse(await zip.file('datapackage.json')!.async('string'));
    expect(descriptor.resources[0].schema.missingValues).toContain(SUPPRESSION_SYMBOL);
    const packaged = parseCsv(await zip.file('data/statistics.csv')!.async('string'));
    expect(packaged.find((r) => key(r) === key(withheld))!.value).toBe(SUPPRESSION_SYMBOL);
    // The package's CSV is the CSV export (the same selection), apart from the generation time.
    const strip = (rows: Row[]) => rows.map(({ generated_at: _g, ...rest }) => rest);
    const plain = parseCsv((await get('researcher', exportUrl('csv'))).body.toString());
    expect(strip(packaged)).toEqual(strip(plain));
  }, 120000);

  it('the data package validates against the Frictionless Table Schema and Data Package rules', async () => {
    const zip = await JSZip.loadAsync((await get('researcher', exportUrl('datapackage', '&metrics=representation,hiring_ratio'))).body as Buffer);
    const descriptor = JSON.parse(await zip.file('datapackage.json')!.async('string'));
    const ajv = new Ajv({ allErrors: true });
    const valid = ajv.validate(FRICTIONLESS_PACKAGE, descriptor);
    expect(ajv.errors ?? []).toEqual([]);
    expect(valid).toBe(true);
    const resource = descriptor.resources[0];
    const schema = resource.schema as { fields: { name: string; type: string }[]; missingValues: string[]; primaryKey: string[] };
    // Every primary-key field is a field; descriptions everywhere; profile and metric definitions included.
    expect(schema.primaryKey.every((k) => schema.fields.some((f) => f.name === k))).toBe(true);
    expect(descriptor.equityMonitor.classificationProfile.code).toBe('belgium-police');
    expect(Object.keys(descriptor.equityMonitor.metrics)).toEqual(['representation', 'hiring_ratio']);
    expect(descriptor.equityMonitor.provenance.thresholds).toEqual([{ zone: ZONE, threshold: 10 }]);
    // The data conform to the schema: the header is the fields, every value of its type or a missing value.
    const text = await zip.file(resource.path)!.async('string');
    const rows = parse(text, { columns: false }) as string[][];
    expect(rows[0]).toEqual(schema.fields.map((f) => f.name));
    const conforms: Record<string, (v: string) => boolean> = {
      string: () => true,
      integer: (v) => /^-?\d+$/.test(v),
      number: (v) => v.trim() !== '' && Number.isFinite(Number(v)),
      datetime: (v) => /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/.test(v),
    };
    for (const row of rows.slice(1)) {
      schema.fields.forEach((f, i) => {
        const v = row[i]!;
        if (schema.missingValues.includes(v)) return;
        if (!conforms[f.type]!(v)) throw new Error(`${f.name} = "${v}" is not a ${f.type}`);
      });
    }
    const pk = rows.slice(1).map((r) => schema.primaryKey.map((k) => r[schema.fields.findIndex((f) => f.name === k)]).join('|'));
    expect(new Set(pk).size).toBe(pk.length);
  }, 120000);
});

it('administrators get full counts (threshold 1) equal to the return, and HR only their own zones', async () => {
  const res = await get('admin', exportUrl('json', '&metrics='));
  const json = JSON.parse(res.body.toString()) as { rows: ExportRow[] };
  const cells = JSON.parse((await get('admin', `/api/v1/zones/${ZONE}/returns/${latest}`)).body.toString()).cells as { measure: string; category: string; classes: Record<string, string>; count: number }[];
  const sum = (category: string, origin: string) =>
    cells.filter((c) => c.measure === 'headcount' && (category === 'total' || c.category === category) && (origin === 'total' || c.classes['origin'] === origin)).reduce((s, c) => s + c.count, 0);
  const originRows = json.rows.filter((r) => r.classification === 'origin');
  expect(originRows.length).toBe(8 * 7 + 7);
  for (const r of originRows) expect([r.category, r.group, r.value]).toEqual([r.category, r.group, sum(r.category, r.group)]);
  expect(json.rows.every((r) => r.threshold === 1)).toBe(true);
  // HR: their own zone in full, another zone refused.
  const own = JSON.parse((await get('hr.gent', `/api/v1/exports?format=json&metrics=&from=${latest}&to=${latest}`)).body.toString()) as { rows: ExportRow[] };
  expect(new Set(own.rows.map((r) => r.zone))).toEqual(new Set(['5415']));
  expect(own.rows.every((r) => r.threshold === 1)).toBe(true);
  await get('hr.gent', exportUrl('csv'), 403);
  // The audit log says who exported what (the selection, not the data).
  const audit = JSON.parse((await get('admin', '/api/v1/audit?limit=20')).body.toString()) as { action: string; actor: string; details: Record<string, unknown> }[];
  expect(audit.find((e) => e.action === 'export.downloaded' && e.actor === 'hr.gent')?.details).toMatchObject({ format: 'json', zones: ['5415'] });
});

it('the public gets the researcher-level export; management its own threshold', async () => {
  const pub = parseCsv((await get(null, exportUrl('csv', '&metrics='))).body.toString());
  const researcher = parseCsv((await get('researcher', exportUrl('csv', '&metrics='))).body.toString());
  const strip = (rows: Row[]) => rows.map(({ generated_at: _g, ...rest }) => rest);
  expect(strip(pub)).toEqual(strip(researcher));
  const management = parseCsv((await get('management', exportUrl('csv', '&metrics='))).body.toString());
  expect(new Set(management.map((r) => r.threshold))).toEqual(new Set(['5']));
}, 120000);

it('management gets flows as 4-quarter windows: the breakdown says so and the export writes hires_4q; administrators get the quarter', async () => {
  const breakdown = async (user: string, measure: string) =>
    JSON.parse((await get(user, `/api/v1/zones/${ZONE}/returns/${latest}/breakdown?measure=${measure}&dimension=origin`)).body.toString()) as BreakdownDto;
  const window = { from: addQuarters(latest, -3), to: latest, quarters: 4 };
  const managementHires = await breakdown('management', 'hires');
  expect(managementHires.threshold).toBe(5);
  expect(managementHires.window).toEqual(window);
  expect((await breakdown('management', 'separations')).window).toEqual(window);
  // The headcount is a stock: the quarter's own, for every role. Other roles get quarterly flows.
  expect((await breakdown('management', 'headcount')).window).toBeNull();
  const adminHires = await breakdown('admin', 'hires');
  expect([adminHires.threshold, adminHires.window]).toEqual([1, null]);
  expect((await breakdown('researcher', 'hires')).window).toBeNull();

  type ExportJson = { provenance: ExportProvenance; statistics: Record<string, { label: { en: string }; definition: string; quarters: number }>; rows: ExportRow[] };
  const exported = async (user: string) => JSON.parse((await get(user, exportUrl('json', '&measures=headcount,hires&metrics='))).body.toString()) as ExportJson;
  const management = await exported('management');
  expect(new Set(management.rows.map((r) => r.statistic))).toEqual(new Set(['headcount', 'hires_4q']));
  expect(management.provenance.countStatistics).toEqual(['headcount', 'hires_4q']);
  expect(management.provenance.selection.measures).toEqual(['headcount', 'hires']);
  expect(management.statistics['hires_4q']).toMatchObject({ label: { en: 'Hires over the 4 quarters to the period' }, quarters: 4 });
  expect(management.statistics['hires_4q']!.definition).toMatch(/the quarter and the three quarters before it/);
  expect(management.statistics['hires']).toBeUndefined();
  // The window rows are the window table the breakdown shows management, cell for cell.
  const rows = new Map(management.rows.filter((r) => r.statistic === 'hires_4q' && r.classification === 'origin').map((r) => [`${r.category}|${r.group}`, r.value]));
  expect(rows.size).toBe(8 * 7 + 7);
  for (const cell of managementHires.rows) expect([cell.category, cell.value, rows.get(`${cell.category}|${cell.value}`)]).toEqual([cell.category, cell.value, cell.count]);
  for (const t of managementHires.categoryTotals) expect(rows.get(`${t.category}|total`)).toEqual(t.count);
  for (const t of managementHires.valueTotals) expect(rows.get(`total|${t.value}`)).toEqual(t.count);
  expect(rows.get('total|total')).toEqual(managementHires.total);

  const admin = await exported('admin');
  expect(new Set(admin.rows.map((r) => r.statistic))).toEqual(new Set(['headcount', 'hires']));
  expect(admin.provenance.countStatistics).toEqual(['headcount', 'hires']);
  expect(admin.statistics['hires']).toMatchObject({ label: { en: 'Hires' }, quarters: 1 });
  expect(admin.rows.find((r) => r.statistic === 'hires' && r.category === 'total' && r.classification === 'origin' && r.group === 'total')!.value).toBe(adminHires.total);

  // CSV, XLSX and the data package say the same.
  const csv = parseCsv((await get('management', exportUrl('csv', '&measures=hires&metrics='))).body.toString());
  expect(new Set(csv.map((r) => r.statistic))).toEqual(new Set(['hires_4q']));
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load((await get('management', exportUrl('xlsx', '&measures=hires&metrics='))).body as unknown as ArrayBuffer);
  const about: unknown[][] = [];
  workbook.getWorksheet('about')!.eachRow((row) => about.push((row.values as unknown[]).slice(1)));
  expect(about).toContainEqual(['count statistics', 'hires_4q']);
  expect(about.find((r) => r[0] === 'hires_4q')?.[1]).toBe('Hires over the 4 quarters to the period');
  const zip = await JSZip.loadAsync((await get('management', exportUrl('datapackage', '&measures=hires&metrics='))).body as Buffer);
  const descriptor = JSON.parse(await zip.file('datapackage.json')!.async('string'));
  expect(Object.keys(descriptor.equityMonitor.measures)).toEqual(['hires_4q']);
  expect(descriptor.equityMonitor.provenance.countStatistics).toEqual(['hires_4q']);
  const packaged = parseCsv(await zip.file('data/statistics.csv')!.async('string'));
  expect(new Set(packaged.map((r) => r.statistic))).toEqual(new Set(['hires_4q']));
}, 120000);

it('neutralises text a spreadsheet would run as a formula, in CSV and XLSX', async () => {
  const { token } = await login(ctx.http, ctx.db, 'admin');
  tokens.set('admin2', token);
  await ctx.db.query("INSERT INTO zone (code, name, names, profile_code) VALUES ('9901', '=HYPERLINK(\"http://x\",\"y\")', '{\"en\":\"x\"}', 'belgium-police')");
  await ctx.http.put(`/api/v1/zones/9901/returns/${latest}`).set({ Authorization: `Bearer ${token}` }).send({ reason: 'injection test', cells: sampleCells(20) }).expect(201);
  for (const hostile of ['+1', '-2', '@SUM(A1)', '\tx']) {
    await ctx.db.query("UPDATE zone SET name = $1 WHERE code = '9901'", [hostile]);
    const text = (await get('admin2', `/api/v1/exports?format=csv&zones=9901&metrics=`)).body.toString();
    const rows = parseCsv(text);
    expect(rows[0]!.zone_name).toBe(`'${hostile}`);
  }
  await ctx.db.query("UPDATE zone SET name = '=1+2' WHERE code = '9901'");
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load((await get('admin2', '/api/v1/exports?format=xlsx&zones=9901&metrics=')).body as unknown as ArrayBuffer);
  expect(workbook.getWorksheet('data')!.getCell('B2').value).toBe("'=1+2");
});

it('refuses a bad selection with every problem at once (422), before sending anything', async () => {
  const res = await get('researcher', '/api/v1/exports?format=csv&measures=headcount,salaries&metrics=charm&categories=general&groups=origin:martian', 422);
  const body = JSON.parse(res.body.toString()) as { errors: { column: string; code: string }[] };
  expect(body.errors.map((e) => [e.column, e.code])).toEqual([
    ['categories', 'unknown_code'],
    ['measures', 'unknown_code'],
    ['metrics', 'unknown_code'],
    ['groups', 'unknown_code'],
  ]);
  await get('researcher', '/api/v1/exports?format=pdf', 422);
});

it('tables by an optional classification (age band, disability) go only to full access: one protection path', async () => {
  // Management and researchers: refused in words, the breakdown (403) and the export (422) alike.
  for (const user of ['management', 'researcher']) {
    for (const dimension of ['age_band', 'disability']) {
      const res = await get(user, `/api/v1/zones/${ZONE}/returns/${latest}/breakdown?measure=headcount&dimension=${dimension}`, 403);
      expect(JSON.parse(res.body.toString()).message).toMatch(/shown only to HR of the zone and administrators.*Choose gender or origin/);
    }
    const refused = JSON.parse((await get(user, exportUrl('csv', '&classifications=origin,age_band'), 422)).body.toString()) as { errors: { column: string; code: string; message: string }[] };
    expect(refused.errors.map((e) => [e.column, e.code])).toEqual([['classifications', 'not_published']]);
    expect(refused.errors[0]!.message).toContain('Charleroi');
  }
  // HR of the zone and administrators still see them, in full.
  const full = JSON.parse((await get('admin', `/api/v1/zones/${ZONE}/returns/${latest}/breakdown?measure=headcount&dimension=age_band`)).body.toString()) as BreakdownDto;
  expect(full.threshold).toBe(1);
  expect(typeof full.total).toBe('number');
  await get('admin', exportUrl('csv', '&classifications=age_band'));
  await get('hr.gent', `/api/v1/zones/5415/returns/${latest}/breakdown?measure=headcount&dimension=disability`);
});

/**
 * The rules of the Frictionless Data Package and Table Schema specifications (v1) that a
 * tabular data package must meet, as a JSON schema.
 */
const FIELD_TYPES = ['string', 'number', 'integer', 'boolean', 'object', 'array', 'date', 'time', 'datetime', 'year', 'yearmonth', 'duration', 'geopoint', 'geojson', 'any'];
const FRICTIONLESS_PACKAGE = {
  type: 'object',
  required: ['resources', 'name', 'licenses'],
  properties: {
    profile: { const: 'tabular-data-package' },
    name: { type: 'string', pattern: '^([-a-z0-9._/])+$' },
    title: { type: 'string' },
    created: { type: 'string', format: 'date-time' },
    licenses: {
      type: 'array',
      minItems: 1,
      items: { type: 'object', anyOf: [{ required: ['name'] }, { required: ['path'] }], properties: { name: { type: 'string', pattern: '^([-a-zA-Z0-9._])+$' }, path: { type: 'string' }, title: { type: 'string' } } },
    },
    resources: {
      type: 'array',
      minItems: 1,
      items: {
        type: 'object',
        required: ['name', 'path', 'profile', 'schema'],
        properties: {
          profile: { const: 'tabular-data-resource' },
          name: { type: 'string', pattern: '^([-a-z0-9._/])+$' },
          path: { type: 'string', pattern: '^(?!/)(?!.*\\.\\./).+$' },
          format: { const: 'csv' },
          mediatype: { type: 'string', pattern: '^(.+)/(.+)$' },
          encoding: { type: 'string' },
          dialect: { type: 'object', properties: { delimiter: { type: 'string', minLength: 1, maxLength: 1 }, header: { type: 'boolean' } } },
          schema: {
            type: 'object',
            required: ['fields'],
            properties: {
              fields: {
                type: 'array',
                minItems: 1,
                items: {
                  type: 'object',
                  required: ['name', 'type', 'description'],
                  properties: {
                    name: { type: 'string', minLength: 1 },
                    type: { enum: FIELD_TYPES },
                    description: { type: 'string', minLength: 1 },
                    format: { type: 'string' },
                    constraints: {
                      type: 'object',
                      properties: { required: { type: 'boolean' }, unique: { type: 'boolean' }, pattern: { type: 'string' }, minimum: { type: ['string', 'number'] } },
                      additionalProperties: false,
                    },
                  },
                },
              },
              missingValues: { type: 'array', items: { type: 'string' } },
              primaryKey: { oneOf: [{ type: 'string' }, { type: 'array', items: { type: 'string' }, minItems: 1 }] },
            },
          },
        },
      },
    },
  },
};
