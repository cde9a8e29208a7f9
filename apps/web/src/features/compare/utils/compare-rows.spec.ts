import { describe, expect, it } from '@jest/globals';
import { figureKind, type NationalRow, type RateDto } from '@equity/shared';
import { i18n } from '../../../lib/i18n';
import { cellText, compareCsv, type CompareRow } from './compare-rows';

const rate = (value: number | null, numerator: number, denominator: number): RateDto => ({ value, numerator, denominator, interval: null });
const row = (value: number | null, extra: Partial<NationalRow> = {}): NationalRow => ({ zone: '5415', zoneName: 'Gent', value, rate: null, verdict: null, ...extra });

describe('the compare page', () => {
  it('writes each national figure as the registry says', () => {
    expect(cellText(row(0.179, { rate: rate(0.179, 179, 1000) }), figureKind('representation'))).toBe('17.9%');
    expect(cellText(row(2.614), figureKind('hiring_ratio'))).toBe('2.61');
    expect(cellText(row(12.345), figureKind('separations_per_1000'))).toBe('12.3');
    expect(cellText(row(-0.3788), figureKind('availability_gap'))).toBe('-37.9 percentage points');
  });

  it('says why a cell has no value, never 0', () => {
    expect(cellText(null, 'share')).toBe(i18n.t('value.noData'));
    expect(cellText(row(null, { verdict: 'suppressed' }), 'ratio')).toBe(i18n.t('suppressed.marker'));
  });

  it('puts in its CSV exactly what the table shows, with the year of a gap’s benchmark', () => {
    const rows: CompareRow[] = [{ zone: '5415', zoneName: 'Gent', cells: [row(-0.3788, { benchmark: { year: 2025, source: 'Statbel' } })] }];
    const csv = compareCsv(rows, ['2026-Q3'], 'percentage_points');
    expect(csv[1]).toEqual(['5415', 'Gent', '-37.9 percentage points', 'availability 2025']);
  });
});
