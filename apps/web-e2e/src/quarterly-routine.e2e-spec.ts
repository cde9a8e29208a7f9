// The HR officer's quarterly routine, in a real browser: a quarter without a return starts from last
// quarter's headcount with one button (the form says what was copied), the mouse wheel over a
// focused count does not change it, a stock-flow warning names and marks its headcount cell, and
// the upload panel shows the code list in one click.
import { BASE, close, launch, openAs, screenshot, wcagProblems } from './browser.js';

beforeAll(launch);
afterAll(close);

const ZONE = '5415'; // Gent

interface Cell {
  measure: string;
  category: string;
  classes: Record<string, string>;
  count: number;
}

it('starts a new quarter from last quarter’s headcount; the wheel leaves counts alone; the code list is one click away', async () => {
  const { page, errors } = await openAs('hr.gent');
  await page.getByRole('link', { name: 'Data entry' }).click();
  await page.getByRole('heading', { name: 'Data entry' }).waitFor();

  // The running quarter (the newest choice) has no return yet; the one before it has.
  const quarter = page.getByLabel('Quarter', { exact: true });
  const period = (await quarter.locator('option').first().getAttribute('value'))!;
  const [year, q] = period.split('-Q').map(Number) as [number, number];
  const previous = q === 1 ? `${year - 1}-Q4` : `${year}-Q${q - 1}`;
  const api = (path: string) =>
    page.evaluate(async (url) => {
      const res = await fetch(url, { headers: { Authorization: `Bearer ${localStorage.getItem('equity.token')}` } });
      return { status: res.status, body: res.status === 200 ? await res.json() : null };
    }, `${BASE}/api/v1/zones/${ZONE}/returns/${path}`);
  expect((await api(period)).status).toBe(404);
  const before = (await api(previous)) as { status: number; body: { currentRevision: number; cells: Cell[] } };
  expect(before.status).toBe(200);

  // What is due: the last four ended quarters, the one due first, each with where it stands.
  const due = page.locator('section', { has: page.getByRole('heading', { level: 2, name: 'What is due' }) });
  const items = due.locator('.task-list__item');
  await items.first().waitFor();
  expect(await items.count()).toBe(4);
  const summaries = (await page.evaluate(async (url) => {
    const res = await fetch(url, { headers: { Authorization: `Bearer ${localStorage.getItem('equity.token')}` } });
    return (await res.json()) as { period: string; status: string; currentRevision: number | null }[];
  }, `${BASE}/api/v1/zones/${ZONE}/returns`)) as { period: string; status: string; currentRevision: number | null }[];
  const texts = await items.allInnerTexts();
  expect(texts[0]).toContain(`Quarter ${previous}`);
  for (const text of texts) {
    const p = /Quarter (\d{4}-Q\d)/.exec(text)![1]!;
    const s = summaries.find((r) => r.period === p);
    const state = !s || s.currentRevision === null ? 'Not started' : s.status === 'signed_off' ? 'Signed off' : `Entered (revision ${s.currentRevision}), not signed off`;
    expect(text).toContain(state);
  }
  // A quarter of the list opens it.
  const second = /Quarter (\d{4}-Q\d)/.exec(texts[1]!)![1]!;
  await due.getByRole('link', { name: `Quarter ${second}` }).click();
  await expect(quarter.inputValue()).resolves.toBe(second);
  await screenshot(page, '59-what-is-due.png');
  // The selection funnel is in the form, one line per stage, category and values, like the flows.
  const secondReturn = (await api(second)) as { status: number; body: { cells: (Cell & { detail: string })[] } };
  const funnelLines = new Set(
    secondReturn.body.cells.filter((c) => c.measure === 'funnel').map((c) => `${c.detail}|${c.category}|${c.classes['gender']}|${c.classes['origin']}`),
  );
  await page.locator('.flows-table').waitFor();
  const measures = await page.locator('.flows-table tbody select[aria-label$=": Measure"]').evaluateAll((all) => all.map((s) => (s as HTMLSelectElement).value));
  expect(measures.filter((m) => m === 'funnel').length).toBe(funnelLines.size);
  expect(await page.locator('.flows-table tbody select[aria-label$=": Measure"]').first().locator('option').allTextContents()).toEqual(['Hires', 'Promotions', 'Separations', 'Selection funnel']);

  // What the previous quarter's headcount is, per input of the grid (optional classifications summed).
  const expected = new Map<string, number>();
  for (const c of before.body.cells.filter((cell) => cell.measure === 'headcount')) {
    const key = `${c.category}|${c.classes['gender']}|${c.classes['origin']}`;
    expected.set(key, (expected.get(key) ?? 0) + c.count);
  }
  const people = [...expected.values()].reduce((s, n) => s + n, 0);
  const filled = [...expected.values()].filter((n) => n > 0).length;
  expect(people).toBeGreaterThan(0);

  await quarter.selectOption({ value: period });
  await page.getByText('No revision yet: all values start at 0.').waitFor();
  const inputs = page.locator('.return-form .entry-grid input.count-input');
  const values = () => inputs.evaluateAll((all) => all.map((i) => (i as HTMLInputElement).value));
  expect((await values()).every((v) => v === '')).toBe(true);

  await page.getByRole('button', { name: `Start from last quarter (${previous})` }).click();
  const status = page.getByRole('status').filter({ hasText: `Headcount copied from ${previous} (revision ${before.body.currentRevision})` });
  await status.waitFor();
  await expect(status.innerText()).resolves.toContain(`${filled} headcount fields filled, ${people.toLocaleString('en')} people in all.`);
  await expect(status.innerText()).resolves.toContain('Hires, promotions and separations were not copied');
  const after = (await values()).map((v) => (v === '' ? 0 : Number(v)));
  expect(after.reduce((s, n) => s + n, 0)).toBe(people);
  expect(after.filter((n) => n > 0)).toHaveLength(filled);
  // One input by its name: the first category's first combination with people.
  const [firstKey, firstCount] = [...expected.entries()].find(([, n]) => n > 0)!;
  const [category, gender, origin] = firstKey.split('|');
  const profile = (await page.evaluate(async () => (await fetch('/api/v1/profiles/belgium-police', { headers: { Authorization: `Bearer ${localStorage.getItem('equity.token')}` } })).json())) as {
    categories: { code: string; label: { en: string } }[];
    dimensions: { code: string; values: { code: string; label: { en: string } }[] }[];
  };
  const name = (dim: string, code: string) => profile.dimensions.find((d) => d.code === dim)!.values.find((v) => v.code === code)!.label.en;
  const cellName = `${profile.categories.find((c) => c.code === category)!.label.en}, ${name('gender', gender!)}, ${name('origin', origin!)}`;
  const one = page.getByRole('spinbutton', { name: cellName, exact: true });
  await expect(one.inputValue()).resolves.toBe(String(firstCount));
  // The flows were not copied.
  await expect(page.locator('.return-form select').count()).resolves.toBe(0);
  await screenshot(page, '60-start-from-last-quarter.png');

  // The wheel over a focused count scrolls the page but does not step the value.
  await one.focus();
  const box = (await one.boundingBox())!;
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
  await page.mouse.wheel(0, 120);
  await page.mouse.wheel(0, -120);
  await page.mouse.wheel(0, -120);
  await page.waitForTimeout(200);
  await expect(one.inputValue()).resolves.toBe(String(firstCount));
  await expect(one.evaluate((el) => el === document.activeElement)).resolves.toBe(true);

  // Control: the same wheel over a focused number input outside the form does step it, so the
  // check above would see the change.
  await page.evaluate(() => {
    const input = document.createElement('input');
    input.type = 'number';
    input.value = '10';
    input.id = 'wheel-control';
    input.setAttribute('aria-label', 'wheel control');
    input.style.cssText = 'position:fixed;top:10px;left:10px;width:120px;z-index:9999';
    document.body.append(input);
    input.focus();
  });
  const control = page.locator('#wheel-control');
  const cbox = (await control.boundingBox())!;
  await page.mouse.move(cbox.x + cbox.width / 2, cbox.y + cbox.height / 2);
  await page.mouse.wheel(0, -120);
  await page.waitForTimeout(200);
  await expect(control.inputValue()).resolves.not.toBe('10');
  await control.evaluate((el) => el.remove());

  // A stock-flow gap points at its cell: the headcount changed by 2 with no flow to explain it.
  await one.fill(String(firstCount + 2));
  await page.getByRole('button', { name: 'Check without saving' }).click();
  const warnings = page.locator('.problems--warning');
  await warnings.waitFor();
  const gapRow = warnings.locator('tbody tr', { hasText: '(gap +2)' });
  await expect(gapRow.count()).resolves.toBe(1);
  await expect(gapRow.locator('td').allInnerTexts()).resolves.toEqual([
    '—',
    'Headcount',
    `Headcount · ${cellName.replace(/, /, ' · ')}`,
    expect.stringContaining(`${cellName.replace(/, /g, ' · ')}: headcount ${firstCount + 2}`),
  ]);
  await expect(one.getAttribute('class')).resolves.toContain('count-input--warned');
  await expect(page.locator('.count-input--warned').count()).resolves.toBe(1);
  await screenshot(page, '62-stock-flow-gap-cell.png');
  expect(await wcagProblems(page)).toEqual([]);

  // The code list, one click from the upload panel.
  await page.getByRole('tab', { name: 'Upload a file' }).click();
  await page.getByText('Codes and labels').click();
  const origins = page.locator('table.code-list__table', { hasText: 'Origin' });
  await origins.waitFor();
  await expect(origins.locator('tbody tr').allInnerTexts()).resolves.toEqual(
    profile.dimensions.find((d) => d.code === 'origin')!.values.map((v) => `${v.code}\t${v.label.en}`),
  );
  await expect(page.getByRole('button', { name: /one row per cell \(Excel, with drop-down lists of codes\)/ }).isVisible()).resolves.toBe(true);
  await page.getByText('Codes and labels').scrollIntoViewIfNeeded();
  await screenshot(page, '61-code-list.png');
  expect(await wcagProblems(page)).toEqual([]);
  expect(errors).toEqual([]);
});
