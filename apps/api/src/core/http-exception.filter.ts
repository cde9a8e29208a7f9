import { type ArgumentsHost, Catch, type ExceptionFilter, HttpException, HttpStatus, Logger } from '@nestjs/common';
import type { Response } from 'express';
import { JSON_MAX_BYTES } from '../config/config.js';
import { DATABASE_RETRY_AFTER_SECONDS, databaseUnavailableBody, isDatabaseUnavailable } from '../db/database-state.js';
import type { ProblemCode, ProblemParams } from '@equity/shared';
import { refusalBody } from './problems.js';

/** A refusal's code, English words and the parameters those words are built from. */
export type Refusal = { code: ProblemCode; message: string; params?: ProblemParams };
import { ServiceBusyException, TooManyRequestsException } from './too-many-requests.js';

/** Refusals of multer and busboy (a malformed form, a second file…) by their code: what to do instead. */
const FORM_REFUSALS: Record<string, Refusal> = {
  LIMIT_FILE_COUNT: { code: 'too_many_files', message: 'Send one file per upload, in the form field "file".' },
  LIMIT_UNEXPECTED_FILE: { code: 'unexpected_file_field', message: 'Send the file in the form field "file" (one file per upload).' },
  LIMIT_PART_COUNT: { code: 'malformed_form', params: { reason: 'too_many_parts' }, message: 'The form has too many parts. Send the fields file, reason, dryRun and format only.' },
  LIMIT_FIELD_KEY: { code: 'malformed_form', params: { reason: 'field_name_too_long' }, message: 'A field name of the form is too long. Send the fields file, reason, dryRun and format only.' },
  LIMIT_FIELD_VALUE: { code: 'malformed_form', params: { reason: 'field_too_long' }, message: 'A field of the form is too long. The reason takes at most 500 characters.' },
  LIMIT_FIELD_COUNT: { code: 'malformed_form', params: { reason: 'too_many_fields' }, message: 'The form has too many fields. Send the fields file, reason, dryRun and format only.' },
  LIMIT_FIELD_NESTING: { code: 'malformed_form', params: { reason: 'unknown_field_name' }, message: 'A field name of the form is not one this upload accepts. Send the fields file, reason, dryRun and format only.' },
  LIMIT_FIELD_ARRAY_INDEX: { code: 'malformed_form', params: { reason: 'unknown_field_name' }, message: 'A field name of the form is not one this upload accepts. Send the fields file, reason, dryRun and format only.' },
  INVALID_FIELD_NAME: { code: 'malformed_form', params: { reason: 'unknown_field_name' }, message: 'A field name of the form is not one this upload accepts. Send the fields file, reason, dryRun and format only.' },
  MISSING_FIELD_NAME: { code: 'malformed_form', params: { reason: 'no_field_name' }, message: 'A part of the form has no field name. Send the fields file, reason, dryRun and format only.' },
};

const MALFORMED_MULTIPART: Refusal = { code: 'malformed_form', params: { reason: 'incomplete' }, message: 'The upload arrived incomplete or is not a valid form (multipart/form-data). Upload the file again.' };

/**
 * Every error leaves as JSON in one shape: `statusCode`, `error`, a `message` a person can read and
 * `errors` (row, column, code, message), as the 422 validation answers have. A refusal without
 * problems of its own (403, 409, 412, 413…) carries one problem with its message. A database that
 * cannot be reached (down, restarting) is a 503 `database_unavailable` with Retry-After. Unexpected
 * errors are logged server-side and answered with a generic 500: no stack traces out.
 */
@Catch()
export class HttpExceptionFilter implements ExceptionFilter {
  private readonly logger = new Logger('HTTP');

