import type { FastifyReply, FastifyRequest } from 'fastify';

/** Name of the settings page's session cookie. */
export const sessionCookieName = 'switchyard_session';

/** One of the page's cookies: the value goes out httpOnly, SameSite=Lax, and Secure over https. */
export interface HttpOnlyCookie {
  name: string;
  /** Empty with `maxAgeSeconds` 0 to drop the cookie. */
  value: string;
  maxAgeSeconds: number;
  /** Default `/`. */
  path?: string;
}

/**
 * Adds a Set-Cookie header (earlier ones stay). Secure whenever the browser reached us over https:
 * directly, or through a proxy trusted with TRUST_PROXY.
 */
export function writeHttpOnlyCookie(
  request: FastifyRequest,
  reply: FastifyReply,
  cookie: HttpOnlyCookie,
): void {
  const attributes = [
    `Path=${cookie.path ?? '/'}`,
    'HttpOnly',
    'SameSite=Lax',
    `Max-Age=${cookie.maxAgeSeconds}`,
  ];
  if (request.protocol === 'https') attributes.push('Secure');
  reply.header('set-cookie', `${cookie.name}=${cookie.value}; ${attributes.join('; ')}`);
}

/** Sets the session cookie: httpOnly, SameSite=Lax, Secure over https, lasting at most the session's age. */
export function writeSessionCookie(
  request: FastifyRequest,
  reply: FastifyReply,
  token: string,
  maxAgeSeconds: number,
): void {
  writeHttpOnlyCookie(request, reply, { name: sessionCookieName, value: token, maxAgeSeconds });
}

/** Tells the browser to drop the session cookie. */
export function clearSessionCookie(request: FastifyRequest, reply: FastifyReply): void {
  writeHttpOnlyCookie(request, reply, { name: sessionCookieName, value: '', maxAgeSeconds: 0 });
}
