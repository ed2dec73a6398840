import type { FastifyRequest } from 'fastify';
import { equalSecrets } from '../../core/auth/equal-secrets.js';
import { normalizeEmail } from '../../core/auth/normalize-email.js';
import { OidcSignInError } from '../../core/auth/oidc/oidc-sign-in-error.js';
import { quoteProviderText } from '../../core/auth/oidc/quote-provider-text.js';
import type { PrismaClient } from '../../core/db/create-prisma-client.js';
import { oidcCallbackQuerySchema } from './auth-schemas.js';
import type { OidcSignIn } from './create-auth-services.js';
import { parseCookieHeader } from './parse-cookie-header.js';

/** The cookie that ties a sign-in to the browser that started it; it holds the state. */
export const oidcStateCookieName = 'switchyard_oidc_state';

/** The state cookie is sent to the sign-in routes only. */
export const oidcStateCookiePath = '/api/v1/auth/oidc';

/**
 * Checks a callback from the identity provider and finds the Switchyard user it signs in: the state is
 * the one this browser's cookie holds and is still pending (each is used once), the code redeems for a
 * valid ID token, its email is verified, and an enabled account has that email. Throws an OidcSignInError
 * naming the first check that failed.
 */
export async function completeOidcSignIn(
  request: FastifyRequest,
  oidc: OidcSignIn,
  prisma: PrismaClient,
): Promise<{ userId: string; returnTo: string }> {
  const query = oidcCallbackQuerySchema.safeParse(request.query);
  if (!query.success) {
    throw new OidcSignInError(
      'idp_error',
      'The callback query is malformed (a parameter repeated or too long)',
    );
  }
  const { code, state, iss, error, error_description: description } = query.data;
  const cookieState = parseCookieHeader(request.headers.cookie).get(oidcStateCookieName);
  const stateMatches = state !== undefined && cookieState !== undefined && equalSecrets(state, cookieState);

  if (error !== undefined) {
    // The refused sign-in cannot be completed later either.
    if (stateMatches) await oidc.states.take(state);
    const explanation = description === undefined ? '' : ` (${quoteProviderText(description)})`;
    throw new OidcSignInError(
      error === 'access_denied' ? 'access_denied' : 'idp_error',
      `The identity provider answered error=${quoteProviderText(error)}${explanation}`,
    );
  }
  if (!stateMatches) {
    throw new OidcSignInError(
      'state_mismatch',
      state === undefined
        ? 'The callback has no state'
        : cookieState === undefined
          ? 'The browser sent no state cookie: the sign-in started in another browser, or cookies are blocked'
          : "The callback's state is not the one this browser's cookie holds",
    );
  }
  const pending = await oidc.states.take(state);
  if (!pending) {
    throw new OidcSignInError('state_expired', 'The state is unknown, used already or older than 10 minutes');
  }
  if (code === undefined)
    throw new OidcSignInError('idp_error', 'The callback has neither a code nor an error');

  const claims = await oidc.client.redeemCode({
    code,
    codeVerifier: pending.codeVerifier,
    nonce: pending.nonce,
    responseIssuer: iss,
  });
  if (claims.email === undefined) {
    throw new OidcSignInError(
      'email_missing',
      'The ID token has no email claim: is the email scope granted?',
    );
  }
  const email = normalizeEmail(claims.email);
  if (!claims.emailVerified) {
    throw new OidcSignInError('email_unverified', 'The ID token does not say email_verified: true', {
      email,
    });
  }
  const user = await prisma.user.findUnique({ where: { email }, select: { id: true, disabledAt: true } });
  if (!user)
    throw new OidcSignInError('unknown_user', 'No Switchyard account has the verified email', { email });
  if (user.disabledAt) {
    throw new OidcSignInError('account_disabled', `The account ${user.id} is disabled`, { email });
  }
  return { userId: user.id, returnTo: pending.returnTo };
}
