import { HttpException, HttpStatus } from '@nestjs/common';
import type { StaleRevisionBody } from '@equity/shared';
import { refusalBody } from '../core/problems.js';

/**
 * Optimistic concurrency for corrections. The ETag of a zone-quarter's return is its current
 * revision number, `"3"`. A write (PUT of the return, upload) may carry:
 * - `If-Match: "3"` (or a list): write only if revision 3 is still current, else 412;
 * - `If-Match: *`: write only if the quarter has a revision (a correction, never a first entry);
 * - `If-None-Match: *`: write only if the quarter has no revision yet (a first entry);
 * - neither: write whatever is current (the answer's `supersedes` says what was replaced).
 * Weak tags (`W/"3"`, as a proxy that compresses may make them) are compared by their number:
 * revision numbers are never reused, so a weak and a strong tag of one number name the same
 * revision. A tag that is not a revision number (such as a hash from an older API) matches nothing.
 */
export interface Precondition {
  /** If-Match: `*`, or the revision numbers listed (NaN for a tag that names no revision). */
  ifMatch?: '*' | number[];
  /** If-None-Match: `*`, or the revision numbers listed. */
  ifNoneMatch?: '*' | number[];
}

/** The entity tag of a revision. */
export const revisionEtag = (revision: number): string => `"${revision}"`;

function parseTags(header: string | undefined): '*' | number[] | undefined {
  if (header === undefined) return undefined;
  const raw = header.trim();
  if (raw === '') return undefined;
  if (raw === '*') return '*';
  return raw.split(',').map((tag) => {
    const m = /^(?:W\/)?(?:"(\d{1,9})"|(\d{1,9}))$/.exec(tag.trim());
    return m ? Number(m[1] ?? m[2]) : Number.NaN;
  });
}

export function parsePrecondition(headers: { ifMatch?: string; ifNoneMatch?: string }): Precondition {
  const ifMatch = parseTags(headers.ifMatch);
  const ifNoneMatch = parseTags(headers.ifNoneMatch);
  return { ...(ifMatch !== undefined ? { ifMatch } : {}), ...(ifNoneMatch !== undefined ? { ifNoneMatch } : {}) };
}

/** Whether the precondition holds for the current revision (null: none yet). RFC 9110 §13.2.2: If-Match first. */
export function preconditionHolds(p: Precondition, current: number | null): boolean {
  if (p.ifMatch !== undefined) {
    if (current === null) return false;
    if (p.ifMatch !== '*' && !p.ifMatch.includes(current)) return false;
  }
  if (p.ifNoneMatch !== undefined) {
    if (p.ifNoneMatch === '*') return current === null;
    if (current !== null && p.ifNoneMatch.includes(current)) return false;
  }
  return true;
}

/** The revision the client said it had: the one number of its If-Match, else null. */
function clientRevision(p: Precondition): number | null {
  if (Array.isArray(p.ifMatch) && p.ifMatch.length === 1 && Number.isFinite(p.ifMatch[0])) return p.ifMatch[0]!;
  return null;
}

/** 412 in the API's error shape, naming the revision the client had and the current one (who, when). */
export class StaleRevisionException extends HttpException {
  constructor(where: string, p: Precondition, current: { number: number; author: string; createdAt: string } | null) {
    const yours = clientRevision(p);
    const message =
      current === null
        ? `${where} has no revision yet, but your save was meant to correct one. Nothing was saved. Reload the page.`
        : `${where} was changed while you were working: revision ${current.number} was saved by ${current.author} at ${current.createdAt}` +
          (yours !== null ? `, after revision ${yours} that you started from` : p.ifNoneMatch === '*' ? ', and you were entering a first revision' : '') +
          `. Nothing was saved. Reload to see revision ${current.number}, or save again to replace it.`;
    const body: StaleRevisionBody = {
      ...refusalBody(412, 'Precondition Failed', message, { code: 'stale_revision' }),
      statusCode: 412,
      error: 'Precondition Failed',
      yourRevision: yours,
      currentRevision: current,
    };
    super(body, HttpStatus.PRECONDITION_FAILED);
  }
}
