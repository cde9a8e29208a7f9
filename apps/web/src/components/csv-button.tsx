import { downloadCsv, toCsv } from '../lib/csv';
import { t } from '../lib/i18n';

/** Downloads exactly what a table or chart shows as CSV; `rows` is computed on click. */
export function CsvButton({ rows, fileName, label }: { rows: () => string[][]; fileName: string; label?: string }) {
  return (
    <button type="button" className="button button--small" onClick={() => downloadCsv(toCsv(rows()), fileName)}>
      {label ?? t('csv.download')}
    </button>
  );
}
