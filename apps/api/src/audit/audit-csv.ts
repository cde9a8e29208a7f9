/**
 * The audit log as CSV (UTF-8, comma, CRLF): one line per event, the same columns as the JSON list,
 * `details` as its JSON text. Text a spreadsheet would run as a formula is neutralised.
 */
import { type AuditEventDto, neutraliseFormula } from '@equity/shared';

export const AUDIT_CSV_COLUMNS = ['id', 'at', 'actor', 'action', 'zone', 'period', 'details'] as const;

export const AUDIT_CSV_HEADER = `${AUDIT_CSV_COLUMNS.join(',')}\r\n`;

function field(text: string): string {
  const safe = neutraliseFormula(text);
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

export function auditCsvLine(e: AuditEventDto): string {
  return [String(e.id), e.at, field(e.actor ?? ''), field(e.action), field(e.zone ?? ''), field(e.period ?? ''), field(JSON.stringify(e.details))].join(',') + '\r\n';
}

/** The header, then the events batch by batch (for `Readable.from`, so the response's back-pressure paces the reading). */
export async function* auditCsvChunks(batches: AsyncIterable<AuditEventDto[]>): AsyncGenerator<string> {
  yield AUDIT_CSV_HEADER;
  for await (const events of batches) yield events.map(auditCsvLine).join('');
}
