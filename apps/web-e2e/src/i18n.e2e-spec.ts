// What the server reports, in the officer's language: HR of Gent uploads a bad file with the
// interface in Dutch, then in French, and every problem is written in that language from its code
// and parameters (category and classification names from the profile), none in the server's English.
import path from 'node:path';
import type { Page } from 'playwright-core';
import { close, launch, openAs, screenshot, SHOTS } from './browser.js';

beforeAll(launch);
afterAll(close);

const BAD_CSV = [
  'measure,detail,category,gender,origin,count',
  'headcount,,agent,female,be_be,12',
  'headcount,,agentx,male,be_be,5', // row 3: unknown category
  'headcount,,basic,male,martian,3', // row 4: unknown origin
  'headcount,,basic,female,be_be,-2', // row 5: negative count
  'hires,,basic,female,be_be,1', // row 6: hires without a detail
  'headcount,,basic,,be_be,4', // row 7: empty gender
].join('\n');

/** Fragments of the server's English messages for these rows: none may be shown. */
const ENGLISH = [/known codes or labels/, /cannot be negative/, /rows need a detail/, /is empty/, /when the person did not declare/, /Use one of/];

async function uploadBadFile(page: Page, labels: { file: string; reason: string; preview: string }, name: string): Promise<string[]> {
  await page.getByLabel(labels.file).setInputFiles({ name, mimeType: 'text/csv', buffer: Buffer.from(BAD_CSV) });
  await page.getByLabel(labels.reason).fill('Browsertest');
  const [response] = await Promise.all([
    page.waitForResponse((r) => r.url().includes('/upload') && r.request().method() === 'POST'),
    page.getByRole('button', { name: labels.preview }).click(),
  ]);
  expect(response.status()).toBe(200);
  const body = (await response.json()) as { errors: { row: number; code: string; params?: Record<string, unknown> }[] };
  // The server sends codes and parameters, and quotes nothing typed.
  expect(body.errors.map((e) => [e.row, e.code])).toEqual([
    [3, 'unknown_code'],
    [4, 'unknown_code'],
    [5, 'negative'],
    [6, 'required'],
    [7, 'required'],
  ]);
  expect(JSON.stringify(body.errors.map((e) => e.params))).not.toMatch(/agentx|martian/);
  const problems = page.locator('.problems--error').first();
  await problems.locator('tbody tr').nth(4).waitFor();
  return problems.locator('tbody tr').allTextContents();
}

it('HR of Gent sees the problems of a bad upload in Dutch, then in French', async () => {
  const { page, errors } = await openAs('hr.gent');
  await page.getByRole('navigation', { name: 'Main navigation' }).waitFor();
  await page.getByLabel('Language', { exact: true }).selectOption('nl');
  await page.getByRole('link', { name: 'Gegevensinvoer' }).click();
  await page.getByRole('heading', { level: 1, name: 'Gegevensinvoer' }).waitFor();
  await page.getByRole('tab', { name: 'Bestand opladen' }).click();

  const nl = await uploadBadFile(page, { file: 'Bestand (CSV of XLSX)', reason: 'Reden voor deze versie', preview: 'Voorbeeld tonen' }, 'gent-fout.csv');
  expect(nl).toHaveLength(5);
  expect(nl[0]).toMatch(/^\s*3\s*categorie \(category\)\s*De waarde van “categorie” is geen gekende code of benaming\. Gebruik een van: Agent van politie, Basiskader \(inspecteur\)/);
  expect(nl[1]).toMatch(/^\s*4\s*Herkomst \(origin\)\s*De waarde van “Herkomst” is geen gekende code of benaming/);
  expect(nl[2]).toMatch(/^\s*5\s*aantal \(count\)\s*Een aantal kan niet negatief zijn/);
  expect(nl[3]).toMatch(/^\s*6\s*detail\s*Deze indicator heeft een detail nodig: Nieuwe rekruut, Mobiliteit \(inkomend\)/);
  expect(nl[4]).toMatch(/^\s*7\s*gender\s*“Gender” is leeg\. Gebruik “Niet opgegeven” als de persoon het niet heeft opgegeven\./);
  const nlText = nl.join(' ');
  for (const english of ENGLISH) expect(nlText).not.toMatch(english);
  expect(nlText).not.toMatch(/agentx|martian/);
  await expect(page.locator('.problems--error caption').textContent()).resolves.toMatch(/5 fouten: verbeter ze/);
  await expect(page.getByRole('alert').filter({ hasText: 'Het bestand bevat 5 fouten.' }).count()).resolves.toBe(1);
  await screenshot(page, '60-upload-problems-nl.png');

  await page.getByLabel('Taal', { exact: true }).selectOption('fr');
  await page.getByRole('tab', { name: 'Charger un fichier' }).waitFor();
  const fr = await uploadBadFile(page, { file: 'Fichier (CSV ou XLSX)', reason: 'Motif de cette version', preview: 'Aperçu' }, 'gand-erreurs.csv');
  expect(fr).toHaveLength(5);
  expect(fr[0]).toMatch(/^\s*3\s*catégorie \(category\)\s*La valeur de « catégorie » n’est ni un code ni un libellé connu\. Utilisez l’une de : Agent de police, Cadre de base \(inspecteur\)/);
  expect(fr[1]).toMatch(/^\s*4\s*Origine \(origin\)\s*La valeur de « Origine »/);
  expect(fr[2]).toMatch(/^\s*5\s*nombre \(count\)\s*Un nombre ne peut pas être négatif/);
  expect(fr[3]).toMatch(/^\s*6\s*détail \(detail\)\s*Cette mesure demande un détail : Nouvelle recrue/);
  expect(fr[4]).toMatch(/^\s*7\s*Genre \(gender\)\s*« Genre » est vide\. Utilisez « Non déclaré »/);
  const frText = fr.join(' ');
  for (const english of ENGLISH) expect(frText).not.toMatch(english);
  await expect(page.locator('.problems--error caption').textContent()).resolves.toMatch(/5 erreurs : corrigez-les/);
  await screenshot(page, '61-upload-problems-fr.png');
  expect(errors).toEqual([]);
  await page.context().close();
}, 300000);

