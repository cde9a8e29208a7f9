/**
 * An upload from its bytes to a validation outcome, one row at a time: the reader (CSV or XLSX,
 * limits checked as it goes) hands each row to the checker of the format the header shows (cells
 * or per-person extract, with the personal-data guard), which keeps at most `maxProblems`
 * problems and counts the rest. No step holds all rows.
 */
import { HttpException, HttpStatus } from '@nestjs/common';
import { type Problem, templateColumn } from '@equity/shared';
import type { UploadLimits } from '../config/config.js';
import { ValidationProblemsException, byRow, refusalBody } from '../core/problems.js';
import { type ReturnContext, type RowChecker, trimProblems, uploadChecker, type ValidationOutcome } from './return-validator.js';
import { type FileKind, readUpload, UnreadableFileError, UploadLimitError } from './upload-parser.js';

export type UploadFormat = 'auto' | 'cells' | 'per-person';

export interface CheckedUpload {
  kind: FileKind;
  perPerson: boolean;
  outcome: ValidationOutcome;
}

/** 413 in the one error shape, with the limit's problem. */
export class UploadTooLargeException extends HttpException {
  constructor(problem: Problem) {
    super(refusalBody(413, 'Payload Too Large', problem.message, problem), HttpStatus.PAYLOAD_TOO_LARGE);
  }
}

export async function checkUpload(file: { originalname: string; buffer: Buffer }, ctx: ReturnContext, format: UploadFormat, limits: UploadLimits): Promise<CheckedUpload> {
  const keep = limits.maxProblems;
  let checker: RowChecker | null = null;
  let perPerson = false;
  const readerProblems: Problem[] = [];
  let dropped = 0;
  let kind: FileKind;
  let rowsRead: number;
  try {
    ({ kind, rowsRead } = await readUpload(file.originalname, file.buffer, limits, {
      header: (headings) => {
        // Headings in Dutch or French (`categorie`, `geslacht`, `aantal`) name the template's columns;
        // any other heading stays as it is and is refused by the checker (or the personal-data guard).
        const columns = headings.map((h) => (h === '' ? h : (templateColumn(ctx.profile, h) ?? h)));
        perPerson = format === 'per-person' || (format === 'auto' && columns.includes('in_service_at_end'));
        checker = uploadChecker(columns, ctx, perPerson, keep);
        return columns;
      },
      row: (row) => checker!.add(row),
      problem: (p) => {
        readerProblems.push(p);
        dropped += trimProblems(readerProblems, keep);
      },
    }));
  } catch (err) {
    if (err instanceof UnreadableFileError) throw new ValidationProblemsException([err.problem]);
    if (err instanceof UploadLimitError) throw new UploadTooLargeException(err.problem);
    throw err;
  }
  const outcome = (checker as RowChecker | null)!.end(rowsRead);
  if (readerProblems.length === 0) return { kind, perPerson, outcome };
  // A cell the reader could not read (a formula without result) has the reader's problem only.
  const unreadCells = new Set(readerProblems.map((p) => `${p.row}|${p.column}`));
  const errors = [...readerProblems, ...outcome.errors.filter((e) => !unreadCells.has(`${e.row}|${e.column}`))].sort(byRow);
  return { kind, perPerson, outcome: { ...outcome, errors, dropped: (outcome.dropped ?? 0) + dropped } };
}
