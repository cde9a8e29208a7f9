import type { TargetStatus } from '@equity/shared';
import { t } from '../../lib/i18n';

/** Symbols so that the status never depends on colour alone. */
const SYMBOL: Record<TargetStatus, string> = {
  achieved: '★',
  on_track: '●',
  at_risk: '▲',
  off_track: '✕',
  suppressed: '◌',
  too_few_to_conclude: '◔',
  no_data: '○',
};

/** A target's status: colour-blind-safe colour (Okabe–Ito), a symbol and the status in words. */
export function TargetBadge({ status, title }: { status: TargetStatus; title?: string }) {
  return (
    <span className={`target-badge target-badge--${status}`} title={title}>
      <span className="target-badge__symbol" aria-hidden="true">
        {SYMBOL[status]}
      </span>
      {t(`target.${status}`)}
    </span>
  );
}
