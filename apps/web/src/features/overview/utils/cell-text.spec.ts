import { afterEach, describe, expect, it } from '@jest/globals';
import { i18n } from '../../../lib/i18n';
import { cellTexts, columnTitle } from './cell-text';
import type { MetricCell } from './overview-rows';

const cell = (value: number | null, extra: Partial<MetricCell> = {}): MetricCell => ({ value, rate: null, base: null, verdict: null, target: null, ...extra });
afterEach(() => void i18n.changeLanguage('en'));

describe('the overview', () => {
  it('titles each column with the name of its national figure', () => {
    expect(columnTitle('hiring')).toBe('Hiring ratio');
    void i18n.changeLanguage('nl');
    expect(columnTitle('hiring')).toBe('Aanwervingsratio');
    expect(columnTitle('promotion')).toBe('Impactratio bevordering');
  });

  it('writes a column’s value as its figure and the target as the target’s figure', () => {
    const hiring = cellTexts('hiring', cell(1.234, { target: { status: 'on_track', value: 0.3, metric: 'hiring_share', deadline: '2028-Q4' } }));
    expect(hiring.value).toBe('1.23');
    expect(hiring.targetValue).toBe('30.0%');
    expect(cellTexts('retention', cell(0.9512)).value).toBe('95.1%');
  });
});
