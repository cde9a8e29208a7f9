// The self-identification survey in a real browser: HR opens a campaign and gets its slips once;
// the slips print to A4, two to a page; staff answer on a phone-sized screen without an account, in Dutch, French and English; a code
// comes back to change and withdraw its answer; results appear only after HR closes the survey, and
// with fewer answers than k not even HR sees them.
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';
import { type Browser, chromium, type Page } from 'playwright-core';
import { BASE, close, launch, openAs, screenshot, SHOTS, wcagProblems } from './browser.js';

let phone: Browser;

const jsQrSource = readFileSync(createRequire(import.meta.url).resolve('jsqr/dist/jsQR.js'), 'utf8');

/** What a phone reads from a slip's QR code: the SVG drawn on a canvas and decoded by jsQR (an independent reader). */
async function readQrCode(page: Page, selector: string): Promise<string | null> {
  await page.evaluate(jsQrSource);
  return page.evaluate(async (sel) => {
    const svg = document.querySelector(sel)!;
    const image = new Image();
    image.src = `data:image/svg+xml;charset=utf-8,${encodeURIComponent(new XMLSerializer().serializeToString(svg))}`;
    await image.decode();
    const canvas = document.createElement('canvas');
    canvas.width = canvas.height = 400;
    const context = canvas.getContext('2d')!;
    context.drawImage(image, 0, 0, 400, 400);
    const data = context.getImageData(0, 0, 400, 400);
    const read = (window as unknown as { jsQR: (d: Uint8ClampedArray, w: number, h: number) => { data: string } | null }).jsQR(data.data, 400, 400);
    return read?.data ?? null;
  }, selector);
}

