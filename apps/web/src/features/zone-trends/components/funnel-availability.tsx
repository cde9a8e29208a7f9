import { MEASURES, type ZoneMetricsDto } from '@equity/shared';
import { useId } from 'react';
import { CsvButton } from '../../../components/csv-button';
import { BaseText, ValueText } from '../../../components/rate-value';
import { figureLabel, formatValue } from '../../../lib/format';
import { baseText, rateBase, valueText } from '../../../lib/value-text';
import { DisclosureThreshold, VerdictText } from '../../../components/withheld';
import { label, t } from '../../../lib/i18n';

const stageLabel = (code: string) => {
  const detail = MEASURES.funnel.details.find((d) => d.code === code);
  return detail ? label(detail.label) : code;
};

/**
 * The selection funnel (each stage's pass rate of the group against the reference group) and the
 * availability benchmark. Stages with too few candidates say so in words — no bar, no ratio.
 */
export function FunnelAndAvailability({ metrics, groupLabel, referenceLabel, fileName }: { metrics: ZoneMetricsDto; groupLabel: string; referenceLabel: string; fileName: string }) {
  const funnelId = useId();
  const availabilityId = useId();
  const rows = metrics.funnel.map((s) => ({
    stage: t('zone.funnel.stage', { from: stageLabel(s.from), to: stageLabel(s.stage) }),
    group: s.comparison.group,
    reference: s.comparison.reference,
    ratio: s.comparison.impactRatio,
    verdict: s.comparison.verdict,
  }));
  const a = metrics.availability;
  const csv = () => [
    [t('zone.funnel.stageHeader'), t('zone.funnel.group', { group: groupLabel }), t('zone.table.base'), t('zone.funnel.reference', { group: referenceLabel }), t('zone.table.base'), t('zone.funnel.ratio'), t('zone.table.verdict')],
    ...rows.map((r) => [
      r.stage,
      valueText(r.group.value, 'share', r.group, null),
      baseText(rateBase(r.group)),
      valueText(r.reference.value, 'share', r.reference, null),
      baseText(rateBase(r.reference)),
      valueText(r.ratio, 'ratio', r.group, r.verdict),
      t(`verdict.${r.verdict}`),
    ]),
  ];
  return (
    <DisclosureThreshold k={metrics.threshold}>
      <section className="panel" aria-labelledby={funnelId}>
        <h2 id={funnelId} className="panel__title">
          {t('zone.funnel.heading', { from: metrics.window.from, to: metrics.window.to })}
        </h2>
        {rows.length === 0 ? (
          <p className="muted">{t('zone.funnel.empty')}</p>
        ) : (
          <>
            <div className="table-actions">
              <CsvButton rows={csv} fileName={fileName} />
            </div>
            <div className="table-scroll" tabIndex={0} role="region" aria-label={t('zone.funnel.heading', { from: metrics.window.from, to: metrics.window.to })}>
              <table className="data-table data-table--numeric">
                <caption>{t('zone.funnel.caption', { group: groupLabel, reference: referenceLabel })}</caption>
                <thead>
                  <tr>
                    <th scope="col" className="cell--label">
                      {t('zone.funnel.stageHeader')}
                    </th>
                    <th scope="col">{t('zone.funnel.group', { group: groupLabel })}</th>
                    <th scope="col">{t('zone.funnel.reference', { group: referenceLabel })}</th>
                    <th scope="col">{t('zone.funnel.ratio')}</th>
                    <th scope="col">{t('zone.table.verdict')}</th>
                  </tr>
                </thead>
                <tbody>
                  {rows.map((r) => (
                    <tr key={r.stage}>
                      <th scope="row" className="cell--label">
                        {r.stage}
                      </th>
                      <td>
                        <ValueText value={r.group.value} kind="share" rate={r.group} />
                        <span className="cell-base small">
                          {t('value.base', { base: '' })}
                          <BaseText base={rateBase(r.group)} />
                        </span>
                      </td>
                      <td>
                        <ValueText value={r.reference.value} kind="share" rate={r.reference} />
                        <span className="cell-base small">
                          {t('value.base', { base: '' })}
                          <BaseText base={rateBase(r.reference)} />
                        </span>
                      </td>
                      <td>
                        <ValueText value={r.ratio} kind="ratio" rate={r.group} verdict={r.verdict} />
                      </td>
                      <td className={r.verdict === 'adverse_impact' ? 'verdict verdict--adverse' : 'verdict'}>
                        <VerdictText verdict={r.verdict} />
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
            <p className="small muted">{t('zone.funnel.note')}</p>
          </>
        )}
      </section>
      <section className="panel" aria-labelledby={availabilityId}>
        <h2 id={availabilityId} className="panel__title">
          {t('zone.availability.heading')}
        </h2>
        {a ? (
          <dl className="facts">
            <dt>{t('zone.availability.staff', { group: groupLabel, period: metrics.period })}</dt>
            <dd>
              <ValueText value={metrics.representation.ofTotal.value} kind="representation_of_total" rate={metrics.representation.ofTotal} />
            </dd>
            <dt>{t('zone.availability.population', { group: groupLabel, source: a.source, year: a.year })}</dt>
            <dd>{formatValue(a.share, 'share')}</dd>
            <dt>{figureLabel('availability_gap')}</dt>
            <dd>{a.gap === null ? t('value.none') : formatValue(a.gap, 'availability_gap')}</dd>
          </dl>
        ) : (
          <p className="muted">{t('zone.availability.none')}</p>
        )}
      </section>
    </DisclosureThreshold>
  );
}
