import { createHash, randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { readOidcSettings } from '../../../apps/web/read-oidc-settings.js';
import { EnvironmentError, loadEnvironment } from '../../../core/config/environment.js';
import { type FakeOidcServer, type FakeTokenScript, startFakeOidcServer } from '../../fakes/oidc-server.js';
import { type BrowserHop, createHttpBrowser, type HttpBrowser } from '../../support/create-http-browser.js';
import { findFreePort, oidcEnvironment } from '../../support/oidc-environment.js';
import {
  createOrganizationAndProject,
  type ManagementServer,
  startManagementServer,
} from '../../support/start-switchyard.js';

const start = '/api/v1/auth/oidc/start';

/** The three hops of a single sign-on: Switchyard's start, the identity provider, Switchyard's callback. */
async function signInThroughIdp(browser: HttpBrowser, startUrl = start) {
  const started = await browser.visit(startUrl);
  expect(started.status).toBe(302);
  const authorized = await browser.visit(started.location!);
  expect(authorized.status).toBe(302);
  const callback = await browser.visit(authorized.location!);
  return { started, authorized, callback };
}

const sessionCookieOf = (hop: BrowserHop) =>
  hop.setCookies.find((line) => line.startsWith('switchyard_session='));

describe('single sign-on with OpenID Connect', () => {
  let idp: FakeOidcServer;
  let switchyard: ManagementServer;
  let organizationId: string;

  beforeAll(async () => {
    idp = await startFakeOidcServer();
    switchyard = await startManagementServer(await oidcEnvironment(idp));
    ({ organizationId } = await createOrganizationAndProject(switchyard));
  });
  afterAll(async () => {
    await switchyard?.close();
    await idp?.close();
  });

  /** Creates a user through the admin token and makes them the person the identity provider signs in. */
  async function createUserAtIdp(
    claims: Record<string, unknown> = {},
  ): Promise<{ id: string; email: string }> {
    const email = `sso-${randomBytes(4).toString('hex')}@example.test`;
    const created = await switchyard.call('POST', '/api/v1/users', {
      email,
      name: 'Single Sign-On',
      password: `pw-${randomBytes(12).toString('hex')}`,
      organizationId,
      role: 'member',
    });
    expect(created.statusCode).toBe(201);
    idp.user = { sub: `sub-${email}`, email, email_verified: true, ...claims };
    return { id: created.json().id as string, email };
  }

  /** Sessions and session.create audit rows of a user, to show a failure left none behind. */
  async function traces(userId: string) {
    const { prisma } = switchyard.context;
    const [sessions, audits] = await Promise.all([
      prisma.session.count({ where: { userId } }),
      prisma.auditEvent.findMany({ where: { actor: `user:${userId}`, action: 'session.create' } }),
    ]);
    return { sessions, audits };
  }

  it('signs an existing user in: PKCE and state out, a verified ID token back, the session cookie and an audit row', async () => {
    const user = await createUserAtIdp();
    const browser = createHttpBrowser(switchyard.origin);
    const { started, authorized, callback } = await signInThroughIdp(browser);

    const authorization = new URL(started.location!);
    expect(`${authorization.origin}${authorization.pathname}`).toBe(`${idp.issuer}/authorize`);
    const parameters = Object.fromEntries(authorization.searchParams);
    expect(parameters).toEqual({
      response_type: 'code',
      client_id: idp.clientId,
      redirect_uri: `${switchyard.origin}/api/v1/auth/oidc/callback`,
      scope: 'openid email profile',
      state: expect.stringMatching(/^[A-Za-z0-9_-]{43}$/),
      nonce: expect.stringMatching(/^[A-Za-z0-9_-]{43}$/),
      code_challenge: expect.stringMatching(/^[A-Za-z0-9_-]{43}$/),
      code_challenge_method: 'S256',
    });
    expect(started.setCookies).toEqual([
      `switchyard_oidc_state=${parameters.state}; Path=/api/v1/auth/oidc; HttpOnly; SameSite=Lax; Max-Age=600`,
    ]);

    expect(callback.status).toBe(302);
    expect(callback.location).toBe('/#/');
    expect(callback.setCookies).toEqual([
      'switchyard_oidc_state=; Path=/api/v1/auth/oidc; HttpOnly; SameSite=Lax; Max-Age=0',
      expect.stringMatching(
        /^switchyard_session=[A-Za-z0-9_-]{43}; Path=\/; HttpOnly; SameSite=Lax; Max-Age=604800$/,
      ),
    ]);
    expect(browser.cookies.has('switchyard_oidc_state')).toBe(false);
    const me = await browser.visit('/api/v1/auth/me');
    expect(JSON.parse(me.body)).toMatchObject({ type: 'user', user: { id: user.id, email: user.email } });

    // The token endpoint got the code with the verifier of the challenge, and the secret by Basic auth only.
    const [token] = idp.callsTo('/token').slice(-1);
    const form = new URLSearchParams(token!.body);
    expect(form.get('code')).toBe(new URL(authorized.location!).searchParams.get('code'));
    expect(createHash('sha256').update(form.get('code_verifier')!).digest('base64url')).toBe(
      parameters.code_challenge,
    );
    expect(form.has('client_secret')).toBe(false);
    expect(token!.headers.authorization).toMatch(/^Basic /);

    const { sessions, audits } = await traces(user.id);
    expect(sessions).toBe(1);
    expect(audits).toHaveLength(1);
    expect(audits[0]!.details).toEqual({ method: 'oidc', userAgent: expect.any(String) });
  });

  it('keeps the code, the tokens and the client secret out of the log', async () => {
    await createUserAtIdp();
    const browser = createHttpBrowser(switchyard.origin);
    const { authorized } = await signInThroughIdp(browser);
    const code = new URL(authorized.location!).searchParams.get('code')!;
    const logs = switchyard.logs();
    expect(logs).toContain('/api/v1/auth/oidc/callback?');
    expect(logs).toContain('code=[redacted]');
    for (const secret of [
      code,
      idp.clientSecret,
      ...idp.issuedTokens,
      browser.cookies.get('switchyard_session')!,
    ]) {
      expect(logs).not.toContain(secret);
    }
  });

  it('lands on the page route the sign-in started from, and only on a route of the page', async () => {
    await createUserAtIdp();
    const route = `#/orgs/${organizationId}/jobs`;
    const back = await signInThroughIdp(
      createHttpBrowser(switchyard.origin),
      `${start}?returnTo=${encodeURIComponent(route)}`,
    );
    expect(back.callback.location).toBe(`/${route}`);
    for (const elsewhere of [
      'https://evil.example/',
      '//evil.example',
      '/\\evil.example',
      '#/x\r\nSet-Cookie: a=b',
    ]) {
      const { callback } = await signInThroughIdp(
        createHttpBrowser(switchyard.origin),
        `${start}?returnTo=${encodeURIComponent(elsewhere)}`,
      );
      expect({ elsewhere, location: callback.location }).toEqual({ elsewhere, location: '/#/' });
    }
  });

  it('keeps a sign-in 10 minutes in Redis under a hash of its state, and refuses it once gone', async () => {
    const user = await createUserAtIdp();
    const browser = createHttpBrowser(switchyard.origin);
    const started = await browser.visit(start);
    const state = new URL(started.location!).searchParams.get('state')!;
    const { redis, environment } = switchyard.context;
    const key = `${environment.REDIS_KEY_PREFIX}auth:oidc-state:${createHash('sha256').update(state).digest('hex')}`;
    const ttl = await redis.ttl(key);
    expect(ttl).toBeGreaterThan(590);
    expect(ttl).toBeLessThanOrEqual(600);
    expect(await redis.get(key)).not.toContain(state);
    // Ten minutes later the key is gone.
    await redis.del(key);
    const authorized = await browser.visit(started.location!);
    const callback = await browser.visit(authorized.location!);
    expect(callback.location).toBe('/#/sign-in?error=state_expired');
    expect(await traces(user.id)).toEqual({ sessions: 0, audits: [] });
  });

  it('refuses a replayed callback, even with the state cookie put back', async () => {
    const user = await createUserAtIdp();
    const browser = createHttpBrowser(switchyard.origin);
    const { started, authorized, callback } = await signInThroughIdp(browser);
    expect(callback.location).toBe('/#/');
    browser.cookies.set('switchyard_oidc_state', new URL(started.location!).searchParams.get('state')!);
    const replayed = await browser.visit(authorized.location!);
    expect(replayed.location).toBe('/#/sign-in?error=state_expired');
    expect(sessionCookieOf(replayed)).toBeUndefined();
    expect((await traces(user.id)).sessions).toBe(1);
  });

  it('refuses a callback in another browser than the one that started, and lets the right one finish', async () => {
    const user = await createUserAtIdp();
    const mine = createHttpBrowser(switchyard.origin);
    const started = await mine.visit(start);
    const authorized = await mine.visit(started.location!);
    const theirs = await createHttpBrowser(switchyard.origin).visit(authorized.location!);
    expect(theirs.location).toBe('/#/sign-in?error=state_mismatch');
    expect(sessionCookieOf(theirs)).toBeUndefined();
    expect(await traces(user.id)).toEqual({ sessions: 0, audits: [] });
    expect((await mine.visit(authorized.location!)).location).toBe('/#/');
  });

  it('refuses a callback without a state, or with another state than the cookie holds', async () => {
    const user = await createUserAtIdp();
    const browser = createHttpBrowser(switchyard.origin);
    const started = await browser.visit(start);
    const authorized = new URL((await browser.visit(started.location!)).location!);
    const code = authorized.searchParams.get('code')!;
    const missing = await browser.visit(`/api/v1/auth/oidc/callback?code=${code}`);
    expect(missing.location).toBe('/#/sign-in?error=state_mismatch');
    browser.cookies.set('switchyard_oidc_state', new URL(started.location!).searchParams.get('state')!);
    const other = await browser.visit(`/api/v1/auth/oidc/callback?code=${code}&state=${'x'.repeat(43)}`);
    expect(other.location).toBe('/#/sign-in?error=state_mismatch');
    expect(await traces(user.id)).toEqual({ sessions: 0, audits: [] });
  });

  const now = () => Math.floor(Date.now() / 1000);
  const refusedTokens: [string, () => FakeTokenScript, RegExp][] = [
    ['a signature by another key', () => ({ signing: 'wrong-key' }), /signature does not verify/],
    ['alg none', () => ({ signing: 'none' }), /alg none/],
    ['HS256 keyed with the client secret', () => ({ signing: 'hs256' }), /alg HS256/],
    ['a key the key set does not publish', () => ({ signing: 'unknown-kid' }), /key set has no RS256 key/],
    ['another audience', () => ({ claims: { aud: 'another-client' } }), /not meant for this client/],
    ['several audiences and no azp', () => ({ claims: { aud: [idp.clientId, 'other'] } }), /no azp/],
    ['the azp of another client', () => ({ claims: { azp: 'another-client' } }), /another client \(azp\)/],
    ['an expiry two minutes ago', () => ({ claims: { exp: now() - 120 } }), /expired/],
    ['an issue time in the future', () => ({ claims: { iat: now() + 600 } }), /in the future/],
    ['another nonce', () => ({ claims: { nonce: 'not-the-nonce' } }), /nonce is not the one/],
    ['no nonce', () => ({ claims: { nonce: undefined } }), /nonce is not the one/],
    [
      'another issuer',
      () => ({ claims: { iss: 'https://evil.example' } }),
      /issued by https:\/\/evil.example/,
    ],
  ];
  it.each(refusedTokens)('refuses an ID token with %s, and logs why', async (_case, script, reason) => {
    const user = await createUserAtIdp();
    idp.scriptToken(script());
    const { callback } = await signInThroughIdp(createHttpBrowser(switchyard.origin));
    expect(callback.location).toBe('/#/sign-in?error=id_token_invalid');
    expect(sessionCookieOf(callback)).toBeUndefined();
    expect(await traces(user.id)).toEqual({ sessions: 0, audits: [] });
    const line = switchyard
      .logs()
      .split('\n')
      .filter((entry) => entry.includes('"oidc.') || entry.includes('single sign-on refused'))
      .pop();
    expect(line).toMatch(reason);
    expect(line).toContain('"reason":"id_token_invalid"');
  });

  it('takes an ID token that expired within the clock skew', async () => {
    await createUserAtIdp();
    idp.scriptToken({ claims: { exp: now() - 20 } });
    const { callback } = await signInThroughIdp(createHttpBrowser(switchyard.origin));
    expect(callback.location).toBe('/#/');
  });

  it('fetches the key set again when the provider has rotated its key', async () => {
    await createUserAtIdp();
    await signInThroughIdp(createHttpBrowser(switchyard.origin));
    const fetches = idp.callsTo('/jwks').length;
    idp.rotateKey();
    const { callback } = await signInThroughIdp(createHttpBrowser(switchyard.origin));
    expect(callback.location).toBe('/#/');
    expect(idp.callsTo('/jwks')).toHaveLength(fetches + 1);
  });

  it('requires a verified email: false, the string "true" and a missing claim are refused', async () => {
    for (const [claims, expected] of [
      [{ email_verified: false }, 'email_unverified'],
      [{ email_verified: 'true' }, 'email_unverified'],
      [{ email_verified: undefined }, 'email_unverified'],
    ] as const) {
      const user = await createUserAtIdp();
      idp.scriptToken({ claims });
      const { callback } = await signInThroughIdp(createHttpBrowser(switchyard.origin));
      expect(callback.location).toBe(`/#/sign-in?error=${expected}&email=${encodeURIComponent(user.email)}`);
      expect(await traces(user.id)).toEqual({ sessions: 0, audits: [] });
    }
    idp.scriptToken({ claims: { email: undefined } });
    const { callback } = await signInThroughIdp(createHttpBrowser(switchyard.origin));
    expect(callback.location).toBe('/#/sign-in?error=email_missing');
  });

  it("takes Entra ID's xms_edov (a tenant-verified email domain) when the token has no email_verified", async () => {
    await createUserAtIdp();
    idp.scriptToken({ claims: { email_verified: undefined, xms_edov: true } });
    const entra = await signInThroughIdp(createHttpBrowser(switchyard.origin));
    expect(entra.callback.location).toBe('/#/');
    // An explicit email_verified: false is not overruled by xms_edov.
    const user = await createUserAtIdp();
    idp.scriptToken({ claims: { email_verified: false, xms_edov: true } });
    const refused = await signInThroughIdp(createHttpBrowser(switchyard.origin));
    expect(refused.callback.location).toBe(
      `/#/sign-in?error=email_unverified&email=${encodeURIComponent(user.email)}`,
    );
  });

  it('signs in only existing accounts: an unknown email is told to ask for an invite, with the email escaped', async () => {
    idp.user = { sub: 'stranger', email: 'New+Person@Example.test', email_verified: true };
    const { callback } = await signInThroughIdp(createHttpBrowser(switchyard.origin));
    expect(callback.location).toBe('/#/sign-in?error=unknown_user&email=new%2Bperson%40example.test');
    expect(sessionCookieOf(callback)).toBeUndefined();
    expect(await switchyard.context.prisma.user.count({ where: { email: 'new+person@example.test' } })).toBe(
      0,
    );
  });

  it('matches the email without regard to case', async () => {
    const user = await createUserAtIdp();
    idp.user = { ...idp.user, email: user.email.toUpperCase() };
    const { callback } = await signInThroughIdp(createHttpBrowser(switchyard.origin));
    expect(callback.location).toBe('/#/');
  });

  it('refuses a disabled account', async () => {
    const user = await createUserAtIdp();
    expect((await switchyard.call('POST', `/api/v1/users/${user.id}/disable`)).statusCode).toBe(200);
    const { callback } = await signInThroughIdp(createHttpBrowser(switchyard.origin));
    expect(callback.location).toBe(
      `/#/sign-in?error=account_disabled&email=${encodeURIComponent(user.email)}`,
    );
    expect(await traces(user.id)).toEqual({ sessions: 0, audits: [] });
  });

  it("passes on the provider's access_denied without its text, and uses the state up", async () => {
    const user = await createUserAtIdp();
    idp.scriptAuthorization({
      error: 'access_denied',
      errorDescription: '<script>alert(1)</script> not assigned',
    });
    const browser = createHttpBrowser(switchyard.origin);
    const started = await browser.visit(start);
    const denied = await browser.visit(started.location!);
    const callback = await browser.visit(denied.location!);
    expect(callback.location).toBe('/#/sign-in?error=access_denied');
    expect(switchyard.logs()).toContain('not assigned');
    const state = new URL(started.location!).searchParams.get('state')!;
    browser.cookies.set('switchyard_oidc_state', state);
    const late = await browser.visit(`/api/v1/auth/oidc/callback?state=${state}&code=whatever`);
    expect(late.location).toBe('/#/sign-in?error=state_expired');
    expect(await traces(user.id)).toEqual({ sessions: 0, audits: [] });
  });

  it('reports other provider errors, a refused code and a callback naming another issuer', async () => {
    await createUserAtIdp();
    idp.scriptAuthorization({ error: 'temporarily_unavailable' });
    expect((await signInThroughIdp(createHttpBrowser(switchyard.origin))).callback.location).toBe(
      '/#/sign-in?error=idp_error',
    );
    idp.scriptToken({ refuse: 'invalid_grant' });
    expect((await signInThroughIdp(createHttpBrowser(switchyard.origin))).callback.location).toBe(
      '/#/sign-in?error=token_rejected',
    );
    idp.scriptAuthorization({ responseIssuer: 'https://evil.example' });
    expect((await signInThroughIdp(createHttpBrowser(switchyard.origin))).callback.location).toBe(
      '/#/sign-in?error=idp_error',
    );
  });

  it('offers single sign-on in the sign-in methods with its button label', async () => {
    const methods = await switchyard.call('GET', '/api/v1/auth/methods', undefined, null);
    expect(methods.statusCode).toBe(200);
    expect(methods.json()).toEqual({ password: true, oidc: { label: 'Sign in with Okta' } });
  });
});

describe('single sign-on with an ES256 provider that takes the client secret in the body', () => {
  let idp: FakeOidcServer;
  let switchyard: ManagementServer;
  beforeAll(async () => {
    idp = await startFakeOidcServer({ algorithm: 'ES256', clientAuthentication: 'client_secret_post' });
    switchyard = await startManagementServer(await oidcEnvironment(idp));
  });
  afterAll(async () => {
    await switchyard?.close();
    await idp?.close();
  });

  it('signs in, sending the secret as client_secret_post', async () => {
    const { organizationId } = await createOrganizationAndProject(switchyard);
    const email = `es256-${randomBytes(4).toString('hex')}@example.test`;
    await switchyard.call('POST', '/api/v1/users', {
      email,
      name: 'EC',
      password: 'a-long-password-1',
      organizationId,
      role: 'viewer',
    });
    idp.user = { sub: 'ec', email, email_verified: true };
    const { callback } = await signInThroughIdp(createHttpBrowser(switchyard.origin));
    expect(callback.location).toBe('/#/');
    const [token] = idp.callsTo('/token');
    expect(token!.headers.authorization).toBeUndefined();
    expect(new URLSearchParams(token!.body).get('client_secret')).toBe(idp.clientSecret);
  });
});

describe('single sign-on when the identity provider cannot be reached', () => {
  let switchyard: ManagementServer;
  beforeAll(async () => {
    const port = await findFreePort();
    switchyard = await startManagementServer({
      PUBLIC_URL: 'http://127.0.0.1:9',
      OIDC_ISSUER: `http://127.0.0.1:${port}`,
      OIDC_CLIENT_ID: 'client',
      OIDC_CLIENT_SECRET: 'secret',
    });
  });
  afterAll(() => switchyard?.close());

  it('sends the browser back to the sign-in page with idp_unreachable, and logs which address failed', async () => {
    const browser = createHttpBrowser(switchyard.origin);
    const started = await browser.visit(start);
    expect(started.status).toBe(302);
    expect(started.location).toBe('/#/sign-in?error=idp_unreachable');
    expect(started.setCookies).toEqual([]);
    expect(switchyard.logs()).toMatch(
      /discovery document \(http:\/\/127\.0\.0\.1:\d+\/\.well-known\/openid-configuration\) cannot be reached: ECONNREFUSED/,
    );
  });
});

describe('single sign-on when it is not configured', () => {
  let switchyard: ManagementServer;
  beforeAll(async () => {
    switchyard = await startManagementServer();
  });
  afterAll(() => switchyard?.close());

  it('offers the password only, and answers 404 on the sign-on routes', async () => {
    const methods = await switchyard.call('GET', '/api/v1/auth/methods', undefined, null);
    expect(methods.json()).toEqual({ password: true, oidc: null });
    for (const path of [start, '/api/v1/auth/oidc/callback?code=a&state=b']) {
      const answer = await switchyard.call('GET', path, undefined, null);
      expect(answer.statusCode).toBe(404);
      expect(answer.json().error.code).toBe('auth.oidc_not_configured');
    }
  });
});

describe('the single sign-on configuration', () => {
  const complete = {
    PUBLIC_URL: 'https://switchyard.example.com/',
    OIDC_ISSUER: 'https://acme.okta.com',
    OIDC_CLIENT_ID: '0oa1b2c3',
    OIDC_CLIENT_SECRET: 'client-secret',
  };
  const problemsOf = (source: Record<string, string>) => {
    try {
      loadEnvironment(source);
    } catch (error) {
      expect(error).toBeInstanceOf(EnvironmentError);
      return (error as EnvironmentError).problems;
    }
    return [];
  };

  it('builds the redirect URI from PUBLIC_URL, with the default scopes and button label', () => {
    expect(readOidcSettings(loadEnvironment(complete))).toEqual({
      issuer: 'https://acme.okta.com',
      clientId: '0oa1b2c3',
      clientSecret: 'client-secret',
      scopes: ['openid', 'email', 'profile'],
      buttonLabel: 'Sign in with single sign-on',
      redirectUri: 'https://switchyard.example.com/api/v1/auth/oidc/callback',
    });
    expect(readOidcSettings(loadEnvironment({}))).toBeUndefined();
  });

  it('stops start-up on a partial configuration with a message per missing variable', () => {
    expect(problemsOf({ OIDC_ISSUER: 'https://acme.okta.com' })).toEqual([
      expect.stringMatching(/^OIDC_CLIENT_ID is not set: set it to the client ID/),
      expect.stringMatching(/^OIDC_CLIENT_SECRET is not set: set it to the client secret/),
      expect.stringMatching(/^PUBLIC_URL is not set: single sign-on needs it for the redirect URI/),
    ]);
    expect(problemsOf({ OIDC_BUTTON_LABEL: 'Sign in with Okta' })).toEqual([
      expect.stringMatching(/^OIDC_ISSUER is not set/),
      expect.stringMatching(/^OIDC_CLIENT_ID is not set/),
      expect.stringMatching(/^OIDC_CLIENT_SECRET is not set/),
      expect.stringMatching(/^PUBLIC_URL is not set/),
    ]);
  });

  it('takes an https issuer, or http on this machine only, and scopes with openid and email', () => {
    expect(problemsOf({ ...complete, OIDC_ISSUER: 'http://idp.example.com' })).toEqual([
      expect.stringMatching(/^OIDC_ISSUER is invalid: must be an https:\/\/ URL/),
    ]);
    expect(problemsOf({ ...complete, OIDC_ISSUER: 'https://idp.example.com/?tenant=1' })).toEqual([
      expect.stringMatching(/^OIDC_ISSUER is invalid: must not have a query/),
    ]);
    for (const local of ['http://127.0.0.1:8080', 'http://localhost:8080/realms/acme']) {
      expect(problemsOf({ ...complete, OIDC_ISSUER: local })).toEqual([]);
    }
    expect(problemsOf({ ...complete, OIDC_SCOPES: 'openid profile' })).toEqual([
      expect.stringMatching(/^OIDC_SCOPES is invalid: must include openid and email/),
    ]);
    expect(loadEnvironment({ ...complete, OIDC_SCOPES: ' openid  email groups ' }).OIDC_SCOPES).toEqual([
      'openid',
      'email',
      'groups',
    ]);
  });
});
