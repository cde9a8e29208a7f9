// Uploads in the officer's language and the XLSX template, through the HTTP API on a real
// PostgreSQL: Dutch and French headings and labels are read as the template's columns and codes
// (stored cells identical to an upload in codes), unknown headings are still refused; the XLSX
// template carries a drop-down list of codes on each coded column and a "codes" sheet, and once
// filled uploads cleanly, while a wrong code typed past the drop-down is still refused.
import type { INestApplication } from '@nestjs/common';
import { type Cell, cellKey, type CellDto, type Problem } from '@equity/shared';
import ExcelJS from 'exceljs';
import type request from 'supertest';
import type { DataSource } from 'typeorm';
import { asBytes, auth, countRevisions, createTestApp, createZone, login, pastPeriod, sampleCells } from './utils.js';

let app: INestApplication;
let db: DataSource;
let http: ReturnType<typeof request>;
let zone: string;
let hr: string;

const plain = (cells: (Cell | CellDto)[]) =>
  [...cells].sort((a, b) => cellKey(a).localeCompare(cellKey(b))).map((c) => ({ measure: c.measure, detail: c.detail, category: c.category, classes: c.classes, count: c.count }));

beforeAll(async () => {
  ({ app, db, http } = await createTestApp({ disclosureWarmup: false }));
  zone = await createZone(db, 'Languages zone');
  hr = (await login(http, db, 'hr', [zone])).token;
});

afterAll(async () => {
  await app.close();
});

const uploadUrl = (period: string) => `/api/v1/zones/${zone}/returns/${period}/upload`;
const preview = (period: string, content: Buffer, name: string) => http.post(uploadUrl(period)).set(auth(hr)).field('dryRun', 'true').attach('file', content, name).expect(200);

const NL = {
  measure: { headcount: 'Personeelsbestand', hires: 'aanwervingen', separations: 'Uitstroom' } as Record<string, string>,
  detail: { '': '', new_recruit: 'Nieuwe rekruut', retirement: 'Pensioen' } as Record<string, string>,
  category: { basic: 'Basiskader (inspecteur)', middle: 'Middenkader (hoofdinspecteur)' } as Record<string, string>,
  gender: { female: 'Vrouw', male: 'Man' } as Record<string, string>,
  origin: { be_be: 'Belg van Belgische herkomst', be_non_eu: 'Belg van niet-EU-herkomst', not_declared: 'Niet opgegeven' } as Record<string, string>,
};
const FR = {
  measure: { headcount: 'Effectif', hires: 'Recrutements', separations: 'Départs' } as Record<string, string>,
  detail: { '': '', new_recruit: 'Nouvelle recrue', retirement: 'Retraite' } as Record<string, string>,
  category: { basic: 'Cadre de base (inspecteur)', middle: 'Cadre moyen (inspecteur principal)' } as Record<string, string>,
  gender: { female: 'Femme', male: 'Homme' } as Record<string, string>,
  // A straight apostrophe where the profile writes a typographic one: read all the same.
  origin: { be_be: "Belge d'origine belge", be_non_eu: "Belge d'origine hors UE", not_declared: 'Non déclaré' } as Record<string, string>,
};

/** The sample return as a CSV with the given headings and every code written as its label in `words`. */
function translatedCsv(cells: Cell[], headings: string[], words: typeof NL, separator: string): Buffer {
  const lines = cells.map((c) => [words.category[c.category], words.gender[c.classes['gender']!], words.origin[c.classes['origin']!], words.measure[c.measure], words.detail[c.detail], c.count].join(separator));
  return Buffer.from([headings.join(separator), ...lines].join('\r\n') + '\r\n');
}

