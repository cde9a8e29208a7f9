import type { SubmitResult, ValidationReport } from '@equity/shared';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { seg, uploadWithProgress } from '../../../lib/api-client';
import { queryKeys } from '../../../lib/query-keys';
import { preconditionHeaders } from './submit-return';

export type UploadFormat = 'auto' | 'cells' | 'per-person';
export const UPLOAD_FORMATS: readonly UploadFormat[] = ['auto', 'cells', 'per-person'];

export interface UploadParams {
  zone: string;
  period: string;
  file: File;
  reason: string;
  format: UploadFormat;
  /** Share of the file sent so far (0…1). */
  onProgress?: (sent: number) => void;
  /** The revision the upload replaces (null: none yet); a submission is refused (412) if another became current. */
  base?: number | null;
}

function formData({ file, reason, format }: UploadParams, dryRun: boolean): FormData {
  const data = new FormData();
  data.append('file', file, file.name);
  data.append('reason', reason);
  data.append('dryRun', dryRun ? 'true' : 'false');
  data.append('format', format);
  return data;
}

const uploadPath = ({ zone, period }: UploadParams) => `/v1/zones/${seg(zone)}/returns/${seg(period)}/upload`;

/** Reads and checks a file without storing it: the report says whether it is valid, and what it holds. */
export const previewUpload = (params: UploadParams) => uploadWithProgress<ValidationReport>(uploadPath(params), formData(params, true), params.onProgress ?? (() => {}));

/** Stores the file as a new revision (201), or rejects with a 422 ApiError listing every problem (412 when another revision was saved since `base`). */
export const submitUpload = (params: UploadParams) =>
  uploadWithProgress<SubmitResult>(uploadPath(params), formData(params, false), params.onProgress ?? (() => {}), preconditionHeaders(params.base ?? null));

export const usePreviewUpload = () => useMutation({ mutationFn: previewUpload });

export function useSubmitUpload() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: submitUpload,
    onSuccess: (_result, { zone }) => queryClient.invalidateQueries({ queryKey: queryKeys.zone(zone) }),
  });
}
