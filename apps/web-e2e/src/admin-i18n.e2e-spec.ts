// The administrators' pages in Dutch and in French: users (list and one account), zones (list and
// one zone), the audit log, the classification profiles (list and one profile). Each page is
// screenshotted, checked with axe-core (WCAG 2.1 AA), and searched for English left in the
// interface: a text of the page that is one of the dashboard's English texts and none of the
// page's language (the dictionaries in apps/web/src/locales are read as files; the browser tests
// import no code of the dashboard).
import { BUILT_IN_PROFILES, type ZoneDto } from '@equity/shared';
import { apiGet, BASE, close, launch, openAs, screenshot, wcagProblems } from './browser.js';
import { DICTIONARIES, englishLeft, inDictionary } from './english.js';

beforeAll(launch);
afterAll(close);

interface AdminPage {
  name: string;
  url: string;
  heading: Record<'nl' | 'fr', string | RegExp>;
}

const PAGES: AdminPage[] = [
  { name: 'users', url: '/admin/users', heading: { nl: 'Gebruikers', fr: 'Utilisateurs' } },
  { name: 'user', url: '/admin/users/hr.gent', heading: { nl: 'Account hr.gent', fr: 'Compte hr.gent' } },
  { name: 'zones', url: '/admin/zones', heading: { nl: 'Zones', fr: 'Zones' } },
  { name: 'zone', url: '/admin/zones/5415', heading: { nl: 'Zone 5415 Gent', fr: 'Zone 5415 Gand' } },
  { name: 'audit', url: '/admin/audit', heading: { nl: 'Auditlogboek', fr: 'Journal d’audit' } },
  { name: 'profiles', url: '/admin/profiles', heading: { nl: 'Classificatieprofielen', fr: 'Profils de classification' } },
  { name: 'profile', url: '/admin/profiles/belgium-police', heading: { nl: 'Profiel belgium-police: Belgische lokale politie', fr: 'Profil belgium-police : Police locale belge' } },
];

it('reads the dictionaries: English texts, and Dutch and French ones, exact and with placeholders', () => {
  // A control on the reading itself: were it broken, the search for English below would find nothing.
  expect(DICTIONARIES.en.exact.has('Audit log')).toBe(true);
  expect(DICTIONARIES.nl.exact.has('Auditlogboek')).toBe(true);
  expect(DICTIONARIES.fr.exact.has('Journal d’audit')).toBe(true);
  expect(inDictionary('en', 'Back to the classification profiles')).toBe(true);
  expect(inDictionary('en', 'Profile rcmp: Royal Canadian Mounted Police')).toBe(true);
  expect(inDictionary('nl', 'Zones die het gebruiken')).toBe(true);
  // Every language has every text (locales.spec.ts): as many read in each, so none was missed in one.
  expect(DICTIONARIES.en.read).toBeGreaterThan(1000);
  expect([DICTIONARIES.nl.read, DICTIONARIES.fr.read]).toEqual([DICTIONARIES.en.read, DICTIONARIES.en.read]);
});

it('the search finds English left on a page: the English interface, read as if it were Dutch', async () => {
  const { page, errors } = await openAs('admin');
  await page.getByRole('navigation', { name: 'Main navigation' }).waitFor();
  await page.goto(`${BASE}/admin/profiles`);
  await page.getByRole('heading', { level: 1, name: 'Classification profiles' }).waitFor();
  await page.locator('table.data-table tbody tr').first().waitFor();
  expect(await englishLeft(page, 'nl')).toEqual(expect.arrayContaining(['Classification profiles', 'Zones using it', 'Staff categories']));
  expect(errors).toEqual([]);
  await page.context().close();
}, 120000);

