import { useCallback, useEffect, useState } from 'react';
import { api, describeError } from './api-client.js';

/** What a page shows while it loads an API resource. */
export type Loaded<Value> =
  | { state: 'loading' }
  | { state: 'error'; message: string }
  | { state: 'ready'; value: Value };

/**
 * Loads `GET path` and reloads on demand (after a change, or when live updates say so). A reload of the same
 * path keeps showing the last answer until the new one arrives; another path (a different project, grouping
 * or range) is `loading` until its own answer arrives, so an answer is never shown under the wrong question.
 */
export function useApi<Value>(path: string | undefined): [Loaded<Value>, () => void] {
  const [loaded, setLoaded] = useState<{ path: string | undefined; result: Loaded<Value> }>({
    path: undefined,
    result: { state: 'loading' },
  });
  const [version, setVersion] = useState(0);
  const reload = useCallback(() => setVersion((current) => current + 1), []);
  // biome-ignore lint/correctness/useExhaustiveDependencies: `version` is how reload() asks for a new load.
  useEffect(() => {
    if (path === undefined) return;
    let cancelled = false;
    api<Value>('GET', path)
      .then((value) => !cancelled && setLoaded({ path, result: { state: 'ready', value } }))
      .catch(
        (error: unknown) =>
          !cancelled && setLoaded({ path, result: { state: 'error', message: describeError(error) } }),
      );
    return () => {
      cancelled = true;
    };
  }, [path, version]);
  return [loaded.path === path ? loaded.result : { state: 'loading' }, reload];
}
