import { EXPORT_METRICS, METRIC_DEFINITIONS } from './exports.js';
import { FIGURE_CODES, FIGURES, figureKind, figureName, figuresOfferedIn, formatFigure } from './figures.js';
import { NATIONAL_METRICS } from './analytics.js';
import type { Locale } from './labels.js';
import { STATUS_TOLERANCE, TARGET_METRICS } from './targets.js';

const LOCALES: Locale[] = ['en', 'nl', 'fr'];

describe('the registry of figures', () => {
  it('has an entry, under its own code, for every figure of the national comparison, targets and exports', () => {
    for (const code of [...NATIONAL_METRICS, ...TARGET_METRICS, ...EXPORT_METRICS]) expect(FIGURES[code]?.code).toBe(code);
    for (const code of FIGURE_CODES) expect(FIGURES[code].code).toBe(code);
  });

  it('derives the lists of the API from where each figure is offered', () => {
    expect(NATIONAL_METRICS).toEqual(['representation', 'declaration_rate', 'hiring_ratio', 'promotion_impact_ratio', 'separations_per_1000', 'retention', 'availability_gap']);
    expect(TARGET_METRICS).toEqual(['representation', 'hiring_share', 'promotion_impact_ratio', 'retention']);
    expect(EXPORT_METRICS).toEqual(FIGURE_CODES);
    expect(figuresOfferedIn('zone')).not.toContain('separations_per_1000');
    for (const metric of TARGET_METRICS) expect(STATUS_TOLERANCE[metric]).toEqual(FIGURES[metric].targetTolerance);
  });

  it('names every figure in the three languages, one name per figure and language', () => {
    for (const locale of LOCALES) {
      const names = FIGURE_CODES.map((code) => figureName(code, locale));
      for (const name of names) expect(name.trim()).not.toBe('');
      expect(new Set(names.map((n) => n.toLowerCase())).size).toBe(names.length);
      for (const code of FIGURE_CODES) expect(FIGURES[code].definition[locale].trim()).not.toBe('');
    }
  });

  it('gives the exports the same names as every page', () => {
    expect(figureName('hiring_ratio', 'nl')).toBe('Aanwervingsratio');
    for (const code of EXPORT_METRICS) expect(METRIC_DEFINITIONS[code].label).toEqual(FIGURES[code].label);
    expect(METRIC_DEFINITIONS.hiring_ratio.kind).toBe('number');
    expect(METRIC_DEFINITIONS.representation.kind).toBe('rate');
    expect(METRIC_DEFINITIONS.promotion_impact_ratio.needsReference).toBe(true);
    expect(METRIC_DEFINITIONS.declaration_rate.perClassification).toBe(true);
    expect(METRIC_DEFINITIONS.hiring_ratio.definition).toMatch(/^Hiring share ÷ .*"\[c\]" when a count behind it is withheld/);
  });

  it('knows the kind of each figure', () => {
    expect(figureKind('representation')).toBe('share');
    expect(figureKind('hiring_ratio')).toBe('ratio');
    expect(figureKind('separations_per_1000')).toBe('rate_per_1000');
    expect(figureKind('availability_gap')).toBe('percentage_points');
    expect(figureKind('ratio')).toBe('ratio');
  });
});

describe('formatFigure', () => {
  it('writes a share as a percentage with one decimal, in each language', () => {
    expect(formatFigure('share', 0.1789, 'en')).toBe('17.9%');
    expect(formatFigure('share', 0.1789, 'nl')).toBe('17,9%');
    expect(formatFigure('share', 0.1789, 'fr')).toBe('17,9\u00a0%');
    expect(formatFigure('representation', 1, 'en')).toBe('100.0%');
    expect(formatFigure('retention', 0, 'en')).toBe('0.0%');
  });

  it('writes a ratio with two decimals', () => {
    expect(formatFigure('ratio', 2.6149, 'en')).toBe('2.61');
    expect(formatFigure('hiring_ratio', 2.6149, 'nl')).toBe('2,61');
    expect(formatFigure('promotion_impact_ratio', 0.8, 'fr')).toBe('0,80');
    expect(formatFigure('ratio', 1234.5, 'en')).toBe('1,234.50');
  });

  it('writes a rate per 1,000 with one decimal', () => {
    expect(formatFigure('separations_per_1000', 12.345, 'en')).toBe('12.3');
    expect(formatFigure('rate_per_1000', 12.345, 'nl')).toBe('12,3');
    expect(formatFigure('rate_per_1000', 0, 'fr')).toBe('0,0');
  });

  it('writes percentage points signed with one decimal and the unit, negative ones too', () => {
    expect(formatFigure('availability_gap', -0.3788, 'en')).toBe('-37.9 percentage points');
    expect(formatFigure('percentage_points', -0.038, 'nl')).toBe('-3,8 procentpunt');
    expect(formatFigure('percentage_points', -0.038, 'fr')).toBe('-3,8 points de pourcentage');
    expect(formatFigure('percentage_points', 0.052, 'en')).toBe('+5.2 percentage points');
    expect(formatFigure('percentage_points', 0, 'en')).toBe('0.0 percentage points');
    expect(formatFigure('percentage_points', -0.038, 'en', { unit: false })).toBe('-3.8');
  });

  it('signs a difference when asked', () => {
    expect(formatFigure('ratio', 0.05, 'en', { signed: true })).toBe('+0.05');
    expect(formatFigure('ratio', -0.05, 'nl', { signed: true })).toBe('-0,05');
  });

  it('writes no value as no text, never 0', () => {
    for (const code of FIGURE_CODES) for (const locale of LOCALES) expect(formatFigure(code, null, locale)).toBeNull();
    expect(formatFigure('share', Number.NaN, 'en')).toBeNull();
  });
});
