/**
 * The dashboard writes every figure through the registry of figures (libs/shared/src/figures.ts):
 * one name per figure and language, one format per kind, in the interface's language.
 */
import { afterEach, describe, expect, it } from '@jest/globals';
import type { Locale } from '@equity/shared';
import { figureLabel, formatBareValue, formatDifference, formatPercent, formatValue } from './format';
import { i18n } from './i18n';
import { metricName, targetFigureText, targetValueText } from './target-text';
import { valueText } from './value-text';

const speak = (locale: Locale) => void i18n.changeLanguage(locale);
afterEach(() => speak('en'));

describe('figure names', () => {
  it('come from the registry, one per figure and language', () => {
    speak('nl');
    expect(figureLabel('hiring_ratio')).toBe('Aanwervingsratio');
    expect(figureLabel('promotion_impact_ratio')).toBe('Impactratio bevordering');
    expect(metricName('retention')).toBe('Behoud');
    speak('fr');
    expect(figureLabel('availability_gap')).toBe('Écart à la disponibilité');
    expect(metricName('hiring_share')).toBe('Part des recrutements');
    speak('en');
    expect(figureLabel('separations_per_1000')).toBe('Separations per 1,000');
    expect(metricName('representation')).toBe('Representation');
  });
});

describe('figure values', () => {
  it('write each kind one way, by figure code or by kind', () => {
    expect(formatValue(0.1789, 'representation')).toBe('17.9%');
    expect(formatValue(0.1789, 'share')).toBe('17.9%');
    expect(formatPercent(0.1789)).toBe('17.9%');
    expect(formatValue(2.6149, 'hiring_ratio')).toBe('2.61');
    expect(formatValue(12.345, 'separations_per_1000')).toBe('12.3');
    expect(formatValue(-0.3788, 'availability_gap')).toBe('-37.9 percentage points');
    expect(formatValue(0.052, 'percentage_points')).toBe('+5.2 percentage points');
  });

  it('follow the interface language', () => {
    speak('nl');
    expect(formatValue(0.1789, 'retention')).toBe('17,9%');
    expect(formatValue(0.8, 'promotion_impact_ratio')).toBe('0,80');
    expect(formatValue(-0.038, 'availability_gap')).toBe('-3,8 procentpunt');
    speak('fr');
    expect(formatValue(0.1789, 'hiring_share')).toBe('17,9\u00a0%');
    expect(formatValue(12.345, 'separations_per_1000')).toBe('12,3');
    expect(formatValue(-0.038, 'availability_gap')).toBe('-3,8 points de pourcentage');
  });

  it('leave the unit of percentage points off a chart axis only', () => {
    expect(formatBareValue(-0.038, 'availability_gap')).toBe('-3.8');
    expect(formatBareValue(0.25, 'share')).toBe('25.0%');
    // The survey's difference to HR, in a column headed "points".
    expect(formatBareValue(0.032, 'percentage_points')).toBe('+3.2');
    speak('nl');
    expect(formatBareValue(0.032, 'percentage_points')).toBe('+3,2');
  });

  it('write a difference to a trajectory in percentage points for shares and signed ratio units for ratios', () => {
    expect(formatDifference(-0.012, 'representation')).toBe('-1.2 percentage points');
    expect(formatDifference(0.05, 'promotion_impact_ratio')).toBe('+0.05');
    speak('nl');
    expect(formatDifference(-0.012, 'retention')).toBe('-1,2 procentpunt');
  });

  it('never write a missing value as 0', () => {
    expect(valueText(null, 'separations_per_1000', null, 'no_data')).toBe(i18n.t('value.noData'));
    expect(valueText(null, 'hiring_ratio', null, 'suppressed')).toBe(i18n.t('suppressed.marker'));
    expect(valueText(0, 'separations_per_1000', null, null)).toBe('0.0');
    expect(targetFigureText(null, 'promotion_impact_ratio', 'too_few_to_conclude')).toBe(i18n.t('verdict.too_few_to_conclude'));
  });

  it('write a target the way its figure is written everywhere', () => {
    expect(targetValueText({ metric: 'hiring_share', value: 0.3 })).toBe('30.0%');
    expect(targetValueText({ metric: 'promotion_impact_ratio', value: 0.9 })).toBe('0.90');
    expect(targetFigureText(0.171, 'representation')).toBe('17.1%');
  });
});
