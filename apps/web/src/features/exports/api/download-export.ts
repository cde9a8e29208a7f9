import type { ExportFormat, ExportSelection } from '@equity/shared';
import { fetchFile, saveBlob } from '../../../lib/api-client';

/** An export to download: its format and profile, and its selection (`zones` empty: every zone of the profile the user may read). */
export interface ExportRequest extends ExportSelection {
  format: ExportFormat;
  profile: string;
}

export interface ExportProgress {
  bytes: number;
  /** Rows received so far (CSV and JSON: one row per line), null for binary formats. */
  rows: number | null;
  /** Rows the server announced (X-Export-Rows), null when unknown. */
  total: number | null;
}

export function exportPath(s: ExportRequest): string {
  const q = new URLSearchParams({ format: s.format, profile: s.profile });
  if (s.zones.length) q.set('zones', s.zones.join(','));
  if (s.from) q.set('from', s.from);
  if (s.to) q.set('to', s.to);
  q.set('categories', s.categories.join(','));
  q.set('classifications', s.classifications.join(','));
  q.set('measures', s.measures.join(','));
  q.set('metrics', s.metrics.join(','));
  return `/v1/exports?${q.toString()}`;
}

/**
 * Downloads an export, reading the stream as it arrives to report progress (rows for CSV and
 * JSON, bytes otherwise), then hands the file to the browser to save.
 */
export async function downloadExport(s: ExportRequest, onProgress: (p: ExportProgress) => void, signal: AbortSignal): Promise<{ fileName: string; bytes: number; rows: number | null }> {
  const response = await fetchFile(exportPath(s), signal);
  const total = Number(response.headers.get('X-Export-Rows') ?? Number.NaN);
  const fileName = /filename="([^"]+)"/.exec(response.headers.get('Content-Disposition') ?? '')?.[1] ?? `equity-monitor-export.${s.format === 'datapackage' ? 'zip' : s.format}`;
  const counted = s.format === 'csv' || s.format === 'json';
  const chunks: Uint8Array[] = [];
  let bytes = 0;
  let lines = 0;
  const reader = response.body?.getReader();
  if (reader) {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      chunks.push(value);
      bytes += value.byteLength;
      if (counted) for (const b of value) if (b === 10) lines += 1;
      onProgress({ bytes, rows: counted ? Math.max(0, lines - 1) : null, total: Number.isFinite(total) ? total : null });
    }
  }
  // CSV: the header line; JSON: the opening line (rows then follow one per line).
  const rows = counted ? Math.max(0, lines - 1) : null;
  saveBlob(new Blob(chunks as BlobPart[], { type: response.headers.get('Content-Type') ?? 'application/octet-stream' }), fileName);
  return { fileName, bytes, rows };
}
