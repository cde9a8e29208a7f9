// What every browser test needs: Debian's Chromium through playwright-core, the server started by
// globalSetup (or the test's own, server.mjs), a signed-in page, and the folder for screenshots.
import { mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Browser, chromium, type Page } from 'playwright-core';

export const BASE = process.env['EQUITY_E2E_BASE_URL'] ?? '';
export const SHOTS = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../screenshots');

let browser: Browser | null = null;

/**
 * A full-page screenshot in SHOTS. Its own timeout is long: on a loaded 2-core CI machine a tall
 * page (a 100-row audit log in French) once took more than Playwright's default 30 s to capture.
 */
export async function screenshot(page: Page, file: string): Promise<void> {
  await page.screenshot({ path: path.join(SHOTS, file), fullPage: true, timeout: 120000 });
}

export async function launch(): Promise<void> {
  mkdirSync(SHOTS, { recursive: true });
  browser = await chromium.launch({
    executablePath: process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
}

export async function close(): Promise<void> {
  await browser?.close();
  browser = null;
}

/**
 * A new browser context signed in as a demo account (or any account, with its password); page
 * errors are collected. `base`: a server the test started itself (server.mjs), not the shared one.
 */
export async function openAs(username: string, password = 'equity-demo', base = BASE): Promise<{ page: Page; errors: string[] }> {
  if (!browser) throw new Error('call launch() in beforeAll');
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, acceptDownloads: true });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(`${base}/login`);
  await page.getByLabel('User name').fill(username);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  return { page, errors };
}

interface AxeResult {
  violations: { id: string; impact: string | null; help: string; nodes: { target: string[] }[] }[];
}

let axeSource: string | null = null;

/** WCAG 2.1 level A and AA problems axe-core finds on the page as it is now (as pages.e2e-spec checks every page). */
export async function wcagProblems(page: Page): Promise<string[]> {
  axeSource ??= readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
  // Evaluated through the DevTools protocol: the app's Content Security Policy forbids inline scripts.
  await page.evaluate(axeSource);
  const result = (await page.evaluate(() =>
    (window as unknown as { axe: { run: (context: Document, options: unknown) => Promise<unknown> } }).axe.run(document, {
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] },
    }),
  )) as AxeResult;
  return result.violations.map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(', ')}`);
}

/**
 * Waits for the page's main heading (`heading`, else any) and for loading to end. `timeout`: longer
 * where a page computes first (a protection not stored yet).
 */
export async function loaded(page: Page, heading?: string | RegExp, timeout = 60000): Promise<void> {
  await (heading === undefined ? page.getByRole('heading', { level: 1 }).first() : page.getByRole('heading', { level: 1, name: heading })).waitFor({ timeout });
  await page.waitForFunction(() => document.querySelectorAll('.loading').length === 0, undefined, { timeout });
}

/**
 * Waits for the page's main heading and for loading to end (`loaded`), takes a screenshot, and returns what
 * axe finds, each problem prefixed with the screenshot's name.
 */
export async function settle(page: Page, heading: string | RegExp, shot: string): Promise<string[]> {
  await loaded(page, heading);
  await screenshot(page, shot);
  return (await wcagProblems(page)).map((p) => `${shot}: ${p}`);
}

/** A GET of the API with the page's session; an answer other than 2xx throws. */
export async function apiGet<T>(page: Page, path: string): Promise<T> {
  return page.evaluate(async (p) => {
    const res = await fetch(p, { headers: { authorization: `Bearer ${localStorage.getItem('equity.token')}` } });
    if (!res.ok) throw new Error(`${p}: ${res.status}`);
    return (await res.json()) as unknown;
  }, path) as Promise<T>;
}

/**
 * A call of the API from Node (no browser) on the server at `base`, with a token or none; an answer
 * other than 2xx throws with its body. For a test's set-up through the API.
 */
export async function apiCall(base: string, method: string, path: string, token: string | null, body?: unknown): Promise<unknown> {
  const res = await fetch(`${base}${path}`, {
    method,
    headers: { 'Content-Type': 'application/json', ...(token ? { Authorization: `Bearer ${token}` } : {}) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${text}`);
  return text ? JSON.parse(text) : null;
}

/** A session token of an account, signed in through the API from Node (`apiCall`). */
export async function apiLogin(base: string, username: string, password: string): Promise<string> {
  return ((await apiCall(base, 'POST', '/api/v1/auth/login', null, { username, password })) as { token: string }).token;
}
