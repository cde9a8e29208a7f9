import type { SubmitResult, ValidationReport } from '@equity/shared';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { seg, uploadWithProgress } from '../../../lib/api-client';
import { queryKeys } from '../../../lib/query-keys';

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

/** Stores the file as a new revision (201), or rejects with a 422 ApiError listing every problem. */
export const submitUpload = (params: UploadParams) => uploadWithProgress<SubmitResult>(uploadPath(params), formData(params, false), params.onProgress ?? (() => {}));

export const usePreviewUpload = () => useMutation({ mutationFn: previewUpload });

export function useSubmitUpload() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: submitUpload,
    onSuccess: (_result, { zone }) => queryClient.invalidateQueries({ queryKey: queryKeys.zone(zone) }),
  });
}
