/** One answer as a browser sees it before following it. */
export interface BrowserHop {
  status: number;
  /** The Location header, as sent (relative or absolute). */
  location: string | undefined;
  /** Every Set-Cookie line, unjoined. */
  setCookies: string[];
  body: string;
}

/** A browser reduced to what sign-in flows need: one site's cookies, and redirects followed by hand. */
export interface HttpBrowser {
  /** The cookies it holds for its site, by name. */
  readonly cookies: Map<string, string>;
  /** GETs `url` (relative to the site, or absolute); cookies go to the site only, never to other hosts. */
  visit(url: string): Promise<BrowserHop>;
}

/** A browser for the site at `origin` (`http://127.0.0.1:<port>`). */
export function createHttpBrowser(origin: string): HttpBrowser {
  const cookies = new Map<string, string>();
  return {
    cookies,
    async visit(url) {
      const target = new URL(url, origin);
      // Stand-ins share 127.0.0.1 with the site; a real browser keys cookies by host, these tests by origin.
      const ownSite = target.origin === origin;
      const headers: Record<string, string> = {};
      if (ownSite && cookies.size > 0) {
        headers.cookie = [...cookies].map(([name, value]) => `${name}=${value}`).join('; ');
      }
      const response = await fetch(target, { headers, redirect: 'manual' });
      const setCookies = response.headers.getSetCookie();
      if (ownSite) {
        for (const line of setCookies) {
          const [pair = ''] = line.split(';');
          const separator = pair.indexOf('=');
          const name = pair.slice(0, separator);
          if (/;\s*Max-Age=0(;|$)/i.test(line)) cookies.delete(name);
          else cookies.set(name, pair.slice(separator + 1));
        }
      }
      return {
        status: response.status,
        location: response.headers.get('location') ?? undefined,
        setCookies,
        body: await response.text(),
      };
    },
  };
}
