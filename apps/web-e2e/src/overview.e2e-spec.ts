// The overview (every zone side by side for one quarter) and the zone page (trends and glass
// ceiling) in a real browser against the real server, as management sees them.
import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { BASE, close, launch, openAs, screenshot } from './browser.js';

beforeAll(launch);
afterAll(close);

const zoneNames = (page: Page) => page.locator('.overview-table tbody th').allTextContents();

it('management compares every zone, sorts, downloads the table, and opens a zone', async () => {
  const { page, errors } = await openAs('management');
  await page.getByRole('link', { name: 'Overview' }).click();
  await page.getByRole('heading', { name: 'Overview' }).waitFor();
  const rows = page.locator('.overview-table tbody tr');
  // Right after start-up the server is still computing the protected tables (disclosure warm-up),
  // so the first national comparison of a fresh server can take a while.
  await rows.nth(4).waitFor({ timeout: 120000 });
  expect(await rows.count()).toBe(5);
  // Zones whose protections are still being computed read "pending"; the page asks again by itself
  // until every zone has its figures (no reload).
  await page.locator('.overview-table').getByText('pending', { exact: true }).first().waitFor({ state: 'detached', timeout: 240000 });
  await expect(page.getByLabel('Quarter').inputValue()).resolves.toMatch(/^\d{4}-Q[1-4]$/);
  await expect(page.getByLabel('Group').inputValue()).resolves.toBe('origin:migration_background');
  // Management sees Antwerpen's (5345) flow figures (published as 4-quarter windows), not "suppressed":
  // the hiring ratio (second column), the promotion impact ratio (third: its base, the feeder
  // categories' headcount, is a cell of management's tables) and retention (fourth) read numbers.
  const antwerpen = page.locator('.overview-table tbody tr', { hasText: '5345' }).locator('td');
  for (const column of [1, 2, 3]) {
    const value = antwerpen.nth(column).locator('.metric__value').first();
    await expect(value.getAttribute('class')).resolves.not.toContain('metric__value--none');
    await expect(value.textContent()).resolves.toMatch(/\d/);
  }

  // The total of every zone is the table's last row (its footer), a row header like the zones':
  // each column a figure, "suppressed" or "pending" — never blank.
  const total = page.locator('.overview-table tfoot tr');
  await expect(total.count()).resolves.toBe(1);
  await expect(total.locator('th[scope="row"]').textContent()).resolves.toBe('All zones (5)');
  for (const column of [0, 1, 2, 3]) {
    await expect(total.locator('td').nth(column).locator('.metric__value').first().textContent()).resolves.toMatch(/\d|suppressed|pending|Too few to conclude|no data/);
  }

  // Target statuses are badges with words, not colour alone.
  const badges = await page.locator('.overview-table .target-badge').allTextContents();
  expect(badges.some((b) => /On track|Off track/.test(b))).toBe(true);
  // Withheld figures are words, never 0.
  expect(await page.locator('.overview-table').getByText(/Too few to conclude|suppressed/).count()).toBeGreaterThan(0);
  await screenshot(page, '06-overview-management.png');

  // Sort by representation: descending first, then ascending.
  const before = await zoneNames(page);
  const sortButton = page.getByRole('button', { name: /^Representation/ });
  await sortButton.click();
  await expect(page.locator('th[aria-sort="descending"]').count()).resolves.toBe(1);
  const descending = await zoneNames(page);
  await sortButton.press('Enter');
  await expect(page.locator('th[aria-sort="ascending"]').count()).resolves.toBe(1);
  const ascending = await zoneNames(page);
  expect(ascending).toEqual([...descending].reverse());
  expect([...descending].sort()).toEqual([...before].sort());
  // Sorting keeps the total in the footer, below the zones.
  await expect(page.locator('.overview-table tfoot th').textContent()).resolves.toBe('All zones (5)');
  const values = (await page.locator('.overview-table tbody tr td:nth-child(2) .metric__value').allTextContents()).map((v) => Number(v.replace(/[^\d.]/g, '')));
  expect(values).toEqual([...values].sort((a, b) => a - b));

  // The filter narrows the rows (the total, of all zones, stays); the CSV holds exactly what is shown.
  await page.getByLabel('Filter zones by name').fill('ghent');
  await expect(rows.count()).resolves.toBe(1);
  await expect(total.count()).resolves.toBe(1);
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download CSV' }).click()]);
  const csv = readFileSync((await download.path())!, 'utf8').replace(/^\uFEFF/, '').trim().split(/\r\n/);
  expect(csv).toHaveLength(3);
  expect(csv[0]).toMatch(/^Zone code,Police zone,Representation,/);
  expect(csv[1]).toMatch(/^5415,Ghent,\d+\.\d%,[\d,"]+/);
  expect(csv[2]).toMatch(/^total,All zones \(5\),(\d+\.\d%|suppressed),/);
  await page.getByLabel('Filter zones by name').fill('');
  await expect(rows.count()).resolves.toBe(5);

  // A zone row opens the zone page.
  await rows.filter({ hasText: 'Antwerp' }).locator('td').first().click();
  await page.waitForURL(/\/zone\/5345/);
  await page.getByRole('heading', { name: /Antwerp/ }).waitFor();
  await page.locator('.recharts-surface').first().waitFor({ timeout: 20000 });
  // Management sees charts for representation and retention; series withheld throughout have words instead.
  expect(await page.locator('.recharts-surface').count()).toBeGreaterThanOrEqual(2);
  expect(await page.getByText('Target trajectory').count()).toBeGreaterThan(0);
  const glass = page.locator('table.glass-ceiling');
  await glass.waitFor();
  expect(await glass.locator('tbody tr').count()).toBeGreaterThanOrEqual(4);
  await expect(glass.locator('caption').textContent()).resolves.toMatch(/Representation of Migration background/);
  // The data table of a chart is one click away.
  const firstDetails = page.locator('.trend details').first();
  await firstDetails.locator('summary').click();
  await expect(firstDetails.locator('tbody tr').count()).resolves.toBe(12);
  await screenshot(page, '07-zone-antwerp.png');
  expect(errors).toEqual([]);
  await page.context().close();
}, 420000);

it('the gap to availability reads the same on the compare page and the zone page: signed percentage points', async () => {
  const { page, errors } = await openAs('admin');
  await page.getByRole('navigation', { name: 'Main navigation' }).waitFor();
  await page.goto(`${BASE}/compare?metric=availability_gap&zones=5415`);
  await page.getByRole('heading', { level: 1, name: 'Compare zones' }).waitFor();
  const gent = page.locator('.data-table tbody tr', { hasText: 'Ghent' });
  await gent.waitFor({ timeout: 120000 });
  // The latest quarter's cell: the value, then its base on a line of its own.
  const onCompare = (await gent.locator('td').last().innerText()).split('\n')[0]!.trim();
  expect(onCompare).toMatch(/^[−+-]\d+\.\d percentage points$/);

  await page.goto(`${BASE}/zone/5415`);
  await page.getByRole('heading', { level: 1, name: /Ghent/ }).waitFor();
  const gap = page.locator('dl.facts dt', { hasText: /^Gap to availability$/ }).locator('xpath=following-sibling::dd[1]');
  await gap.waitFor({ timeout: 120000 });
  expect(((await gap.textContent()) ?? '').trim()).toBe(onCompare);
  expect(errors).toEqual([]);
  await page.context().close();
}, 300000);

it('the zone page has quarter and group pickers, kept in the address and passed on to the report', async () => {
  const { page, errors } = await openAs('admin');
  await page.getByRole('navigation', { name: 'Main navigation' }).waitFor();
  await page.goto(`${BASE}/zone/5415`);
  await page.getByRole('heading', { level: 1, name: /Ghent/ }).waitFor({ timeout: 60000 });
  const quarter = page.getByLabel('Quarter', { exact: true });
  await quarter.waitFor({ timeout: 60000 });
  const latest = await quarter.inputValue();
  const options = await quarter.locator('option').allTextContents();
  expect(options.length).toBeGreaterThan(4);
  const earlier = options[options.indexOf(latest) + 3]!;
  await quarter.selectOption(earlier);
  await page.waitForURL(new RegExp(`period=${earlier}`));
  await page.getByRole('heading', { name: `Glass ceiling, ${earlier}` }).waitFor({ timeout: 60000 });
  await page.getByLabel('Group', { exact: true }).selectOption('origin:non_eu_background');
  await page.waitForURL(/group=origin%3Anon_eu_background/);
  await page.locator('.page__intro', { hasText: 'for Non-EU background' }).waitFor({ timeout: 60000 });
  // The report opens on the same quarter and group.
  await page.getByRole('link', { name: 'Quarterly report' }).click();
  await page.waitForURL(/\/report\/5415/);
  await expect(page.getByLabel('Quarter', { exact: true }).inputValue()).resolves.toBe(earlier);
  await expect(page.getByLabel('Group', { exact: true }).inputValue()).resolves.toBe('origin:non_eu_background');
  expect(errors).toEqual([]);
  await page.context().close();
}, 300000);
