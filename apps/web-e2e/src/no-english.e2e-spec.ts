// No English left on any page in Dutch or French: every page of every role (HR, management,
// researcher) and the pages without an account (sign-in, the survey answer page), searched for a
// text of the dashboard's English dictionary that is not one of the page's language, an English
// label of a classification profile, or a text with English words in it (english.ts). Runs with
// the protected pages, last: management's and researchers' pages need the stored protections.
import { BASE, close, launch, loaded, openAs, screenshot } from './browser.js';
import { englishLeft, looksEnglish } from './english.js';

beforeAll(launch);
afterAll(close);

/** Each role's pages; a tab or disclosure to open on it shows its texts too. */
const PAGES: Record<string, { url: string; open?: Record<'nl' | 'fr', string> }[]> = {
  'hr.gent': [
    { url: '/' },
    { url: '/zone/5415' },
    { url: '/data-entry' },
    { url: '/data-entry', open: { nl: 'Bestand opladen', fr: 'Charger un fichier' } },
    { url: '/surveys' },
    { url: '/targets' },
    { url: '/report/5415' },
    { url: '/account/password' },
  ],
  management: [
    { url: '/' },
    { url: '/overview' },
    { url: '/compare' },
    { url: '/zone/5345' },
    { url: '/surveys?zone=5345' },
    { url: '/targets' },
    { url: '/report/5345' },
    { url: '/exports' },
  ],
  researcher: [{ url: '/' }, { url: '/overview' }, { url: '/compare' }, { url: '/zone/5330' }, { url: '/targets' }, { url: '/exports' }],
};

it('the search for English words works: an English sentence is found, Dutch and French ones are not', () => {
  expect(looksEnglish('The quarter is signed off.')).toBe(true);
  expect(looksEnglish('Hires of the last four quarters')).toBe(true);
  expect(looksEnglish('Het kwartaal is afgesloten.')).toBe(false);
  expect(looksEnglish('Le trimestre est clôturé.')).toBe(false);
  expect(looksEnglish('Zones die het gebruiken: 5')).toBe(false);
});

it.each(['nl', 'fr'] as const)('in %s no page of any role shows English', async (lang: 'nl' | 'fr') => {
  const found: string[] = [];
  for (const [user, pages] of Object.entries(PAGES)) {
    const { page, errors } = await openAs(user);
    await page.getByRole('navigation', { name: 'Main navigation' }).waitFor();
    await page.getByLabel('Language', { exact: true }).selectOption(lang);
    await page.waitForFunction((l) => document.documentElement.lang === l, lang);
    for (const [i, p] of pages.entries()) {
      await page.goto(`${BASE}${p.url}`);
      // A protection not stored yet is computed first: a long wait.
      await loaded(page, undefined, 240000);
      if (p.open) {
        await page.getByRole('tab', { name: p.open[lang] }).click();
        await page.waitForFunction(() => document.querySelectorAll('.loading').length === 0, undefined, { timeout: 60000 });
      }
      expect(await page.evaluate(() => document.documentElement.lang)).toBe(lang);
      await screenshot(page, `90-${lang}-${user}-${i + 1}${p.url.replace(/\W+/g, '-')}.png`);
      for (const text of await englishLeft(page, lang)) found.push(`${user} ${p.url}${p.open ? ` (${p.open[lang]})` : ''}: “${text}”`);
    }
    expect(errors).toEqual([]);
    await page.context().close();
  }

  // Without an account: the sign-in page and the survey's answer page, in the language chosen there.
  const { page } = await openAs('nobody', 'x');
  for (const url of ['/login', '/survey']) {
    await page.goto(`${BASE}${url}`);
    await page.getByRole('heading', { level: 1 }).first().waitFor();
    await page.getByLabel(/^(Language|Taal|Langue)$/).selectOption(lang);
    await page.waitForFunction((l) => document.documentElement.lang === l, lang);
    await screenshot(page, `90-${lang}-public${url.replace(/\W+/g, '-')}.png`);
    for (const text of await englishLeft(page, lang)) found.push(`${url}: “${text}”`);
  }
  await page.context().close();
  expect(found).toEqual([]);
}, 900000);
