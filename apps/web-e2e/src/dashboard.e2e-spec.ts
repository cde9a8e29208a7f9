// The dashboard in a real browser (Debian's Chromium through playwright-core) against the real
// server started in globalSetup: login, the headcount tables and charts, disclosure control as
// management sees it, and the HR upload flow with its row-by-row errors.
import path from 'node:path';
import type { Page } from 'playwright-core';
import { close, launch, openAs, screenshot, SHOTS } from './browser.js';

beforeAll(launch);
afterAll(close);

async function api<T>(page: Page, url: string): Promise<T> {
  return page.evaluate(async (u) => {
    const res = await fetch(u, { headers: { Authorization: `Bearer ${localStorage.getItem('equity.token')}` } });
    return res.json();
  }, url) as Promise<T>;
}

it('refuses a wrong password in words', async () => {
  const { page } = await openAs('hr.gent', 'not-the-password');
  await expect(page.getByRole('alert').textContent()).resolves.toMatch(/user name or password is incorrect/);
  await page.screenshot({ path: path.join(SHOTS, '01-login-error.png') });
  await page.context().close();
});

it('HR of Gent sees only Gent, with the headcount table and chart matching the API', async () => {
  const { page, errors } = await openAs('hr.gent');
  await page.getByRole('heading', { name: 'Dashboard' }).waitFor();
  await page.getByLabel('Police zone').locator('option').first().waitFor({ state: 'attached' });
  const zones = await page.getByLabel('Police zone').locator('option').allTextContents();
  expect(zones).toEqual([expect.stringMatching(/^5415/)]);
  await page.locator('.recharts-surface').first().waitFor({ timeout: 20000 });
  const returns = await api<{ period: string }[]>(page, '/api/v1/zones/5415/returns');
  const breakdown = await api<{ total: number }>(page, `/api/v1/zones/5415/returns/${returns[0]!.period}/breakdown?dimension=origin`);
  const table = page.locator('table').first();
  const lastRow = table.locator('tfoot tr, tbody tr').last();
  const cells = await lastRow.locator('td, th').allTextContents();
  expect(cells.at(-1)!.replace(/[^\d]/g, '')).toBe(String(breakdown.total));
  await screenshot(page, '02-dashboard-hr-gent.png');
  expect(errors).toEqual([]);
  await page.context().close();
});

it('management sees every zone, and no count from 1 to 4 in any table', async () => {
  const { page, errors } = await openAs('management');
  await page.getByRole('heading', { name: 'Dashboard' }).waitFor();
  const options = page.getByLabel('Police zone').locator('option');
  await options.nth(4).waitFor({ state: 'attached' });
  expect(await options.count()).toBe(5);
  await page.locator('table tbody tr').first().waitFor();
  const numbers = (await page.locator('table tbody td').allTextContents()).map((t) => t.trim()).filter((t) => /^[\d,]+$/.test(t)).map((t) => Number(t.replace(/,/g, '')));
  expect(numbers.length).toBeGreaterThan(20);
  expect(numbers.filter((n) => n > 0 && n < 5)).toEqual([]);
  expect(await page.getByText('suppressed', { exact: true }).count()).toBeGreaterThan(0);
  await screenshot(page, '03-dashboard-management.png');
  expect(errors).toEqual([]);
  await page.context().close();
});

