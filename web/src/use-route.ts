import { useEffect, useState } from 'react';

/** The hash route as its segments: `#/orgs/<id>/jobs` → ['orgs', id, 'jobs'] (a `?query` is left out). */
function readRoute(): string[] {
  const path = window.location.hash.replace(/^#\/?/, '').split('?')[0] ?? '';
  return path.split('/').filter(Boolean).map(decodeURIComponent);
}

/** Hash routes, so the server only ever serves index.html. */
export function useRoute(): string[] {
  const [route, setRoute] = useState(readRoute);
  useEffect(() => {
    const update = () => setRoute(readRoute());
    window.addEventListener('hashchange', update);
    return () => window.removeEventListener('hashchange', update);
  }, []);
  return route;
}
