import { countStatistic, type ExportRow, neutraliseFormula, SUPPRESSION_SYMBOL, WINDOW_STATISTICS } from '@equity/shared';
import { countStatisticDefinitions, CSV_HEADER, csvLine } from './export-writers.js';

const row = (over: Partial<ExportRow>): ExportRow => ({
  zone: '5415',
  zone_name: 'Gent',
  period: '2026-Q1',
  statistic: 'headcount',
  category: 'basic',
  classification: 'origin',
  group: 'be_be',
  value: 12,
  numerator: null,
  denominator: null,
  ci_low: null,
  ci_high: null,
  revision: 2,
  quarter_status: 'signed_off',
  threshold: 10,
  generated_at: '2026-05-01T10:00:00Z',
  ...over,
});

describe('CSV lines', () => {
  it('writes the documented columns, withheld values as the symbol, not computable as empty', () => {
    expect(CSV_HEADER).toBe('zone,zone_name,period,statistic,category,classification,group,value,numerator,denominator,ci_low,ci_high,revision,quarter_status,threshold,generated_at\r\n');
    expect(csvLine(row({}))).toBe('5415,Gent,2026-Q1,headcount,basic,origin,be_be,12,,,,,2,signed_off,10,2026-05-01T10:00:00Z\r\n');
    expect(csvLine(row({ value: { suppressed: true } }))).toContain(`,be_be,${SUPPRESSION_SYMBOL},`);
    expect(csvLine(row({ statistic: 'representation', value: null, numerator: 3, denominator: { suppressed: true } }))).toContain(`,be_be,,3,${SUPPRESSION_SYMBOL},`);
  });

  it('writes no data as [x] and a figure too few to conclude as [u], never empty like one without a base', () => {
    expect(csvLine(row({ statistic: 'retention', value: { noData: true }, numerator: { noData: true }, denominator: { noData: true } }))).toContain(',be_be,[x],[x],[x],,,');
    expect(csvLine(row({ statistic: 'hiring_ratio', value: { tooFew: true } }))).toContain(',hiring_ratio,basic,origin,be_be,[u],,,,,2,');
    expect(csvLine(row({ statistic: 'hiring_share', value: null, numerator: 0, denominator: 0 }))).toContain(',be_be,,0,0,,,2,');
  });

  it('neutralises formulas in text, quotes separators, and leaves negative figures as numbers', () => {
    for (const hostile of ['=1+2', '+1', '-1', '@SUM(A1)', '\tx', '\rx']) expect(neutraliseFormula(hostile)).toBe(`'${hostile}`);
    expect(neutraliseFormula('Gent')).toBe('Gent');
    expect(csvLine(row({ zone_name: '=HYPERLINK("x")' }))).toContain(`,"'=HYPERLINK(""x"")",`);
    expect(csvLine(row({ zone_name: 'London, City of' }))).toContain(',"London, City of",');
    expect(csvLine(row({ statistic: 'availability_gap', value: -0.25 }))).toContain(',-0.25,');
  });
});

describe('count statistics', () => {
  it('names a flow published as 4-quarter windows <measure>_4q, never the quarterly measure', () => {
    expect(countStatistic('hires', true)).toBe('hires_4q');
    expect(countStatistic('separations', true)).toBe('separations_4q');
    expect(countStatistic('hires', false)).toBe('hires');
    expect(() => countStatistic('headcount', true)).toThrow(/not published as 4-quarter windows/);
    expect(csvLine(row({ statistic: 'hires_4q' }))).toContain(',2026-Q1,hires_4q,basic,');
  });

  it('defines every count statistic an export holds: the quarter or the 4 quarters it sums', () => {
    const d = countStatisticDefinitions(['headcount', 'hires', ...WINDOW_STATISTICS]);
    expect(Object.keys(d)).toEqual(['headcount', 'hires', 'hires_4q', 'promotions_4q', 'separations_4q']);
    expect(d['hires']).toMatchObject({ label: { en: 'Hires' }, quarters: 1 });
    expect(d['hires_4q']).toMatchObject({ label: { en: 'Hires over the 4 quarters to the period', nl: expect.any(String), fr: expect.any(String) }, quarters: 4 });
    for (const s of WINDOW_STATISTICS) expect(d[s]!.definition).toMatch(/the quarter and the three quarters before it.*disclosure control/);
  });
});
