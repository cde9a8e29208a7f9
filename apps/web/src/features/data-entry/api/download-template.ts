import { useMutation } from '@tanstack/react-query';
import { downloadFile } from '../../../lib/api-client';

export type TemplateKind = 'cells' | 'per-person';

/** Fetches an upload template (with the session's token) and saves it. */
export const downloadTemplate = (kind: TemplateKind) =>
  downloadFile(`/v1/templates/${kind}.csv`, `equity-monitor-template-${kind}.csv`);

export const useDownloadTemplate = () => useMutation({ mutationFn: downloadTemplate });