  /** `maxUploadBytes`: the upload limit named when multer stops a file that is too large. */
  constructor(private readonly maxUploadBytes = 10 * 1024 * 1024) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    const res = host.switchToHttp().getResponse<Response>();
    if (res.headersSent) return;
    // Errors of the body parsers (raw, or mapped to an HttpException by the Express adapter with
    // the original as `cause`): their messages may quote the body, so they get our own words.
    const bodyError = bodyParserRefusal(exception);
    if (bodyError) {
      res.status(bodyError.status).json(refusalBody(bodyError.status, titleOf(bodyError.status), bodyError.message, { code: bodyError.code, ...(bodyError.params ? { params: bodyError.params } : {}) }));
      return;
    }
    if (exception instanceof HttpException) {
      const status = exception.getStatus();
      const body = exception.getResponse();
      if (exception instanceof TooManyRequestsException || exception instanceof ServiceBusyException) res.setHeader('Retry-After', String(exception.retryAfterSeconds));
      const error = HttpStatus[status] ? titleOf(status) : 'Error';
      const form = formRefusal(exception, status, this.maxUploadBytes);
      if (form) {
        res.status(status).json(refusalBody(status, error, form.message, { code: form.code, ...(form.params ? { params: form.params } : {}) }));
        return;
      }
      if (typeof body === 'object' && body !== null) {
        const b = body as Record<string, unknown>;
        const message = humanMessage(status, b['message']);
        const errors = Array.isArray(b['errors']) ? b['errors'] : refusalBody(status, error, message)['errors'];
        res.status(status).json({ error, ...b, statusCode: status, message, errors });
      } else {
        res.status(status).json(refusalBody(status, error, String(body)));
      }
      return;
    }
    if (isDatabaseUnavailable(exception)) {
      // The database is down or restarting (db/database-state.ts): worth a retry, not a 500.
      this.logger.warn(`Database unavailable: ${exception instanceof Error ? exception.message : String(exception)}`);
      res.setHeader('Retry-After', String(DATABASE_RETRY_AFTER_SECONDS));
      res.status(503).json(databaseUnavailableBody());
      return;
    }
    this.logger.error(exception instanceof Error ? (exception.stack ?? exception.message) : String(exception));
    res
      .status(500)
      .json(refusalBody(500, 'Internal Server Error', 'Something went wrong on our side. Nothing was saved. Please try again or contact the administrator.', { code: 'server_error' }));
  }
}

/** A refusal of the JSON (or urlencoded) body parser, by the `type` body-parser gives its errors. */
function bodyParserRefusal(exception: unknown): (Refusal & { status: number }) | null {
  const own = (exception as { type?: unknown } | null)?.type;
  const cause = exception instanceof HttpException ? (exception.cause as { type?: unknown } | undefined)?.type : undefined;
  const type = typeof own === 'string' ? own : typeof cause === 'string' ? cause : null;
  switch (type) {
    case 'entity.too.large':
      return { status: 413, ...jsonTooLarge() };
    case 'entity.parse.failed':
      return { status: 400, code: 'invalid_json', message: 'The request body is not valid JSON. Check brackets, quotes and commas.' };
    case 'encoding.unsupported':
    case 'charset.unsupported':
      return { status: 415, code: 'unsupported_media_type', params: { reason: 'json' }, message: 'Send the request body as UTF-8 JSON.' };
    case 'request.aborted':
    case 'request.size.invalid':
      return { status: 400, code: 'incomplete_request', message: 'The request arrived incomplete. Send it again.' };
    default:
      return null;
  }
}

/** "Payload Too Large" for 413: the reason phrase of a status. */
function titleOf(status: number): string {
  const name = HttpStatus[status] ?? 'ERROR';
  return name
    .toLowerCase()
    .split('_')
    .map((w) => w.charAt(0).toUpperCase() + w.slice(1))
    .join(' ');
}

/** A refusal of the multipart form by multer or busboy, in words that do not quote the form back. */
function formRefusal(exception: HttpException, status: number, maxUploadBytes: number): Refusal | null {
  const cause = exception.cause as { code?: unknown; message?: unknown } | undefined;
  if (!cause || typeof cause !== 'object') return null;
  const code = typeof cause.code === 'string' ? cause.code : null;
  if (code === 'LIMIT_FILE_SIZE') return fileTooLarge(maxUploadBytes);
  if (code && FORM_REFUSALS[code]) return FORM_REFUSALS[code];
  if (status === 415) return { code: 'unsupported_media_type', params: { reason: 'form' }, message: 'Send the file as a form (multipart/form-data) with the file in the field "file".' };
  if (status === 400 && typeof cause.message === 'string' && /multipart|boundary|part header|end of (form|file)/i.test(cause.message)) return MALFORMED_MULTIPART;
  return null;
}

/** A JSON (or other non-form) body past JSON_MAX_BYTES: the body parser's and the admission gate's words. */
export function jsonTooLarge(): Refusal {
  return { code: 'too_large', params: { reason: 'request', maxMb: megabyteCount(JSON_MAX_BYTES) }, message: `The request is too large. Send at most ${megabytes(JSON_MAX_BYTES)} of JSON, or upload the return as a file.` };
}

export function fileTooLarge(maxUploadBytes: number): Refusal {
  return {
    code: 'file_too_large',
    params: { maxMb: megabyteCount(maxUploadBytes) },
    message: `The file is larger than ${megabytes(maxUploadBytes)}. A return fits well within that: remove other sheets, pictures or rows that are not part of the return, or save it as CSV.`,
  };
}

export function megabytes(bytes: number): string {
  return `${megabyteCount(bytes)} MB`;
}

/** Bytes as megabytes, whole or with one decimal. */
export function megabyteCount(bytes: number): number {
  const mb = bytes / (1024 * 1024);
  return Number.isInteger(mb) ? mb : Number(mb.toFixed(1));
}

function humanMessage(status: number, message: unknown): string {
  if (Array.isArray(message)) return message.join('; ');
  if (typeof message === 'string' && message) return message;
  return titleOf(status);
}
