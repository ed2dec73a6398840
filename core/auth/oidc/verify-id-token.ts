import { type KeyObject, verify } from 'node:crypto';
import { z } from 'zod';
import { equalSecrets } from '../equal-secrets.js';
import type { SigningKey } from './fetch-json-web-key-set.js';
import { OidcSignInError } from './oidc-sign-in-error.js';

/** The signature algorithms Switchyard takes: never `none`, never an HMAC keyed with something public. */
export type IdTokenAlgorithm = 'RS256' | 'ES256';

/** An ID token split into its parts; nothing in it is trusted yet. */
export interface DecodedIdToken {
  algorithm: IdTokenAlgorithm;
  kid: string | undefined;
  claims: Record<string, unknown>;
  signingInput: Buffer;
  signature: Buffer;
}

/** What Switchyard reads of a verified ID token. */
export interface IdTokenClaims {
  subject: string;
  email: string | undefined;
  /**
   * True only when the token says `"email_verified": true`, or, from Microsoft Entra ID (which sends no
   * email_verified), `"xms_edov": true`: the email's domain is verified by the tenant.
   */
  emailVerified: boolean;
}

export interface IdTokenExpectations {
  /** The discovery document's issuer, compared exactly. */
  issuer: string;
  clientId: string;
  /** The nonce sent with this sign-in's authorization request. */
  nonce: string;
  /** Seconds since the epoch. */
  now: number;
  /** Leeway for clocks that disagree, in seconds. */
  clockSkewSeconds: number;
}

const invalid = (message: string) => new OidcSignInError('id_token_invalid', message);

const headerSchema = z.object({ alg: z.string(), kid: z.string().optional() });

const claimsSchema = z.object({
  iss: z.string(),
  sub: z.string().min(1),
  aud: z.union([z.string(), z.array(z.string()).min(1)]),
  exp: z.number(),
  iat: z.number(),
  nbf: z.number().optional(),
  nonce: z.string().optional(),
  azp: z.string().optional(),
});

function decodeJson(part: string, what: string): unknown {
  try {
    return JSON.parse(Buffer.from(part, 'base64url').toString('utf8'));
  } catch {
    throw invalid(`The ID token's ${what} is not base64url JSON`);
  }
}

/** Splits a JWS compact serialization (RFC 7515) and refuses any algorithm but RS256 and ES256. */
export function decodeIdToken(token: string): DecodedIdToken {
  const parts = token.split('.');
  if (parts.length !== 3 || parts.some((part) => !/^[A-Za-z0-9_-]*$/.test(part))) {
    throw invalid('The ID token is not a signed JWT (three base64url parts)');
  }
  const [header, payload, signature] = parts as [string, string, string];
  const parsedHeader = headerSchema.safeParse(decodeJson(header, 'header'));
  if (!parsedHeader.success) throw invalid('The ID token header has no alg');
  const { alg, kid } = parsedHeader.data;
  if (alg !== 'RS256' && alg !== 'ES256') {
    throw invalid(
      `The ID token is signed with alg ${alg.slice(0, 20)}; Switchyard takes RS256 and ES256 only`,
    );
  }
  const claims = decodeJson(payload, 'payload');
  if (!claims || typeof claims !== 'object' || Array.isArray(claims))
    throw invalid('The ID token payload is not an object');
  return {
    algorithm: alg,
    kid,
    claims: claims as Record<string, unknown>,
    signingInput: Buffer.from(`${header}.${payload}`, 'ascii'),
    signature: Buffer.from(signature, 'base64url'),
  };
}

/** Whether `key` is of the kind `algorithm` needs (an RSA key for RS256, a P-256 key for ES256). */
function fitsAlgorithm(key: KeyObject, algorithm: IdTokenAlgorithm): boolean {
  if (algorithm === 'RS256') return key.asymmetricKeyType === 'rsa';
  return key.asymmetricKeyType === 'ec' && key.asymmetricKeyDetails?.namedCurve === 'prime256v1';
}

/**
 * The key that signed the token: the one with its `kid`, or, when the token names none, the only key of
 * the right kind. Undefined when the set has no such key (it may have rotated: fetch it again).
 */
export function findSigningKey(decoded: DecodedIdToken, keys: SigningKey[]): KeyObject | undefined {
  const candidates = keys.filter(
    (candidate) =>
      fitsAlgorithm(candidate.key, decoded.algorithm) &&
      (candidate.alg === undefined || candidate.alg === decoded.algorithm),
  );
  if (decoded.kid !== undefined) return candidates.find((candidate) => candidate.kid === decoded.kid)?.key;
  return candidates.length === 1 ? candidates[0]!.key : undefined;
}

/**
 * Verifies an ID token as OpenID Connect Core 1.0 section 3.1.3.7 asks of a confidential client: the
 * signature with the provider's key, `iss`, `aud` holding the client id (and `azp` naming it when there
 * are several audiences or an `azp` at all), `exp`, `iat` and `nbf` within the clock skew, and the nonce.
 */
export function verifyIdToken(
  decoded: DecodedIdToken,
  key: KeyObject,
  expected: IdTokenExpectations,
): IdTokenClaims {
  if (!fitsAlgorithm(key, decoded.algorithm))
    throw invalid(`The signing key does not fit ${decoded.algorithm}`);
  const signatureValid =
    decoded.algorithm === 'RS256'
      ? verify('sha256', decoded.signingInput, key, decoded.signature)
      : verify('sha256', decoded.signingInput, { key, dsaEncoding: 'ieee-p1363' }, decoded.signature);
  if (!signatureValid) throw invalid('The ID token signature does not verify with the identity provider key');

  const parsed = claimsSchema.safeParse(decoded.claims);
  if (!parsed.success) {
    const fields = [...new Set(parsed.error.issues.map((issue) => String(issue.path[0] ?? 'payload')))];
    throw invalid(`The ID token lacks or garbles ${fields.join(', ')}`);
  }
  const claims = parsed.data;
  if (claims.iss !== expected.issuer) {
    throw invalid(`The ID token was issued by ${claims.iss.slice(0, 200)}, not ${expected.issuer}`);
  }
  const audiences = typeof claims.aud === 'string' ? [claims.aud] : claims.aud;
  if (!audiences.includes(expected.clientId))
    throw invalid('The ID token is not meant for this client (aud)');
  if (audiences.length > 1 && claims.azp === undefined) {
    throw invalid('The ID token has several audiences and no azp');
  }
  if (claims.azp !== undefined && claims.azp !== expected.clientId) {
    throw invalid('The ID token was issued to another client (azp)');
  }
  const { now, clockSkewSeconds: skew } = expected;
  if (claims.exp <= now - skew) throw invalid(`The ID token expired ${Math.round(now - claims.exp)} s ago`);
  if (claims.iat > now + skew) throw invalid('The ID token was issued in the future (iat): check the clocks');
  if (claims.nbf !== undefined && claims.nbf > now + skew)
    throw invalid('The ID token is not valid yet (nbf)');
  if (claims.nonce === undefined || !equalSecrets(claims.nonce, expected.nonce)) {
    throw invalid('The ID token nonce is not the one this sign-in sent');
  }
  const email = decoded.claims.email;
  return {
    subject: claims.sub,
    email: typeof email === 'string' && email.trim() !== '' ? email : undefined,
    emailVerified:
      decoded.claims.email_verified === true ||
      (decoded.claims.email_verified === undefined && decoded.claims.xms_edov === true),
  };
}
