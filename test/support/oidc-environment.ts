import { createServer } from 'node:net';
import type { Environment } from '../../core/config/environment.js';
import type { FakeOidcServer } from '../fakes/oidc-server.js';

/** A port of 127.0.0.1 that was free a moment ago. */
export async function findFreePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as { port: number };
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return port;
}

/**
 * The environment of a Switchyard that signs in through `idp`: a port chosen beforehand, so that PUBLIC_URL
 * and the redirect URI registered at the stand-in are known before the server starts.
 */
export async function oidcEnvironment(
  idp: FakeOidcServer,
  overrides: Partial<Record<keyof Environment, string>> = {},
): Promise<Partial<Record<keyof Environment, string>>> {
  const port = await findFreePort();
  const publicUrl = `http://127.0.0.1:${port}`;
  idp.redirectUri = `${publicUrl}/api/v1/auth/oidc/callback`;
  return {
    PORT: String(port),
    PUBLIC_URL: publicUrl,
    OIDC_ISSUER: idp.issuer,
    OIDC_CLIENT_ID: idp.clientId,
    OIDC_CLIENT_SECRET: idp.clientSecret,
    OIDC_BUTTON_LABEL: 'Sign in with Okta',
    ...overrides,
  };
}
