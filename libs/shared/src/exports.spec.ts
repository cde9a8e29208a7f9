import {
  EXPORT_FIELDS,
  EXPORT_MISSING_VALUES,
  exportSymbol,
  isNoData,
  isTooFew,
  METRIC_DEFINITIONS,
  NO_DATA_SYMBOL,
  quarterStatus,
  SUPPRESSION_SYMBOL,
  TOO_FEW_SYMBOL,
} from './exports.js';

describe('quarterStatus (the exports’ quarter_status column)', () => {
  const today = new Date(Date.UTC(2026, 11, 5)); // 5 December 2026: 2026-Q4 is running
  it('is the return’s status once the quarter has ended', () => {
    expect(quarterStatus('2026-Q3', 'signed_off', today)).toBe('signed_off');
    expect(quarterStatus('2026-Q3', 'open', today)).toBe('open');
  });
  it('is not_ended while the quarter runs, whatever the status', () => {
    expect(quarterStatus('2026-Q4', 'open', today)).toBe('not_ended');
    expect(quarterStatus('2026-Q4', 'signed_off', today)).toBe('not_ended');
    expect(quarterStatus('2026-Q4', 'open', new Date(Date.UTC(2027, 0, 1)))).toBe('open');
  });
});

describe('the symbols of values without a number (GSS: [c] confidential, [x] not available, [u] low reliability)', () => {
  it('has one symbol and one JSON form for each: withheld, no data, too few to conclude', () => {
    expect([SUPPRESSION_SYMBOL, NO_DATA_SYMBOL, TOO_FEW_SYMBOL]).toEqual(['[c]', '[x]', '[u]']);
    expect(exportSymbol({ suppressed: true })).toBe('[c]');
    expect(exportSymbol({ noData: true })).toBe('[x]');
    expect(exportSymbol({ tooFew: true })).toBe('[u]');
    expect(isTooFew({ tooFew: true })).toBe(true);
    for (const other of [{ noData: true }, { suppressed: true }, null, 0, '[u]']) expect(isTooFew(other)).toBe(false);
    expect(isNoData({ tooFew: true })).toBe(false);
  });

  it('every symbol is a missing value of the data package, beside the empty cell', () => {
    expect([...EXPORT_MISSING_VALUES]).toEqual(['', '[c]', '[x]', '[u]']);
  });

  it('the data dictionary says what [u] means: the value column and the ratios that can be too few', () => {
    const value = EXPORT_FIELDS.find((f) => f.name === 'value')!.description;
    expect(value).toContain('"[u]" = too few to conclude');
    expect(value).toContain('"[x]" = no data');
    expect(value).toContain('empty = not computable');
    expect(METRIC_DEFINITIONS.hiring_ratio.definition).toMatch(/"\[u\]" when there is no ratio and the counts are too few to conclude/);
    expect(METRIC_DEFINITIONS.promotion_impact_ratio.definition).toMatch(/given even when the counts are too few.*"\[u\]" when there is then no ratio/);
  });
});