it.each(['nl', 'fr'] as const)('the administrators’ pages in %s: no English left, no WCAG 2.1 AA problem', async (lang) => {
  const { page, errors } = await openAs('admin');
  await page.getByRole('navigation', { name: 'Main navigation' }).waitFor();
  await page.getByLabel('Language', { exact: true }).selectOption(lang);
  await page.waitForFunction((l) => document.documentElement.lang === l, lang);
  const zones = await apiGet<ZoneDto[]>(page, '/api/v1/zones');
  const found: string[] = [];
  for (const p of PAGES) {
    await page.goto(`${BASE}${p.url}`);
    await page.getByRole('heading', { level: 1, name: p.heading[lang] }).waitFor({ timeout: 60000 });
    await page.waitForFunction(() => document.querySelectorAll('.loading').length === 0, undefined, { timeout: 60000 });
    if (p.name === 'audit') await page.locator('table.audit-table tbody tr').first().waitFor();
    expect(await page.evaluate(() => document.documentElement.lang)).toBe(lang);
    await screenshot(page, `80-admin-${p.name}-${lang}.png`);
    for (const text of await englishLeft(page, lang)) found.push(`${p.url}: English “${text}”`);
    for (const problem of await wcagProblems(page)) found.push(`${p.url}: ${problem}`);

    if (p.name === 'profiles') {
      // One row per built-in profile, with its sizes and the zones that use it.
      const rows = await page.locator('table.data-table tbody tr').allInnerTexts();
      expect(rows).toEqual(
        [...BUILT_IN_PROFILES]
          .sort((a, b) => a.code.localeCompare(b.code))
          .map((profile) =>
            expect.stringMatching(
              new RegExp(`^${profile.code}\\s+${(profile.name[lang] ?? profile.name.en).replace(/[()]/g, '\\$&')}\\s+${profile.categories.length}\\s+${profile.dimensions.length}\\s+${zones.filter((z) => z.profile === profile.code).length}\\s+1 \\(${lang === 'nl' ? 'meegeleverd' : 'livré'}\\)$`),
            ),
          ),
      );
      await page.getByRole('link', { name: new RegExp(`^(Profiel|Profil) belgium-police`) }).waitFor();
    }
    if (p.name === 'profile') {
      const notDeclared = lang === 'nl' ? 'Niet opgegeven' : 'Non déclaré';
      const gender = page.getByRole('table', { name: lang === 'nl' ? 'Waarden van Gender' : 'Valeurs de Genre' });
      await expect(gender.locator('tbody tr').allInnerTexts()).resolves.toEqual([
        expect.stringMatching(/^female\s+Vrouw\s+Femme\s+Female\s*$/),
        expect.stringMatching(new RegExp(`^male\\s+Man\\s+Homme\\s+Male\\s+${lang === 'nl' ? 'Referentiegroep' : 'Groupe de référence'}$`)),
        expect.stringMatching(/^x\s+X\s+X\s+X\s*$/),
        expect.stringMatching(new RegExp(`^not_declared\\s+Niet opgegeven\\s+Non déclaré\\s+Not declared\\s+${notDeclared}$`)),
      ]);
      const ladder = page.getByRole('table', { name: lang === 'nl' ? /^Personeelscategorieën, hun groep/ : /^Catégories de personnel, leur groupe/ });
      await expect(ladder.locator('tbody tr').nth(1).innerText()).resolves.toMatch(
        lang === 'nl' ? /^basic\s+Basiskader \(inspecteur\)\s+Cadre de base \(inspecteur\)\s+Basic cadre \(inspector\)\s+Operationeel kader\s+Agent van politie\s+Middenkader \(hoofdinspecteur\)$/ : /^basic\s+Basiskader \(inspecteur\)\s+Cadre de base \(inspecteur\)\s+Basic cadre \(inspector\)\s+Cadre opérationnel\s+Agent de police\s+Cadre moyen \(inspecteur principal\)$/,
      );
      const rollups = page.getByRole('table', { name: lang === 'nl' ? /^Samenvoegingen van Herkomst/ : /^Regroupements de Origine/ });
      await expect(rollups.locator('tbody tr').first().innerText()).resolves.toMatch(
        lang === 'nl' ? /^migration_background\s+Migratieachtergrond\s+Issu de l’immigration\s+Migration background\s+Belg van EU-herkomst, Belg van niet-EU-herkomst, Niet-Belg, EU, Niet-Belg, niet-EU$/ : /^migration_background\s+Migratieachtergrond\s+Issu de l’immigration\s+Migration background\s+Belge d’origine UE, Belge d’origine hors UE, Non-Belge, UE, Non-Belge, hors UE$/,
      );
      const used = zones.filter((z) => z.profile === 'belgium-police').length;
      await expect(page.locator('.summary-list').first().innerText()).resolves.toMatch(new RegExp(`${lang === 'nl' ? 'Zones die het gebruiken' : 'Zones qui l’utilisent'}\\s+${used}`));
    }
  }
  expect(found).toEqual([]);
  expect(errors).toEqual([]);
  await page.context().close();
}, 600000);
