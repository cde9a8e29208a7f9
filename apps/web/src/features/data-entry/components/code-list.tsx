import { type ClassificationProfile, columnCodes, columnHeading } from '@equity/shared';
import { getLocale, label, t } from '../../../lib/i18n';

/**
 * The codes each coded column of a file takes, with their labels in the interface's language: what
 * the XLSX template's drop-down lists offer, one click from the upload. Either is accepted in a
 * file (docs/data-entry.md).
 */
export function CodeList({ profile }: { profile: ClassificationProfile }) {
  const locale = getLocale();
  const columns = ['measure', 'detail', 'category', ...profile.dimensions.map((d) => d.code), 'in_service_at_end', 'promoted'];
  return (
    <details className="code-list">
      <summary>{t('upload.codes.summary')}</summary>
      <p className="help">{t('upload.codes.help')}</p>
      <div className="code-list__columns">
        {columns.map((column) => {
          const codes = columnCodes(profile, column) ?? [];
          const heading = columnHeading(profile, column, locale);
          return (
            <table key={column} className="data-table data-table--compact code-list__table">
              <caption>
                {heading} <code>{column}</code>
              </caption>
              <thead>
                <tr>
                  <th scope="col">{t('upload.codes.code')}</th>
                  <th scope="col">{t('upload.codes.label')}</th>
                </tr>
              </thead>
              <tbody>
                {codes.map((entry) => (
                  <tr key={entry.code}>
                    <td>
                      <code>{entry.code}</code>
                    </td>
                    <td>{label(entry.label)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          );
        })}
      </div>
    </details>
  );
}
