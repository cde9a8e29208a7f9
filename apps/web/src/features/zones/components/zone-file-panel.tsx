import type { ZoneImportResult } from '@equity/shared';
import { formatNumber } from '../../../lib/format';
import { t, tCount } from '../../../lib/i18n';
import { useLoadZoneFile } from '../api/zones';
import { FileLoadPanel, StatusBadge } from './file-load-panel';

/** Loading zones from a CSV file: checked and previewed first, then loaded on confirmation. */
export function ZoneFilePanel() {
  const load = useLoadZoneFile();
  return (
    <FileLoadPanel
      load={load}
      help={t('zones.file.help')}
      example={t('zones.file.example')}
      confirmLabel={(count) => tCount('zones.file.confirm', count, { count: formatNumber(count) })}
      table={(result, caption) => <ImportTable result={result} caption={caption} />}
    />
  );
}

function ImportTable({ result, caption }: { result: ZoneImportResult; caption: string }) {
  return (
    <div className="table-scroll">
      <table className="data-table data-table--compact">
        <caption>{caption}</caption>
        <thead>
          <tr>
            <th scope="col" className="numeric">
              {t('problems.row')}
            </th>
            <th scope="col">{t('zones.col.code')}</th>
            <th scope="col">{t('zones.field.nameNl')}</th>
            <th scope="col">{t('zones.field.nameFr')}</th>
            <th scope="col">{t('zones.col.profile')}</th>
            <th scope="col" className="numeric">
              {t('zones.col.communes')}
            </th>
            <th scope="col">{t('zones.file.col.status')}</th>
          </tr>
        </thead>
        <tbody>
          {result.rows.map((r) => (
            <tr key={r.row}>
              <td className="numeric">{r.row}</td>
              <th scope="row" className="cell--label">
                {r.code}
              </th>
              <td>{r.nameNl}</td>
              <td>{r.nameFr}</td>
              <td>{r.profile}</td>
              <td className="numeric">{formatNumber(r.communes.length)}</td>
              <td>
                <StatusBadge status={r.status} detail={r.changes.map((c) => t(`zones.file.change.${c}`)).join(', ')} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
