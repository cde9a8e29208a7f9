// The targets page and the quarterly report in a real browser against the real server:
// management creates a target (after the API refused a bad one field by field), edits and deletes
// it; HR sees the targets without changing them; the report of Gent prints on A4 with the comment.
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';
import type { Page } from 'playwright-core';
import { BASE, close, launch, openAs, screenshot, SHOTS } from './browser.js';

beforeAll(launch);
afterAll(close);

interface TargetProgress {
  id: number;
  zone: string;
  metric: string;
  categories: string[];
  group: { dimension: string; code: string };
  current: { status: string } | null;
}

async function api<T>(page: Page, url: string): Promise<T> {
  return page.evaluate(async (u) => {
    const res = await fetch(u, { headers: { Authorization: `Bearer ${localStorage.getItem('equity.token')}` } });
    return res.json();
  }, url) as Promise<T>;
}

const STATUS_WORDS: Record<string, string> = { achieved: 'Achieved', on_track: 'On track', at_risk: 'At risk', off_track: 'Off track', no_data: 'No data' };

it('management creates a target after seeing the errors of a bad one, sees it with its status, edits and deletes it', async () => {
  const { page, errors } = await openAs('management');
  page.setDefaultTimeout(90000); // a shared, busy machine: every figure is computed under disclosure control
  await page.getByRole('link', { name: 'Targets' }).click();
  await page.getByRole('heading', { name: 'Targets', level: 1 }).waitFor();
  const rows = page.locator('table.targets-table > tbody > tr:not(.row--detail)');
  // Right after start-up the server is still computing the protected tables (disclosure warm-up),
  // and every target's progress needs them: the first list of a fresh server can take a while.
  await rows.first().locator('.target-badge').waitFor({ timeout: 180000 });
  const before = await rows.count();
  expect(before).toBe((await api<TargetProgress[]>(page, '/api/v1/targets')).length);

  // A bad target: a share of 150 % and a deadline before the baseline.
  await page.getByRole('button', { name: 'New target' }).click();
  const form = page.locator('.target-form');
  await form.getByRole('heading', { name: 'New target' }).waitFor();
  await form.getByLabel('Police zone').selectOption('5415');
  // A group nobody outside HR and administrators will see figures of says so before it is saved.
  await form.getByLabel('Group').selectOption('age_band:50_plus');
  await form.getByRole('note').getByText(/will never see this target’s values: figures by age band/).waitFor();
  await form.getByLabel('Group').selectOption('gender:female');
  await expect(form.getByRole('note').count()).resolves.toBe(0);
  await form.getByLabel('Metric').selectOption('representation');
  await form.getByLabel('CALog level C').check();
  await form.getByLabel('Target value (%)').fill('150');
  await form.getByLabel('Baseline quarter').fill('2024-Q1');
  await form.getByLabel('Deadline (quarter)').fill('2023-Q4');
  await form.getByLabel('Note').fill('E2E: women in CALog level C');
  await form.getByRole('button', { name: 'Save target' }).click();

  // The API's problems are shown next to the fields they name, and listed together at the top.
  const summary = form.getByRole('alert');
  await summary.waitFor();
  await expect(summary.textContent()).resolves.toMatch(/2 problem/);
  const valueField = form.getByLabel('Target value (%)');
  const deadlineField = form.getByLabel('Deadline (quarter)');
  await expect(valueField.getAttribute('aria-invalid')).resolves.toBe('true');
  await expect(deadlineField.getAttribute('aria-invalid')).resolves.toBe('true');
  await expect(form.locator(`#${await valueField.getAttribute('id')}-error`).textContent()).resolves.toBe('A percentage above 0 and at most 100.');
  await expect(form.locator(`#${await deadlineField.getAttribute('id')}-error`).textContent()).resolves.toBe('The deadline must come after the baseline quarter.');
  await expect(form.getByLabel('Baseline quarter').getAttribute('aria-invalid')).resolves.toBeNull();
  // Nothing the user typed is lost.
  await expect(valueField.inputValue()).resolves.toBe('150');
  await expect(form.getByLabel('Group').inputValue()).resolves.toBe('gender:female');
  await expect(form.getByLabel('CALog level C').isChecked()).resolves.toBe(true);
  await expect(form.getByLabel('Note').inputValue()).resolves.toBe('E2E: women in CALog level C');
  expect(await rows.count()).toBe(before);
  await screenshot(page, '08-targets-form-errors.png');

  // Corrected, it is saved and listed with its status.
  await valueField.fill('70');
  await deadlineField.fill('2027-Q4');
  await form.getByRole('button', { name: 'Save target' }).click();
  await page.getByText('Target saved: Representation of Female in Ghent.').waitFor();
  await expect(rows.count()).resolves.toBe(before + 1);
  const created = (await api<TargetProgress[]>(page, '/api/v1/targets')).find((t) => t.zone === '5415' && t.group.code === 'female');
  expect(created).toMatchObject({ metric: 'representation', categories: ['calog_c'], value: 0.7, baselinePeriod: '2024-Q1', deadlinePeriod: '2027-Q4' });
  const row = rows.filter({ hasText: 'Female' });
  await expect(row.count()).resolves.toBe(1);
  await expect(row.locator('td.col--value .metric__value').textContent()).resolves.toBe('70.0%');
  await expect(row.locator('.target-badge').textContent()).resolves.toContain(STATUS_WORDS[created!.current?.status ?? 'no_data']);
  await expect(row.textContent()).resolves.toContain('CALog level C');

  // Its detail: the chart, the same figures as a table, and a CSV of exactly that table.
  await row.getByRole('button', { name: /Show the trajectory of Representation of Female in Ghent/ }).click();
  const detail = page.locator('tr.row--detail');
  await detail.locator('figure.chart--target .recharts-wrapper').waitFor({ timeout: 20000 });
  const tableRows = await detail.locator('table tbody tr').count();
  expect(tableRows).toBeGreaterThan(8);
  const [download] = await Promise.all([page.waitForEvent('download'), detail.getByRole('button', { name: 'Download these figures (CSV)' }).click()]);
  const csv = readFileSync((await download.path())!, 'utf8').replace(/^\uFEFF/, '').trim().split(/\r\n/);
  expect(csv[0]).toBe('Quarter,Actual value,Trajectory,Gap to trajectory,Status');
  expect(csv).toHaveLength(tableRows + 1);
  expect(csv[1]).toMatch(/^2024-Q1,/);
  await screenshot(page, '09-targets-management.png');

  // Edit: the form opens with the saved values; the change shows in the list.
  await page.getByRole('button', { name: 'Edit target: Representation of Female in Ghent' }).click();
  await form.getByRole('heading', { name: 'Edit target' }).waitFor();
  await expect(form.getByLabel('Target value (%)').inputValue()).resolves.toBe('70');
  await expect(form.getByLabel('CALog level C').isChecked()).resolves.toBe(true);
  await form.getByLabel('Target value (%)').fill('75');
  await form.getByRole('button', { name: 'Save target' }).click();
  await page.getByText('Changes saved: Representation of Female in Ghent.').waitFor();
  await expect(row.locator('td.col--value .metric__value').textContent()).resolves.toBe('75.0%');

  // Delete, after confirming in a dialog.
  await page.getByRole('button', { name: 'Delete target: Representation of Female in Ghent' }).click();
  const dialog = page.getByRole('dialog', { name: 'Delete this target?' });
  await dialog.waitFor();
  await dialog.getByRole('button', { name: 'Delete target' }).click();
  await page.getByText('Target deleted: Representation of Female in Ghent.').waitFor();
  await expect(rows.count()).resolves.toBe(before);
  expect((await api<TargetProgress[]>(page, '/api/v1/targets')).some((t) => t.id === created!.id)).toBe(false);
  expect(errors).toEqual([]);
  await page.context().close();
}, 420000);