beforeAll(async () => {
  await launch();
  phone = await chromium.launch({
    executablePath: process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
});
afterAll(async () => {
  await phone.close();
  await close();
});

const PHONE = { width: 390, height: 844 };

/** A fresh, signed-out phone-sized browser on the public survey page (or `address`) in one language. */
async function surveyPage(locale: 'nl' | 'fr' | 'en', address = `${BASE}/survey`): Promise<{ page: Page; errors: string[] }> {
  const context = await phone.newContext({ viewport: PHONE, isMobile: true, hasTouch: true, locale });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(address);
  await page.locator('.language-picker select').selectOption(locale);
  return { page, errors };
}

it('HR opens a survey and gets its codes once; staff answer in three languages; results after close', async () => {
  // ---- HR opens a campaign ------------------------------------------------------------------
  const { page: hr, errors: hrErrors } = await openAs('hr.gent');
  hr.on('dialog', (d) => void d.accept());
  await hr.getByRole('link', { name: 'Surveys' }).click();
  await hr.getByRole('heading', { name: 'Self-identification surveys' }).waitFor();
  await hr.getByLabel('Number of invitations (codes)').fill('4');
  await hr.getByLabel('Disability').check();
  await hr.getByRole('button', { name: 'Open the survey and make the codes' }).click();
  await hr.getByText('These codes are shown only now').waitFor();
  const codes = await hr.locator('.slip [data-code]').allTextContents();
  expect(codes).toHaveLength(4);
  for (const c of codes) expect(c).toMatch(/^[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4}$/);
  // Every slip explains itself in the three languages and gives the address.
  const slip = hr.locator('.slip').first();
  await expect(slip.locator('[lang="nl"]').textContent()).resolves.toContain('Anoniem en vrijwillig');
  await expect(slip.locator('[lang="fr"]').textContent()).resolves.toContain('Anonyme et volontaire');
  await expect(slip.locator('[lang="en"]').textContent()).resolves.toContain('Anonymous and voluntary');
  await expect(slip.textContent()).resolves.toContain(`${BASE}/survey`);
  // Its QR code opens the survey page with the code in the fragment (never sent to the server).
  expect(await readQrCode(hr, '.slip .slip__qr')).toBe(`${BASE}/survey#code=${codes[0]}`);
  // No "mail merge": a plain list for printing only, with the warning beside it.
  expect(await hr.getByText(/mail merge/i).count()).toBe(0);
  await hr.getByText('never put names next to the codes').waitFor();
  await screenshot(hr, '30-survey-codes.png');
  expect(await wcagProblems(hr)).toEqual([]);
  await hr.emulateMedia({ media: 'print' });
  await screenshot(hr, '31-survey-slips-print.png');
  expect(await hr.getByRole('button', { name: 'Print the slips' }).isVisible()).toBe(false);
  // The slips as printed to PDF (A4), read back by an independent parser (pdf.js): two slips to a
  // page, none cut across a page break — each page holds whole slips, each with its code, the
  // address and the three languages' texts — and nothing of the screen around them.
  const pdf = await hr.pdf({ format: 'A4' });
  writeFileSync(path.join(SHOTS, '31-survey-slips.pdf'), pdf);
  const parsed = await getDocument({ data: new Uint8Array(pdf) }).promise;
  expect(parsed.numPages).toBe(Math.ceil(codes.length / 2));
  let printedText = '';
  for (let n = 1; n <= parsed.numPages; n++) {
    const text = (await (await parsed.getPage(n)).getTextContent()).items.map((item) => ('str' in item ? item.str : '')).join(' ');
    const onPage = codes.filter((c) => text.includes(c)).length;
    expect(onPage).toBe(n < parsed.numPages ? 2 : codes.length - 2 * (n - 1));
    for (const words of [`${BASE}/survey`, 'Anoniem en vrijwillig', 'Anonyme et volontaire', 'Anonymous and voluntary']) expect(text.split(words).length - 1).toBe(onPage);
    printedText += `${text}\n`;
  }
  for (const c of codes) expect(printedText).toContain(c);
  expect(printedText).not.toMatch(/Print the slips|Download a plain list|Main navigation|Log out/);
  await hr.emulateMedia({ media: 'screen' });
  const [download] = await Promise.all([hr.waitForEvent('download'), hr.getByRole('button', { name: 'Download a plain list of the codes (for printing only)' }).click()]);
  const csv = readFileSync((await download.path())!, 'utf8').trim().split(/\r\n/);
  expect(csv[0]).toBe('code,survey_url,answer_by');
  expect(csv.slice(1).map((l) => l.split(',')[0])).toEqual(codes);
  await hr.getByRole('button', { name: 'I have printed or saved the codes' }).click();
  await hr.getByRole('heading', { name: 'Surveys of this zone' }).waitFor();
  expect(await hr.locator('.slip').count()).toBe(0);
  // While open: no response count.
  const row = hr.locator('tbody tr').first();
  await expect(row.textContent()).resolves.toContain('hidden until closed');

  // ---- Dutch: a wrong code, then an answer with two origins --------------------------------
  const nl = await surveyPage('nl');
  await nl.page.getByRole('heading', { name: 'Bevraging over diversiteit van het personeel' }).waitFor();
  await nl.page.getByText('Antwoorden is vrijwillig').waitFor();
  expect(await wcagProblems(nl.page)).toEqual([]);
  expect(await nl.page.evaluate(() => document.documentElement.lang)).toBe('nl');
  // On a phone the code field is on the first screen, above the explanations.
  const field = await nl.page.getByLabel('Uw code (op uw strookje)').boundingBox();
  expect(field!.y + field!.height).toBeLessThan(PHONE.height);
  await nl.page.getByLabel('Uw code (op uw strookje)').fill('AAAA-BBBB-CCCC');
  await nl.page.getByRole('button', { name: 'Verder' }).click();
  await nl.page.getByText('Deze code is niet bekend').waitFor();
  await screenshot(nl.page, '32-survey-nl-unknown-code.png');
  await nl.page.getByLabel('Uw code (op uw strookje)').fill(codes[0]!.toLowerCase());
  await nl.page.getByRole('button', { name: 'Verder' }).click();
  await nl.page.getByRole('heading', { name: /Bevraging van/ }).waitFor();
  await nl.page.getByLabel('Uw personeelscategorie').selectOption('basic');
  await nl.page.getByRole('group', { name: 'Gender' }).getByLabel('Vrouw').check();
  const origin = nl.page.getByRole('group', { name: 'Herkomst' });
  await origin.getByLabel('Belg van EU-herkomst').check();
  await origin.getByLabel('Belg van niet-EU-herkomst').check();
  // Every question offers "prefer not to say".
  for (const group of ['Gender', 'Herkomst', 'Handicap']) expect(await nl.page.getByRole('group', { name: group }).getByLabel('Zeg ik liever niet').count()).toBe(1);
  await screenshot(nl.page, '33-survey-nl-form.png');
  expect(await wcagProblems(nl.page)).toEqual([]);
  await nl.page.getByRole('button', { name: 'Mijn antwoord bewaren' }).click();
  await nl.page.getByText('Bedankt: uw antwoord is bewaard.').waitFor();
  expect(await nl.page.context().cookies()).toEqual([]);
  await screenshot(nl.page, '34-survey-nl-saved.png');
  expect(nl.errors).toEqual([]);

  // ---- French: prefer not to say, everywhere -------------------------------------------------
  const fr = await surveyPage('fr');
  await fr.page.getByRole('heading', { name: 'Enquête sur la diversité du personnel' }).waitFor();
  await fr.page.getByLabel('Votre code (sur votre billet)').fill(codes[1]!.replace(/-/g, ' '));
  await fr.page.getByRole('button', { name: 'Continuer' }).click();
  await fr.page.getByRole('heading', { name: /Enquête de/ }).waitFor();
  for (const group of ['Genre', 'Origine', 'Handicap']) await fr.page.getByRole('group', { name: group }).getByLabel('Je préfère ne pas répondre').check();
  await screenshot(fr.page, '35-survey-fr-form.png');
  await fr.page.getByRole('button', { name: 'Enregistrer ma réponse' }).click();
  await fr.page.getByText('Merci : votre réponse est enregistrée.').waitFor();
  expect(fr.errors).toEqual([]);

  // ---- English: opened from the slip's QR code; answer, come back, change, withdraw ------------
  const en = await surveyPage('en', `${BASE}/survey#code=${codes[2]}`);
  en.page.on('dialog', (d) => void d.accept());
  await en.page.getByRole('heading', { name: 'Staff diversity survey' }).waitFor();
  // The code is filled in, and already gone from the address (and so from the history).
  await expect(en.page.getByLabel('Your code (on your slip)').inputValue()).resolves.toBe(codes[2]);
  expect(await en.page.evaluate(() => window.location.href)).toBe(`${BASE}/survey`);
  await screenshot(en.page, '36a-survey-en-from-qr.png');
  await en.page.getByRole('button', { name: 'Continue' }).click();
  await en.page.getByLabel('Your staff category').selectOption('middle');
  await en.page.getByRole('group', { name: 'Gender' }).getByLabel('Male', { exact: true }).check();
  await en.page.getByRole('group', { name: 'Origin' }).getByLabel('Belgian of Belgian origin').check();
  await en.page.getByRole('button', { name: 'Save my answer' }).click();
  await en.page.getByText('Thank you: your answer is saved.').waitFor();
  await en.page.getByRole('button', { name: 'Change my answer' }).click();
  await en.page.getByText('You answered before with this code').waitFor();
  await expect(en.page.getByLabel('Your staff category').inputValue()).resolves.toBe('middle');
  expect(await en.page.getByRole('group', { name: 'Origin' }).getByLabel('Belgian of Belgian origin').isChecked()).toBe(true);
  await screenshot(en.page, '36-survey-en-returning.png');
  await en.page.getByRole('button', { name: 'Withdraw my answer' }).click();
  await en.page.getByText('Your answer has been withdrawn and deleted.').waitFor();
  await en.page.getByRole('button', { name: 'Finish' }).click();
  await en.page.getByText('You can close this page now.').waitFor();
  expect(en.errors).toEqual([]);

  // ---- HR closes the survey: two answers, fewer than k — no results, to HR either -----------------
  await hr.reload();
  await hr.getByRole('button', { name: 'Close now' }).first().click();
  await hr.getByRole('heading', { name: /Results of survey/ }).waitFor();
  await hr.getByText('Too few answers to show results').waitFor();
  await hr.getByText(/Fewer than 10 people answered this survey \(4 invitations\)/).waitFor();
  expect(await hr.locator('table', { has: hr.locator('caption', { hasText: /^Origin/ }) }).count()).toBe(0);
  await expect(hr.locator('tbody tr').first().textContent()).resolves.toContain('fewer than 10');
  await expect(hr.locator('body').textContent()).resolves.not.toMatch(/2 responses|response rate 50/);
  await screenshot(hr, '37-survey-results-hr.png');
  expect(await wcagProblems(hr)).toEqual([]);

  // A closed survey tells the respondent so, in their language.
  const late = await surveyPage('fr');
  await late.page.getByLabel('Votre code (sur votre billet)').fill(codes[3]!);
  await late.page.getByRole('button', { name: 'Continuer' }).click();
  await late.page.getByText(/Cette enquête est close depuis le/).waitFor();
  expect(hrErrors).toEqual([]);
}, 180000); // a whole campaign in four browsers; the QR code is decoded on a canvas
