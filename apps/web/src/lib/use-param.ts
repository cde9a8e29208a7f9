import { useCallback } from 'react';
import { useSearchParams } from 'react-router';

/**
 * The address parameters and a setter for one of them. Choosing is not navigating, so the history
 * entry is replaced. The change is applied at once (`flushSync`), not as a transition: the router's
 * default transition lets React show a controlled checkbox or select with its old value until the
 * page has re-rendered, which on a busy machine looks like a click that did nothing.
 */
export function useParam(): [URLSearchParams, (key: string, value: string) => void] {
  const [params, setParams] = useSearchParams();
  const set = useCallback(
    (key: string, value: string) =>
      setParams(
        (current) => {
          const next = new URLSearchParams(current);
          next.set(key, value);
          return next;
        },
        { replace: true, flushSync: true },
      ),
    [setParams],
  );
  return [params, set];
}
