import type { FastifyRequest } from 'fastify';
import type { SessionStore } from '../../core/auth/create-session-store.js';
import { verifyCsrfToken } from '../../core/auth/derive-csrf-token.js';
import type { Principal } from '../../core/auth/principal.js';
import { SwitchyardError } from '../../core/errors/switchyard-error.js';
import { apiKeyPrefix } from '../../core/projects/hash-api-key.js';
import type { AppContext } from '../server/create-app-context.js';
import { parseCookieHeader } from './parse-cookie-header.js';
import { verifyAdminToken } from './verify-admin-token.js';
import { sessionCookieName } from './write-session-cookie.js';

declare module 'fastify' {
  interface FastifyRequest {
    /** Who is calling, set by the management API's onRequest hook (undefined on public routes). */
    principal?: Principal;
  }
  interface FastifyContextConfig {
    /** A management route reachable without credentials (sign-in, accepting an invite). */
    public?: boolean;
  }
}

const safeMethods = new Set(['GET', 'HEAD', 'OPTIONS']);

function unauthenticated(message: string, code = 'auth.unauthenticated'): SwitchyardError {
  return new SwitchyardError({ code, message, status: 401 });
}

/**
 * Finds who sent a management request: `Authorization: Bearer` with ADMIN_TOKEN or a project API key
 * (`sy-…`), else the session cookie. A bearer header wins over a cookie. Requests with a session cookie
 * that change something must carry the session's CSRF token in `x-csrf-token`; bearer requests need none
 * (a browser never adds an Authorization header on its own).
 */
export async function resolvePrincipal(
  request: FastifyRequest,
  context: AppContext,
  sessions: SessionStore,
): Promise<Principal> {
  const authorization = request.headers.authorization;
  if (authorization !== undefined) {
    const bearer = /^Bearer\s+(\S+)\s*$/i.exec(authorization)?.[1];
    if (bearer?.startsWith(apiKeyPrefix)) {
      const identity = await context.apiKeyAuthenticator.authenticateApiKey(bearer);
      if (!identity) {
        throw unauthenticated(
          'The API key is unknown or revoked: create one with POST /api/v1/projects/:id/keys',
          'auth.invalid_api_key',
        );
      }
      return { type: 'api-key', ...identity };
    }
    verifyAdminToken(authorization, context.environment.ADMIN_TOKEN);
    return { type: 'admin-token' };
  }
  const token = parseCookieHeader(request.headers.cookie).get(sessionCookieName);
  if (!token) {
    throw unauthenticated(
      'The management API needs a session (sign in with POST /api/v1/auth/login) or "Authorization: Bearer <ADMIN_TOKEN>"',
    );
  }
  const principal = await sessions.lookUp(token);
  if (!principal) {
    throw unauthenticated('Your session has expired or was ended: sign in again', 'auth.session_expired');
  }
  if (!safeMethods.has(request.method)) {
    const presented = request.headers['x-csrf-token'];
    if (!verifyCsrfToken(principal.session, typeof presented === 'string' ? presented : undefined)) {
      throw new SwitchyardError({
        code: 'auth.csrf_invalid',
        message:
          'The x-csrf-token header is missing or wrong: send the csrfToken from GET /api/v1/auth/me with every change',
        status: 403,
      });
    }
  }
  return principal;
}

/** The principal of a guarded management request (the onRequest hook has set it). */
export function readPrincipal(request: FastifyRequest): Principal {
  if (!request.principal) throw unauthenticated('This route needs a signed-in user or a token');
  return request.principal;
}
