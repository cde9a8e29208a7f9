import { describe, expect, it } from '@jest/globals';
import { lastEndedPeriod } from '@equity/shared';
import { emptyForm } from './form-model';

describe('emptyForm', () => {
  it('takes the latest ended quarter as baseline, and three years to reach the target', () => {
    const today = new Date('2026-12-06T10:00:00Z');
    const form = emptyForm('5415', today);
    expect(form.baselinePeriod).toBe(lastEndedPeriod(today));
    expect(form).toMatchObject({ zone: '5415', baselinePeriod: '2026-Q3', deadlinePeriod: '2029-Q3' });
  });
});
