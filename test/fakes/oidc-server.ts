import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingHttpHeaders, ServerResponse } from 'node:http';
import {
  createFakeSigningKey,
  exportPublicJwk,
  type FakeIdTokenSigning,
  type FakeSigningKey,
  signIdToken,
} from './oidc-signing.js';
import { startFakeHttpServer } from './start-fake-http-server.js';

export type { FakeIdTokenSigning } from './oidc-signing.js';

/** The person the stand-in signs in: their ID token claims. */
export interface FakeOidcUser {
  sub: string;
  email?: string;
  email_verified?: unknown;
  name?: string;
}

/** What the next authorization request ends with instead of a code. */
export interface FakeAuthorizationScript {
  /** Redirects back with `error=<error>` (e.g. access_denied) and an `error_description`. */
  error?: string;
  errorDescription?: string;
  /** The `iss` parameter of the response (RFC 9207); the issuer by default. */
  responseIssuer?: string;
}

/** How the next token answer differs from a correct one. */
export interface FakeTokenScript {
  /** Claims to set (undefined removes one): `aud`, `exp`, `nonce`, `email_verified`, … */
  claims?: Record<string, unknown>;
  signing?: FakeIdTokenSigning;
  /** Refuses the code with this OAuth error (HTTP 400). */
  refuse?: string;
}

/** One request as the stand-in received it. */
export interface RecordedOidcCall {
  method: string;
  path: string;
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
  body: string;
}

export interface FakeOidcOptions {
  clientId?: string;
  clientSecret?: string;
  /** How the token endpoint wants the client to authenticate (discovery advertises only this one). */
  clientAuthentication?: 'client_secret_basic' | 'client_secret_post';
  algorithm?: 'RS256' | 'ES256';
}

/** A stand-in OpenID Provider on 127.0.0.1: discovery, key set, authorization and token endpoints. */
export interface FakeOidcServer {
  /** `http://127.0.0.1:<port>`: OIDC_ISSUER. */
  readonly issuer: string;
  readonly clientId: string;
  readonly clientSecret: string;
  readonly calls: RecordedOidcCall[];
  /** The ID tokens and access tokens it issued, so tests can look for them in logs. */
  readonly issuedTokens: string[];
  /** Who the authorization endpoint signs in from now on (there is no login form). */
  user: FakeOidcUser;
  /** The redirect URI registered for the client; undefined takes any. */
  redirectUri: string | undefined;
  /** Fields that replace the discovery document's. */
  discoveryOverrides: Record<string, unknown>;
  scriptAuthorization(script: FakeAuthorizationScript): void;
  scriptToken(script: FakeTokenScript): void;
  /** Publishes a new signing key instead of the current one, as providers rotate keys. */
  rotateKey(): void;
  callsTo(path: string): RecordedOidcCall[];
  close(): Promise<void>;
}

interface IssuedCode {
  clientId: string;
  redirectUri: string;
  codeChallenge: string;
  nonce: string | undefined;
  user: FakeOidcUser;
  used: boolean;
}

function sendJson(
  response: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
) {
  response.writeHead(status, { 'content-type': 'application/json', 'cache-control': 'no-store', ...headers });
  response.end(JSON.stringify(body));
}

function redirect(response: ServerResponse, location: string) {
  response.writeHead(302, { location });
  response.end();
}

function sameText(left: string, right: string): boolean {
  const a = Buffer.from(left);
  const b = Buffer.from(right);
  return a.length === b.length && timingSafeEqual(a, b);
}

// RFC 6749 section 2.3.1: Basic credentials are form-encoded before base64.
const formDecode = (value: string) => decodeURIComponent(value.replace(/\+/g, ' '));

