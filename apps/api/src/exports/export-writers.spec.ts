import { type ExportRow, neutraliseFormula, SUPPRESSION_SYMBOL } from '@equity/shared';
import { CSV_HEADER, csvLine } from './export-writers.js';

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
  threshold: 10,
  generated_at: '2026-05-01T10:00:00Z',
  ...over,
});

describe('CSV lines', () => {
  it('writes the documented columns, withheld values as the symbol, not computable as empty', () => {
    expect(CSV_HEADER).toBe('zone,zone_name,period,statistic,category,classification,group,value,numerator,denominator,ci_low,ci_high,revision,threshold,generated_at\r\n');
    expect(csvLine(row({}))).toBe('5415,Gent,2026-Q1,headcount,basic,origin,be_be,12,,,,,2,10,2026-05-01T10:00:00Z\r\n');
    expect(csvLine(row({ value: { suppressed: true } }))).toContain(`,be_be,${SUPPRESSION_SYMBOL},`);
    expect(csvLine(row({ statistic: 'representation', value: null, numerator: 3, denominator: { suppressed: true } }))).toContain(`,be_be,,3,${SUPPRESSION_SYMBOL},`);
  });

  it('neutralises formulas in text, quotes separators, and leaves negative figures as numbers', () => {
    for (const hostile of ['=1+2', '+1', '-1', '@SUM(A1)', '\tx', '\rx']) expect(neutraliseFormula(hostile)).toBe(`'${hostile}`);
    expect(neutraliseFormula('Gent')).toBe('Gent');
    expect(csvLine(row({ zone_name: '=HYPERLINK("x")' }))).toContain(`,"'=HYPERLINK(""x"")",`);
    expect(csvLine(row({ zone_name: 'London, City of' }))).toContain(',"London, City of",');
    expect(csvLine(row({ statistic: 'availability_gap', value: -0.25 }))).toContain(',-0.25,');
  });
});
