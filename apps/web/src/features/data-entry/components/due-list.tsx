import { t, tCount } from '../../../lib/i18n';
import { PageSection } from '../../../components/page-section';
import type { DueQuarter } from '../utils/quarters';

/**
 * "What is due" (like a GOV.UK task list): the last quarters that have ended, each a link that opens
 * it, with where it stands — not started, entered but not signed off, or signed off.
 */
export function DueList({ due, current, onOpen }: { due: DueQuarter[]; current: string; onOpen: (period: string) => void }) {
  const left = due.filter((q) => q.state !== 'signed_off').length;
  return (
    <PageSection title={t('entry.due.title')}>
      <p className="muted small">{left === 0 ? t('entry.due.allDone') : tCount('entry.due.left', left, { count: left })}</p>
      <ul className="task-list">
        {due.map((q) => (
          <li key={q.period} className="task-list__item">
            <a
              href={`?period=${q.period}`}
              aria-current={q.period === current ? 'true' : undefined}
              onClick={(e) => {
                e.preventDefault();
                onOpen(q.period);
              }}
            >
              {t('entry.due.quarter', { period: q.period })}
            </a>
            <span className={`badge badge--${q.state === 'signed_off' ? 'done' : q.state === 'open' ? 'open' : 'neutral'}`}>
              {q.state === 'none' ? t('entry.due.none') : q.state === 'open' ? t('entry.due.open', { revision: q.revision ?? 0 }) : t('entry.due.signedOff')}
            </span>
          </li>
        ))}
      </ul>
    </PageSection>
  );
}
