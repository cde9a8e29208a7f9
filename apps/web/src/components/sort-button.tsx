import type { ReactNode } from 'react';
import { t } from '../lib/i18n';

export type SortState = false | 'asc' | 'desc';

/** `aria-sort` of a column heading for a TanStack Table sort state. */
export const ariaSort = (sorted: SortState) => (sorted === 'asc' ? 'ascending' : sorted === 'desc' ? 'descending' : 'none');

/** The button inside a sortable column heading: the heading, an arrow, and the state in words for screen readers. */
export function SortButton({ sorted, onClick, children }: { sorted: SortState; onClick: ((event: unknown) => void) | undefined; children: ReactNode }) {
  return (
    <button type="button" className="sort-button" onClick={onClick}>
      {children}
      <span className="sort-button__icon" aria-hidden="true">
        {sorted === 'asc' ? '▲' : sorted === 'desc' ? '▼' : '↕'}
      </span>
      <span className="visually-hidden">{sorted === 'asc' ? `, ${t('overview.sortedAsc')}` : sorted === 'desc' ? `, ${t('overview.sortedDesc')}` : ''}</span>
    </button>
  );
}
