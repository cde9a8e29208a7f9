import { BUILT_IN_PROFILES, UK_HOME_OFFICE } from '@equity/shared';
import { MappingError, mapPeriod, mapReturns, normaliseCount, parseMapping, type ReturnsMapping } from './mapping.js';

const profiles = (code: string) => BUILT_IN_PROFILES.find((p) => p.code === code);

describe('import mapping', () => {
  it('reads counts written with nil symbols, spaces and thousands separators', () => {
    const counts = { nil: ['-'], thousandsSeparator: ',' };
    expect(normaliseCount(' 1,976 ', counts)).toBe('1976');
    expect(normaliseCount(' 16,680 ', counts)).toBe('16680');
    expect(normaliseCount(' - ', counts)).toBe('0');
    expect(normaliseCount('12', counts)).toBe('12');
    // Not a grouping: left for the validator to refuse.
    expect(normaliseCount('1,97', counts)).toBe('1,97');
  });

  it('turns "As at 31 March" years into quarters', () => {
    const rule = { pattern: '^(?:As at 31 March )?(\\d{4})$', quarter: '{1}-Q1' };
    expect(mapPeriod('2003', rule)).toBe('2003-Q1');
    expect(mapPeriod('As at 31 March 2006', rule)).toBe('2006-Q1');
    expect(mapPeriod('31/03/2006', rule)).toBeNull();
    expect(mapPeriod('2025-q3', undefined)).toBe('2025-Q3');
  });

  it('says everything wrong with a mapping at once', () => {
    try {
      parseMapping(JSON.stringify({ kind: 'returns', profile: 'uk-home-office', columns: { period: 'Year', classifications: { gender: 'Gender', colour: 'Colour' } }, zones: { match: 'name', create: true } }), 'm.json', profiles);
      throw new Error('accepted');
    } catch (err) {
      expect(err).toBeInstanceOf(MappingError);
      expect((err as MappingError).problems).toEqual([
        '"zones.create" needs "zones.match": "code" (new zones need a code)',
        '"reason" must say why the returns are imported',
        '"columns.zone" must name a column',
        '"columns.category" must name a column',
        '"columns.count" must name a column',
        '"colour" is not a classification of uk-home-office',
        '"columns.classifications.ethnicity" is missing: every return needs it',
        '"measure" (for every row) or "columns.measure" is needed',
        '"columns.zoneName" must name the column with zone names when zones are created',
      ]);
    }
    expect(() => parseMapping('kind: [', 'm.yaml', profiles)).toThrow(MappingError);
  });

  it('groups mapped rows by zone and quarter, sums rows mapped to one cell when asked, keeps the file’s row numbers', () => {
    const mapping = parseMapping(
      `kind: returns
profile: uk-home-office
reason: test
measure: headcount
columns: { period: Year, zone: Force, category: Rank, count: N, classifications: { gender: Sex, ethnicity: Eth } }
values: { gender: { Prefer not to say: not_stated, Not stated: not_stated } }
duplicates: sum
zones: { match: name, aliases: { Met: Metropolitan Police } }
`,
      'm.yaml',
      profiles,
    ) as ReturnsMapping;
    const row = (n: number, values: Record<string, string>) => ({ row: n, values });
    const out = mapReturns(mapping, UK_HOME_OFFICE, {
      columns: ['year', 'force', 'rank', 'n', 'sex', 'eth'],
      rows: [
        row(2, { year: '2021-Q1', force: 'Met', rank: 'Constable', n: '3', sex: 'Not stated', eth: 'White' }),
        row(3, { year: '2021-Q1', force: 'Met', rank: 'Constable', n: '4', sex: 'Prefer not to say', eth: 'White' }),
        row(4, { year: '2021-Q1', force: 'Kent', rank: 'Constable', n: '5', sex: 'Male', eth: 'White' }),
      ],
    });
    expect(out.problems).toEqual([]);
    expect([...out.zones.keys()]).toEqual(['Metropolitan Police', 'Kent']);
    expect(out.returns.map((r) => [r.zone, r.period, r.table.rows.map((x) => [x.row, x.values['gender'], x.values['count']])])).toEqual([
      ['Metropolitan Police', '2021-Q1', [[2, 'not_stated', '7']]],
      ['Kent', '2021-Q1', [[4, 'Male', '5']]],
    ]);
  });
});
