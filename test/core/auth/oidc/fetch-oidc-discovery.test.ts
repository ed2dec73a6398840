import { describe, expect, it } from '@jest/globals';
import { fetchOidcDiscovery } from '../../../../core/auth/oidc/fetch-oidc-discovery.js';
import { OidcSignInError } from '../../../../core/auth/oidc/oidc-sign-in-error.js';

const issuer = 'https://idp.example.com';

const document = {
  issuer,
  authorization_endpoint: `${issuer}/authorize`,
  token_endpoint: `${issuer}/token`,
  jwks_uri: `${issuer}/jwks`,
};

/** A fetch answering every request with `body` (JSON) and `status`, recording the URLs asked for. */
function answering(body: unknown, status = 200) {
  const urls: string[] = [];
  const fetch = async (input: string | URL | Request) => {
    urls.push(String(input));
    return new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
  };
  return { urls, transport: { fetch: fetch as typeof globalThis.fetch, timeoutMs: 1000 } };
}

async function failureOf(body: unknown, status = 200, configured = issuer): Promise<OidcSignInError> {
  const error = await fetchOidcDiscovery(configured, answering(body, status).transport).catch(
    (caught) => caught,
  );
  expect(error).toBeInstanceOf(OidcSignInError);
  return error as OidcSignInError;
}

describe('fetchOidcDiscovery', () => {
  it('reads the endpoints from <issuer>/.well-known/openid-configuration, Basic authentication by default', async () => {
    const { urls, transport } = answering(document);
    expect(await fetchOidcDiscovery(`${issuer}/`, transport)).toEqual({
      issuer,
      authorizationEndpoint: `${issuer}/authorize`,
      tokenEndpoint: `${issuer}/token`,
      jwksUri: `${issuer}/jwks`,
      clientAuthentication: 'client_secret_basic',
    });
    expect(urls).toEqual([`${issuer}/.well-known/openid-configuration`]);
  });

  it('keeps the issuer as the provider writes it, trailing slash included, for the iss check', async () => {
    const discovered = await fetchOidcDiscovery(
      issuer,
      answering({ ...document, issuer: `${issuer}/` }).transport,
    );
    expect(discovered.issuer).toBe(`${issuer}/`);
  });

  it('sends the secret in the body when the provider takes only that', async () => {
    const body = {
      ...document,
      token_endpoint_auth_methods_supported: ['private_key_jwt', 'client_secret_post'],
    };
    expect((await fetchOidcDiscovery(issuer, answering(body).transport)).clientAuthentication).toBe(
      'client_secret_post',
    );
  });

  it('tells which setting to fix when the document does not fit', async () => {
    expect(await failureOf(document, 404)).toMatchObject({
      reason: 'idp_unreachable',
      message: expect.stringMatching(/answered 404: check OIDC_ISSUER/),
    });
    expect(await failureOf({ ...document, issuer: 'https://other.example.com' })).toMatchObject({
      reason: 'idp_misconfigured',
      message: expect.stringMatching(/names the issuer https:\/\/other.example.com: set OIDC_ISSUER to that/),
    });
    expect(await failureOf({ ...document, token_endpoint: 'http://idp.example.com/token' })).toMatchObject({
      reason: 'idp_misconfigured',
      message: expect.stringMatching(/token_endpoint .* is not an https:\/\/ URL/),
    });
    expect(await failureOf({ ...document, code_challenge_methods_supported: ['plain'] })).toMatchObject({
      message: expect.stringMatching(/PKCE with S256/),
    });
    expect(
      await failureOf({ ...document, token_endpoint_auth_methods_supported: ['private_key_jwt'] }),
    ).toMatchObject({
      message: expect.stringMatching(/none of client_secret_basic and client_secret_post/),
    });
    expect(await failureOf({ issuer })).toMatchObject({
      message: expect.stringMatching(/lacks or garbles authorization_endpoint, token_endpoint, jwks_uri/),
    });
  });
});
