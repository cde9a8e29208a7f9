import { describe, expect, it } from '@jest/globals';
import type { Problem } from '@equity/shared';
import { ApiError, otherErrorMessage, validationProblems } from './api-client';

const problem: Problem = { row: null, column: 'code', code: 'required', message: 'code is required' };
const refusal = (status: number, body: unknown) => new ApiError(`status ${status}`, status, body);
const body422 = { statusCode: 422, error: 'Unprocessable Entity', message: 'invalid', errors: [problem], warnings: [] };

describe('validationProblems', () => {
  it('gives the problems of a 422 refusal', () => {
    expect(validationProblems(refusal(422, body422))).toEqual([problem]);
  });

  it('gives null for another refusal, even one with problems, and for any other error', () => {
    expect(validationProblems(refusal(409, { errors: [problem] }))).toBeNull();
    expect(validationProblems(refusal(422, { message: 'no list' }))).toBeNull();
    expect(validationProblems(new Error('network'))).toBeNull();
    expect(validationProblems(null)).toBeNull();
  });
});

describe('otherErrorMessage', () => {
  it('is null without an error and for a 422, whose problems go next to the fields', () => {
    expect(otherErrorMessage(null)).toBeNull();
    expect(otherErrorMessage(refusal(422, body422))).toBeNull();
  });

  it('is the message of any other error', () => {
    expect(otherErrorMessage(refusal(403, null))).toBe('status 403');
    expect(otherErrorMessage(refusal(422, { message: 'not a list of problems' }))).toBe('status 422');
    expect(otherErrorMessage(new Error('offline'))).toBe('offline');
  });
});
