// The quarterly routine in the officer's language, in a real browser, on a server of its own
// (DEMO_DATA=false): a Dutch-speaking officer (Leuven) and a French-speaking one (Namur) each open
// the data entry on the quarter that is due, start it from last quarter's headcount, add the
// quarter's hires, save, see a bad file's problems in their language, and sign the quarter off —
// with no English on the page at any step (english.ts). Last quarter's return was entered and
// signed off through the API beforehand, as it would have been three months earlier.
import type { ChildProcess } from 'node:child_process';
import { addQuarters, BUILT_IN_PROFILES, type CellInput, lastEndedPeriod } from '@equity/shared';
import { startServer, stopServer } from '../server.mjs';
import { apiCall, apiLogin, close, launch, openAs, screenshot } from './browser.js';
import { englishLeft, type Lang } from './english.js';

const ADMIN_PASSWORD = 'Kwartaal-Start-2026!';
const HR_PASSWORD = 'Eerste-Wachtwoord-77';
/** The quarter that is due (the last that has ended) and the one before it. */
const DUE = lastEndedPeriod();
const PREVIOUS = addQuarters(DUE, -1);
const PROFILE = BUILT_IN_PROFILES.find((p) => p.code === 'belgium-police')!;

/** Last quarter's headcount of each zone. */
const HEADCOUNT: CellInput[] = [
  { measure: 'headcount', detail: '', category: 'agent', classes: { gender: 'female', origin: 'be_be' }, count: 7 },
  { measure: 'headcount', detail: '', category: 'agent', classes: { gender: 'male', origin: 'be_be' }, count: 12 },
  { measure: 'headcount', detail: '', category: 'basic', classes: { gender: 'female', origin: 'be_non_eu' }, count: 5 },
  { measure: 'headcount', detail: '', category: 'basic', classes: { gender: 'male', origin: 'be_be' }, count: 21 },
];
const PEOPLE = HEADCOUNT.reduce((s, c) => s + c.count, 0);

/** A file with two problems: an unknown category (row 3) and a negative count (row 4). */
const BAD_CSV = ['measure,detail,category,gender,origin,count', 'headcount,,agent,female,be_be,7', 'headcount,,agentx,male,be_be,12', 'headcount,,basic,male,be_be,-2'].join('\n');

interface Walk {
  lang: 'nl' | 'fr';
  zone: string;
  names: { nl: string; fr: string };
  user: string;
  /** The texts the officer meets, in the walk's language. */
  texts: {
    dataEntry: string;
    due: string;
    quarter: (p: string) => string;
    notStarted: string;
    signedOff: string;
    start: (p: string) => string;
    copied: (p: string) => string;
    addLine: string;
    line1: string;
    measure: string;
    detail: string;
    category: string;
    count: string;
    reason: string;
    save: string;
    saved: string;
    uploadTab: string;
    file: string;
    preview: string;
    unknownCode: RegExp;
    negative: RegExp;
    signOff: string;
    yes: string;
    signedOffDone: string;
  };
}

const WALKS: Walk[] = [
  {
    lang: 'nl',
    zone: '5388',
    names: { nl: 'Leuven', fr: 'Louvain' },
    user: 'hr.leuven',
    texts: {
      dataEntry: 'Gegevensinvoer',
      due: 'Wat moet er nog gebeuren',
      quarter: (p) => `Kwartaal ${p}`,
      notStarted: 'Nog niet begonnen',
      signedOff: 'Goedgekeurd',
      start: (p) => `Beginnen van vorig kwartaal (${p})`,
      copied: (p) => `Personeelsbestand overgenomen van ${p} (versie 1)`,
      addLine: '+ Regel toevoegen',
      line1: 'Regel 1',
      measure: 'Indicator',
      detail: 'Detail',
      category: 'Personeelscategorie',
      count: 'Aantal',
      reason: 'Reden voor deze versie',
      save: 'Nieuwe versie opslaan',
      saved: 'Opgeslagen als versie 1.',
      uploadTab: 'Bestand opladen',
      file: 'Bestand (CSV of XLSX)',
      preview: 'Voorbeeld tonen',
      unknownCode: /De waarde van “categorie” is geen gekende code of benaming/,
      negative: /Een aantal kan niet negatief zijn/,
      signOff: 'Dit kwartaal goedkeuren',
      yes: 'Ja, goedkeuren',
      signedOffDone: 'Het kwartaal is goedgekeurd.',
    },
  },
  {
    lang: 'fr',
    zone: '5303',
    names: { nl: 'Namen', fr: 'Namur' },
    user: 'hr.namur',
    texts: {
      dataEntry: 'Encodage des données',
      due: 'Ce qu’il reste à faire',
      quarter: (p) => `Trimestre ${p}`,
      notStarted: 'Pas commencé',
      signedOff: 'Validé',
      start: (p) => `Partir du trimestre précédent (${p})`,
      copied: (p) => `Effectif repris de ${p} (version 1)`,
      addLine: '+ Ajouter une ligne',
      line1: 'Ligne 1',
      measure: 'Mesure',
      detail: 'Détail',
      category: 'Catégorie de personnel',
      count: 'Nombre',
      reason: 'Motif de cette version',
      save: 'Enregistrer une nouvelle version',
      saved: 'Enregistré comme version 1.',
      uploadTab: 'Charger un fichier',
      file: 'Fichier (CSV ou XLSX)',
      preview: 'Aperçu',
      unknownCode: /La valeur de « catégorie » n’est ni un code ni un libellé connu/,
      negative: /Un nombre ne peut pas être négatif/,
      signOff: 'Valider ce trimestre',
      yes: 'Oui, valider',
      signedOffDone: 'Le trimestre est validé.',
    },
  },
];

