// Two people correcting the same quarter at once, in a real browser: the form sends the revision it
// loaded as If-Match; when an administrator saves another revision in between (through the API),
// the save is refused and the form says who saved which revision, and lets the officer overwrite
// it with their version or load the newest one.
import type { Page } from 'playwright-core';
import { apiCall, apiLogin, BASE, close, launch, openAs, screenshot } from './browser.js';

beforeAll(launch);
afterAll(close);

const ZONE = '5330'; // Charleroi: no other browser test writes to it.

interface Cell {
  measure: string;
  detail: string;
  category: string;
  classes: Record<string, string>;
  count: number;
}

/** The other session: the administrator, signed in through the API (Node's fetch, no browser). */
const adminToken = () => apiLogin(BASE, 'admin', 'equity-demo');

/** The administrator saves the current cells with the first headcount set to `count`; returns the new revision. */
async function adminSaves(token: string, period: string, count: number): Promise<number> {
  const headers = { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' };
  const current = (await apiCall(BASE, 'GET', `/api/v1/zones/${ZONE}/returns/${period}`, token)) as { cells: Cell[] };
  const cells = current.cells.map(({ measure, detail, category, classes, count: n }) => ({ measure, detail, category, classes, count: n }));
  const first = cells.findIndex((c) => c.measure === 'headcount');
  cells[first] = { ...cells[first]!, count };
  const res = await fetch(`${BASE}/api/v1/zones/${ZONE}/returns/${period}`, { method: 'PUT', headers, body: JSON.stringify({ reason: 'Administrator correction', cells }) });
  expect(res.status).toBe(201);
  return ((await res.json()) as { revision: { number: number } }).revision.number;
}

async function openQuarter(page: Page): Promise<{ period: string; revision: number }> {
  await page.getByRole('link', { name: 'Data entry' }).click();
  await page.getByRole('heading', { name: 'Data entry' }).waitFor();
  const returns = (await page.evaluate(async (zone) => {
    const res = await fetch(`/api/v1/zones/${zone}/returns`, { headers: { Authorization: `Bearer ${localStorage.getItem('equity.token')}` } });
    return res.json();
  }, ZONE)) as { period: string; status: string; currentRevision: number }[];
  const open = returns.find((r) => r.status === 'open')!;
  await page.getByLabel('Quarter', { exact: true }).selectOption({ value: open.period });
  await page.getByText(`Prefilled from revision ${open.currentRevision}.`).waitFor();
  return { period: open.period, revision: open.currentRevision };
}

it('a correction saved in between is shown as a conflict; the officer can overwrite it or load it', async () => {
  const token = await adminToken();
  const { page, errors } = await openAs('hr.charleroi');
  const { period, revision } = await openQuarter(page);
  const firstCount = page.locator('.return-form input.count-input').first();

  // ---- Overwrite: the officer's version is saved over the administrator's ------------------
  const theirs = await adminSaves(token, period, 91);
  expect(theirs).toBe(revision + 1);
  await firstCount.fill('17');
  await page.getByLabel('Reason for this revision').fill('Officer correction');
  await page.getByRole('button', { name: 'Save new revision' }).click();
  const conflict = page.locator('.alert', { hasText: 'This return was changed while you were working on it' });
  await conflict.waitFor();
  await expect(conflict.textContent()).resolves.toContain(`You started from revision ${revision}. Meanwhile admin saved revision ${theirs}`);
  await screenshot(page, '30-conflict.png');
  await page.getByRole('button', { name: `Save mine over revision ${theirs}` }).click();
  await page.getByText(`Saved as revision ${theirs + 1}.`).waitFor({ timeout: 30000 });
  await page.getByText(`Prefilled from revision ${theirs + 1}.`).waitFor();
  await expect(firstCount.inputValue()).resolves.toBe('17');

  // ---- Reload: the officer's edits are dropped and the administrator's revision is loaded ---
  const again = await adminSaves(token, period, 93);
  expect(again).toBe(theirs + 2);
  await firstCount.fill('5');
  await page.getByLabel('Reason for this revision').fill('Second officer correction');
  await page.getByRole('button', { name: 'Save new revision' }).click();
  await conflict.waitFor();
  await expect(conflict.textContent()).resolves.toContain(`Meanwhile admin saved revision ${again}`);
  await page.getByRole('button', { name: `Load revision ${again}` }).click();
  await page.getByText(`Prefilled from revision ${again}.`).waitFor();
  await expect(firstCount.inputValue()).resolves.not.toBe('5');
  expect(await conflict.count()).toBe(0);

  // Nothing of the refused save was written: the administrator's revision is still current.
  const history = (await page.evaluate(
    async ([zone, quarter]) => {
      const res = await fetch(`/api/v1/zones/${zone}/returns/${quarter}/revisions`, { headers: { Authorization: `Bearer ${localStorage.getItem('equity.token')}` } });
      return res.json();
    },
    [ZONE, period],
  )) as { number: number; reason: string }[];
  expect(history.slice(0, 3).map((r) => [r.number, r.reason])).toEqual([
    [again, 'Administrator correction'],
    [theirs + 1, 'Officer correction'],
    [theirs, 'Administrator correction'],
  ]);
  expect(errors).toEqual([]);
  await page.context().close();
}, 90000);
