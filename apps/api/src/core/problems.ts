import { HttpException, HttpStatus } from '@nestjs/common';
import type { Problem, ProblemCode, ProblemParams, ValidationErrorBody } from '@equity/shared';

/**
 * How many problems an answer lists (MAX_PROBLEMS; set once at start-up by createApp). The first
 * ones by row are listed; `more` counts the rest, so an answer stays small whatever was sent.
 */
let maxListed = 200;

export function setProblemLimit(max: number): void {
  maxListed = max;
}

export function problemLimit(): number {
  return maxListed;
}

/**
 * The first `problemLimit()` problems by row (requests' own problems, row null, first) and how many
 * were left out: those beyond the limit and `dropped` more that validation counted without keeping.
 */
export function capProblems(errors: Problem[], dropped = 0): { errors: Problem[]; truncated?: true; more?: number } {
  const sorted = [...errors].sort(byRow);
  const more = Math.max(0, sorted.length - maxListed) + dropped;
  if (more === 0) return { errors: sorted };
  return { errors: sorted.slice(0, maxListed), truncated: true, more };
}

/**
 * The one validation failure: every problem at once (up to the limit), with row and column,
 * status 422. Thrown before anything is written.
 */
export class ValidationProblemsException extends HttpException {
  constructor(errors: Problem[], warnings: Problem[] = [], message?: string, dropped = 0) {
    const capped = capProblems(errors, dropped);
    const total = errors.length + dropped;
    const body: ValidationErrorBody = {
      statusCode: 422,
      error: 'Unprocessable Entity',
      message: message ?? summarise(total, capped.errors.length),
      errors: capped.errors,
      warnings: warnings.slice(0, maxListed),
      ...(capped.truncated ? { truncated: true, more: capped.more! } : {}),
    };
    super(body, HttpStatus.UNPROCESSABLE_ENTITY);
  }
}

/**
 * Query parameters that cannot be read (a date that is not one, an unknown parameter): 400 in the
 * one error shape, every problem at once, each naming its parameter in `column`.
 */
export class QueryProblemsException extends HttpException {
  constructor(errors: Problem[], what: string) {
    const capped = capProblems(errors);
    const body: RefusalBody & { truncated?: true; more?: number } = {
      statusCode: 400,
      error: 'Bad Request',
      message: `${errors.length === 1 ? 'There is 1 problem' : `There are ${errors.length} problems`} with the parameters; ${what}.`,
      errors: capped.errors,
      ...(capped.truncated ? { truncated: true, more: capped.more! } : {}),
    };
    super(body, HttpStatus.BAD_REQUEST);
  }
}

export function summarise(total: number, listed = total): string {
  const head = total === 1 ? 'There is 1 problem; nothing was saved.' : `There are ${total} problems; nothing was saved.`;
  return listed < total ? `${head} The first ${listed} are listed: correct them and check the file again.` : head;
}

/** A problem of the request as a whole (not of one row). */
export function requestProblem(column: string | null, code: ProblemCode, message: string, value?: string, params?: ProblemParams): Problem {
  return { row: null, column, code, message, ...(params ? { params } : {}), ...(value !== undefined ? { value } : {}) };
}

/** Problems in row order; problems of the request as a whole (row null) first. */
export function byRow(a: Problem, b: Problem): number {
  return (a.row ?? 0) - (b.row ?? 0);
}

/**
 * A refusal other than a validation failure (400, 403, 409, 413, 415, 429…) in the same shape:
 * `errors` holds one problem with the same message, so a client reads every refusal one way.
 */
export type RefusalBody = { statusCode: number; error: string; message: string; errors: Problem[] };

const TITLES: Record<number, string> = { 400: 'Bad Request', 401: 'Unauthorized', 403: 'Forbidden', 404: 'Not Found', 409: 'Conflict' };

/**
 * A refusal (403, 404, 409…) with its own code and the parameters its English message is built
 * from, so a client can word it in its own language (the dashboard does).
 */
export class RefusalException extends HttpException {
  constructor(status: 400 | 401 | 403 | 404 | 409, code: ProblemCode, message: string, params?: ProblemParams) {
    super(refusalBody(status, TITLES[status]!, message, { code, ...(params ? { params } : {}) }), status);
  }
}

export function refusalBody(status: number, error: string, message: string, problem?: Partial<Problem>): RefusalBody {
  return {
    statusCode: status,
    error,
    message,
    errors: [{ row: null, column: null, code: problem?.code ?? codeOf(status), message, ...problem }],
  };
}

function codeOf(status: number): ProblemCode {
  switch (status) {
    case 400:
      return 'bad_request';
    case 401:
      return 'unauthorized';
    case 403:
      return 'forbidden';
    case 404:
      return 'not_found';
    case 409:
      return 'conflict';
    case 412:
      return 'precondition_failed';
    case 413:
      return 'too_large';
    case 415:
      return 'unsupported_media_type';
    case 429:
      return 'too_many_requests';
    case 503:
      return 'unavailable';
    default:
      return status >= 500 ? 'server_error' : 'error';
  }
}
