// The administrators' console and "change my password" in a real browser against the real server:
// the administrator creates an HR account in the users console (after the API refused a bad one,
// every problem shown), the HR officer signs in and changes their own password (their other session
// ends, this one stays), the administrator deactivates the account, and the audit log shows each
// step, filtered, opened and downloaded as CSV. Every page is checked with axe-core (WCAG 2.1 AA);
// screenshots of the users console and the audit log in the three languages.
import { readFileSync } from 'node:fs';
import { BASE, close, launch, openAs, screenshot, settle } from './browser.js';

beforeAll(launch);
afterAll(close);

const username = `e2e.hr.${Date.now() % 1_000_000}`;
const FIRST = 'Gent-e2e-start-2026';
const SECOND = 'Gent-e2e-second-2026';

it('an administrator creates an HR account, the officer changes their own password, the administrator deactivates it; the audit log shows it all', async () => {
  const problems: string[] = [];
  const admin = await openAs('admin');
  const page = admin.page;

  // The users console, from the main navigation (administrators only).
  await page.getByRole('link', { name: 'Administration', exact: true }).click();
  problems.push(...(await settle(page, 'Users', '30-admin-users.png')));
  const table = page.locator('table.users-table');
  // Open sessions: as many as the API counts (other browser tests may have signed hr.gent in).
  const sessions = await page.evaluate(async () => {
    const res = await fetch('/api/v1/users', { headers: { authorization: `Bearer ${localStorage.getItem('equity.token')}` } });
    const users = (await res.json()) as { username: string; activeSessions: number }[];
    return users.find((u) => u.username === 'hr.gent')!.activeSessions;
  });
  await expect(table.locator('tbody tr', { hasText: 'hr.gent' }).innerText()).resolves.toMatch(new RegExp(`Griet \\(HR Gent\\)\\s+HR officer\\s+5415 Ghent\\s+Active\\s+Not locked\\s+${sessions}$`));
  expect(await page.getByRole('link', { name: /API documentation/ }).getAttribute('href')).toBe('/api/docs');

  // A bad account first: every problem of the API at once, next to its field and in the summary.
  await page.getByRole('link', { name: 'New account' }).click();
  await page.getByRole('heading', { level: 1, name: 'New account' }).waitFor();
  await page.getByLabel('User name').fill('Not A Name');
  await page.getByLabel(/^Password/).fill('short');
  await page.getByRole('button', { name: 'Create account' }).click();
  const summary = page.getByRole('alert');
  await summary.waitFor();
  await expect(summary.textContent()).resolves.toMatch(/Nothing was saved: 5 problems to correct/);
  await expect(summary.textContent()).resolves.toMatch(/An HR officer needs at least one zone/);
  await expect(page.getByLabel('User name').getAttribute('aria-invalid')).resolves.toBe('true');
  await expect(page.getByLabel(/^Password/).getAttribute('aria-invalid')).resolves.toBe('true');
  await expect(page.getByLabel('User name').inputValue()).resolves.toBe('Not A Name');
  problems.push(...(await settle(page, 'New account', '31-admin-new-user-errors.png')));

  // Corrected: created, and its page says so.
  await page.getByLabel('User name').fill(username);
  await page.getByLabel('Name shown').fill('E2E HR officer of Gent');
  await page.getByRole('checkbox', { name: /5415/ }).check();
  await page.getByLabel(/^Password/).fill(FIRST);
  await page.getByRole('button', { name: 'Create account' }).click();
  await page.getByRole('heading', { level: 1, name: `Account ${username}` }).waitFor();
  await page.getByText(`Account ${username} created.`).waitFor();
  problems.push(...(await settle(page, `Account ${username}`, '32-admin-user-detail.png')));

  // The officer signs in twice (two browsers), and changes the password from the user menu of one.
  const other = await openAs(username, FIRST);
  await other.page.getByRole('navigation', { name: 'Main navigation' }).waitFor();
  const hr = await openAs(username, FIRST);
  await hr.page.getByRole('navigation', { name: 'Your account' }).getByRole('link', { name: 'Change password' }).click();
  await hr.page.getByRole('heading', { level: 1, name: 'Change my password' }).waitFor();
  await hr.page.getByLabel(/^Current password/).fill('not-my-password-1');
  await hr.page.getByLabel(/^New password/).fill(`${username}-x`);
  await hr.page.getByLabel(/^Repeat the new password/).fill(`${username}-x`);
  await hr.page.getByRole('button', { name: 'Change password' }).click();
  const refused = hr.page.getByRole('alert');
  await refused.waitFor();
  await expect(refused.textContent()).resolves.toMatch(/2 problems to correct/);
  await expect(refused.textContent()).resolves.toMatch(/The current password is not correct\..*must not be or contain the user name/);
  problems.push(...(await settle(hr.page, 'Change my password', '33-account-password-errors.png')));
  await hr.page.getByLabel(/^Current password/).fill(FIRST);
  await hr.page.getByLabel(/^New password/).fill(SECOND);
  await hr.page.getByLabel(/^Repeat the new password/).fill(SECOND);
  await hr.page.getByRole('button', { name: 'Change password' }).click();
  await hr.page.getByText('Your password has been changed. Your other sessions have been signed out.').waitFor();
  // This session stays; the other one has ended.
  await hr.page.getByRole('link', { name: 'Dashboard' }).click();
  await hr.page.getByRole('heading', { level: 1 }).waitFor();
  expect(hr.page.url()).not.toMatch(/\/login/);
  await other.page.reload();
  await other.page.waitForURL(/\/login/);
  await other.page.context().close();

  // The administrator sees one open session, then deactivates the account: that session ends too.
  await page.reload();
  await page.getByText('1 open session (signed in on one browser or device).').waitFor();
  await page.getByRole('button', { name: 'Deactivate…' }).click();
  await page.getByText(`Deactivate ${username}? It cannot sign in any more and its 1 open session ends.`).waitFor();
  await page.getByRole('button', { name: 'Deactivate', exact: true }).click();
  await page.getByText(`${username} is deactivated.`).waitFor();
  await page.getByText('No open session.').waitFor();
  await page.getByRole('link', { name: 'Back to the users' }).click();
  await expect(table.locator('tbody tr', { hasText: username }).innerText()).resolves.toMatch(/HR officer\s+5415 Ghent\s+Deactivated\s+Not locked\s+0/);
  await hr.page.reload();
  await hr.page.waitForURL(/\/login/);
  await hr.page.getByLabel('User name').fill(username);
  await hr.page.getByLabel('Password').fill(SECOND);
  await hr.page.getByRole('button', { name: 'Sign in' }).click();
  await hr.page.getByText('The user name or password is incorrect.').waitFor();
  expect(hr.errors).toEqual([]);
  await hr.page.context().close();

  // The audit log, filtered by the officer: their sign-ins and password change, newest first.
  await page.getByRole('link', { name: 'Audit log' }).click();
  await page.getByRole('heading', { level: 1, name: 'Audit log' }).waitFor();
  await page.getByLabel('User (who acted)').fill(username);
  await page.getByRole('button', { name: 'Show', exact: true }).click();
  await page.waitForURL(new RegExp(`user=${username.replace(/\./g, '\\.')}`));
  const rows = page.locator('table.audit-table tbody tr');
  await page.waitForFunction(() => document.querySelectorAll('table.audit-table tbody tr').length >= 4, undefined, { timeout: 60000 });
  // (The refused sign-in after the deactivation has no actor: a failed sign-in proves no account.)
  expect(await rows.locator('td:nth-child(3)').allInnerTexts()).toEqual(['Own password changed', 'Own password change failed', 'Signed in', 'Signed in']);
  problems.push(...(await settle(page, 'Audit log', '34-admin-audit.png')));

  // The administrator's own steps, by family of actions: created, then deactivated.
  await page.getByLabel('User (who acted)').fill('admin');
  await page.getByLabel('Action').selectOption('user.*');
  await page.getByRole('button', { name: 'Show', exact: true }).click();
  await page.waitForURL(/action=user\.\*/);
  await rows.filter({ hasText: username }).first().waitFor();
  const mine = rows.filter({ hasText: username });
  expect(await mine.locator('td:nth-child(3)').allInnerTexts()).toEqual(['Account changed', 'Account created']);

  // One event opened: every detail, and back to the same filters.
  await mine.first().getByRole('link').click();
  await page.getByRole('heading', { level: 1, name: /^Event \d+$/ }).waitFor();
  const details = await page.locator('table.audit-details').innerText();
  expect(details).toContain(username);
  expect(details).toMatch(/changed\s+active/);
  problems.push(...(await settle(page, /^Event \d+$/, '35-admin-audit-event.png')));
  await page.getByRole('link', { name: 'Back to the audit log' }).click();
  await page.waitForURL(/action=user\.\*/);
  await expect(page.getByLabel('Action').inputValue()).resolves.toBe('user.*');

  // The CSV has the same filters: exactly the rows of the table.
  await rows.first().waitFor();
  const shown = await rows.count();
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download as CSV' }).click()]);
  const csv = readFileSync((await download.path())!, 'utf8').trim().split('\r\n');
  expect(csv[0]).toBe('id,at,actor,action,zone,period,details');
  expect(csv.length - 1).toBe(shown);
  expect(csv.filter((l) => l.includes(username)).map((l) => l.split(',')[3])).toEqual(['user.updated', 'user.created']);

  // A filter the API cannot read is shown next to its field, in words.
  await page.goto(`${BASE}/admin/audit?from=2026-02-30`);
  await page.getByText('The filters could not be used').waitFor();
  await page.getByText('Enter a date, for example 2026-03-31.').waitFor();

  // Nobody else has an Administration link.
  const management = await openAs('management');
  await management.page.getByRole('navigation', { name: 'Main navigation' }).waitFor();
  expect(await management.page.getByRole('link', { name: 'Administration' }).count()).toBe(0);
  await management.page.goto(`${BASE}/admin/users`);
  await management.page.getByRole('heading', { level: 1, name: 'Not available for your role' }).waitFor();
  await management.page.context().close();

  expect(problems).toEqual([]);
  expect(admin.errors).toEqual([]);
  await page.context().close();
}, 300000);

