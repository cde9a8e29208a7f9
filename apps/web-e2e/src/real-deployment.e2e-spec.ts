// The README's "Set up a real deployment", step by step in a real browser, on a server of its own
// started with DEMO_DATA=false and ADMIN_PASSWORD (an empty database, not the shared demo server):
// the administrator signs in with ADMIN_PASSWORD, adds a classification profile from a YAML file
// (a wrong one first), loads two zones from a CSV file (one with the new profile), creates an HR
// account and a management account and adds an availability benchmark; the HR officer signs in,
// changes the first password, enters the first return for the last quarter that has ended and
// signs it off; the dashboard shows it, management sees it as far as k = 5 allows, and the audit
// log has every step.
import type { ChildProcess } from 'node:child_process';
import { addQuarters, periodOf } from '@equity/shared';
import { startServer, stopServer } from '../server.mjs';
import { apiGet, close, launch, openAs, settle } from './browser.js';

const ADMIN_PASSWORD = 'Kwartaal-Start-2026!';
const HR_FIRST = 'Eerste-Wachtwoord-77';
const HR_OWN = 'Mijn-Eigen-Wachtwoord-88';
const MANAGEMENT_PASSWORD = 'Kwartaalrapport-Lezen-55';
const ZONE = '5388';
const OTHER_ZONE = '5389';
/** The quarter the data entry opens on, and the one due: the last that has ended. */
const QUARTER = addQuarters(periodOf(new Date()), -1);

/** The counts entered: the headcount of the zone's first quarter (labels as the form names its cells). */
const HEADCOUNT: [string, number][] = [
  ['Police agent, Female, Belgian of Belgian origin', 7],
  ['Police agent, Male, Belgian of Belgian origin', 12],
  ['Basic cadre (inspector), Female, Belgian of non-EU origin', 5],
  ['Basic cadre (inspector), Male, Belgian of Belgian origin', 21],
  ['Basic cadre (inspector), Male, Not declared', 3],
];
const TOTAL = HEADCOUNT.reduce((sum, [, n]) => sum + n, 0);

/** A deployment's own classification profile, as an administrator writes it (docs/profiles.md). */
const PILOT_PROFILE = `code: leuven-pilot
name: { nl: Proefproject Leuven, fr: Projet pilote Louvain, en: Leuven pilot }
categoryGroups:
  - { code: ops, label: { nl: Operationeel kader, fr: Cadre opérationnel, en: Operational staff } }
categories:
  - { code: agent, group: ops, feeders: [], label: { nl: Agent, fr: Agent, en: Police agent } }
  - { code: inspector, group: ops, feeders: [agent], label: { nl: Inspecteur, fr: Inspecteur, en: Inspector } }
dimensions:
  - code: gender
    label: { nl: Gender, fr: Genre, en: Gender }
    reference: male
    values:
      - { code: female, label: { nl: Vrouw, fr: Femme, en: Female } }
      - { code: male, label: { nl: Man, fr: Homme, en: Male } }
      - { code: not_declared, notDeclared: true, label: { nl: Niet opgegeven, fr: Non déclaré, en: Not declared } }
`;

let own: { server: ChildProcess; base: string; dataDir: string } | null = null;

beforeAll(async () => {
  own = (await startServer({ DEMO_DATA: 'false', ADMIN_PASSWORD })) as { server: ChildProcess; base: string; dataDir: string };
  await launch();
}, 120000);
afterAll(async () => {
  await close();
  await stopServer(own?.server, own?.dataDir);
}, 60000);

