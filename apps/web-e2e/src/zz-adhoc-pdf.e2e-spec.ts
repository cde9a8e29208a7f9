import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';
import { BASE, close, launch, openAs } from './browser.js';
beforeAll(launch);
afterAll(close);
it('adhoc: printed report header and page numbers (admin)', async () => {
  const { page } = await openAs('admin');
  await page.getByRole('navigation', { name: 'Main navigation' }).waitFor();
  await page.goto(`${BASE}/report/5415`);
  const report = page.locator('article.qreport');
  await report.locator('.key-figures-table tbody tr').nth(3).waitFor({ timeout: 180000 });
  await page.waitForFunction(() => document.querySelectorAll('article.qreport .loading').length === 0, undefined, { timeout: 120000 });
  await page.emulateMedia({ media: 'print' });
  const pdf = await page.pdf({ format: 'A4' });
  const parsed = await getDocument({ data: new Uint8Array(pdf) }).promise;
  for (let n = 1; n <= parsed.numPages; n++) {
    const text = (await (await parsed.getPage(n)).getTextContent()).items.map((item) => ('str' in item ? item.str : '')).join(' ');
    console.log(n, text.slice(0, 160), '…', text.slice(-60));
  }
  await page.selectOption('.language-picker select', 'fr').catch(() => undefined);
}, 400000);
