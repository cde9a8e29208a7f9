import { MEASURES, requiredDimensions, type ClassificationProfile } from '@equity/shared';
import { label, t } from '../../../lib/i18n';
import { FLOW_MEASURES, type FlowLine, type FlowMeasure } from '../utils/form-model';
import { ScrollTable } from '../../../components/table-parts';

/** Editable list of flow lines: measure, detail, category, classification values and count. */
export function FlowsEditor({
  profile,
  lines,
  invalid,
  onChange,
  onAdd,
  onRemove,
}: {
  profile: ClassificationProfile;
  lines: FlowLine[];
  invalid: ReadonlySet<string>;
  onChange: (id: string, change: Partial<FlowLine>) => void;
  onAdd: () => void;
  onRemove: (id: string) => void;
}) {
  const dimensions = requiredDimensions(profile);
  return (
    <>
      {lines.length === 0 ? (
        <p className="muted">{t('form.flows.none')}</p>
      ) : (
        <ScrollTable
          className="data-table data-table--compact flows-table"
          caption={t('form.flows.heading')}
          captionHidden
          head={
            <>
              <th scope="col" className="flows-table__n">
                #
              </th>
              <th scope="col" className="flows-table__measure">
                {t('form.flows.measure')}
              </th>
              <th scope="col" className="flows-table__detail">
                {t('form.flows.detail')}
              </th>
              <th scope="col" className="flows-table__category">
                {t('form.flows.category')}
              </th>
              {dimensions.map((d) => (
                <th scope="col" key={d.code}>
                  {label(d.label)}
                </th>
              ))}
              <th scope="col" className="flows-table__count">
                {t('form.flows.count')}
              </th>
              <th scope="col" className="flows-table__remove">
                <span className="visually-hidden">{t('form.flows.actions')}</span>
              </th>
            </>
          }
        >
          {lines.map((line, index) => {
            const n = index + 1;
            const lineName = t('form.flows.line', { n });
            const details = MEASURES[line.measure].details;
            const isInvalid = invalid.has(line.id);
            return (
              <tr key={line.id} className={isInvalid ? 'row--invalid' : undefined}>
                <td className="numeric">{n}</td>
                <td>
                  <select
                    aria-label={`${lineName}: ${t('form.flows.measure')}`}
                    value={line.measure}
                    onChange={(event) => {
                      const measure = event.target.value as FlowMeasure;
                      onChange(line.id, { measure, detail: MEASURES[measure].details[0]?.code ?? '' });
                    }}
                  >
                    {FLOW_MEASURES.map((m) => (
                      <option key={m} value={m}>
                        {label(MEASURES[m].label)}
                      </option>
                    ))}
                  </select>
                </td>
                <td>
                  {details.length === 0 ? (
                    <span className="muted">{t('form.flows.noDetail')}</span>
                  ) : (
                    <select
                      aria-label={`${lineName}: ${t('form.flows.detail')}`}
                      value={line.detail}
                      onChange={(event) => onChange(line.id, { detail: event.target.value })}
                    >
                      {details.map((d) => (
                        <option key={d.code} value={d.code}>
                          {label(d.label)}
                        </option>
                      ))}
                    </select>
                  )}
                </td>
                <td>
                  <select
                    aria-label={`${lineName}: ${t('form.flows.category')}`}
                    value={line.category}
                    aria-invalid={(isInvalid && line.category === '') || undefined}
                    onChange={(event) => onChange(line.id, { category: event.target.value })}
                  >
                    <option value="">—</option>
                    {profile.categories.map((c) => (
                      <option key={c.code} value={c.code}>
                        {label(c.label)}
                      </option>
                    ))}
                  </select>
                </td>
                {dimensions.map((d) => (
                  <td key={d.code}>
                    <select
                      aria-label={`${lineName}: ${label(d.label)}`}
                      value={line.classes[d.code] ?? ''}
                      aria-invalid={(isInvalid && !line.classes[d.code]) || undefined}
                      onChange={(event) => onChange(line.id, { classes: { ...line.classes, [d.code]: event.target.value } })}
                    >
                      <option value="">—</option>
                      {d.values.map((v) => (
                        <option key={v.code} value={v.code}>
                          {label(v.label)}
                        </option>
                      ))}
                    </select>
                  </td>
                ))}
                <td>
                  <input
                    className="count-input"
                    type="number"
                    inputMode="numeric"
                    min={0}
                    step={1}
                    aria-label={`${lineName}: ${t('form.flows.count')}`}
                    aria-invalid={isInvalid || undefined}
                    value={line.count}
                    onChange={(event) => onChange(line.id, { count: event.target.value })}
                  />
                </td>
                <td>
                  <button
                    type="button"
                    className="button button--ghost button--small"
                    aria-label={t('form.flows.removeLine', { n })}
                    onClick={() => onRemove(line.id)}
                  >
                    {t('form.flows.remove')}
                  </button>
                </td>
              </tr>
            );
          })}
        </ScrollTable>
      )}
      <button type="button" className="button button--secondary button--small" onClick={onAdd}>
        + {t('form.flows.add')}
      </button>
    </>
  );
}
