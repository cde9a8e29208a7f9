import { useCallback } from 'react';
import { useSearchParams } from 'react-router';

/**
 * The zone and quarter a page shows, kept in the address (`?zone=…&period=…`) so a view can be
 * bookmarked and shared, and survives a reload. Applied at once, not as a transition (see useParam).
 */
export function useZonePeriod() {
  const [params, setParams] = useSearchParams();
  const zone = params.get('zone') ?? undefined;
  const period = params.get('period') ?? undefined;

  const update = useCallback(
    (changes: { zone?: string | null; period?: string | null }, replace = false) => {
      setParams(
        (current) => {
          const next = new URLSearchParams(current);
          for (const [key, value] of Object.entries(changes)) {
            if (value === undefined) continue;
            if (value === null || value === '') next.delete(key);
            else next.set(key, value);
          }
          return next;
        },
        { replace, flushSync: true },
      );
    },
    [setParams],
  );

  return { zone, period, update };
}
