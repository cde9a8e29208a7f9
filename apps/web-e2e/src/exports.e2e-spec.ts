// The export page: a researcher chooses a zone and a quarter, downloads the CSV with a progress
// indicator, and gets the protected counts with withheld cells marked.
import { readFileSync } from 'node:fs';
import { close, launch, openAs, screenshot } from './browser.js';

beforeAll(launch);
afterAll(close);

it('a researcher downloads a CSV export of one zone and quarter from the Export page', async () => {
  const { page, errors } = await openAs('researcher');
  await page.getByRole('navigation', { name: 'Main navigation' }).getByRole('link', { name: 'Export' }).click();
  await page.getByRole('heading', { level: 1, name: 'Export data' }).waitFor();
  await page.getByLabel('Charleroi (5330)').check();
  const quarter = (await page.evaluate(async () => {
    const res = await fetch('/api/v1/zones/5330/returns', { headers: { Authorization: `Bearer ${localStorage.getItem('equity.token')}` } });
    return ((await res.json()) as { period: string }[])[0]!.period;
  })) as string;
  await page.getByLabel('From quarter').fill(quarter);
  await page.getByLabel('To quarter').fill(quarter);
  const [download] = await Promise.all([page.waitForEvent('download', { timeout: 180000 }), page.getByRole('button', { name: 'Download' }).click()]);
  const lines = readFileSync((await download.path())!, 'utf8').trim().split('\r\n');
  expect(lines[0]).toBe('zone,zone_name,period,statistic,category,classification,group,value,numerator,denominator,ci_low,ci_high,revision,quarter_status,threshold,generated_at');
  expect(lines.slice(1).every((l) => l.startsWith(`5330,Charleroi,${quarter},`))).toBe(true);
  expect(lines.some((l) => l.includes(',[c],'))).toBe(true);
  await page.getByText(/Downloaded equity-monitor-belgium-police-.*\.csv/).waitFor();
  await screenshot(page, '30-export-researcher.png');
  expect(errors).toEqual([]);
  await page.context().close();
}, 300000);
