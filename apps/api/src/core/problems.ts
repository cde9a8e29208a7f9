import { HttpException, HttpStatus } from '@nestjs/common';
import type { Problem, ValidationErrorBody } from '@equity/shared';

/**
 * The one validation failure: every problem at once, with row and column, status 422.
 * Thrown before anything is written.
 */
export class ValidationProblemsException extends HttpException {
  constructor(errors: Problem[], warnings: Problem[] = [], message?: string) {
    const body: ValidationErrorBody = {
      statusCode: 422,
      error: 'Unprocessable Entity',
      message: message ?? summarise(errors),
      errors,
      warnings,
    };
    super(body, HttpStatus.UNPROCESSABLE_ENTITY);
  }
}

export function summarise(errors: Problem[]): string {
  return errors.length === 1
    ? 'There is 1 problem; nothing was saved.'
    : `There are ${errors.length} problems; nothing was saved.`;
}

/** A problem of the request as a whole (not of one row). */
export function requestProblem(column: string | null, code: string, message: string, value?: string): Problem {
  return { row: null, column, code, message, ...(value !== undefined ? { value } : {}) };
}
