// Every page as every role sees it, checked for WCAG 2.1 A/AA problems with axe-core; the
// interface in Dutch and French; the compare-zones page. Screenshots go to screenshots/.
import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { BASE, close, launch, openAs, screenshot, wcagProblems } from './browser.js';

beforeAll(launch);
afterAll(close);

/** Opens a page, waits for its heading and for loading to end, and returns what axe finds. */
async function visit(page: Page, url: string, heading: RegExp | string, shot: string): Promise<string[]> {
  await page.goto(`${BASE}${url}`);
  await page.getByRole('heading', { level: 1, name: heading }).waitFor({ timeout: 120000 });
  // Wait until nothing is loading any more (the first protected tables of a fresh server take a while).
  await page.waitForFunction(() => document.querySelectorAll('.loading').length === 0, undefined, { timeout: 120000 });
  expect(await page.getByText('Something went wrong').count()).toBe(0);
  await screenshot(page, shot);
  return wcagProblems(page);
}

const PAGES: Record<string, { url: string; heading: RegExp | string }[]> = {
  admin: [
    { url: '/', heading: /Headcount|Dashboard/ },
    { url: '/overview', heading: 'Overview' },
    { url: '/compare', heading: 'Compare zones' },
    { url: '/zone/5415', heading: /Ghent/ },
    { url: '/data-entry', heading: /Data entry/ },
    { url: '/surveys', heading: 'Self-identification surveys' },
    { url: '/exports', heading: 'Export data' },
  ],
  'hr.gent': [
    { url: '/', heading: /Headcount|Dashboard/ },
    { url: '/zone/5415', heading: /Ghent/ },
    { url: '/data-entry', heading: /Data entry/ },
    { url: '/surveys', heading: 'Self-identification surveys' },
  ],
  management: [
    { url: '/', heading: /Headcount|Dashboard/ },
    { url: '/overview', heading: 'Overview' },
    { url: '/compare', heading: 'Compare zones' },
    { url: '/zone/5345', heading: /Antwerp/ },
    { url: '/surveys?zone=5345', heading: 'Self-identification surveys' },
  ],
  researcher: [
    { url: '/', heading: /Headcount|Dashboard/ },
    { url: '/overview', heading: 'Overview' },
    { url: '/compare', heading: 'Compare zones' },
    { url: '/zone/5330', heading: /Charleroi/ },
    { url: '/exports', heading: 'Export data' },
  ],
};

it.each(Object.keys(PAGES))('%s: every page opens without an error and without WCAG 2.1 AA problems', async (user) => {
  const { page, errors } = await openAs(user);
  await page.getByRole('navigation', { name: 'Main navigation' }).waitFor();
  const problems: string[] = [];
  for (const [i, p] of PAGES[user]!.entries()) {
    for (const problem of await visit(page, p.url, p.heading, `20-${user}-${i + 1}${p.url.replace(/\W+/g, '-')}.png`)) problems.push(`${p.url}: ${problem}`);
  }
  expect(problems).toEqual([]);
  expect(errors).toEqual([]);
  await page.context().close();
}, 600000);

it('HR of Gent does not see the data entry of other zones, and management has no data entry', async () => {
  const hr = await openAs('hr.gent');
  await hr.page.getByRole('navigation', { name: 'Main navigation' }).waitFor();
  expect(await hr.page.getByRole('link', { name: 'Data entry' }).count()).toBe(1);
  // Control: the accessibility check does see a problem when there is one.
  await hr.page.evaluate(() => document.querySelector('main')?.append(Object.assign(document.createElement('img'), { src: 'data:image/gif;base64,R0lGODlhAQABAAAAACw=' })));
  expect((await wcagProblems(hr.page)).some((p) => p.startsWith('image-alt'))).toBe(true);
  await hr.page.context().close();
  const management = await openAs('management');
  await management.page.getByRole('navigation', { name: 'Main navigation' }).waitFor();
  expect(await management.page.getByRole('link', { name: 'Data entry' }).count()).toBe(0);
  await management.page.context().close();
});

