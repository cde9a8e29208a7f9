import { describe, expect, it } from '@jest/globals';
import { pivotState } from './breakdown';

const query = (state: 'pending' | 'error' | 'success') => ({ isPending: state === 'pending', isError: state === 'error' });
const withRows = { rows: [{}] };

describe('pivotState', () => {
  it('is loading while the breakdown is being fetched', () => {
    expect(pivotState(query('pending'), null)).toBe('loading');
  });

  it('is the error when the query failed, even with an older pivot still at hand', () => {
    expect(pivotState(query('error'), null)).toBe('error');
    expect(pivotState(query('error'), withRows)).toBe('error');
  });

  it('is empty without a pivot or with a pivot of no rows', () => {
    expect(pivotState(query('success'), null)).toBe('empty');
    expect(pivotState(query('success'), { rows: [] })).toBe('empty');
  });

  it('is ready with a pivot that has rows', () => {
    expect(pivotState(query('success'), withRows)).toBe('ready');
  });
});
