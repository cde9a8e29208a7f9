import { formatNumber, formatPercent } from '../../../lib/format';
import { label, t } from '../../../lib/i18n';
import { declarationRate, rollupShare, type Pivot, type Share } from '../utils/breakdown';
import { CountText } from '../../../components/count-text';
import { SuppressedMark } from '../../../components/withheld';

function ShareValue({ share }: { share: Share }) {
  switch (share.kind) {
    case 'ok':
      return <span className="figure__value">{formatPercent(share.share)}</span>;
    case 'empty':
      return <span className="figure__value">—</span>;
    default:
      return (
        <span className="figure__value">
          <SuppressedMark />
        </span>
      );
  }
}

function ShareNote({ share, threshold, okText }: { share: Share; threshold: number; okText: string }) {
  if (share.kind === 'ok') return <span className="figure__note">{okText}</span>;
  if (share.kind === 'suppressed') return <span className="figure__note">{t('dashboard.figures.notComputable')}</span>;
  if (share.kind === 'base-too-small') return <span className="figure__note">{t('dashboard.figures.baseTooSmall', { k: threshold })}</span>;
  return null;
}

/** Headcount, declaration rate and roll-up shares of one dimension, each with its base. */
export function KeyFigures({ pivot }: { pivot: Pivot }) {
  const rate = declarationRate(pivot);
  const dimensionName = label(pivot.dimension.label);
  return (
    <dl className="figures">
      <div className="figure">
        <dt>{t('dashboard.figures.headcount')}</dt>
        <dd>
          <span className="figure__value">
            <CountText count={pivot.total} />
          </span>
        </dd>
      </div>
      <div className="figure">
        <dt>{t('dashboard.figures.declarationRate', { dimension: dimensionName })}</dt>
        <dd>
          <ShareValue share={rate} />
          <ShareNote
            share={rate}
            threshold={pivot.threshold}
            okText={
              rate.kind === 'ok'
                ? t('dashboard.figures.declaredBase', { declared: formatNumber(rate.part), total: formatNumber(rate.base) })
                : ''
            }
          />
        </dd>
      </div>
      {(pivot.dimension.rollups ?? []).map((rollup) => {
        const share = rollupShare(pivot, rollup);
        return (
          <div className="figure" key={rollup.code}>
            <dt>{label(rollup.label)}</dt>
            <dd>
              <ShareValue share={share} />
              <ShareNote
                share={share}
                threshold={pivot.threshold}
                okText={share.kind === 'ok' ? t('dashboard.figures.rollupBase', { declared: formatNumber(share.base) }) : ''}
              />
            </dd>
          </div>
        );
      })}
    </dl>
  );
}
