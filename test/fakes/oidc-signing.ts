import { createHmac, generateKeyPairSync, type KeyObject, randomBytes, sign } from 'node:crypto';

/** How the stand-in signs an ID token: right, or in one of the ways an attacker or a broken provider would. */
export type FakeIdTokenSigning =
  /** With the key the key set publishes. */
  | 'valid'
  /** With another key of the same kind, under the published key's kid. */
  | 'wrong-key'
  /** With a key the key set never publishes, under a kid of its own. */
  | 'unknown-kid'
  /** `alg: none` and an empty signature. */
  | 'none'
  /** HS256 keyed with the client secret: the old key-confusion attack. */
  | 'hs256';

/** A signing key of the stand-in with its id. */
export interface FakeSigningKey {
  kid: string;
  algorithm: 'RS256' | 'ES256';
  privateKey: KeyObject;
  publicKey: KeyObject;
}

/** A fresh RSA 2048 (RS256) or P-256 (ES256) key pair. */
export function createFakeSigningKey(algorithm: 'RS256' | 'ES256'): FakeSigningKey {
  const pair =
    algorithm === 'RS256'
      ? generateKeyPairSync('rsa', { modulusLength: 2048 })
      : generateKeyPairSync('ec', { namedCurve: 'P-256' });
  return { kid: `key-${randomBytes(4).toString('hex')}`, algorithm, ...pair };
}

/** The public half as a JWK, as a key set publishes it. */
export function exportPublicJwk(key: FakeSigningKey): Record<string, unknown> {
  return { ...key.publicKey.export({ format: 'jwk' }), kid: key.kid, alg: key.algorithm, use: 'sig' };
}

const encode = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

function signWith(key: FakeSigningKey, input: string): string {
  const data = Buffer.from(input);
  const signature =
    key.algorithm === 'RS256'
      ? sign('sha256', data, key.privateKey)
      : sign('sha256', data, { key: key.privateKey, dsaEncoding: 'ieee-p1363' });
  return signature.toString('base64url');
}

/** A JWS compact serialization of `claims`, signed as `signing` says. */
export function signIdToken(
  claims: Record<string, unknown>,
  key: FakeSigningKey,
  signing: FakeIdTokenSigning,
  clientSecret: string,
): string {
  if (signing === 'none') return `${encode({ alg: 'none', typ: 'JWT' })}.${encode(claims)}.`;
  if (signing === 'hs256') {
    const input = `${encode({ alg: 'HS256', typ: 'JWT', kid: key.kid })}.${encode(claims)}`;
    return `${input}.${createHmac('sha256', clientSecret).update(input).digest('base64url')}`;
  }
  const signer = signing === 'valid' ? key : { ...createFakeSigningKey(key.algorithm), kid: key.kid };
  if (signing === 'unknown-kid') signer.kid = `unpublished-${randomBytes(4).toString('hex')}`;
  const input = `${encode({ alg: key.algorithm, typ: 'JWT', kid: signer.kid })}.${encode(claims)}`;
  return `${input}.${signWith(signer, input)}`;
}