it('an empty deployment: the administrator sets up a profile, two zones, accounts and a benchmark; the officer enters the first return; management sees it', async () => {
  const base = own!.base;
  const problems: string[] = [];

  // ---- 1. The administrator, created from ADMIN_PASSWORD: the demo accounts do not exist -------
  const demo = await openAs('admin', 'equity-demo', base);
  await demo.page.getByRole('alert').getByText(/user name or password is incorrect/).waitFor();
  await demo.page.context().close();
  const admin = await openAs('admin', ADMIN_PASSWORD, base);
  const page = admin.page;
  await page.getByRole('navigation', { name: 'Main navigation' }).waitFor();
  await page.getByRole('link', { name: 'Administration', exact: true }).click();
  problems.push(...(await settle(page, 'Users', '70-setup-users-empty.png')));
  await expect(page.locator('table.data-table tbody tr').allInnerTexts()).resolves.toEqual([expect.stringMatching(/^admin\s.*Administrator\s+All zones\s+Active/)]);

  // ---- 2. A classification profile of its own, from a YAML file: a wrong one first -----------
  await page.getByRole('navigation', { name: 'Administration' }).getByRole('link', { name: 'Classification profiles' }).click();
  await page.getByRole('heading', { level: 1, name: 'Classification profiles' }).waitFor();
  const profileFile = page.getByLabel('Profile file (.json, .yaml or .yml)');
  // Two mistakes: a feeder that is no category, and no "not declared" value.
  await profileFile.setInputFiles({ name: 'pilot.yaml', mimeType: 'application/yaml', buffer: Buffer.from(PILOT_PROFILE.replace('feeders: [agent]', 'feeders: [agnet]').replace(/\n.*notDeclared: true.*$/m, '')) });
  await page.getByRole('button', { name: 'Check the file' }).click();
  await page.getByText('pilot.yaml cannot be stored').waitFor();
  const profileProblems = await page.locator('.problems--error table tbody tr').allInnerTexts();
  expect(profileProblems).toEqual([
    expect.stringMatching(/categories\[1\]\.feeders\[0\][\s\S]*The feeder “agnet” is not one of the categories\./),
    expect.stringMatching(/dimensions\[0\]\.values[\s\S]*Exactly one value of this classification must be marked notDeclared: true/),
  ]);
  problems.push(...(await settle(page, 'Classification profiles', '71-setup-profile-problems.png')));
  await profileFile.setInputFiles({ name: 'pilot.yaml', mimeType: 'application/yaml', buffer: Buffer.from(PILOT_PROFILE) });
  await page.getByRole('button', { name: 'Check the file' }).click();
  await page.getByText('A new profile leuven-pilot, version 1.').waitFor();
  await page.getByRole('button', { name: 'Save the profile' }).click();
  await page.getByText('Profile leuven-pilot was added as version 1. Zones can now use it.').waitFor();
  await page.locator('table.data-table tbody tr', { hasText: 'leuven-pilot' }).first().waitFor();
  problems.push(...(await settle(page, 'Classification profiles', '71-setup-profile.png')));
  await expect(apiGet(page, '/api/v1/profiles/leuven-pilot')).resolves.toMatchObject({ code: 'leuven-pilot', categories: [{ code: 'agent' }, { code: 'inspector' }] });

  // ---- 2. Two zones, from a file: none yet; checked, previewed, then loaded ---------------------
  await page.getByRole('navigation', { name: 'Administration' }).getByRole('link', { name: 'Zones' }).click();
  await page.getByText('There is no zone yet: register one below, or load a file of zones.').waitFor();
  await page.getByLabel('File (CSV or Excel)').setInputFiles({
    name: 'zones.csv',
    mimeType: 'text/csv',
    buffer: Buffer.from(['code;name_nl;name_fr;profile;communes', `${ZONE};Leuven;Louvain;belgium-police;Leuven`, `${OTHER_ZONE};Tienen;Tirlemont;leuven-pilot;"Tienen;Hoegaarden"`].join('\n')),
  });
  await page.getByRole('button', { name: 'Check the file' }).click();
  await page.getByText('Preview of zones.csv: nothing is written yet').waitFor();
  await expect(page.getByRole('table', { name: 'What each row of the file would do' }).locator('tbody tr').allInnerTexts()).resolves.toEqual([
    expect.stringMatching(new RegExp(`^2\\s+${ZONE}\\s+Leuven\\s+Louvain\\s+belgium-police\\s+1\\s+New zone$`)),
    expect.stringMatching(new RegExp(`^3\\s+${OTHER_ZONE}\\s+Tienen\\s+Tirlemont\\s+leuven-pilot\\s+2\\s+New zone$`)),
  ]);
  problems.push(...(await settle(page, 'Zones', '71-setup-zones-preview.png')));
  await page.getByRole('button', { name: 'Load 2 zones' }).click();
  await page.getByText('zones.csv is loaded').waitFor();
  await page.getByText('2 registered, 0 changed, 0 unchanged.').waitFor();
  await page.locator('table.data-table tbody tr', { hasText: OTHER_ZONE }).first().waitFor();
  problems.push(...(await settle(page, 'Zones', '71-setup-zones.png')));
  expect(await apiGet(page, `/api/v1/zones/${ZONE}`)).toEqual({ code: ZONE, name: 'Leuven / Louvain', names: { en: 'Leuven', nl: 'Leuven', fr: 'Louvain' }, profile: 'belgium-police', successor: null, mergedFrom: null, predecessors: [], communes: ['Leuven'], returns: 0 });
  await expect(apiGet(page, `/api/v1/zones/${OTHER_ZONE}`)).resolves.toMatchObject({ code: OTHER_ZONE, profile: 'leuven-pilot', communes: ['Tienen', 'Hoegaarden'] });

  // ---- 3. The HR officer's account, for that zone ------------------------------------------
  await page.getByRole('navigation', { name: 'Administration' }).getByRole('link', { name: 'Users' }).click();
  await page.getByRole('link', { name: 'New account' }).click();
  await page.getByRole('heading', { level: 1, name: 'New account' }).waitFor();
  await page.getByLabel('User name').fill('hr.leuven');
  await page.getByLabel('Name shown').fill('Lotte (HR Leuven)');
  await expect(page.getByLabel(/^Role/).inputValue()).resolves.toBe('hr');
  await page.getByRole('checkbox', { name: new RegExp(`^${ZONE} — Leuven`) }).check();
  await page.getByLabel(/^Password/).fill(HR_FIRST);
  await page.getByRole('button', { name: 'Create account' }).click();
  await page.getByText('Account hr.leuven created.').waitFor();
  problems.push(...(await settle(page, 'Account hr.leuven', '72-setup-hr-account.png')));
  await expect(apiGet(page, '/api/v1/users/hr.leuven')).resolves.toMatchObject({ username: 'hr.leuven', displayName: 'Lotte (HR Leuven)', role: 'hr', zones: [ZONE], active: true });

  // A management account: no zones to name, it reads every zone's protected figures.
  await page.getByRole('navigation', { name: 'Administration' }).getByRole('link', { name: 'Users' }).click();
  await page.getByRole('link', { name: 'New account' }).click();
  await page.getByRole('heading', { level: 1, name: 'New account' }).waitFor();
  await page.getByLabel('User name').fill('directie');
  await page.getByLabel('Name shown').fill('Directie Leuven-Tienen');
  await page.getByLabel(/^Role/).selectOption('management');
  await page.getByLabel(/^Password/).fill(MANAGEMENT_PASSWORD);
  await page.getByRole('button', { name: 'Create account' }).click();
  await page.getByText('Account directie created.').waitFor();
  await expect(apiGet(page, '/api/v1/users/directie')).resolves.toMatchObject({ username: 'directie', role: 'management', zones: [], active: true });

  // ---- 4. An availability benchmark, on the zone's page -------------------------------------
  await page.getByRole('navigation', { name: 'Administration' }).getByRole('link', { name: 'Zones' }).click();
  await page.getByRole('link', { name: `Zone ${ZONE} Leuven` }).click();
  await page.getByRole('heading', { level: 1, name: `Zone ${ZONE} Leuven` }).waitFor();
  await page.getByText('This zone has no availability benchmark yet').waitFor();
  await page.getByLabel(/^Classification \*?$/).selectOption('origin');
  await page.getByLabel(/^Group/).selectOption('migration_background');
  await page.getByLabel(/^Year/).fill('2025');
  await page.getByLabel(/^Share of the population/).fill('18,4');
  await page.getByLabel(/^Source/).fill('Statbel, population by origin, 1 January 2025');
  await page.getByRole('button', { name: 'Save the benchmark' }).click();
  await page.getByText('The benchmark Origin: Migration background, 2025 is saved.').waitFor();
  await expect(page.locator('table.benchmarks-table tbody tr').allInnerTexts()).resolves.toEqual([
    expect.stringMatching(/^Origin\s+Migration background\s+2025\s+18\.4%\s+Statbel, population by origin, 1 January 2025\s+Change\s+Delete$/),
  ]);
  problems.push(...(await settle(page, `Zone ${ZONE} Leuven`, '73-setup-benchmark.png')));

  // ---- 5. The officer: first password changed, then the first return ---------------------------
  const hr = await openAs('hr.leuven', HR_FIRST, base);
  const officer = hr.page;
  await officer.getByRole('navigation', { name: 'Your account' }).getByRole('link', { name: 'Change password' }).click();
  await officer.getByRole('heading', { level: 1, name: 'Change my password' }).waitFor();
  await officer.getByLabel(/^Current password/).fill(HR_FIRST);
  await officer.getByLabel(/^New password/).fill(HR_OWN);
  await officer.getByLabel(/^Repeat the new password/).fill(HR_OWN);
  await officer.getByRole('button', { name: 'Change password' }).click();
  await officer.getByText('Your password has been changed. Your other sessions have been signed out.').waitFor();
  const stale = await fetch(`${base}/api/v1/auth/login`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ username: 'hr.leuven', password: HR_FIRST }) });
  expect(stale.status).toBe(401);

  await officer.getByRole('link', { name: 'Data entry' }).click();
  await officer.getByRole('heading', { level: 1, name: 'Data entry' }).waitFor();
  await expect(officer.getByLabel('Police zone').locator('option').allTextContents()).resolves.toEqual([expect.stringMatching(new RegExp(`^${ZONE}`))]);
  await expect(officer.getByLabel('Quarter', { exact: true }).inputValue()).resolves.toBe(QUARTER);
  await officer.getByText('No revision yet: all values start at 0.').waitFor();
  for (const [cell, count] of HEADCOUNT) await officer.getByLabel(cell, { exact: true }).fill(String(count));
  await officer.getByLabel('Reason for this revision').fill('First entry');
  await officer.getByRole('button', { name: 'Save new revision' }).click();
  await officer.getByText('Saved as revision 1.').waitFor({ timeout: 30000 });
  problems.push(...(await settle(officer, 'Data entry', '74-setup-first-return.png')));
  await officer.getByRole('button', { name: 'Sign off this quarter' }).click();
  await officer.getByRole('button', { name: 'Yes, sign off' }).click();
  await officer.getByText('The quarter is signed off.').waitFor();
  const returns = await apiGet<{ period: string; status: string; currentRevision: number }[]>(officer, `/api/v1/zones/${ZONE}/returns`);
  expect(returns.map((r) => [r.period, r.status, r.currentRevision])).toEqual([[QUARTER, 'signed_off', 1]]);

  // ---- The dashboard shows it: the zone, the quarter, the total entered ------------------------
  await officer.getByRole('link', { name: 'Dashboard' }).click();
  await officer.getByRole('heading', { level: 1, name: 'Dashboard' }).waitFor();
  await officer.locator('.recharts-surface').first().waitFor({ timeout: 30000 });
  await expect(officer.getByLabel('Quarter', { exact: true }).inputValue()).resolves.toBe(QUARTER);
  // By staff category and origin: the counts entered, in full (HR sees its own zone unsuppressed).
  const byOrigin = officer.locator('table').first();
  await expect(byOrigin.locator('tbody tr').first().innerText()).resolves.toMatch(/^Police agent\s+19\s+0\s+0\s+0\s+0\s+0\s+19$/);
  await expect(byOrigin.locator('tbody tr').nth(1).innerText()).resolves.toMatch(/^Basic cadre \(inspector\)\s+21\s+0\s+5\s+0\s+0\s+3\s+29$/);
  await expect(byOrigin.locator('tfoot tr, tbody tr').last().innerText()).resolves.toMatch(new RegExp(`^Total\\s+40\\s+0\\s+5\\s+0\\s+0\\s+3\\s+${TOTAL}$`));
  problems.push(...(await settle(officer, 'Dashboard', '75-setup-dashboard.png')));
  expect(hr.errors).toEqual([]);
  await officer.context().close();

  // ---- Management sees it, protected (k = 5): the zone's headcount of the quarter ---------------
  const boss = await openAs('directie', MANAGEMENT_PASSWORD, base);
  const board = boss.page;
  await board.getByRole('navigation', { name: 'Main navigation' }).waitFor();
  await board.goto(`${base}/zone/${ZONE}`);
  problems.push(...(await settle(board, new RegExp(`Leuven`), '76-setup-management-zone.png')));
  // What the counts allow at k = 5: the police agents' row of the glass ceiling (19 declared, none
  // of migration background) and the zone's share of migration background against the benchmark
  // (5 of 48); the basic cadre's row is withheld, as its 3 "not declared" are below 5.
  const ceiling = board.locator('section', { has: board.getByRole('heading', { level: 2, name: `Glass ceiling, ${QUARTER}` }) }).locator('table tbody tr');
  await expect(ceiling.first().innerText()).resolves.toMatch(/^Police agent\s+0\.0%\s+19\s+100\.0%$/);
  await expect(ceiling.nth(1).innerText()).resolves.toMatch(/^Basic cadre \(inspector\)\s+suppressed\s+suppressed\s+suppressed$/);
  const benchmark = board.locator('section', { has: board.getByRole('heading', { name: 'Availability benchmark' }) });
  await expect(benchmark.innerText()).resolves.toMatch(new RegExp(`Migration background among all staff, ${QUARTER}\\s+10\\.4%\\s+Migration background in the population \\(Statbel, population by origin, 1 January 2025, 2025\\)\\s+18\\.4%\\s+Gap to availability\\s+-8\\.0 percentage points`));
  expect(boss.errors).toEqual([]);
  await board.context().close();

  // ---- 6. The audit log has each step --------------------------------------------------------
  await page.getByRole('navigation', { name: 'Administration' }).getByRole('link', { name: 'Audit log' }).click();
  await page.getByRole('heading', { level: 1, name: 'Audit log' }).waitFor();
  const events = await apiGet<{ actor: string | null; action: string; zone: string | null }[]>(page, '/api/v1/audit?limit=1000');
  const steps = events
    .filter((e) => !['auth.login', 'auth.login_failed'].includes(e.action))
    .map((e) => `${e.actor ?? 'system'} ${e.action}${e.zone ? ` ${e.zone}` : ''}`)
    .reverse();
  expect(steps).toEqual([
    'system user.created',
    'admin profile.created',
    'admin zone.created 5388',
    'admin zone.created 5389',
    'admin user.created',
    'admin user.created',
    'admin availability.set 5388',
    'hr.leuven auth.password_changed',
    'hr.leuven return.revised 5388',
    'hr.leuven return.signed_off 5388',
  ]);
  problems.push(...(await settle(page, 'Audit log', '77-setup-audit.png')));

  expect(problems).toEqual([]);
  expect(admin.errors).toEqual([]);
  await page.context().close();
}, 300000);
