/**
 * Reads an administrator's CSV (or XLSX) file — the zones file, the availability benchmarks file —
 * with the returns upload's bounded reader (`readUpload`: size, rows, columns and cells checked as
 * it goes), and checks its header against the columns the file must and may have. Every problem of
 * the header comes at once; the rows are handed back for the caller's own checks.
 */
import { HttpException, HttpStatus } from '@nestjs/common';
import type { Problem } from '@equity/shared';
import type { UploadLimits } from '../config/config.js';
import { refusalBody, ValidationProblemsException } from '../core/problems.js';
import type { RawRow } from '../returns/return-validator.js';
import { readUpload, UnreadableFileError, UploadLimitError } from '../returns/upload-parser.js';

/** Rows an administrator's file may have, whatever UPLOAD_MAX_ROWS allows a return. */
export const ADMIN_FILE_MAX_ROWS = 5000;

export interface AdminFileSpec {
  /** What the file holds, in words: "zones file". */
  what: string;
  required: readonly string[];
  optional: readonly string[];
}

/** 413 in the one error shape. */
export class AdminFileTooLargeException extends HttpException {
  constructor(problem: Problem) {
    super(refusalBody(413, 'Payload Too Large', problem.message, problem), HttpStatus.PAYLOAD_TOO_LARGE);
  }
}

/**
 * The header's columns and the data rows of the file, or a 422 listing every problem of the file as
 * a whole: no file, an empty file, missing or unknown columns, a header without rows.
 */
export async function readAdminFile(file: { originalname: string; buffer: Buffer } | undefined, spec: AdminFileSpec, limits: UploadLimits): Promise<RawRow[]> {
  const columnsText = [...spec.required, ...spec.optional].join(', ');
  if (!file) {
    throw new ValidationProblemsException([{ row: null, column: 'file', code: 'file_required', message: `Choose a file to load: a CSV with the columns ${columnsText}.` }]);
  }
  if (file.buffer.length === 0 || file.buffer.toString('utf8').trim() === '') {
    throw new ValidationProblemsException([
      { row: null, column: 'file', code: 'empty_file', message: `The file is empty. The ${spec.what} needs a header row (${columnsText}) and one row per line to load.` },
    ]);
  }
  const rows: RawRow[] = [];
  const readerProblems: Problem[] = [];
  let header: string[] = [];
  const maxRows = Math.min(limits.maxRows, ADMIN_FILE_MAX_ROWS);
  try {
    await readUpload(file.originalname, file.buffer, { ...limits, maxRows }, { header: (c) => void (header = c), row: (r) => rows.push(r), problem: (p) => readerProblems.push(p) });
  } catch (err) {
    if (err instanceof UnreadableFileError) throw new ValidationProblemsException([err.problem]);
    if (err instanceof UploadLimitError) {
      const p = err.problem;
      throw new AdminFileTooLargeException(
        p.code === 'too_many_rows' ? { ...p, message: `The ${spec.what} has more than ${maxRows.toLocaleString('en')} rows (row ${p.row} is one too many). Split it into smaller files.` } : p,
      );
    }
    throw err;
  }
  const problems: Problem[] = [...readerProblems];
  const known = new Set<string>([...spec.required, ...spec.optional]);
  for (const column of spec.required) {
    if (!header.includes(column)) {
      problems.push({ row: 1, column, code: 'missing_column', message: `The column “${column}” is missing from the header (row 1). The ${spec.what} has the columns ${columnsText}.` });
    }
  }
  header.forEach((column, i) => {
    if (!column) {
      problems.push({ row: 1, column: null, code: 'blank_column', message: `Column ${i + 1} of the header (row 1) has no name: remove the column or name it (${columnsText}).` });
    } else if (!known.has(column)) {
      problems.push({ row: 1, column, code: 'unknown_column', message: `The column “${column.slice(0, 40)}” is not one of the ${spec.what}: use ${columnsText}, and remove any other column.` });
    } else if (header.indexOf(column) !== i) {
      problems.push({ row: 1, column, code: 'repeated_column', message: `The column “${column}” appears twice in the header (row 1): keep one.` });
    }
  });
  for (const r of rows) {
    if (r.hidden?.length) {
      problems.push({ row: r.row, column: null, code: 'value_outside_columns', message: `Row ${r.row} has a value in a column without a name in the header, or under a column named twice: remove it.` });
    }
  }
  if (problems.length === 0 && rows.length === 0) {
    problems.push({ row: null, column: null, code: 'no_rows', message: `The file has a header but no rows: add one row per line of the ${spec.what}.` });
  }
  if (problems.length) throw new ValidationProblemsException(problems);
  return rows;
}
