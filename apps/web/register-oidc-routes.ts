import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { createSecretToken } from '../../core/auth/hash-session-token.js';
import { type OidcFailureReason, OidcSignInError } from '../../core/auth/oidc/oidc-sign-in-error.js';
import { SwitchyardError } from '../../core/errors/switchyard-error.js';
import type { AppContext } from '../server/create-app-context.js';
import { oidcStartQuerySchema } from './auth-schemas.js';
import { completeOidcSignIn, oidcStateCookieName, oidcStateCookiePath } from './complete-oidc-sign-in.js';
import type { AuthServices, OidcSignIn } from './create-auth-services.js';
import { startUserSession } from './start-user-session.js';
import { writeHttpOnlyCookie } from './write-session-cookie.js';

/** As long as the state waits in Redis (createOidcStateStore's default). */
const stateCookieMaxAgeSeconds = 600;

/** Failures whose message on the page names the email the identity provider gave. */
const reasonsShowingEmail = new Set<OidcFailureReason | 'sign_in_failed'>([
  'email_unverified',
  'unknown_user',
  'account_disabled',
]);

function requireOidc(auth: AuthServices): OidcSignIn {
  if (auth.oidc) return auth.oidc;
  throw new SwitchyardError({
    code: 'auth.oidc_not_configured',
    message:
      'Single sign-on is not configured on this server: set OIDC_ISSUER, OIDC_CLIENT_ID, OIDC_CLIENT_SECRET and PUBLIC_URL (docs/configuration.md)',
    status: 404,
  });
}

/**
 * Sends the browser to the sign-in page with a reason code (and, for some, the email) it explains. The
 * identity provider's own text never goes into the URL: it is in the log line with the request id.
 */
function redirectToSignIn(request: FastifyRequest, reply: FastifyReply, error: unknown): FastifyReply {
  const failure = error instanceof OidcSignInError ? error : undefined;
  const reason = failure?.reason ?? 'sign_in_failed';
  if (failure) request.log.warn({ reason, detail: failure.message }, 'single sign-on refused');
  else request.log.error({ err: error }, 'single sign-on failed');
  const parameters = new URLSearchParams({ error: reason });
  if (failure?.email && reasonsShowingEmail.has(reason)) parameters.set('email', failure.email);
  return reply.redirect(`/#/sign-in?${parameters}`, 302);
}

/**
 * Single sign-on with OpenID Connect (authorization code flow with PKCE, as a confidential client), next to
 * email and password: which methods the sign-in page offers, the start, and the identity provider's
 * callback. People still need an account, created or invited by an admin; the verified email finds it.
 */
export async function registerOidcRoutes(
  server: FastifyInstance,
  context: AppContext,
  auth: AuthServices,
): Promise<void> {
  const { prisma } = context;

  server.get('/auth/methods', { config: { public: true } }, async () => ({
    password: true,
    oidc: auth.oidc ? { label: auth.oidc.settings.buttonLabel } : null,
  }));

  server.get('/auth/oidc/start', { config: { public: true } }, async (request, reply) => {
    const oidc = requireOidc(auth);
    reply.header('cache-control', 'no-store');
    // A returnTo that is not a route of the page is ignored rather than refused: the person still signs in.
    const query = oidcStartQuerySchema.safeParse(request.query);
    const returnTo = (query.success && query.data.returnTo) || '#/';
    const state = createSecretToken();
    const nonce = createSecretToken();
    const codeVerifier = createSecretToken();
    try {
      if (!(await oidc.states.admitStart(request.ip))) {
        throw new OidcSignInError(
          'too_many_attempts',
          `More than the allowed single sign-ons were started from ${request.ip} within 10 minutes`,
        );
      }
      const location = await oidc.client.createAuthorizationUrl({ state, nonce, codeVerifier });
      await oidc.states.save(state, { nonce, codeVerifier, returnTo });
      writeHttpOnlyCookie(request, reply, {
        name: oidcStateCookieName,
        value: state,
        maxAgeSeconds: stateCookieMaxAgeSeconds,
        path: oidcStateCookiePath,
      });
      return reply.redirect(location, 302);
    } catch (error) {
      return redirectToSignIn(request, reply, error);
    }
  });

  server.get('/auth/oidc/callback', { config: { public: true } }, async (request, reply) => {
    const oidc = requireOidc(auth);
    reply.header('cache-control', 'no-store');
    // Whatever happens, this sign-in is over.
    writeHttpOnlyCookie(request, reply, {
      name: oidcStateCookieName,
      value: '',
      maxAgeSeconds: 0,
      path: oidcStateCookiePath,
    });
    try {
      const { userId, returnTo } = await completeOidcSignIn(request, oidc, prisma);
      const principal = await startUserSession(request, reply, { prisma, auth }, userId, 'oidc');
      if (!principal)
        throw new OidcSignInError('account_disabled', `The account ${userId} was disabled during sign-in`);
      return reply.redirect(`/${returnTo}`, 302);
    } catch (error) {
      return redirectToSignIn(request, reply, error);
    }
  });
}
