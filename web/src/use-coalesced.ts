import { useCallback, useEffect, useRef } from 'react';

/**
 * Returns a trigger that runs `callback` once, `delayMs` after the first of any number of calls in between:
 * live events arrive per job or per model call, a page reloads at most once per delay.
 */
export function useCoalesced(callback: () => void, delayMs: number): () => void {
  const pending = useRef<ReturnType<typeof setTimeout>>(undefined);
  const latest = useRef(callback);
  latest.current = callback;
  useEffect(() => () => clearTimeout(pending.current), []);
  return useCallback(() => {
    if (pending.current) return;
    pending.current = setTimeout(() => {
      pending.current = undefined;
      latest.current();
    }, delayMs);
  }, [delayMs]);
}