let own: { server: ChildProcess; base: string; dataDir: string } | null = null;

const api = (method: string, path: string, token: string | null, body?: unknown) => apiCall(own!.base, method, path, token, body);
const login = (username: string, password: string) => apiLogin(own!.base, username, password);

beforeAll(async () => {
  own = (await startServer({ DEMO_DATA: 'false', ADMIN_PASSWORD })) as { server: ChildProcess; base: string; dataDir: string };
  await launch();
  // What the administrator did at set-up, and last quarter's return of each zone, signed off.
  const admin = await login('admin', ADMIN_PASSWORD);
  for (const w of WALKS) {
    await api('POST', '/api/v1/zones', admin, { code: w.zone, nameNl: w.names.nl, nameFr: w.names.fr, profile: 'belgium-police', communes: [w.names.nl] });
    await api('POST', '/api/v1/users', admin, { username: w.user, displayName: w.user, role: 'hr', zones: [w.zone], password: HR_PASSWORD });
    const hr = await login(w.user, HR_PASSWORD);
    await api('PUT', `/api/v1/zones/${w.zone}/returns/${PREVIOUS}`, hr, { reason: 'Eerste invoer / Première saisie', cells: HEADCOUNT });
    await api('POST', `/api/v1/zones/${w.zone}/returns/${PREVIOUS}/sign-off`, hr);
  }
}, 180000);
afterAll(async () => {
  await close();
  await stopServer(own?.server, own?.dataDir);
}, 60000);

/** The form's name of a headcount cell, in the language: "category, gender, origin". */
function cellName(lang: Lang, category: string, gender: string, origin: string): string {
  const label = (l: { en: string; nl?: string; fr?: string }) => (lang === 'en' ? l.en : (l[lang] ?? l.en));
  const value = (dim: string, code: string) => label(PROFILE.dimensions.find((d) => d.code === dim)!.values.find((v) => v.code === code)!.label);
  return `${label(PROFILE.categories.find((c) => c.code === category)!.label)}, ${value('gender', gender)}, ${value('origin', origin)}`;
}

