const loopbackHosts = new Set(['127.0.0.1', 'localhost', '[::1]']);

/** Whether `url` is https, or http to this machine only (a development or test server). */
export function isHttpsOrLoopbackUrl(url: string): boolean {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return false;
  }
  return parsed.protocol === 'https:' || (parsed.protocol === 'http:' && loopbackHosts.has(parsed.hostname));
}
