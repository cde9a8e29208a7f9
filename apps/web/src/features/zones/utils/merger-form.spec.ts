import { describe, expect, it } from '@jest/globals';
import type { Problem } from '@equity/shared';
import { emptyMergerForm, mergerField, toMergeRequest } from './merger-form';

const problem = (column: string | null, code: Problem['code']): Problem => ({ row: null, column, code, message: code });

describe('merger form', () => {
  it('puts each problem of the API under its field, or on the whole merger', () => {
    expect(mergerField(problem('into', 'merge_target'))).toBe('into');
    expect(mergerField(problem('from', 'invalid_period'))).toBe('from');
    expect(mergerField(problem(null, 'merge_target'))).toBeNull();
    expect(mergerField(problem('code', 'required'))).toBeNull();
  });

  it('sends the quarter without surrounding spaces', () => {
    expect(emptyMergerForm()).toEqual({ into: '', from: '' });
    expect(toMergeRequest({ into: '5339', from: ' 2027-Q1 ' })).toEqual({ into: '5339', from: '2027-Q1' });
  });
});