it('HR of Gent sees the targets of Gent without create, edit or delete buttons', async () => {
  const { page, errors } = await openAs('hr.gent');
  page.setDefaultTimeout(90000);
  await page.getByRole('link', { name: 'Targets' }).click();
  await page.getByRole('heading', { name: 'Targets', level: 1 }).waitFor();
  const rows = page.locator('table.targets-table > tbody > tr');
  await rows.first().locator('.target-badge').waitFor({ timeout: 180000 });
  const zones = await rows.locator('th').allTextContents();
  expect(zones.length).toBeGreaterThan(0);
  expect(zones.every((z) => z.includes('5415'))).toBe(true);
  await expect(page.getByRole('button', { name: 'New target' }).count()).resolves.toBe(0);
  await expect(page.getByRole('button', { name: /^(Edit|Delete)/ }).count()).resolves.toBe(0);
  await expect(page.getByRole('columnheader', { name: 'Actions' }).count()).resolves.toBe(0);
  await expect(rows.first().textContent()).resolves.toMatch(/Not at this pace|Achieved|—/);
  await screenshot(page, '10-targets-hr-gent.png');
  expect(errors).toEqual([]);
  await page.context().close();
}, 240000);

it('the quarterly report of Gent keeps its comment, prints on A4 without the navigation', async () => {
  const { page, errors } = await openAs('management');
  page.setDefaultTimeout(90000); // a shared, busy machine: every figure is computed under disclosure control
  await page.getByRole('heading', { name: 'Dashboard' }).waitFor();
  const latest = (await api<{ period: string }[]>(page, '/api/v1/zones/5415/returns'))[0]!.period;
  await page.goto(`${BASE}/zone/5415`);
  await page.getByRole('link', { name: 'Quarterly report' }).click();
  await page.waitForURL(/\/report\/5415/);
  const report = page.locator('article.qreport');
  await report.getByRole('heading', { name: `Quarterly report Ghent, ${latest}` }).waitFor({ timeout: 120000 });
  await expect(page.getByLabel('Quarter', { exact: true }).inputValue()).resolves.toBe(latest);
  await report.locator('.key-figures-table tbody tr').nth(3).waitFor({ timeout: 180000 });
  await report.locator('.recharts-surface').first().waitFor({ timeout: 20000 });
  await report.locator('table.glass-ceiling').waitFor();
  await report.locator('.headcount-table table').nth(1).waitFor();
  await page.waitForFunction(() => document.querySelectorAll('article.qreport .loading').length === 0);
  // Withheld figures are marked as in the app, never blank or 0.
  expect(await report.locator('.suppressed').count()).toBeGreaterThan(0);
  await expect(report.locator('.report-targets').textContent()).resolves.toMatch(/Off track|On track|At risk|Achieved|No data/);

  // The comment is kept in this browser for this zone and quarter: it survives a reload.
  const comment = 'Representation falls behind its trajectory.\nManagement asks HR for a recruitment plan by the next quarter.';
  await page.getByLabel(`Comment of management on ${latest}`).fill(comment);
  await page.getByText('Kept in this browser.').waitFor();
  await page.reload();
  await expect(page.getByLabel(`Comment of management on ${latest}`).inputValue()).resolves.toBe(comment);
  await report.locator('.recharts-surface').first().waitFor({ timeout: 20000 });
  await page.waitForFunction(() => document.querySelectorAll('article.qreport .loading').length === 0);

  // The button prints (window.print), and the page is ready for it.
  await page.evaluate(() => {
    (window as unknown as { printed: number }).printed = 0;
    window.print = () => {
      (window as unknown as { printed: number }).printed += 1;
    };
  });
  await page.getByRole('button', { name: 'Print / save as PDF' }).click();
  await expect(page.evaluate(() => (window as unknown as { printed: number }).printed)).resolves.toBe(1);
  await screenshot(page, '11-report-gent.png');

  // In print: no navigation, header, buttons or language picker; the comment as typed.
  await page.emulateMedia({ media: 'print' });
  await expect(page.locator('header.topbar').isVisible()).resolves.toBe(false);
  await expect(page.getByRole('navigation').isVisible()).resolves.toBe(false);
  await expect(page.getByRole('button', { name: 'Print / save as PDF' }).isVisible()).resolves.toBe(false);
  await expect(page.locator('.language-picker').first().isVisible()).resolves.toBe(false);
  await expect(page.getByLabel(`Comment of management on ${latest}`).isVisible()).resolves.toBe(false);
  const printed = report.locator('.qreport__comment');
  await expect(printed.isVisible()).resolves.toBe(true);
  await expect(printed.textContent()).resolves.toBe(comment);
  // Charts keep the width they have on screen, which fits the A4 text width (180 mm ≈ 680 px).
  const widest = await report.locator('.recharts-surface').evaluateAll((svgs) => Math.max(...svgs.map((s) => s.getBoundingClientRect().width)));
  expect(widest).toBeLessThanOrEqual(681);
  await screenshot(page, '12-report-gent-print.png');

  const pdf = await page.pdf({ format: 'A4' });
  writeFileSync(path.join(SHOTS, '13-report-gent.pdf'), pdf);
  const pages = (pdf.toString('latin1').match(/\/Type\s*\/Page\b/g) ?? []).length;
  expect(pages).toBeGreaterThanOrEqual(2);
  expect(pages).toBeLessThanOrEqual(4);
  // Every printed page has the running header (zone, quarter, when generated) and its number, read
  // back from the PDF by an independent parser (pdf.js).
  const parsed = await getDocument({ data: new Uint8Array(pdf) }).promise;
  expect(parsed.numPages).toBe(pages);
  for (let n = 1; n <= parsed.numPages; n++) {
    const text = (await (await parsed.getPage(n)).getTextContent()).items.map((item) => ('str' in item ? item.str : '')).join(' ');
    expect(text).toMatch(new RegExp(`5415 Ghent · ${latest} · generated on \\d`));
    expect(text).toContain(`Page ${n} of ${parsed.numPages}`);
  }
  expect(errors).toEqual([]);
  await page.context().close();
}, 420000);