it.each(WALKS.map((w) => [w.lang, w] as const))('the due quarter in %s: started from last quarter, hires added, a bad file explained, signed off', async (lang, w) => {
  const t = w.texts;
  const english: string[] = [];
  const { page, errors } = await openAs(w.user, HR_PASSWORD, own!.base);
  const look = async (step: string, shot: string) => {
    await page.waitForFunction(() => document.querySelectorAll('.loading').length === 0, undefined, { timeout: 60000 });
    await screenshot(page, `63-routine-${lang}-${shot}.png`);
    for (const text of await englishLeft(page, lang)) english.push(`${step}: “${text}”`);
  };
  await page.getByRole('navigation', { name: 'Main navigation' }).waitFor();
  await page.getByLabel('Language', { exact: true }).selectOption(lang);
  await page.waitForFunction((l) => document.documentElement.lang === l, lang);
  await page.getByRole('link', { name: t.dataEntry }).click();
  await page.getByRole('heading', { level: 1, name: t.dataEntry }).waitFor();

  // What is due: this quarter first, not started; last quarter signed off. The form opens on it.
  const due = page.locator('section', { has: page.getByRole('heading', { level: 2, name: t.due }) });
  const items = due.locator('.task-list__item');
  await items.nth(1).waitFor();
  const [first, second] = await items.allInnerTexts();
  expect(first).toContain(t.quarter(DUE));
  expect(first).toContain(t.notStarted);
  expect(second).toContain(t.quarter(PREVIOUS));
  expect(second).toContain(t.signedOff);
  await expect(page.getByLabel(lang === 'nl' ? 'Kwartaal' : 'Trimestre', { exact: true }).inputValue()).resolves.toBe(DUE);
  await look('what is due', '1-due');

  // Started from last quarter: the headcount copied, the officer told so.
  await page.getByRole('button', { name: t.start(PREVIOUS) }).click();
  await page.getByRole('status').filter({ hasText: t.copied(PREVIOUS) }).waitFor();
  const grown = page.getByRole('spinbutton', { name: cellName(lang, 'basic', 'female', 'be_non_eu'), exact: true });
  await expect(grown.inputValue()).resolves.toBe('5');
  await look('started from last quarter', '2-copied');

  // Two new recruits, and the headcount they join.
  await page.getByRole('button', { name: t.addLine }).click();
  const line = (field: string) => page.getByLabel(`${t.line1}: ${field}`, { exact: true });
  await line(t.measure).selectOption('hires');
  await line(t.detail).selectOption('new_recruit');
  await line(t.category).selectOption('basic');
  await page.getByLabel(`${t.line1}: ${(PROFILE.dimensions.find((d) => d.code === 'gender')!.label[lang] ?? '')}`, { exact: true }).selectOption('female');
  await page.getByLabel(`${t.line1}: ${(PROFILE.dimensions.find((d) => d.code === 'origin')!.label[lang] ?? '')}`, { exact: true }).selectOption('be_non_eu');
  await line(t.count).fill('2');
  await grown.fill('7');
  await page.getByLabel(new RegExp(`^${t.reason}`)).first().fill(lang === 'nl' ? 'Kwartaalcijfers' : 'Chiffres du trimestre');
  await page.getByRole('button', { name: t.save }).click();
  await page.getByText(t.saved).first().waitFor({ timeout: 30000 });
  await look('saved', '3-saved');
  const stored = (await page.evaluate(async (url) => {
    const res = await fetch(url, { headers: { Authorization: `Bearer ${localStorage.getItem('equity.token')}` } });
    return res.json();
  }, `${own!.base}/api/v1/zones/${w.zone}/returns/${DUE}`)) as { currentRevision: number; cells: CellInput[] };
  expect(stored.currentRevision).toBe(1);
  const sum = (measure: string) => stored.cells.filter((c) => c.measure === measure).reduce((s, c) => s + c.count, 0);
  expect([sum('headcount'), sum('hires')]).toEqual([PEOPLE + 2, 2]);

  // A bad file: its problems in the officer's language, nothing of the server's English.
  await page.getByRole('tab', { name: t.uploadTab }).click();
  await page.getByLabel(t.file).setInputFiles({ name: `${w.zone}.csv`, mimeType: 'text/csv', buffer: Buffer.from(BAD_CSV) });
  await page.getByLabel(new RegExp(`^${t.reason}`)).last().fill('Test');
  await page.getByRole('button', { name: t.preview }).click();
  const problems = page.locator('.problems--error').first().locator('tbody tr');
  await problems.nth(1).waitFor();
  const rows = await problems.allInnerTexts();
  expect(rows).toEqual([expect.stringMatching(new RegExp(`^\\s*3\\s[\\s\\S]*${t.unknownCode.source}`)), expect.stringMatching(new RegExp(`^\\s*4\\s[\\s\\S]*${t.negative.source}`))]);
  expect(rows.join(' ')).not.toMatch(/agentx/);
  await look('a bad file', '4-upload-problems');

  // Signed off: the list says so.
  await page.getByRole('tab', { name: lang === 'nl' ? 'Formulier' : 'Formulaire' }).click();
  await page.getByRole('button', { name: t.signOff }).click();
  await page.getByRole('button', { name: t.yes }).click();
  await page.getByText(t.signedOffDone).waitFor();
  await expect(items.first().innerText()).resolves.toContain(t.signedOff);
  await look('signed off', '5-signed-off');

  expect(english).toEqual([]);
  expect(errors).toEqual([]);
  await page.context().close();
}, 300000);
