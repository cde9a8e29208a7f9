/**
 * The management comment of a report is kept in this browser only (localStorage), per zone and
 * quarter: it survives a reload and prints with the report, and never goes to the server.
 */
const PREFIX = 'equity.report-comment';

export const commentKey = (zone: string, period: string): string => `${PREFIX}.${zone}.${period}`;

export function readComment(zone: string, period: string): string {
  try {
    return localStorage.getItem(commentKey(zone, period)) ?? '';
  } catch {
    return '';
  }
}

/** Stores the comment; an empty one is removed. False when the browser refuses (private mode, full). */
export function writeComment(zone: string, period: string, text: string): boolean {
  try {
    if (text.trim() === '') localStorage.removeItem(commentKey(zone, period));
    else localStorage.setItem(commentKey(zone, period), text);
    return true;
  } catch {
    return false;
  }
}
