// The administrators' zones console in a real browser against the real server: a zones file with
// mistakes is refused with every problem by row and column (nothing written), the corrected file is
// previewed and then loaded (two new zones), one zone is changed on its own page and given an
// availability benchmark. Every page is
// checked with axe-core (WCAG 2.1 AA); screenshots of the zones list and a zone's page in the three
// languages.
import type { Page } from 'playwright-core';
import { BASE, close, launch, openAs, screenshot, settle } from './browser.js';

beforeAll(launch);
afterAll(close);

const stamp = Date.now() % 100_000;
const A = `61${String(stamp).padStart(5, '0')}`;
const B = `62${String(stamp).padStart(5, '0')}`;

const csv = (lines: string[]) => ({ name: 'zones.csv', mimeType: 'text/csv', buffer: Buffer.from(lines.join('\n')) });

async function zoneInDb(page: Page, code: string): Promise<{ status: number; body: unknown }> {
  return page.evaluate(async (c) => {
    const res = await fetch(`/api/v1/zones/${c}`, { headers: { authorization: `Bearer ${localStorage.getItem('equity.token')}` } });
    return { status: res.status, body: (await res.json()) as unknown };
  }, code);
}

it('an administrator loads two zones from a CSV file (refused, corrected, previewed, loaded), changes one and adds a benchmark', async () => {
  const problems: string[] = [];
  const admin = await openAs('admin');
  const page = admin.page;
  try {
    await zonesConsole(page, problems);
  } finally {
    // The other browser tests count the demo's five zones: the two made here are deleted again
    // (with the benchmark), through the API, whatever happened above.
    for (const code of [A, B]) {
      await page.evaluate(async (c) => {
        await fetch(`/api/v1/zones/${c}`, { method: 'DELETE', headers: { authorization: `Bearer ${localStorage.getItem('equity.token')}` } });
      }, code);
      expect((await zoneInDb(page, code)).status).toBe(404);
    }
  }
  expect(problems).toEqual([]);
  expect(admin.errors).toEqual([]);
  await page.context().close();
}, 300000);

