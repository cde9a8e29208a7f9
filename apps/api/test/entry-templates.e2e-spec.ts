// Uploads in the officer's language, through the HTTP API on a real PostgreSQL: Dutch and French
// headings and labels are read as the template's columns and codes (stored cells identical to an
// upload in codes), unknown headings are still refused.
import type { INestApplication } from '@nestjs/common';
import { type Cell, cellKey, type CellDto, type Problem } from '@equity/shared';
import ExcelJS from 'exceljs';
import type request from 'supertest';
import type { DataSource } from 'typeorm';
import { auth, countRevisions, createTestApp, createZone, login, pastPeriod, sampleCells } from './utils.js';

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
