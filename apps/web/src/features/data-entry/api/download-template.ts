import { useMutation } from '@tanstack/react-query';
import { downloadFile } from '../../../lib/api-client';
import { getLocale } from '../../../lib/i18n';

export type TemplateKind = 'cells' | 'per-person';
export type TemplateFormat = 'csv' | 'xlsx';

/**
 * Fetches an upload template (with the session's token) and saves it. The XLSX template has its
 * header row and its codes sheet in the interface's language.
 */
export const downloadTemplate = ({ kind, format }: { kind: TemplateKind; format: TemplateFormat }) => {
  const locale = getLocale();
  return format === 'csv'
    ? downloadFile(`/v1/templates/${kind}.csv`, `equity-monitor-template-${kind}.csv`)
    : downloadFile(`/v1/templates/${kind}.xlsx?lang=${locale}`, `equity-monitor-template-${kind}-${locale}.xlsx`);
};

export const useDownloadTemplate = () => useMutation({ mutationFn: downloadTemplate });