async function zonesConsole(page: Page, problems: string[]): Promise<void> {
  await page.getByRole('link', { name: 'Administration', exact: true }).click();
  await page.getByRole('navigation', { name: 'Administration' }).getByRole('link', { name: 'Zones' }).click();
  problems.push(...(await settle(page, 'Zones', '60-admin-zones.png')));
  await expect(page.locator('table.data-table tbody tr', { hasText: '5415' }).innerText()).resolves.toMatch(/5415\s+Gent\s+Gand\s+belgium-police\s+1\s+Not merged\s+\d+/);

  // A file with mistakes: every problem at once, by row and column; nothing is written.
  const file = page.getByLabel('File (CSV or Excel)');
  await file.setInputFiles(csv(['code,name_nl,name_fr,profile,communes', `${A},   ,Zone A,belgium-police,`, `${B},Zone B,Zone B,no-such-profile,`, `${A},Again,Encore,belgium-police,`]));
  await page.getByRole('button', { name: 'Check the file' }).click();
  await page.getByText('zones.csv was not loaded').waitFor();
  const errors = page.locator('.problems--error table tbody tr');
  await expect(errors.count()).resolves.toBe(3);
  // Written by the dashboard from each problem's code (in the interface's language), the file's heading beside its name.
  await expect(errors.nth(0).innerText()).resolves.toMatch(/^2\s+Dutch name \(name_nl\)\s+“Dutch name” is empty\./);
  await expect(errors.nth(1).innerText()).resolves.toMatch(/^3\s+classification profile \(profile\)\s+There is no classification profile with this code here\. Use one of: belgium-police, /);
  await expect(errors.nth(2).innerText()).resolves.toMatch(/^4\s+zone number \(code\)\s+This zone is already on an earlier row of the file\. List each zone once\./);
  expect((await zoneInDb(page, A)).status).toBe(404);
  problems.push(...(await settle(page, 'Zones', '61-admin-zones-file-errors.png')));

  // Corrected: the preview says what each row would do, and nothing is written until confirmed.
  await file.setInputFiles(csv(['code;name_nl;name_fr;profile;communes', `${A};Leuven-e2e;Louvain-e2e;belgium-police;"Leuven;Herent"`, `${B};Namen-e2e;Namur-e2e;belgium-police;Namur`]));
  await page.getByRole('button', { name: 'Check the file' }).click();
  await page.getByText('Preview of zones.csv: nothing is written yet').waitFor();
  await expect(page.getByRole('table', { name: 'What each row of the file would do' }).locator('tbody tr').allInnerTexts()).resolves.toEqual([
    expect.stringMatching(new RegExp(`^2\\s+${A}\\s+Leuven-e2e\\s+Louvain-e2e\\s+belgium-police\\s+2\\s+New zone$`)),
    expect.stringMatching(new RegExp(`^3\\s+${B}\\s+Namen-e2e\\s+Namur-e2e\\s+belgium-police\\s+1\\s+New zone$`)),
  ]);
  expect((await zoneInDb(page, A)).status).toBe(404);
  problems.push(...(await settle(page, 'Zones', '62-admin-zones-file-preview.png')));
  await page.getByRole('button', { name: 'Load 2 zones' }).click();
  await page.getByText('zones.csv is loaded').waitFor();
  await page.getByText('2 registered, 0 changed, 0 unchanged.').waitFor();
  await page.locator('table.data-table tbody tr', { hasText: A }).first().waitFor();
  expect((await zoneInDb(page, A)).body).toMatchObject({ code: A, communes: ['Leuven', 'Herent'], returns: 0 });

  // The zone's own page: change its French name and communes.
  await page.getByRole('link', { name: `Zone ${A} Leuven-e2e` }).click();
  problems.push(...(await settle(page, `Zone ${A} Leuven-e2e`, '63-admin-zone.png')));
  await page.getByLabel(/^Name in French/).fill('   ');
  await page.getByRole('button', { name: 'Save changes' }).click();
  await page.getByRole('alert').getByText('There is 1 problem; nothing was saved:').waitFor();
  await expect(page.getByLabel(/^Name in French/).getAttribute('aria-invalid')).resolves.toBe('true');
  await page.getByLabel(/^Name in French/).fill('Louvain (e2e)');
  await page.getByLabel(/^Communes/).fill('Leuven\nHerent\nOud-Heverlee');
  await page.getByRole('button', { name: 'Save changes' }).click();
  await page.getByText(`The changes to zone ${A} are saved.`).waitFor();
  expect((await zoneInDb(page, A)).body).toMatchObject({ names: { fr: 'Louvain (e2e)', nl: 'Leuven-e2e' }, communes: ['Leuven', 'Herent', 'Oud-Heverlee'] });
  problems.push(...(await settle(page, `Zone ${A} Leuven-e2e`, '64-admin-zone-saved.png')));

  // An availability benchmark: a share above 100 % is refused in the form, then one is added.
  await page.getByRole('heading', { level: 2, name: 'Availability benchmarks' }).waitFor();
  await page.getByText('This zone has no availability benchmark yet').waitFor();
  await page.getByLabel(/^Classification \*?$/).selectOption('origin');
  await page.getByLabel(/^Group/).selectOption('migration_background');
  await page.getByLabel(/^Year/).fill('2025');
  await page.getByLabel(/^Share of the population/).fill('150');
  await page.getByLabel(/^Source/, { exact: false }).fill('Statbel, population by origin, 1 January 2025');
  await page.getByRole('button', { name: 'Save the benchmark' }).click();
  await page.getByRole('alert').getByText('Enter a percentage from 0 to 100, such as 33,5.').waitFor();
  await expect(page.getByLabel(/^Share of the population/).getAttribute('aria-invalid')).resolves.toBe('true');
  await page.getByLabel(/^Share of the population/).fill('33,5');
  await page.getByRole('button', { name: 'Save the benchmark' }).click();
  await page.getByText('The benchmark Origin: Migration background, 2025 is saved.').waitFor();
  await expect(page.locator('table.benchmarks-table tbody tr').allInnerTexts()).resolves.toEqual([
    expect.stringMatching(/^Origin\s+Migration background\s+2025\s+33\.5%\s+Statbel, population by origin, 1 January 2025\s+Change\s+Delete$/),
  ]);
  const benchmarks = await page.evaluate(async (c) => {
    const res = await fetch(`/api/v1/zones/${c}/availability/all`, { headers: { authorization: `Bearer ${localStorage.getItem('equity.token')}` } });
    return (await res.json()) as unknown;
  }, A);
  expect(benchmarks).toEqual([{ dimension: 'origin', group: 'migration_background', year: 2025, share: 0.335, source: 'Statbel, population by origin, 1 January 2025' }]);
  problems.push(...(await settle(page, `Zone ${A} Leuven-e2e`, '67-admin-zone-benchmark.png')));

  // A merger: refused without a quarter (the problem in words), then A is succeeded by B from 2027-Q1.
  page.on('dialog', (d) => void d.accept());
  const merger = page.locator('section', { has: page.getByRole('heading', { level: 2, name: 'Merger' }) });
  await merger.getByLabel('Succeeded by zone').selectOption(B);
  await merger.getByRole('button', { name: 'Record the merger' }).click();
  await merger.getByRole('alert').getByText('This is not a quarter. Write it like 2025-Q3.').waitFor();
  await merger.getByLabel('First quarter of the successor').fill('2027-Q1');
  await merger.getByRole('button', { name: 'Record the merger' }).click();
  await page.getByText(`Merger recorded: zone ${A} is succeeded by zone ${B} from 2027-Q1 on.`).waitFor();
  await merger.getByText(`Merged into zone ${B} from 2027-Q1 on`).waitFor();
  expect((await zoneInDb(page, A)).body).toMatchObject({ successor: B, mergedFrom: '2027-Q1' });
  problems.push(...(await settle(page, `Zone ${A} Leuven-e2e`, '68-admin-zone-merged.png')));
  await merger.getByRole('link', { name: B }).click();
  await page.getByRole('heading', { level: 2, name: 'Merger' }).waitFor();
  await page.getByRole('link', { name: `zone ${A}, from 2027-Q1` }).waitFor();
  expect((await zoneInDb(page, B)).body).toMatchObject({ successor: null, predecessors: [{ code: A, from: '2027-Q1' }] });
}

