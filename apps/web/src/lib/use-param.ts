import { useCallback } from 'react';
import { useSearchParams } from 'react-router';

/** Address parameters to set (a value), remove (null or '') or leave as they are (undefined). */
export type ParamChanges = Record<string, string | null | undefined>;

/**
 * The address parameters and a setter for several at once, the one way pages keep their choices in
 * the address. The change is applied at once (`flushSync`), not as a transition: the router's
 * default transition lets React show a controlled checkbox or select with its old value until the
 * page has re-rendered, which on a busy machine looks like a click that did nothing.
 */
export function useParams(): [URLSearchParams, (changes: ParamChanges, replace?: boolean) => void] {
  const [params, setParams] = useSearchParams();
  const set = useCallback(
    (changes: ParamChanges, replace = false) =>
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
      ),
    [setParams],
  );
  return [params, set];
}

/** The address parameters and a setter for one of them; choosing is not navigating, so the history entry is replaced. */
export function useParam(): [URLSearchParams, (key: string, value: string) => void] {
  const [params, set] = useParams();
  const setOne = useCallback((key: string, value: string) => set({ [key]: value }, true), [set]);
  return [params, setOne];
}
