/** Errors and limits of reading an upload (shared by the CSV and the XLSX reader). */
import type { Problem, ProblemCode, ProblemParams } from '@equity/shared';

/** A file that cannot be read as a return: 422 with this problem. */
export class UnreadableFileError extends Error {
  constructor(readonly problem: Problem) {
    super(problem.message);
  }
}

/** A file past one of the upload limits: 413 with this problem, answered as soon as it is passed. */
export class UploadLimitError extends Error {
  constructor(readonly problem: Problem) {
    super(problem.message);
  }
}

/** What the reader checks while reading (see config.ts, UploadLimits). */
export interface ReadLimits {
  maxRows: number;
  maxColumns: number;
  maxCells: number;
  maxUnzippedBytes: number;
  maxZipRatio: number;
}

/** For tools reading trusted files (the import command line): no limits but the machine's. */
export const NO_READ_LIMITS: ReadLimits = {
  maxRows: Number.MAX_SAFE_INTEGER,
  maxColumns: Number.MAX_SAFE_INTEGER,
  maxCells: Number.MAX_SAFE_INTEGER,
  maxUnzippedBytes: Number.MAX_SAFE_INTEGER,
  maxZipRatio: Number.MAX_SAFE_INTEGER,
};

/** Why a file cannot be read (`params.reason` of `unreadable_file`): a client words each its own way. */
export type UnreadableReason = 'not_xlsx' | 'xls' | 'csv_is_xlsx' | 'unknown_type' | 'utf32' | 'binary' | 'cannot_open' | 'encrypted' | 'no_sheet' | 'csv_syntax';

export const unreadable = (reason: UnreadableReason, message: string, row: number | null = null, params: ProblemParams = {}) =>
  new UnreadableFileError({ row, column: null, code: 'unreadable_file', message, params: { reason, ...params } });

export const limitPassed = (code: ProblemCode, message: string, params: ProblemParams, row: number | null = null, column: string | null = null) =>
  new UploadLimitError({ row, column, code, message, params });

