import { isSuppressed, type Count } from '@equity/shared';
import { formatNumber } from '../lib/format';
import { SuppressedMark } from './withheld';

/** A count as text; a suppressed count shows the marker with why (never blank, never 0). */
export function CountText({ count }: { count: Count | null | undefined }) {
  if (isSuppressed(count)) return <SuppressedMark />;
  return <>{formatNumber(count ?? 0)}</>;
}
