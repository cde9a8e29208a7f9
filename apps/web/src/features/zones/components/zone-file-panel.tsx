import type { ZoneImportRow } from '@equity/shared';
import { formatNumber } from '../../../lib/format';
import { t, tCount } from '../../../lib/i18n';
import { useLoadZoneFile } from '../api/zones';
import { FileLoadPanel, type ImportColumn, ImportTable } from './file-load-panel';

/** Loading zones from a CSV file: checked and previewed first, then loaded on confirmation. */
export function ZoneFilePanel() {
  const load = useLoadZoneFile();
  return (
    <FileLoadPanel
      load={load}
      help={t('zones.file.help')}
      example={t('zones.file.example')}
      confirmLabel={(count) => tCount('zones.file.confirm', count, { count: formatNumber(count) })}
      table={(result, caption) => (
        <ImportTable rows={result.rows} caption={caption} zone={(r) => r.code} columns={importColumns()} detail={(r) => r.changes.map((c) => t(`zones.file.change.${c}`)).join(', ')} />
      )}
    />
  );
}

/** The columns of a zones file: the names, the profile and how many communes. */
const importColumns = (): ImportColumn<ZoneImportRow>[] => [
  { header: t('zones.field.nameNl'), cell: (r) => r.nameNl },
  { header: t('zones.field.nameFr'), cell: (r) => r.nameFr },
  { header: t('zones.col.profile'), cell: (r) => r.profile },
  { header: t('zones.col.communes'), numeric: true, cell: (r) => formatNumber(r.communes.length) },
];
