import { useCallback, useEffect, useState } from 'react';
import { api, describeError } from './api-client.js';

/** What a page shows while it loads an API resource. */
export type Loaded<Value> =
  | { state: 'loading' }
  | { state: 'error'; message: string }
  | { state: 'ready'; value: Value };

/** Loads `GET path` and reloads on demand (after a change, or when live updates say so). */
export function useApi<Value>(path: string | undefined): [Loaded<Value>, () => void] {
  const [loaded, setLoaded] = useState<Loaded<Value>>({ state: 'loading' });
  const [version, setVersion] = useState(0);
  const reload = useCallback(() => setVersion((current) => current + 1), []);
  // biome-ignore lint/correctness/useExhaustiveDependencies: `version` is how reload() asks for a new load.
  useEffect(() => {
    if (path === undefined) return;
    let cancelled = false;
    api<Value>('GET', path)
      .then((value) => !cancelled && setLoaded({ state: 'ready', value }))
      .catch((error: unknown) => !cancelled && setLoaded({ state: 'error', message: describeError(error) }));
    return () => {
      cancelled = true;
    };
  }, [path, version]);
  return [loaded, reload];
}