/** Links of the main navigation whose words break onto a second line. */
async function wrappedNavLinks(page: Page): Promise<string[]> {
  return page.locator('.nav .nav__link').evaluateAll((links) =>
    links
      .filter((link) => {
        const range = document.createRange();
        range.selectNodeContents(link);
        const tops = new Set(Array.from(range.getClientRects(), (r) => Math.round(r.top)));
        return tops.size > 1;
      })
      .map((link) => link.textContent ?? ''),
  );
}

/**
 * Remove buttons of the flows table that do not show whole: cut by their cell or their own width,
 * or covered by the count field of the cell before.
 */
async function clippedRemoveButtons(page: Page): Promise<number> {
  return page.locator('.flows-table tbody td:last-child button').evaluateAll(
    (buttons) =>
      buttons.filter((button) => {
        const cell = button.closest('td')!;
        const cellBox = cell.getBoundingClientRect();
        const box = button.getBoundingClientRect();
        const count = cell.previousElementSibling?.querySelector('input')?.getBoundingClientRect();
        return button.scrollWidth > button.clientWidth + 1 || box.right > cellBox.right + 0.5 || box.left < cellBox.left - 0.5 || (count !== undefined && count.right > box.left);
      }).length,
  );
}

it('at 1280 pixels the navigation keeps each link on one line and the Remove button is whole, in Dutch and French', async () => {
  const { page, errors } = await openAs('admin');
  await page.getByRole('navigation', { name: 'Main navigation' }).waitFor();
  for (const [locale, picker, dataEntry, formTab, addLine] of [
    ['nl', 'Language', 'Gegevensinvoer', 'Formulier', 'Regel toevoegen'],
    ['fr', 'Taal', 'Encodage des données', 'Formulaire', 'Ajouter une ligne'],
  ] as const) {
    await page.getByLabel(picker, { exact: true }).selectOption(locale);
    await page.getByRole('link', { name: dataEntry }).click();
    await page.getByRole('heading', { level: 1, name: dataEntry }).waitFor();
    expect(await page.locator('.nav .nav__link').count()).toBe(8);
    expect({ locale, wrapped: await wrappedNavLinks(page) }).toEqual({ locale, wrapped: [] });
    await page.getByRole('tab', { name: formTab }).click();
    if ((await page.locator('.flows-table tbody tr').count()) === 0) await page.getByRole('button', { name: addLine }).click();
    await page.locator('.flows-table tbody tr').first().waitFor();
    expect({ locale, clipped: await clippedRemoveButtons(page) }).toEqual({ locale, clipped: 0 });
    await page.locator('.flows-table').scrollIntoViewIfNeeded();
    await screenshot(page, `62-layout-${locale}.png`);
    // Close-ups to look at: the header, and the first lines of the flows table with their buttons.
    await page.locator('.topbar').screenshot({ path: path.join(SHOTS, `62-layout-${locale}-header.png`), timeout: 90000 });
    const table = (await page.locator('.flows-table').boundingBox())!;
    await page.screenshot({ path: path.join(SHOTS, `62-layout-${locale}-flows.png`), fullPage: true, clip: { x: Math.max(0, table.x - 8), y: table.y - 8, width: Math.min(table.width + 16, 1280), height: 240 }, timeout: 90000 });
  }
  expect(errors).toEqual([]);
  await page.context().close();
}, 300000);
