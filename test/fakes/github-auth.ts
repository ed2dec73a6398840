import { type KeyObject, verify } from 'node:crypto';
import type { IssuedToken } from './github-state.js';

export type AuthResult<T> = { success: true; value: T } | { success: false; error: string };

/** The app JWT GitHub's app endpoints want, decoded. */
export interface AppJwt {
  header: Record<string, unknown>;
  payload: Record<string, unknown>;
}

/**
 * Reads `Authorization: Bearer <JWT>`: three base64url parts, RS256, `iss`/`iat`/`exp` present and not expired;
 * the signature too when the app's public key is known. The errors are GitHub's messages.
 */
export function readAppJwt(
  authorization: string | undefined,
  publicKey?: KeyObject | string,
): AuthResult<AppJwt> {
  const match = /^bearer\s+(\S+)$/i.exec(authorization ?? '');
  if (!match) return { success: false, error: 'A JSON web token could not be decoded' };
  const parts = match[1]!.split('.');
  if (parts.length !== 3) return { success: false, error: 'A JSON web token could not be decoded' };
  const [header, payload] = [decodePart(parts[0]!), decodePart(parts[1]!)];
  if (!header || !payload || header.alg !== 'RS256') {
    return { success: false, error: 'A JSON web token could not be decoded' };
  }
  if (typeof payload.iss !== 'number' && typeof payload.iss !== 'string') {
    return { success: false, error: "'Issuer' claim ('iss') must be an Integer" };
  }
  if (typeof payload.exp !== 'number' || payload.exp * 1000 < Date.now()) {
    return {
      success: false,
      error:
        "'Expiration time' claim ('exp') must be a numeric value representing the future time at which the assertion expires",
    };
  }
  if (typeof payload.iat !== 'number') {
    return {
      success: false,
      error:
        "'Issued at' claim ('iat') must be an Integer representing the time that the assertion was issued",
    };
  }
  if (publicKey) {
    const signed = Buffer.from(`${parts[0]}.${parts[1]}`);
    if (!verify('RSA-SHA256', signed, publicKey, Buffer.from(parts[2]!, 'base64url'))) {
      return { success: false, error: 'A JSON web token could not be decoded' };
    }
  }
  return { success: true, value: { header, payload } };
}

/** Reads `Authorization: token <t>` (or `Bearer <t>`) and finds the installation token the stand-in issued. */
export function readInstallationToken(
  authorization: string | undefined,
  tokens: Map<string, IssuedToken>,
): AuthResult<IssuedToken> {
  const match = /^(?:token|bearer)\s+(\S+)$/i.exec(authorization ?? '');
  if (!match) return { success: false, error: 'Requires authentication' };
  const issued = tokens.get(match[1]!);
  if (!issued || Date.parse(issued.expiresAt) < Date.now())
    return { success: false, error: 'Bad credentials' };
  return { success: true, value: issued };
}

function decodePart(part: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(Buffer.from(part, 'base64url').toString());
    return typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}
