import { z } from 'zod';
import { isHttpsOrLoopbackUrl } from '../../config/is-https-or-loopback-url.js';
import { OidcSignInError } from './oidc-sign-in-error.js';
import { type IdentityProviderTransport, requestIdentityProvider } from './request-identity-provider.js';

/** How Switchyard authenticates itself at the token endpoint. */
export type ClientAuthenticationMethod = 'client_secret_basic' | 'client_secret_post';

/** What Switchyard uses of an OpenID Provider's metadata. */
export interface OidcDiscovery {
  /** Exactly as the provider writes it: ID tokens must carry this `iss`. */
  issuer: string;
  authorizationEndpoint: string;
  tokenEndpoint: string;
  jwksUri: string;
  clientAuthentication: ClientAuthenticationMethod;
}

// OpenID Connect Discovery 1.0, section 3; unknown fields are ignored.
const discoveryDocumentSchema = z.object({
  issuer: z.string().min(1),
  authorization_endpoint: z.string().min(1),
  token_endpoint: z.string().min(1),
  jwks_uri: z.string().min(1),
  token_endpoint_auth_methods_supported: z.array(z.string()).optional(),
  code_challenge_methods_supported: z.array(z.string()).optional(),
});

const withoutTrailingSlash = (url: string) => url.replace(/\/+$/, '');

function misconfigured(message: string): OidcSignInError {
  return new OidcSignInError('idp_misconfigured', message);
}

/** `<issuer>/.well-known/openid-configuration`, as Discovery section 4 builds it. */
export function discoveryUrlOf(issuer: string): string {
  return `${withoutTrailingSlash(issuer)}/.well-known/openid-configuration`;
}

/**
 * Reads the provider's discovery document and checks it can serve Switchyard: the issuer it names is
 * OIDC_ISSUER (a trailing slash aside), its endpoints are https (or on this machine), it takes PKCE with
 * S256 (when it lists its methods) and a client secret sent by Basic authentication or in the body.
 */
export async function fetchOidcDiscovery(
  issuer: string,
  transport: IdentityProviderTransport,
): Promise<OidcDiscovery> {
  const url = discoveryUrlOf(issuer);
  const answer = await requestIdentityProvider(
    url,
    { headers: { accept: 'application/json' } },
    'discovery document',
    transport,
  );
  if (answer.status !== 200) {
    throw new OidcSignInError(
      'idp_unreachable',
      `The identity provider's discovery document (${url}) answered ${answer.status}: check OIDC_ISSUER`,
    );
  }
  const parsed = discoveryDocumentSchema.safeParse(answer.body);
  if (!parsed.success) {
    const fields = parsed.error.issues.map((issue) => issue.path.join('.') || 'the document').join(', ');
    throw misconfigured(`The discovery document (${url}) lacks or garbles ${fields}`);
  }
  const document = parsed.data;
  if (withoutTrailingSlash(document.issuer) !== withoutTrailingSlash(issuer)) {
    throw misconfigured(
      `OIDC_ISSUER is ${issuer} but its discovery document names the issuer ${document.issuer}: set OIDC_ISSUER to that`,
    );
  }
  for (const [name, endpoint] of [
    ['authorization_endpoint', document.authorization_endpoint],
    ['token_endpoint', document.token_endpoint],
    ['jwks_uri', document.jwks_uri],
  ] as const) {
    if (!isHttpsOrLoopbackUrl(endpoint)) {
      throw misconfigured(`The discovery document's ${name} (${endpoint}) is not an https:// URL`);
    }
  }
  const challenges = document.code_challenge_methods_supported;
  if (challenges && !challenges.includes('S256')) {
    throw misconfigured(
      'The identity provider does not take PKCE with S256 (code_challenge_methods_supported)',
    );
  }
  // Discovery section 3: when the list is missing, client_secret_basic is the default.
  const methods = document.token_endpoint_auth_methods_supported ?? ['client_secret_basic'];
  const clientAuthentication = (['client_secret_basic', 'client_secret_post'] as const).find((method) =>
    methods.includes(method),
  );
  if (!clientAuthentication) {
    throw misconfigured(
      `The token endpoint takes none of client_secret_basic and client_secret_post (it lists ${methods.join(', ')})`,
    );
  }
  return {
    issuer: document.issuer,
    authorizationEndpoint: document.authorization_endpoint,
    tokenEndpoint: document.token_endpoint,
    jwksUri: document.jwks_uri,
    clientAuthentication,
  };
}
