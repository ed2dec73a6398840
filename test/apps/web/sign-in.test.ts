import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { hashSessionToken } from '../../../core/auth/hash-session-token.js';
import { createSignedInUser, readSessionCookie, signIn } from '../../support/sign-in-user.js';
import {
  createOrganizationAndProject,
  type ManagementServer,
  startManagementServer,
} from '../../support/start-switchyard.js';

function login(management: ManagementServer, body: unknown, headers: Record<string, string> = {}) {
  return management.send(
    'POST',
    '/api/v1/auth/login',
    { 'content-type': 'application/json', ...headers },
    JSON.stringify(body),
  );
}

describe('signing in to the management API', () => {
  let management: ManagementServer;
  let proxied: ManagementServer;
  let organizationId: string;
  let projectId: string;
  beforeAll(async () => {
    management = await startManagementServer();
    proxied = await startManagementServer({ TRUST_PROXY: 'true' });
    ({ organizationId, projectId } = await createOrganizationAndProject(management));
  });
  afterAll(async () => {
    await management.close();
    await proxied.close();
  });

  it('signs in with email and password: an httpOnly SameSite=Lax cookie, the user, roles and a CSRF token', async () => {
    const user = await createSignedInUser(management, organizationId, 'admin');
    const response = await login(management, { email: user.email.toUpperCase(), password: user.password });
    expect(response.statusCode).toBe(200);
    const setCookie = response.headers['set-cookie']!;
    expect(setCookie).toMatch(
      /^switchyard_session=[A-Za-z0-9_-]{43}; Path=\/; HttpOnly; SameSite=Lax; Max-Age=604800$/,
    );
    expect(response.json()).toEqual({
      type: 'user',
      user: { id: user.userId, email: user.email, name: 'A admin' },
      memberships: [{ organizationId, organizationName: expect.any(String), role: 'admin' }],
      csrfToken: expect.stringMatching(/^[A-Za-z0-9_-]{43}$/),
    });
    const me = await user.call('GET', '/api/v1/auth/me');
    expect(me.json().user.email).toBe(user.email);
    expect(me.json().csrfToken).toBe(user.csrfToken);
  });

  it('marks the cookie Secure when a trusted proxy says the browser used https', async () => {
    const { organizationId: proxiedOrganization } = await createOrganizationAndProject(proxied);
    const user = await createSignedInUser(proxied, proxiedOrganization, 'viewer');
    const response = await login(
      proxied,
      { email: user.email, password: user.password },
      { 'x-forwarded-proto': 'https' },
    );
    expect(response.headers['set-cookie']).toContain('; Secure');
  });

  it('answers the same generic error for an unknown email and a wrong password (and a disabled account)', async () => {
    const user = await createSignedInUser(management, organizationId, 'viewer');
    const unknown = await login(management, { email: 'nobody@example.test', password: 'whatever-password' });
    const wrong = await login(management, { email: user.email, password: 'wrong-password-123' });
    for (const response of [unknown, wrong]) {
      expect(response.statusCode).toBe(401);
      expect(response.json().error).toMatchObject({
        code: 'auth.invalid_credentials',
        message: 'The email or password is wrong, or the account is disabled',
      });
      expect(response.headers['set-cookie']).toBeUndefined();
    }
  });

  it('refuses sign-ins for an email from one address after five failures, even with the right password', async () => {
    const user = await createSignedInUser(management, organizationId, 'viewer');
    for (let attempt = 0; attempt < 5; attempt += 1) {
      expect((await login(management, { email: user.email, password: `wrong-${attempt}` })).statusCode).toBe(
        401,
      );
    }
    const limited = await login(management, { email: user.email, password: user.password });
    expect(limited.statusCode).toBe(429);
    expect(limited.json().error.code).toBe('auth.too_many_attempts');
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    // Another email from the same address is not held up.
    const other = await createSignedInUser(management, organizationId, 'viewer');
    expect((await login(management, { email: other.email, password: other.password })).statusCode).toBe(200);
  });

  it('resets the failure count after a successful sign-in', async () => {
    const user = await createSignedInUser(management, organizationId, 'viewer');
    for (let round = 0; round < 2; round += 1) {
      for (let attempt = 0; attempt < 4; attempt += 1) {
        await login(management, { email: user.email, password: `wrong-${attempt}` });
      }
      expect((await login(management, { email: user.email, password: user.password })).statusCode).toBe(200);
    }
  });

  it('signs out: the session ends, the cookie is cleared and the old cookie no longer works', async () => {
    const user = await createSignedInUser(management, organizationId, 'viewer');
    const logout = await user.call('POST', '/api/v1/auth/logout');
    expect(logout.statusCode).toBe(204);
    expect(logout.headers['set-cookie']).toMatch(/^switchyard_session=; .*Max-Age=0/);
    const after = await user.call('GET', '/api/v1/auth/me');
    expect(after.statusCode).toBe(401);
    expect(after.json().error.code).toBe('auth.session_expired');
  });

  it('ends a session left idle past its expiry, and slides the expiry of one in use', async () => {
    const user = await createSignedInUser(management, organizationId, 'viewer');
    const sessionId = hashSessionToken(user.cookie.split('=')[1]!);
    const { prisma } = management.context;
    const before = await prisma.session.findUniqueOrThrow({ where: { id: sessionId } });
    // Seen two minutes ago: the next request moves the expiry forward.
    await prisma.session.update({
      where: { id: sessionId },
      data: { lastSeenAt: new Date(Date.now() - 120_000), expiresAt: new Date(Date.now() + 60_000) },
    });
    expect((await user.call('GET', '/api/v1/auth/me')).statusCode).toBe(200);
    const slid = await prisma.session.findUniqueOrThrow({ where: { id: sessionId } });
    expect(slid.expiresAt.getTime()).toBeGreaterThanOrEqual(before.expiresAt.getTime());
    await prisma.session.update({
      where: { id: sessionId },
      data: { expiresAt: new Date(Date.now() - 1000) },
    });
    const expired = await user.call('GET', `/api/v1/orgs/${organizationId}`);
    expect(expired.statusCode).toBe(401);
    expect(expired.json().error.code).toBe('auth.session_expired');
    // The refusal also drops the dead cookie, so signing out (or anything else) need not succeed first.
    expect(expired.headers['set-cookie']).toMatch(/^switchyard_session=; .*Max-Age=0/);
  });

  it('never slides a session past its absolute maximum age', async () => {
    const user = await createSignedInUser(management, organizationId, 'viewer');
    const sessionId = hashSessionToken(user.cookie.split('=')[1]!);
    const { prisma } = management.context;
    const createdAt = new Date(Date.now() - 168 * 3_600_000 + 30_000);
    await prisma.session.update({
      where: { id: sessionId },
      data: { createdAt, lastSeenAt: new Date(Date.now() - 120_000) },
    });
    expect((await user.call('GET', '/api/v1/auth/me')).statusCode).toBe(200);
    const session = await prisma.session.findUniqueOrThrow({ where: { id: sessionId } });
    expect(session.expiresAt.getTime()).toBe(createdAt.getTime() + 168 * 3_600_000);
  });

  it('refuses a disabled user, even with a live session', async () => {
    const user = await createSignedInUser(management, organizationId, 'viewer');
    await management.context.prisma.user.update({
      where: { id: user.userId },
      data: { disabledAt: new Date() },
    });
    expect((await user.call('GET', '/api/v1/auth/me')).statusCode).toBe(401);
    expect((await login(management, { email: user.email, password: user.password })).statusCode).toBe(401);
  });

  describe('CSRF', () => {
    it('refuses a change made with a session cookie and no x-csrf-token', async () => {
      const user = await createSignedInUser(management, organizationId, 'owner');
      for (const [method, url, body] of [
        ['PUT', `/api/v1/projects/${projectId}/budget`, { dailyUsd: 3 }],
        ['POST', `/api/v1/projects/${projectId}/keys`, { name: 'csrf' }],
        ['DELETE', `/api/v1/projects/${projectId}/providers/openai`, undefined],
        ['POST', '/api/v1/auth/logout', undefined],
      ] as const) {
        const response = await user.call(method, url, body, { csrf: false });
        expect(response.statusCode).toBe(403);
        expect(response.json().error.code).toBe('auth.csrf_invalid');
      }
      expect((await user.call('GET', '/api/v1/auth/me')).statusCode).toBe(200);
    });

    it("refuses a wrong token, and another session's token", async () => {
      const user = await createSignedInUser(management, organizationId, 'owner');
      const other = await createSignedInUser(management, organizationId, 'owner');
      // One character changed (never to the same one: the token is random base64url).
      const last = user.csrfToken.at(-1) === 'A' ? 'B' : 'A';
      for (const token of ['wrong', `${user.csrfToken.slice(0, -1)}${last}`, other.csrfToken]) {
        const response = await user.call(
          'PUT',
          `/api/v1/projects/${projectId}/budget`,
          { dailyUsd: 3 },
          { csrf: token },
        );
        expect(response.statusCode).toBe(403);
      }
      const good = await user.call('PUT', `/api/v1/projects/${projectId}/budget`, { dailyUsd: 3 });
      expect(good.statusCode).toBe(200);
    });

    it('needs no token for reads, nor for the admin token (a browser never sends Authorization by itself)', async () => {
      const user = await createSignedInUser(management, organizationId, 'viewer');
      expect(
        (await user.call('GET', `/api/v1/projects/${projectId}`, undefined, { csrf: false })).statusCode,
      ).toBe(200);
      expect(
        (await management.call('PUT', `/api/v1/projects/${projectId}/budget`, { dailyUsd: 4 })).statusCode,
      ).toBe(200);
    });
  });

  it('keeps passwords out of logs, responses and audit rows, and audits sign-in and sign-out', async () => {
    const password = 'very-distinctive-password-4711';
    const email = `audit-${Date.now()}@example.test`;
    const created = await management.call('POST', '/api/v1/users', {
      email,
      name: 'Audit',
      password,
      organizationId,
      role: 'member',
    });
    expect(created.statusCode).toBe(201);
    expect(created.body).not.toContain(password);
    await login(management, { email, password: 'wrong-but-distinctive-0815' });
    const user = await signIn(management, email, password);
    await user.call('POST', '/api/v1/auth/logout');
    const logs = management.logs();
    expect(logs).not.toContain(password);
    expect(logs).not.toContain('wrong-but-distinctive-0815');
    expect(logs).not.toContain(user.cookie.split('=')[1]);
    const rows = await management.context.prisma.auditEvent.findMany({
      where: { OR: [{ actor: `user:${user.userId}` }, { targetId: user.userId }] },
      orderBy: { createdAt: 'asc' },
    });
    expect(rows.map((row) => [row.action, row.actor])).toEqual([
      ['user.create', 'admin-token'],
      ['session.create', `user:${user.userId}`],
      ['session.revoke', `user:${user.userId}`],
    ]);
    expect(JSON.stringify(rows)).not.toContain(password);
    const stored = await management.context.prisma.user.findUniqueOrThrow({ where: { id: user.userId } });
    expect(stored.passwordHash).toMatch(/^scrypt\$32768\$8\$1\$/);
  });

  it('takes a session cookie set by a sign-in and ignores it when a bearer token is sent', async () => {
    const user = await createSignedInUser(management, organizationId, 'viewer');
    const response = await management.send(
      'PUT',
      `/api/v1/projects/${projectId}/budget`,
      {
        cookie: user.cookie,
        authorization: 'Bearer test-admin-token-0123456789abcdef',
        'content-type': 'application/json',
      },
      JSON.stringify({ dailyUsd: 9 }),
    );
    expect(response.statusCode).toBe(200);
    expect(
      readSessionCookie(await login(management, { email: user.email, password: user.password })),
    ).toMatch(/^switchyard_session=/);
  });
});