it('the interface switches to Dutch and French: words, profile names, numbers and the page language', async () => {
  const { page, errors } = await openAs('management');
  await page.getByRole('navigation', { name: 'Main navigation' }).waitFor();
  await page.goto(`${BASE}/overview`);
  await page.locator('.overview-table tbody tr').nth(4).waitFor({ timeout: 120000 });

  await page.getByLabel('Language', { exact: true }).selectOption('nl');
  await page.getByRole('heading', { level: 1, name: 'Overzicht' }).waitFor();
  expect(await page.evaluate(() => document.documentElement.lang)).toBe('nl');
  expect(await page.getByRole('link', { name: 'Zones vergelijken' }).count()).toBe(1);
  // Percentages in Belgian Dutch: decimal comma.
  expect(await page.locator('.overview-table').innerText()).toMatch(/\d+,\d\s?%/);
  await screenshot(page, '21-overview-nl.png');
  // Category names come from the profile, in Dutch.
  await page.goto(`${BASE}/`);
  await page.getByRole('heading', { level: 1 }).waitFor();
  await page.waitForFunction(() => document.querySelectorAll('.loading').length === 0, undefined, { timeout: 120000 });
  expect(await page.locator('main').innerText()).toMatch(/Basiskader|basiskader/);

  await page.getByLabel('Taal', { exact: true }).selectOption('fr');
  await page.getByRole('link', { name: 'Comparer les zones' }).waitFor();
  expect(await page.evaluate(() => document.documentElement.lang)).toBe('fr');
  expect(await page.locator('main').innerText()).toMatch(/Cadre de base|cadre de base/);
  await screenshot(page, '22-dashboard-fr.png');

  // The choice is remembered.
  await page.reload();
  await page.getByRole('link', { name: 'Comparer les zones' }).waitFor();
  await page.getByLabel('Langue', { exact: true }).selectOption('en');
  await page.getByRole('link', { name: 'Compare zones' }).waitFor();
  expect(errors).toEqual([]);
  await page.context().close();
}, 300000);

it('management compares three zones on one figure: chart, table and CSV agree', async () => {
  const { page, errors } = await openAs('management');
  await page.getByRole('navigation', { name: 'Main navigation' }).waitFor();
  await page.getByRole('link', { name: 'Compare zones' }).click();
  await page.getByRole('heading', { level: 1, name: 'Compare zones' }).waitFor();
  // Each choice goes into the address; wait for it before the next, as a person would see it.
  await page.getByLabel('Figure').selectOption('declaration_rate');
  await page.waitForURL(/metric=declaration_rate/);
  await page.getByRole('checkbox', { name: 'Charleroi' }).uncheck();
  await page.waitForURL(/zones=/);
  await page.getByRole('checkbox', { name: /Ixelles/ }).uncheck();
  const rows = page.locator('.data-table tbody tr');
  await page.waitForFunction(() => document.querySelectorAll('.data-table tbody tr').length === 3, undefined, { timeout: 120000 });
  expect(await rows.count()).toBe(3);
  await page.locator('.chart--compare .recharts-line').first().waitFor();
  expect(await page.locator('.chart--compare .recharts-line').count()).toBe(3);
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download this table (CSV)' }).click()]);
  const csv = readFileSync((await download.path())!, 'utf8').replace(/^\uFEFF/, '').trim().split(/\r\n/);
  expect(csv).toHaveLength(4);
  expect(csv[0]).toMatch(/^Zone code,Police zone,\d{4}-Q[1-4],Base \d{4}-Q[1-4],/);
  expect(csv.slice(1).map((l) => l.split(',')[0]).sort()).toEqual(['5344', '5345', '5415']);
  expect(page.url()).toMatch(/metric=declaration_rate/);
  await screenshot(page, '23-compare-management.png');
  expect(errors).toEqual([]);
  await page.context().close();
}, 300000);

it('on a tablet (768 × 1024) the pages fit the screen width', async () => {
  const { page, errors } = await openAs('management');
  await page.getByRole('navigation', { name: 'Main navigation' }).waitFor();
  await page.setViewportSize({ width: 768, height: 1024 });
  for (const [url, heading] of [
    ['/', /Headcount|Dashboard/],
    ['/overview', 'Overview'],
    ['/compare', 'Compare zones'],
    ['/zone/5415', /Ghent/],
  ] as const) {
    await page.goto(`${BASE}${url}`);
    await page.getByRole('heading', { level: 1, name: heading }).waitFor({ timeout: 120000 });
    await page.waitForFunction(() => document.querySelectorAll('.loading').length === 0, undefined, { timeout: 120000 });
    // Wide tables scroll inside their own box; the page itself never scrolls sideways.
    expect({ url, width: await page.evaluate(() => document.documentElement.scrollWidth) }).toEqual({ url, width: 768 });
    await screenshot(page, `24-tablet${url.replace(/\W+/g, '-')}.png`);
  }
  expect(errors).toEqual([]);
  await page.context().close();
}, 300000);
