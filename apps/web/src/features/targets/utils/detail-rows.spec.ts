import { afterEach, describe, expect, it } from '@jest/globals';
import { i18n } from '../../../lib/i18n';
import { gapText } from './detail-rows';

afterEach(() => void i18n.changeLanguage('en'));

describe('the gap to a target’s trajectory', () => {
  it('is in percentage points for shares, as the gap to availability is', () => {
    expect(gapText(-0.0123, { metric: 'representation' })).toBe('-1.2 percentage points');
    expect(gapText(0.004, { metric: 'hiring_share' })).toBe('+0.4 percentage points');
    void i18n.changeLanguage('fr');
    expect(gapText(-0.0123, { metric: 'retention' })).toBe('-1,2 points de pourcentage');
  });

  it('is in signed ratio units for the impact ratio, and words without a value', () => {
    expect(gapText(-0.05, { metric: 'promotion_impact_ratio' })).toBe('-0.05');
    expect(gapText(null, { metric: 'representation' })).toBe(i18n.t('value.none'));
  });
});
