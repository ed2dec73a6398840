import { createHash } from 'node:crypto';
import { z } from 'zod';
import { fetchJsonWebKeySet, type SigningKey } from './fetch-json-web-key-set.js';
import { fetchOidcDiscovery, type OidcDiscovery } from './fetch-oidc-discovery.js';
import { OidcSignInError } from './oidc-sign-in-error.js';
import { quoteProviderText } from './quote-provider-text.js';
import { type IdentityProviderTransport, requestIdentityProvider } from './request-identity-provider.js';
import { decodeIdToken, findSigningKey, type IdTokenClaims, verifyIdToken } from './verify-id-token.js';

export interface OidcClientOptions {
  issuer: string;
  clientId: string;
  clientSecret: string;
  redirectUri: string;
  scopes: string[];
  fetch?: typeof fetch;
  /** Per request to the identity provider (default 10 s). */
  timeoutMs?: number;
  /** How long the discovery document is kept (default 1 hour). */
  discoveryTtlMs?: number;
  clockSkewSeconds?: number;
  now?: () => number;
}

/** The relying-party side of the authorization code flow with PKCE, for one confidential client. */
export interface OidcClient {
  /** Where to send the browser: the provider's authorization endpoint with this sign-in's parameters. */
  createAuthorizationUrl(request: { state: string; nonce: string; codeVerifier: string }): Promise<string>;
  /**
   * Exchanges the code at the token endpoint and verifies the ID token it answers with. `responseIssuer`
   * is the callback's `iss` parameter (RFC 9207), checked when the provider sends it.
   */
  redeemCode(request: {
    code: string;
    codeVerifier: string;
    nonce: string;
    responseIssuer?: string;
  }): Promise<IdTokenClaims>;
}

const tokenAnswerSchema = z.object({
  id_token: z.string().min(1).optional(),
  token_type: z.string().optional(),
});
const tokenErrorSchema = z.object({ error: z.string() });

/** The S256 code challenge of a PKCE verifier (RFC 7636 section 4.2). */
export function createCodeChallenge(codeVerifier: string): string {
  return createHash('sha256').update(codeVerifier, 'ascii').digest('base64url');
}

// RFC 6749 section 2.3.1: the client id and secret are form-encoded before they are joined for Basic.
const formEncode = (value: string) => encodeURIComponent(value).replace(/%20/g, '+');

/**
 * Creates the client. Discovery is fetched on first use and kept for `discoveryTtlMs` (a failed fetch is
 * not kept, so the next sign-in tries again); the key set is kept until a token names a key it lacks, and
 * then fetched once more, as providers rotate keys.
 */
export function createOidcClient(options: OidcClientOptions): OidcClient {
  const transport: IdentityProviderTransport = {
    fetch: options.fetch,
    timeoutMs: options.timeoutMs ?? 10_000,
  };
  const discoveryTtlMs = options.discoveryTtlMs ?? 3_600_000;
  const now = options.now ?? Date.now;
  let discovery: { promise: Promise<OidcDiscovery>; expiresAt: number } | undefined;
  let keys: Promise<SigningKey[]> | undefined;

  function discover(): Promise<OidcDiscovery> {
    if (!discovery || discovery.expiresAt <= now()) {
      const promise = fetchOidcDiscovery(options.issuer, transport);
      discovery = { promise, expiresAt: now() + discoveryTtlMs };
      promise.catch(() => {
        if (discovery?.promise === promise) discovery = undefined;
      });
    }
    return discovery.promise;
  }

  function loadKeys(jwksUri: string, refresh: boolean): Promise<SigningKey[]> {
    if (!keys || refresh) {
      const promise = fetchJsonWebKeySet(jwksUri, transport);
      keys = promise;
      promise.catch(() => {
        if (keys === promise) keys = undefined;
      });
    }
    return keys;
  }

  async function exchangeCode(provider: OidcDiscovery, code: string, codeVerifier: string): Promise<string> {
    const body = new URLSearchParams({
      grant_type: 'authorization_code',
      code,
      redirect_uri: options.redirectUri,
      code_verifier: codeVerifier,
    });
    const headers: Record<string, string> = {
      accept: 'application/json',
      'content-type': 'application/x-www-form-urlencoded',
    };
    if (provider.clientAuthentication === 'client_secret_basic') {
      const credentials = `${formEncode(options.clientId)}:${formEncode(options.clientSecret)}`;
      headers.authorization = `Basic ${Buffer.from(credentials, 'utf8').toString('base64')}`;
    } else {
      body.set('client_id', options.clientId);
      body.set('client_secret', options.clientSecret);
    }
    const answer = await requestIdentityProvider(
      provider.tokenEndpoint,
      { method: 'POST', headers, body },
      'token endpoint',
      transport,
    );
    if (answer.status >= 500) {
      throw new OidcSignInError(
        'idp_unreachable',
        `The identity provider's token endpoint (${provider.tokenEndpoint}) answered ${answer.status}`,
      );
    }
    if (answer.status !== 200) {
      const error = tokenErrorSchema.safeParse(answer.body);
      const named = error.success ? ` error=${quoteProviderText(error.data.error)}` : '';
      const hint =
        error.success && error.data.error === 'invalid_client'
          ? ': check OIDC_CLIENT_ID and OIDC_CLIENT_SECRET'
          : '';
      throw new OidcSignInError(
        'token_rejected',
        `The token endpoint refused the code with ${answer.status}${named}${hint}`,
      );
    }
    const parsed = tokenAnswerSchema.safeParse(answer.body);
    if (!parsed.success || !parsed.data.id_token) {
      throw new OidcSignInError(
        'token_rejected',
        'The token endpoint answered without an id_token (is the openid scope granted?)',
      );
    }
    return parsed.data.id_token;
  }

  return {
    async createAuthorizationUrl({ state, nonce, codeVerifier }) {
      const provider = await discover();
      const url = new URL(provider.authorizationEndpoint);
      const parameters: Record<string, string> = {
        response_type: 'code',
        client_id: options.clientId,
        redirect_uri: options.redirectUri,
        scope: options.scopes.join(' '),
        state,
        nonce,
        code_challenge: createCodeChallenge(codeVerifier),
        code_challenge_method: 'S256',
      };
      for (const [name, value] of Object.entries(parameters)) url.searchParams.set(name, value);
      return url.toString();
    },

    async redeemCode({ code, codeVerifier, nonce, responseIssuer }) {
      const provider = await discover();
      if (responseIssuer !== undefined && responseIssuer !== provider.issuer) {
        throw new OidcSignInError(
          'idp_error',
          `The callback names the issuer ${quoteProviderText(responseIssuer)}, not ${provider.issuer}`,
        );
      }
      const idToken = await exchangeCode(provider, code, codeVerifier);
      const decoded = decodeIdToken(idToken);
      let key = findSigningKey(decoded, await loadKeys(provider.jwksUri, false));
      if (!key) key = findSigningKey(decoded, await loadKeys(provider.jwksUri, true));
      if (!key) {
        throw new OidcSignInError(
          'id_token_invalid',
          `The identity provider's key set has no ${decoded.algorithm} key ${decoded.kid === undefined ? '(the token names none)' : quoteProviderText(decoded.kid)}`,
        );
      }
      return verifyIdToken(decoded, key, {
        issuer: provider.issuer,
        clientId: options.clientId,
        nonce,
        now: Math.floor(now() / 1000),
        clockSkewSeconds: options.clockSkewSeconds ?? 60,
      });
    },
  };
}