it('the demo zones have their communes: found by the search, listed on the zone’s page and on its public page', async () => {
  const { page, errors } = await openAs('admin');
  await page.getByRole('navigation', { name: 'Main navigation' }).waitFor();
  await page.goto(`${BASE}/admin/zones`);
  await page.getByRole('heading', { level: 1, name: 'Zones' }).waitFor();
  const rows = page.locator('table.data-table tbody tr');
  await rows.first().waitFor();
  // Communes per zone in the table: one each for Antwerpen, Gent and Charleroi, three and two in Brussels.
  for (const [code, communes] of [['5345', 1], ['5415', 1], ['5330', 1], ['5344', 3], ['5339', 2]] as const) {
    await expect(rows.filter({ hasText: code }).first().innerText()).resolves.toMatch(new RegExp(`^${code}\\s.*belgium-police\\s+${communes}\\s`));
  }
  await page.getByLabel('Search', { exact: true }).fill('Evere');
  await page.getByText('1 zone shown').waitFor();
  await expect(rows.allInnerTexts()).resolves.toEqual([expect.stringMatching(/^5344\s+Brussel-Noord/)]);
  await page.getByRole('link', { name: /^Zone 5344 / }).click();
  await page.getByRole('heading', { level: 1, name: /^Zone 5344 Brussels North/ }).waitFor();
  await expect(page.locator('.summary-list').first().innerText()).resolves.toMatch(/Communes\s+Schaerbeek \/ Schaarbeek, Evere, Saint-Josse-ten-Noode \/ Sint-Joost-ten-Node/);
  await page.waitForFunction(() => document.querySelectorAll('.loading').length === 0, undefined, { timeout: 60000 });
  await screenshot(page, '69-admin-zone-communes.png');

  await page.goto(`${BASE}/zone/5339`);
  await page.getByRole('heading', { level: 1, name: /5339/ }).waitFor();
  await page.getByText('Communes: Bruxelles / Brussel, Ixelles / Elsene', { exact: true }).waitFor();
  await page.getByLabel('Language', { exact: true }).selectOption('nl');
  await page.getByText('Gemeenten: Bruxelles / Brussel, Ixelles / Elsene', { exact: true }).waitFor();
  await page.getByLabel('Taal', { exact: true }).selectOption('en');
  await page.waitForFunction(() => document.querySelectorAll('.loading').length === 0, undefined, { timeout: 120000 });
  await screenshot(page, '69-zone-communes.png');
  expect(errors).toEqual([]);
  await page.context().close();
}, 300000);

it('the zones console and a zone page in Dutch and French', async () => {
  const { page, errors } = await openAs('admin');
  await page.getByRole('navigation', { name: 'Main navigation' }).waitFor();
  const problems: string[] = [];
  for (const [locale, picker, zonesHeading, zoneHeading] of [
    ['nl', 'Language', 'Zones', 'Zone 5415 Gent'],
    ['fr', 'Taal', 'Zones', 'Zone 5415 Gand'],
  ] as const) {
    await page.goto(`${BASE}/admin/zones`);
    await page.getByRole('heading', { level: 1 }).waitFor();
    await page.getByLabel(picker, { exact: true }).selectOption(locale);
    problems.push(...(await settle(page, zonesHeading, `65-admin-zones-${locale}.png`)));
    await page.goto(`${BASE}/admin/zones/5415`);
    problems.push(...(await settle(page, zoneHeading, `66-admin-zone-${locale}.png`)));
    expect(await page.evaluate(() => document.documentElement.lang)).toBe(locale);
  }
  await page.getByLabel('Langue', { exact: true }).selectOption('en');
  expect(problems).toEqual([]);
  expect(errors).toEqual([]);
  await page.context().close();
}, 300000);

it('the comparison of the gap to availability names the year of each zone’s benchmark', async () => {
  const { page, errors } = await openAs('management');
  await page.getByRole('navigation', { name: 'Main navigation' }).waitFor();
  await page.goto(`${BASE}/compare`);
  await page.getByRole('heading', { level: 1, name: 'Compare zones' }).waitFor();
  await page.getByLabel('Figure', { exact: true }).selectOption('availability_gap');
  await page.waitForURL(/metric=availability_gap/);
  // The national tables of eight quarters are protected for management first: give it time.
  await page.waitForFunction(() => document.querySelectorAll('.data-table tbody tr td').length > 0, undefined, { timeout: 120000 });
  // The demo's benchmarks (every partner zone has one) are of 2025: every quarter's gap says so beside its value.
  const rows = await page.locator('.data-table tbody tr').allInnerTexts();
  expect(rows.length).toBeGreaterThan(0);
  for (const row of rows) expect(row.match(/availability 2025/g)?.length).toBe(8);
  const problems = await settle(page, 'Compare zones', '68-compare-availability-gap.png');
  expect(problems).toEqual([]);
  expect(errors).toEqual([]);
  await page.context().close();
}, 300000);