it('the users console and the audit log in Dutch and French, and on a tablet', async () => {
  const { page, errors } = await openAs('admin');
  await page.getByRole('navigation', { name: 'Main navigation' }).waitFor();
  const problems: string[] = [];
  for (const [locale, picker, users, audit] of [
    ['nl', 'Language', 'Gebruikers', 'Auditlogboek'],
    ['fr', 'Taal', 'Utilisateurs', 'Journal d’audit'],
  ] as const) {
    await page.goto(`${BASE}/admin/users`);
    await page.getByRole('heading', { level: 1 }).waitFor();
    await page.getByLabel(picker, { exact: true }).selectOption(locale);
    problems.push(...(await settle(page, users, `36-admin-users-${locale}.png`)));
    await page.getByRole('navigation', { name: locale === 'nl' ? 'Beheer' : 'Administration' }).getByRole('link', { name: audit }).click();
    await page.locator('table.audit-table tbody tr').first().waitFor();
    problems.push(...(await settle(page, audit, `37-admin-audit-${locale}.png`)));
    expect(await page.evaluate(() => document.documentElement.lang)).toBe(locale);
  }
  await page.getByLabel('Langue', { exact: true }).selectOption('en');
  await page.setViewportSize({ width: 768, height: 1024 });
  for (const [url, heading] of [
    ['/admin/users', 'Users'],
    ['/admin/users/hr.gent', 'Account hr.gent'],
    ['/admin/audit', 'Audit log'],
    ['/account/password', 'Change my password'],
  ] as const) {
    await page.goto(`${BASE}${url}`);
    await page.getByRole('heading', { level: 1, name: heading }).waitFor();
    await page.waitForFunction(() => document.querySelectorAll('.loading').length === 0, undefined, { timeout: 60000 });
    expect({ url, width: await page.evaluate(() => document.documentElement.scrollWidth) }).toEqual({ url, width: 768 });
    await screenshot(page, `38-tablet${url.replace(/\W+/g, '-')}.png`);
  }
  expect(problems).toEqual([]);
  expect(errors).toEqual([]);
  await page.context().close();
}, 300000);