it('HR uploads a bad file, sees every error with its row, and nothing is saved', async () => {
  const { page, errors } = await openAs('hr.gent');
  await page.getByRole('link', { name: 'Data entry' }).click();
  await page.getByRole('heading', { name: 'Data entry' }).waitFor();
  const returns = await api<{ period: string; currentRevision: number }[]>(page, '/api/v1/zones/5415/returns');
  await page.getByRole('tab', { name: 'Upload a file' }).click();
  const csv = [
    'measure,detail,category,gender,origin,count',
    'headcount,,agent,female,be_be,12',
    'headcount,,agentx,male,be_be,5',
    'headcount,,basic,male,martian,3',
    'headcount,,basic,female,be_be,-2',
    'hires,,basic,female,be_be,1',
  ].join('\n');
  await page.getByLabel('File (CSV or XLSX)').setInputFiles({ name: 'gent-bad.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
  await page.getByLabel('Reason for this revision').fill('Correction after audit');
  await page.getByRole('button', { name: 'Preview' }).click();
  const problems = page.locator('.problems').first();
  await problems.waitFor();
  const rows = await problems.locator('tbody tr').allTextContents();
  expect(rows).toHaveLength(4);
  // What was typed is not quoted back: the message says what the column expects.
  expect(rows[0]).toMatch(/^\s*3\s*category.*is not one of the known codes or labels/);
  expect(rows[1]).toMatch(/^\s*4\s*origin.*is not one of the known codes or labels/);
  expect(rows.join(' ')).not.toMatch(/agentx|martian/);
  await expect(problems.locator('thead th').allTextContents()).resolves.toEqual(['Row', 'Column', 'Problem']);
  expect(rows[2]).toMatch(/^\s*5\s*count.*cannot be negative/);
  // The expected details by their names in the interface's language (the server sends their codes).
  expect(rows[3]).toMatch(/^\s*6\s*detail.*New recruit, Transfer in \(mobility\)/);
  await expect(page.getByRole('button', { name: 'Submit as new revision' }).isDisabled()).resolves.toBe(true);
  await screenshot(page, '04-upload-errors.png');
  const after = await api<{ period: string; currentRevision: number }[]>(page, '/api/v1/zones/5415/returns');
  expect(after[0]!.currentRevision).toBe(returns[0]!.currentRevision);
  expect(errors).toEqual([]);
  await page.context().close();
});

it('HR uploads a file with more bad rows than are listed: the first are shown, the rest counted', async () => {
  const { page, errors } = await openAs('hr.gent');
  await page.getByRole('link', { name: 'Data entry' }).click();
  await page.getByRole('heading', { name: 'Data entry' }).waitFor();
  await page.getByRole('tab', { name: 'Upload a file' }).click();
  const badRows = (n: number) =>
    ['measure,detail,category,gender,origin,count', ...Array.from({ length: n }, (_, i) => `headcount,,nobody${i},female,be_be,1`)].join('\n');
  const preview = async (name: string, csv: string) => {
    await page.getByLabel('File (CSV or XLSX)').setInputFiles({ name, mimeType: 'text/csv', buffer: Buffer.from(csv) });
    await page.getByRole('button', { name: 'Preview' }).click();
    await page.getByText(`Preview of ${name}`).waitFor();
  };
  // The server of these tests lists E2E_MAX_PROBLEMS (25) problems.
  await preview('many-bad.csv', badRows(40));
  const problems = page.locator('.problems--error');
  expect(await problems.locator('tbody tr').count()).toBe(25);
  await expect(problems.locator('.problems__more').textContent()).resolves.toBe('…and 15 more problems, not listed: correct those above and check again to see them.');
  await expect(page.getByRole('alert').filter({ hasText: 'The file has 40 errors.' }).count()).resolves.toBe(1);
  await screenshot(page, '04b-upload-more-problems.png');
  // One more than listed: the singular.
  await preview('one-more.csv', badRows(26));
  await expect(page.locator('.problems--error .problems__more').textContent()).resolves.toMatch(/^…and 1 more problem, not listed/);
  // Within the cap: no such line.
  await preview('few-bad.csv', badRows(3));
  expect(await page.locator('.problems--error tbody tr').count()).toBe(3);
  expect(await page.locator('.problems__more').count()).toBe(0);
  expect(errors).toEqual([]);
  await page.context().close();
});

it('HR uploads a file past the row limit: the refusal is said in words, not a generic failure', async () => {
  const { page, errors } = await openAs('hr.gent');
  await page.getByRole('link', { name: 'Data entry' }).click();
  await page.getByRole('heading', { name: 'Data entry' }).waitFor();
  await page.getByRole('tab', { name: 'Upload a file' }).click();
  const csv = ['measure,detail,category,gender,origin,count', ...Array.from({ length: 50_001 }, () => 'headcount,,basic,female,be_be,1')].join('\n');
  await page.getByLabel('File (CSV or XLSX)').setInputFiles({ name: 'huge.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
  const [response] = await Promise.all([
    page.waitForResponse((r) => r.url().includes('/upload') && r.request().method() === 'POST'),
    page.getByRole('button', { name: 'Preview' }).click(),
  ]);
  expect(response.status()).toBe(413);
  const body = (await response.json()) as { errors: { code: string; message: string; params?: { max?: number } }[] };
  expect(body.errors[0]).toMatchObject({ code: 'too_many_rows', params: { max: 50_000 } });
  expect(body.errors[0]!.message).toMatch(/more than 50,000 data rows/);
  // The dashboard writes the refusal from its code and limit, in the interface's language.
  const alert = page.getByRole('alert').filter({ hasText: 'The file is too large to read (huge.csv)' });
  await alert.waitFor();
  await expect(alert.textContent()).resolves.toContain('The file has more than 50,000 data rows. Check that the sheet holds one zone and one quarter, or split it.');
  await screenshot(page, '04c-upload-too-large.png');
  expect(errors).toEqual([]);
  await page.context().close();
});

it('HR submits a corrected file: it becomes a new revision and the old one stays in the history', async () => {
  const { page, errors } = await openAs('hr.gent');
  await page.getByRole('link', { name: 'Data entry' }).click();
  await page.getByRole('heading', { name: 'Data entry' }).waitFor();
  const before = await api<{ period: string; currentRevision: number; status: string }[]>(page, '/api/v1/zones/5415/returns');
  const open = before.find((r) => r.status === 'open')!;
  await page.getByLabel('Quarter', { exact: true }).selectOption({ value: open.period });
  await page.getByRole('tab', { name: 'Upload a file' }).click();
  const csv = 'measure;detail;category;gender;origin;count\nheadcount;;basic;female;be_be;40\nheadcount;;basic;male;be_non_eu;12\nheadcount;;basic;total;total;52\n';
  await page.getByLabel('File (CSV or XLSX)').setInputFiles({ name: 'gent.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
  await page.getByLabel('Reason for this revision').fill('Browser test correction');
  await page.getByRole('button', { name: 'Preview' }).click();
  await page.getByText('Preview of gent.csv').waitFor();
  const [response] = await Promise.all([
    page.waitForResponse((r) => r.url().includes('/upload') && r.request().method() === 'POST'),
    page.getByRole('button', { name: 'Submit as new revision' }).and(page.locator(':enabled')).click(),
  ]);
  expect(response.status()).toBe(200);
  // The confirmation follows the refetch of the zone's data, which waits behind the server's warm-up on a busy machine.
  await page.getByText(`Saved as revision ${open.currentRevision + 1}.`).waitFor({ timeout: 90000 });
  await page.getByRole('tab', { name: 'Revision history' }).click();
  await page.getByText('Browser test correction').waitFor();
  const history = await api<{ number: number; reason: string }[]>(page, `/api/v1/zones/5415/returns/${open.period}/revisions`);
  expect(history.map((r) => r.number)).toEqual([open.currentRevision + 1, open.currentRevision]);
  await screenshot(page, '05-revision-history.png');
  expect(errors).toEqual([]);
  await page.context().close();
}, 180000);
