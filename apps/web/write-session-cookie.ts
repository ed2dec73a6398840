import type { FastifyReply, FastifyRequest } from 'fastify';

/** Name of the settings page's session cookie. */
export const sessionCookieName = 'switchyard_session';

// Secure whenever the browser reached us over https: directly, or through a proxy trusted with TRUST_PROXY.
function cookieAttributes(request: FastifyRequest, maxAgeSeconds: number): string {
  const attributes = ['Path=/', 'HttpOnly', 'SameSite=Lax', `Max-Age=${maxAgeSeconds}`];
  if (request.protocol === 'https') attributes.push('Secure');
  return attributes.join('; ');
}

/** Sets the session cookie: httpOnly, SameSite=Lax, Secure over https, lasting at most the session's age. */
export function writeSessionCookie(
  request: FastifyRequest,
  reply: FastifyReply,
  token: string,
  maxAgeSeconds: number,
): void {
  reply.header('set-cookie', `${sessionCookieName}=${token}; ${cookieAttributes(request, maxAgeSeconds)}`);
}

/** Tells the browser to drop the session cookie. */
export function clearSessionCookie(request: FastifyRequest, reply: FastifyReply): void {
  reply.header('set-cookie', `${sessionCookieName}=; ${cookieAttributes(request, 0)}`);
}
