import { saveBlob } from './api-client';
/**
 * CSV written in the browser. Cells that a spreadsheet would read as a formula (starting with
 * = + - @, or a tab or carriage return) are neutralised with a leading apostrophe.
 */
export function csvCell(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\n\r;]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

export function toCsv(rows: string[][]): string {
  return rows.map((row) => row.map(csvCell).join(',')).join('\r\n') + '\r\n';
}

/** Hands a CSV text to the browser to save (UTF-8 with BOM, so spreadsheets read accents right). */
export function downloadCsv(text: string, fileName: string): void {
  saveBlob(new Blob(['\uFEFF', text], { type: 'text/csv;charset=utf-8' }), fileName);
}

/** A safe file name part from a code ("origin:migration_background" → "origin-migration_background"). */
export const fileSafe = (value: string): string => value.replace(/[^a-z0-9_]+/gi, '-');
