import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createSignedInUser, type SignedInUser, signIn } from '../../support/sign-in-user.js';
import {
  createOrganizationAndProject,
  type ManagementServer,
  startManagementServer,
} from '../../support/start-switchyard.js';

describe('user accounts: list, disable and enable with the admin token', () => {
  let management: ManagementServer;
  let organizationId: string;
  let owner: SignedInUser;
  beforeAll(async () => {
    management = await startManagementServer();
    ({ organizationId } = await createOrganizationAndProject(management));
    owner = await createSignedInUser(management, organizationId, 'owner');
  });
  afterAll(() => management.close());

  function login(email: string, password: string) {
    return management.send(
      'POST',
      '/api/v1/auth/login',
      { 'content-type': 'application/json' },
      JSON.stringify({ email, password }),
    );
  }

  it('lists every account with its memberships, never a password hash', async () => {
    const response = await management.call('GET', '/api/v1/users');
    expect(response.statusCode).toBe(200);
    const listed = response.json().users.find((user: { id: string }) => user.id === owner.userId);
    expect(listed).toEqual({
      id: owner.userId,
      email: owner.email,
      name: 'A owner',
      createdAt: expect.any(String),
      disabledAt: null,
      memberships: [{ organizationId, role: 'owner' }],
    });
    expect(response.body).not.toMatch(/passwordHash|scrypt\$/);
  });

  it('disables an account: sign-in is refused with the generic error, every session ends at once', async () => {
    const user = await createSignedInUser(management, organizationId, 'member');
    const second = await signIn(management, user.email, user.password);
    expect((await user.call('GET', '/api/v1/auth/me')).statusCode).toBe(200);
    expect(await management.context.prisma.session.count({ where: { userId: user.userId } })).toBe(2);

    const disabled = await management.call('POST', `/api/v1/users/${user.userId}/disable`);
    expect(disabled.statusCode).toBe(200);
    expect(disabled.json()).toMatchObject({ id: user.userId, disabledAt: expect.any(String) });
    expect(await management.context.prisma.session.count({ where: { userId: user.userId } })).toBe(0);
    for (const session of [user, second]) {
      const me = await session.call('GET', '/api/v1/auth/me');
      expect(me.statusCode).toBe(401);
      expect(me.json().error.code).toBe('auth.session_expired');
      expect((await session.call('GET', `/api/v1/orgs/${organizationId}`)).statusCode).toBe(401);
    }
    const refused = await login(user.email, user.password);
    expect(refused.statusCode).toBe(401);
    expect(refused.json().error).toMatchObject({
      code: 'auth.invalid_credentials',
      message: 'The email or password is wrong, or the account is disabled',
    });
    expect(refused.headers['set-cookie']).toBeUndefined();

    // Twice changes nothing: same answer, no second audit row.
    const again = await management.call('POST', `/api/v1/users/${user.userId}/disable`);
    expect(again.json().disabledAt).toBe(disabled.json().disabledAt);
    const rows = await management.context.prisma.auditEvent.findMany({
      where: { action: 'user.disable', targetId: user.userId },
    });
    expect(rows.map((row) => [row.actor, row.organizationId, row.details])).toEqual([
      ['admin-token', organizationId, { email: user.email, sessionsEnded: 2 }],
    ]);
  });

  it('enables an account again: the user signs in anew', async () => {
    const user = await createSignedInUser(management, organizationId, 'viewer');
    await management.call('POST', `/api/v1/users/${user.userId}/disable`);
    expect((await login(user.email, user.password)).statusCode).toBe(401);
    const enabled = await management.call('POST', `/api/v1/users/${user.userId}/enable`);
    expect(enabled.statusCode).toBe(200);
    expect(enabled.json().disabledAt).toBeNull();
    // The old session stays ended; a new sign-in works.
    expect((await user.call('GET', '/api/v1/auth/me')).statusCode).toBe(401);
    const again = await signIn(management, user.email, user.password);
    expect((await again.call('GET', `/api/v1/orgs/${organizationId}`)).statusCode).toBe(200);
    const rows = await management.context.prisma.auditEvent.findMany({
      where: { targetId: user.userId, action: { in: ['user.disable', 'user.enable'] } },
      orderBy: { createdAt: 'asc' },
    });
    expect(rows.map((row) => [row.action, row.actor])).toEqual([
      ['user.disable', 'admin-token'],
      ['user.enable', 'admin-token'],
    ]);
  });

  it('audits in each organization of the user, or without one when the user has none', async () => {
    const { organizationId: second } = await createOrganizationAndProject(management);
    const user = await createSignedInUser(management, organizationId, 'viewer');
    await management.call('PUT', `/api/v1/orgs/${organizationId}/members/${user.userId}`, { role: 'member' });
    const invite = await management.call('POST', `/api/v1/orgs/${second}/invites`, {
      email: user.email,
      role: 'viewer',
    });
    await management.send(
      'POST',
      '/api/v1/auth/accept-invite',
      { 'content-type': 'application/json' },
      JSON.stringify({ token: invite.json().token, name: 'x', password: user.password }),
    );
    await management.call('POST', `/api/v1/users/${user.userId}/disable`);
    const rows = await management.context.prisma.auditEvent.findMany({
      where: { action: 'user.disable', targetId: user.userId },
    });
    expect(rows.map((row) => row.organizationId).sort()).toEqual([organizationId, second].sort());

    await management.call('DELETE', `/api/v1/orgs/${organizationId}/members/${user.userId}`);
    await management.call('DELETE', `/api/v1/orgs/${second}/members/${user.userId}`);
    await management.call('POST', `/api/v1/users/${user.userId}/enable`);
    const enable = await management.context.prisma.auditEvent.findFirstOrThrow({
      where: { action: 'user.enable', targetId: user.userId },
    });
    expect(enable.organizationId).toBeNull();
  });

  it('is refused to signed-in users, owners included, and to API keys', async () => {
    const target = await createSignedInUser(management, organizationId, 'viewer');
    const { projectId } = await createOrganizationAndProject(management);
    const key = (await management.call('POST', `/api/v1/projects/${projectId}/keys`, { name: 'k' })).json()
      .key;
    const attempts = [
      (method: string, url: string) => owner.call(method, url),
      (method: string, url: string) => management.call(method, url, undefined, key),
    ];
    for (const attempt of attempts) {
      for (const [method, url] of [
        ['GET', '/api/v1/users'],
        ['POST', `/api/v1/users/${target.userId}/disable`],
        ['POST', `/api/v1/users/${target.userId}/enable`],
      ] as const) {
        const response = await attempt(method, url);
        expect({ url, status: response.statusCode }).toEqual({ url, status: 403 });
        expect(response.json().error).toMatchObject({
          code: 'auth.forbidden',
          message: expect.stringContaining('ADMIN_TOKEN'),
        });
      }
    }
    expect((await target.call('GET', '/api/v1/auth/me')).statusCode).toBe(200);
    const stored = await management.context.prisma.user.findUniqueOrThrow({ where: { id: target.userId } });
    expect(stored.disabledAt).toBeNull();
  });

  it('answers 404 for an unknown user', async () => {
    for (const id of ['00000000-0000-4000-8000-00000000dead', 'not-an-id']) {
      const response = await management.call('POST', `/api/v1/users/${id}/disable`);
      expect(response.statusCode).toBe(404);
      expect(response.json().error.code).toBe('user.not_found');
    }
  });
});
