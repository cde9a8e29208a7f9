import type { ReturnSummaryDto } from '@equity/shared';
import { useId } from 'react';
import { t } from '../../../lib/i18n';

/** Any quarter of the last four years, new ones too; quarters with data say their revision and status. */
export function QuarterSelect({
  choices,
  returns,
  value,
  onChange,
}: {
  choices: string[];
  returns: ReturnSummaryDto[];
  value: string;
  onChange: (period: string) => void;
}) {
  const id = useId();
  const byPeriod = new Map(returns.map((r) => [r.period, r]));
  return (
    <div className="field">
      <label htmlFor={id}>{t('picker.quarter')}</label>
      <select id={id} value={value} onChange={(event) => onChange(event.target.value)}>
        {choices.map((period) => {
          const summary = byPeriod.get(period);
          return (
            <option key={period} value={period}>
              {summary && summary.currentRevision !== null
                ? t('picker.quarterWithData', {
                    period,
                    revision: summary.currentRevision,
                    status: t(`status.${summary.status}`).toLowerCase(),
                  })
                : t('picker.quarterNoData', { period })}
            </option>
          );
        })}
      </select>
    </div>
  );
}