describe('headings and codes in Dutch and French', () => {
  it('a Dutch file (headings and labels) is stored as the same cells as one in codes', async () => {
    const period = pastPeriod(20);
    const cells = sampleCells(6);
    const csv = translatedCsv(cells, ['Categorie', 'Geslacht', 'Herkomst', 'Indicator', 'Detail', 'Aantal'], NL, ';');
    const dry = await preview(period, csv, 'aangifte.csv');
    expect(dry.body).toMatchObject({ valid: true, format: 'cells', rowsRead: cells.length, errors: [] });
    await http.post(uploadUrl(period)).set(auth(hr)).field('reason', 'Opladen in het Nederlands').attach('file', csv, 'aangifte.csv').expect(200);
    const back = await http.get(`/api/v1/zones/${zone}/returns/${period}`).set(auth(hr)).expect(200);
    expect(plain(back.body.cells)).toEqual(plain(cells));
  });

  it('a French workbook (accented headings, labels) is stored as the same cells as one in codes', async () => {
    const period = pastPeriod(21);
    const cells = sampleCells(9);
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('Déclaration');
    ws.addRow(['Catégorie', 'Genre', 'Origine', 'Mesure', 'Détail', 'Nombre']);
    for (const c of cells) ws.addRow([FR.category[c.category], FR.gender[c.classes['gender']!], FR.origin[c.classes['origin']!], FR.measure[c.measure], FR.detail[c.detail], c.count]);
    const xlsx = Buffer.from(await wb.xlsx.writeBuffer());
    expect((await preview(period, xlsx, 'declaration.xlsx')).body).toMatchObject({ valid: true, format: 'cells', errors: [] });
    await http.post(uploadUrl(period)).set(auth(hr)).field('reason', 'Chargement en français').attach('file', xlsx, 'declaration.xlsx').expect(200);
    const back = await http.get(`/api/v1/zones/${zone}/returns/${period}`).set(auth(hr)).expect(200);
    expect(plain(back.body.cells)).toEqual(plain(cells));
  });

  it('a per-person extract with Dutch headings is recognised and counted', async () => {
    const period = pastPeriod(22);
    const csv = ['Categorie;Geslacht;Herkomst;In dienst op het einde van het kwartaal;Ingestroomd;Bevorderd;Reden van vertrek', 'basic;Vrouw;be_be;ja;Nieuwe rekruut;nee;', 'basic;Man;be_be;nee;;nee;Pensioen'].join('\n');
    const dry = await preview(period, Buffer.from(csv), 'personen.csv');
    expect(dry.body).toMatchObject({ valid: true, format: 'per-person', errors: [] });
    expect(plain(dry.body.cells as Cell[])).toEqual(
      plain([
        { measure: 'headcount', detail: '', category: 'basic', classes: { gender: 'female', origin: 'be_be' }, count: 1 },
        { measure: 'hires', detail: 'new_recruit', category: 'basic', classes: { gender: 'female', origin: 'be_be' }, count: 1 },
        { measure: 'separations', detail: 'retirement', category: 'basic', classes: { gender: 'male', origin: 'be_be' }, count: 1 },
      ]),
    );
  });

  it('control: an unknown heading, a heading of personal data and a column given twice are still refused', async () => {
    const period = pastPeriod(23);
    const unknown = 'Categorie;Geslacht;Herkomst;Indicator;Detail;Aantal;Dienst\nbasic;Vrouw;be_be;headcount;;3;\n';
    const r1 = await preview(period, Buffer.from(unknown), 'x.csv');
    expect(r1.body.valid).toBe(false);
    expect((r1.body.errors as Problem[]).map((e) => [e.row, e.column, e.code])).toEqual([[1, 'dienst', 'unknown_column']]);
    expect(r1.body.errors[0].message).toMatch(/Expected columns: measure, detail, category, gender, origin, count/);

    const named = 'Naam;Categorie;Geslacht;Herkomst;Indicator;Detail;Aantal\nJan;basic;Vrouw;be_be;headcount;;3\n';
    const r2 = await preview(period, Buffer.from(named), 'x.csv');
    expect(r2.body.errors[0]).toMatchObject({ row: 1, column: 'naam', code: 'personal_data_column' });
    expect(r2.body.cells).toEqual([]);

    const twice = 'category;Categorie;gender;origin;measure;detail;count\nbasic;basic;female;be_be;headcount;;3\n';
    const r3 = await preview(period, Buffer.from(twice), 'x.csv');
    expect((r3.body.errors as Problem[]).map((e) => [e.row, e.column, e.code])).toEqual([[1, 'category', 'duplicate_column']]);

    // A label in another classification's column is not a code of that column.
    const misplaced = 'Categorie;Geslacht;Herkomst;Indicator;Detail;Aantal\nbasic;Belg van Belgische herkomst;be_be;headcount;;3\n';
    const r4 = await preview(period, Buffer.from(misplaced), 'x.csv');
    expect((r4.body.errors as Problem[]).map((e) => [e.row, e.column, e.code])).toEqual([[2, 'gender', 'unknown_code']]);
    expect(await countRevisions(db, zone, period)).toBe(0);
  });
});