/** Starts the stand-in. It checks what a real provider checks, so a wrong request fails as it would there. */
export async function startFakeOidcServer(options: FakeOidcOptions = {}): Promise<FakeOidcServer> {
  const clientId = options.clientId ?? 'switchyard-test-client';
  const clientSecret = options.clientSecret ?? `secret-${randomBytes(12).toString('hex')}`;
  const clientAuthentication = options.clientAuthentication ?? 'client_secret_basic';
  const algorithm = options.algorithm ?? 'RS256';
  let signingKey: FakeSigningKey = createFakeSigningKey(algorithm);
  const codes = new Map<string, IssuedCode>();
  const authorizationScripts: FakeAuthorizationScript[] = [];
  const tokenScripts: FakeTokenScript[] = [];
  const calls: RecordedOidcCall[] = [];
  const issuedTokens: string[] = [];
  let issuer = '';

  function authenticateClient(headers: IncomingHttpHeaders, form: URLSearchParams): boolean {
    if (clientAuthentication === 'client_secret_post') {
      return form.get('client_id') === clientId && sameText(form.get('client_secret') ?? '', clientSecret);
    }
    const basic = /^Basic (\S+)$/.exec(headers.authorization ?? '')?.[1];
    if (!basic || form.has('client_secret')) return false;
    const decoded = Buffer.from(basic, 'base64').toString('utf8');
    const separator = decoded.indexOf(':');
    if (separator < 0) return false;
    const id = formDecode(decoded.slice(0, separator));
    return id === clientId && sameText(formDecode(decoded.slice(separator + 1)), clientSecret);
  }

  function authorize(query: URLSearchParams, response: ServerResponse) {
    const redirectUri = query.get('redirect_uri') ?? '';
    // An unknown client or redirect URI gets an error page, never a redirect (RFC 6749 section 4.1.2.1).
    if (query.get('client_id') !== clientId || (server.redirectUri && redirectUri !== server.redirectUri)) {
      response.writeHead(400, { 'content-type': 'text/plain' });
      response.end('unknown client_id or unregistered redirect_uri');
      return;
    }
    const back = new URL(redirectUri);
    const state = query.get('state');
    if (state !== null) back.searchParams.set('state', state);
    const script = authorizationScripts.shift() ?? {};
    back.searchParams.set('iss', script.responseIssuer ?? issuer);
    const invalid =
      query.get('response_type') !== 'code'
        ? 'response_type must be code'
        : !(query.get('scope') ?? '').split(' ').includes('openid')
          ? 'the openid scope is missing'
          : query.get('code_challenge_method') !== 'S256' || !query.get('code_challenge')
            ? 'PKCE with S256 is required'
            : undefined;
    if (invalid || script.error) {
      back.searchParams.set('error', invalid ? 'invalid_request' : script.error!);
      back.searchParams.set('error_description', invalid ?? script.errorDescription ?? 'The user said no');
      return redirect(response, back.toString());
    }
    const code = randomBytes(16).toString('base64url');
    codes.set(code, {
      clientId,
      redirectUri,
      codeChallenge: query.get('code_challenge')!,
      nonce: query.get('nonce') ?? undefined,
      user: { ...server.user },
      used: false,
    });
    back.searchParams.set('code', code);
    redirect(response, back.toString());
  }

  function issueTokens(headers: IncomingHttpHeaders, form: URLSearchParams, response: ServerResponse) {
    if (!authenticateClient(headers, form)) {
      return sendJson(response, 401, { error: 'invalid_client' }, { 'www-authenticate': 'Basic' });
    }
    if (form.get('grant_type') !== 'authorization_code') {
      return sendJson(response, 400, { error: 'unsupported_grant_type' });
    }
    const issued = codes.get(form.get('code') ?? '');
    const verifier = form.get('code_verifier') ?? '';
    const challenge = createHash('sha256').update(verifier).digest('base64url');
    const problem = !issued
      ? 'unknown code'
      : issued.used
        ? 'code used already'
        : form.get('redirect_uri') !== issued.redirectUri
          ? 'redirect_uri differs from the authorization request'
          : challenge !== issued.codeChallenge
            ? 'PKCE verifier does not match the challenge'
            : undefined;
    if (issued) issued.used = true;
    if (problem || !issued)
      return sendJson(response, 400, { error: 'invalid_grant', error_description: problem });
    const script = tokenScripts.shift() ?? {};
    if (script.refuse) return sendJson(response, 400, { error: script.refuse });
    const now = Math.floor(Date.now() / 1000);
    const claims: Record<string, unknown> = {
      iss: issuer,
      aud: clientId,
      iat: now,
      exp: now + 300,
      auth_time: now,
      nonce: issued.nonce,
      ...issued.user,
    };
    for (const [name, value] of Object.entries(script.claims ?? {})) {
      if (value === undefined) delete claims[name];
      else claims[name] = value;
    }
    const idToken = signIdToken(claims, signingKey, script.signing ?? 'valid', clientSecret);
    const accessToken = randomBytes(24).toString('base64url');
    issuedTokens.push(idToken, accessToken);
    sendJson(response, 200, {
      access_token: accessToken,
      token_type: 'Bearer',
      expires_in: 3600,
      scope: 'openid email profile',
      id_token: idToken,
    });
  }

  const http = await startFakeHttpServer((request, response, body) => {
    const url = new URL(request.url ?? '/', issuer);
    calls.push({
      method: request.method ?? 'GET',
      path: url.pathname,
      query: url.searchParams,
      headers: request.headers,
      body: body.toString(),
    });
    const route = `${request.method} ${url.pathname}`;
    if (route === 'GET /.well-known/openid-configuration') {
      return sendJson(response, 200, {
        issuer,
        authorization_endpoint: `${issuer}/authorize`,
        token_endpoint: `${issuer}/token`,
        jwks_uri: `${issuer}/jwks`,
        response_types_supported: ['code'],
        subject_types_supported: ['public'],
        id_token_signing_alg_values_supported: [algorithm],
        scopes_supported: ['openid', 'email', 'profile'],
        token_endpoint_auth_methods_supported: [clientAuthentication],
        code_challenge_methods_supported: ['S256'],
        authorization_response_iss_parameter_supported: true,
        ...server.discoveryOverrides,
      });
    }
    if (route === 'GET /jwks') return sendJson(response, 200, { keys: [exportPublicJwk(signingKey)] });
    if (route === 'GET /authorize') return authorize(url.searchParams, response);
    if (route === 'POST /token')
      return issueTokens(request.headers, new URLSearchParams(body.toString()), response);
    sendJson(response, 404, { error: 'not_found' });
  });
  issuer = http.origin;

  const server: FakeOidcServer = {
    issuer,
    clientId,
    clientSecret,
    calls,
    issuedTokens,
    user: { sub: 'user-1', email: 'person@example.test', email_verified: true, name: 'A Person' },
    redirectUri: undefined,
    discoveryOverrides: {},
    scriptAuthorization: (script) => authorizationScripts.push(script),
    scriptToken: (script) => tokenScripts.push(script),
    rotateKey() {
      signingKey = createFakeSigningKey(algorithm);
    },
    callsTo: (path) => calls.filter((call) => call.path === path),
    close: () => http.close(),
  };
  return server;
}
