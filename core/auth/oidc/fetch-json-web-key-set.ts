import { createPublicKey, type JsonWebKey, type KeyObject } from 'node:crypto';
import { z } from 'zod';
import { OidcSignInError } from './oidc-sign-in-error.js';
import { type IdentityProviderTransport, requestIdentityProvider } from './request-identity-provider.js';

/** A public key the identity provider signs ID tokens with. */
export interface SigningKey {
  kid: string | undefined;
  /** The `alg` the key set pins the key to, if any. */
  alg: string | undefined;
  key: KeyObject;
}

const keySetSchema = z.object({
  keys: z.array(
    z.looseObject({
      kty: z.string(),
      kid: z.string().optional(),
      use: z.string().optional(),
      alg: z.string().optional(),
    }),
  ),
});

/**
 * Reads the provider's JSON Web Key Set (RFC 7517) and keeps its RSA and EC signing keys. Keys for
 * encryption, of other types, or that Node cannot read are left out.
 */
export async function fetchJsonWebKeySet(
  jwksUri: string,
  transport: IdentityProviderTransport,
): Promise<SigningKey[]> {
  const answer = await requestIdentityProvider(
    jwksUri,
    { headers: { accept: 'application/json' } },
    'key set',
    transport,
  );
  if (answer.status !== 200) {
    throw new OidcSignInError(
      'idp_unreachable',
      `The identity provider's key set (${jwksUri}) answered ${answer.status}`,
    );
  }
  const parsed = keySetSchema.safeParse(answer.body);
  if (!parsed.success) {
    throw new OidcSignInError(
      'idp_misconfigured',
      `The identity provider's key set (${jwksUri}) is not a JWK Set`,
    );
  }
  return parsed.data.keys.flatMap((jwk) => {
    if ((jwk.kty !== 'RSA' && jwk.kty !== 'EC') || (jwk.use !== undefined && jwk.use !== 'sig')) return [];
    try {
      return [
        { kid: jwk.kid, alg: jwk.alg, key: createPublicKey({ key: jwk as JsonWebKey, format: 'jwk' }) },
      ];
    } catch {
      return [];
    }
  });
}