describe('the XLSX template', () => {
  async function download(query = '', kind = 'cells'): Promise<{ wb: ExcelJS.Workbook; body: Buffer; headers: Record<string, string> }> {
    const res = await http.get(`/api/v1/templates/${kind}.xlsx${query}`).set(auth(hr)).buffer(true).parse(asBytes).expect(200);
    const body = res.body as Buffer;
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(body as unknown as ArrayBuffer);
    return { wb, body, headers: res.headers as Record<string, string> };
  }

  it('has Dutch headings, a drop-down list of codes on every coded column and a codes sheet in Dutch', async () => {
    const { wb, headers } = await download('?lang=nl');
    expect(headers['content-type']).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    expect(headers['content-disposition']).toBe('attachment; filename="equity-return-cells-nl.xlsx"');
    expect(wb.worksheets.map((w) => w.name)).toEqual(['aangifte', 'codes']);
    const [sheet, codes] = wb.worksheets as [ExcelJS.Worksheet, ExcelJS.Worksheet];
    expect((sheet.getRow(1).values as unknown[]).slice(1)).toEqual(['Indicator', 'Detail', 'Categorie', 'Gender', 'Herkomst', 'Aantal']);

    // Each coded column's list names a range of the codes sheet; the range holds exactly the codes.
    const listOf = (cell: string): string[] => {
      const validation = sheet.getCell(cell).dataValidation;
      expect(validation).toMatchObject({ type: 'list', showErrorMessage: true, errorStyle: 'stop' });
      const match = /^codes!\$([A-Z])\$(\d+):\$([A-Z])\$(\d+)$/.exec(String(validation.formulae[0]));
      expect(match).not.toBeNull();
      const [, col, from, , to] = match!;
      const values: string[] = [];
      for (let r = Number(from); r <= Number(to); r++) values.push(String(codes.getCell(`${col}${r}`).value));
      return values;
    };
    expect(listOf('A2')).toEqual(['headcount', 'hires', 'promotions', 'separations', 'funnel']);
    expect(listOf('B500')).toEqual(expect.arrayContaining(['new_recruit', 'transfer_in', 'retirement', 'applicants']));
    expect(listOf('C2001')).toEqual(['agent', 'basic', 'middle', 'officer', 'calog_d', 'calog_c', 'calog_b', 'calog_a']);
    expect(listOf('D10')).toEqual(['female', 'male', 'x', 'not_declared']);
    expect(listOf('E10')).toEqual(['be_be', 'be_eu', 'be_non_eu', 'non_be_eu', 'non_be_non_eu', 'not_declared']);
    expect(sheet.getCell('F10').dataValidation).toMatchObject({ type: 'whole', operator: 'between', formulae: [0, 1000000] });
    expect(sheet.getCell('D2002').dataValidation).toBeUndefined();

    // The codes sheet gives each code its Dutch label, beside it.
    const labels = new Map<string, string>();
    codes.eachRow((row, n) => {
      if (n === 1) return;
      for (let c = 1; c < 12; c += 2) if (row.getCell(c).value) labels.set(`${c}|${String(row.getCell(c).value)}`, String(row.getCell(c + 1).value));
    });
    expect(labels.get('7|female')).toBe('Vrouw');
    expect(labels.get('9|be_non_eu')).toBe('Belg van niet-EU-herkomst');
    expect(labels.get('1|hires')).toBe('Indiensttredingen');
    expect(String(codes.getCell('G1').value)).toMatch(/^Gender \(gender\)/);
  });

  it('filled in with codes from its lists, uploads cleanly; a wrong code in a list column is refused', async () => {
    const { wb } = await download('?lang=fr');
    const sheet = wb.worksheets[0]!;
    expect((sheet.getRow(1).values as unknown[]).slice(1)).toEqual(['Mesure', 'Détail', 'Catégorie', 'Genre', 'Origine', 'Nombre']);
    const examples = sheet.rowCount - 1;
    for (const c of sampleCells(5).filter((cell) => cell.measure === 'headcount' && cell.category === 'middle')) {
      sheet.addRow([c.measure, c.detail, c.category, c.classes['gender'], c.classes['origin'], c.count]);
    }
    const filled = Buffer.from(await wb.xlsx.writeBuffer());
    const period = pastPeriod(24);
    const dry = await preview(period, filled, 'modele.xlsx');
    expect(dry.body).toMatchObject({ valid: true, format: 'cells', errors: [], rowsRead: examples + 6 });

    // Excel's drop-down refuses a typed code, but a pasted value or another program gets past it.
    const wrongRow = sheet.rowCount;
    sheet.getCell(`D${wrongRow}`).value = 'woman';
    const wrong = Buffer.from(await wb.xlsx.writeBuffer());
    const refused = await http.post(uploadUrl(period)).set(auth(hr)).field('reason', 'Modèle rempli').attach('file', wrong, 'modele.xlsx').expect(422);
    expect((refused.body.errors as Problem[]).map((e) => [e.row, e.column, e.code])).toEqual([[wrongRow, 'gender', 'unknown_code']]);
    expect(JSON.stringify(refused.body)).not.toContain('woman');
    expect(await countRevisions(db, zone, period)).toBe(0);
  });

  it('without a language the headings are the codes; the per-person workbook uploads as an extract; another language is refused', async () => {
    const { wb } = await download();
    expect((wb.worksheets[0]!.getRow(1).values as unknown[]).slice(1)).toEqual(['measure', 'detail', 'category', 'gender', 'origin', 'count']);
    const person = await download('?lang=en', 'per-person');
    expect((person.wb.worksheets[0]!.getRow(1).values as unknown[]).slice(1)).toEqual(['Category', 'Gender', 'Origin', 'In service at the end of the quarter', 'Joined', 'Promoted', 'Reason for leaving']);
    const dry = await preview(pastPeriod(25), person.body, 'people.xlsx');
    expect(dry.body).toMatchObject({ valid: true, format: 'per-person', errors: [] });
    const bad = await http.get('/api/v1/templates/cells.xlsx?lang=de').set(auth(hr)).expect(422);
    expect(bad.body.errors[0]).toMatchObject({ column: 'lang' });
  });
});
