import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createSignedInUser, readSessionCookie, type SignedInUser } from '../../support/sign-in-user.js';
import {
  createOrganizationAndProject,
  type ManagementServer,
  startManagementServer,
} from '../../support/start-switchyard.js';

describe('users, invites and memberships', () => {
  let management: ManagementServer;
  let organizationId: string;
  let owner: SignedInUser;
  let admin: SignedInUser;
  beforeAll(async () => {
    management = await startManagementServer();
    ({ organizationId } = await createOrganizationAndProject(management));
    owner = await createSignedInUser(management, organizationId, 'owner');
    admin = await createSignedInUser(management, organizationId, 'admin');
  });
  afterAll(() => management.close());

  function acceptInvite(body: unknown) {
    return management.send(
      'POST',
      '/api/v1/auth/accept-invite',
      { 'content-type': 'application/json' },
      JSON.stringify(body),
    );
  }

  it('lets an admin create a user with a role, but refuses a duplicate email whatever its case', async () => {
    const email = `new-${Date.now()}@example.test`;
    const body = { email, name: 'New', password: 'a-long-password-1', organizationId, role: 'member' };
    const created = await admin.call('POST', '/api/v1/users', body);
    expect(created.statusCode).toBe(201);
    expect(created.json()).toMatchObject({
      email,
      name: 'New',
      memberships: [{ organizationId, role: 'member' }],
    });
    expect(created.json().passwordHash).toBeUndefined();
    const duplicate = await admin.call('POST', '/api/v1/users', { ...body, email: email.toUpperCase() });
    expect(duplicate.statusCode).toBe(409);
    expect(duplicate.json().error.code).toBe('user.email_taken');
    const audit = await management.context.prisma.auditEvent.findFirstOrThrow({
      where: { action: 'user.create', targetId: created.json().id },
    });
    expect(audit.actor).toBe(`user:${admin.userId}`);
  });

  it('refuses a short password without repeating it', async () => {
    const response = await admin.call('POST', '/api/v1/users', {
      email: 'short@example.test',
      name: 'Short',
      password: 'tiny-pw',
      organizationId,
      role: 'viewer',
    });
    expect(response.statusCode).toBe(400);
    expect(response.json().error.message).toContain('password');
    expect(response.body).not.toContain('tiny-pw');
  });

  it('invites by link: the token is shown once, accepting it creates the user, membership and a session', async () => {
    const email = `invited-${Date.now()}@example.test`;
    const invite = await admin.call('POST', `/api/v1/orgs/${organizationId}/invites`, {
      email,
      role: 'viewer',
    });
    expect(invite.statusCode).toBe(201);
    const { token, url, id } = invite.json();
    expect(url).toMatch(new RegExp(`/accept-invite#token=${token}$`));
    const stored = await management.context.prisma.invite.findUniqueOrThrow({ where: { id } });
    expect(stored.tokenHash).not.toBe(token);
    expect(stored.createdBy).toBe(`user:${admin.userId}`);

    const accepted = await acceptInvite({ token, name: 'Invited', password: 'invited-password-1' });
    expect(accepted.statusCode).toBe(201);
    expect(accepted.json()).toMatchObject({
      user: { email, name: 'Invited' },
      memberships: [{ organizationId, role: 'viewer' }],
    });
    const cookie = readSessionCookie(accepted);
    const me = await management.send('GET', '/api/v1/auth/me', { cookie });
    expect(me.json().user.email).toBe(email);

    const again = await acceptInvite({ token, name: 'Again', password: 'invited-password-2' });
    expect(again.statusCode).toBe(400);
    expect(again.json().error.code).toBe('invite.invalid');
    const actions = await management.context.prisma.auditEvent.findMany({
      where: { organizationId, action: { in: ['invite.create', 'invite.accept'] }, targetId: id },
      orderBy: { createdAt: 'asc' },
    });
    expect(actions.map((row) => row.action)).toEqual(['invite.create', 'invite.accept']);
    expect(JSON.stringify(actions)).not.toContain(token);
  });

  it('withdraws an invite to an existing account after five wrong passwords, counting them as failed sign-ins', async () => {
    // Whoever holds the link (its creator included) must not be able to guess the invitee's password.
    const other = await createOrganizationAndProject(management);
    const invitee = await createSignedInUser(management, other.organizationId, 'member');
    const invite = await admin.call('POST', `/api/v1/orgs/${organizationId}/invites`, {
      email: invitee.email,
      role: 'viewer',
    });
    const { token, id } = invite.json();
    for (let attempt = 1; attempt <= 5; attempt += 1) {
      const wrong = await acceptInvite({ token, name: 'X', password: `guess-number-${attempt}` });
      expect(wrong.statusCode).toBe(401);
      expect(wrong.json().error.code).toBe('auth.invalid_credentials');
    }
    const right = await acceptInvite({ token, name: 'X', password: invitee.password });
    expect(right.statusCode).toBe(400);
    expect(right.json().error).toMatchObject({
      code: 'invite.revoked',
      message: expect.stringContaining('too many wrong passwords'),
    });
    const signIn = await management.send(
      'POST',
      '/api/v1/auth/login',
      { 'content-type': 'application/json' },
      JSON.stringify({ email: invitee.email, password: invitee.password }),
    );
    expect(signIn.statusCode).toBe(429);
    const audit = await management.context.prisma.auditEvent.findFirstOrThrow({
      where: { action: 'invite.revoke', targetId: id },
    });
    expect(audit).toMatchObject({ actor: 'system:sign-in', organizationId });
    const memberships = await management.context.prisma.organizationMembership.count({
      where: { userId: invitee.userId, organizationId },
    });
    expect(memberships).toBe(0);
  });

  it('answers 409, not 500, when two invites for one new email are accepted at the same moment', async () => {
    const email = `twice-${Date.now()}@example.test`;
    const other = await createOrganizationAndProject(management);
    const tokens = await Promise.all(
      [organizationId, other.organizationId].map(async (organization) => {
        const invite = await management.call('POST', `/api/v1/orgs/${organization}/invites`, {
          email,
          role: 'viewer',
        });
        return invite.json().token as string;
      }),
    );
    const answers = await Promise.all(
      tokens.map((token) => acceptInvite({ token, name: 'Twice', password: 'twice-password-123' })),
    );
    expect(answers.map((answer) => answer.statusCode).sort()).toEqual([201, 409]);
    const refused = answers.find((answer) => answer.statusCode === 409)!;
    expect(refused.json().error.code).toBe('user.email_taken');
    // Nothing of the refused accept was kept: its link still works, now for the account the other created.
    const retry = tokens[answers.indexOf(refused)]!;
    const again = await acceptInvite({ token: retry, name: 'Twice', password: 'twice-password-123' });
    expect(again.statusCode).toBe(201);
    expect(again.json().memberships).toHaveLength(2);
  });

  it('refuses an expired invite and an unknown token alike', async () => {
    const invite = await admin.call('POST', `/api/v1/orgs/${organizationId}/invites`, {
      email: `late-${Date.now()}@example.test`,
      role: 'member',
    });
    await management.context.prisma.invite.update({
      where: { id: invite.json().id },
      data: { expiresAt: new Date(Date.now() - 1000) },
    });
    for (const token of [invite.json().token, 'x'.repeat(43)]) {
      const response = await acceptInvite({ token, name: 'Late', password: 'late-password-123' });
      expect(response.statusCode).toBe(400);
      expect(response.json().error.code).toBe('invite.invalid');
    }
  });

  describe('pending invites', () => {
    const createInvite = (by: SignedInUser, role: string, organization = organizationId) =>
      by.call('POST', `/api/v1/orgs/${organization}/invites`, {
        email: `pending-${role}-${Date.now()}-${Math.random().toString(16).slice(2, 8)}@example.test`,
        role,
      });
    const listInvites = async (by: SignedInUser = admin) => {
      const response = await by.call('GET', `/api/v1/orgs/${organizationId}/invites`);
      expect(response.statusCode).toBe(200);
      return response.json().invites as { id: string; email: string }[];
    };

    it('lists only pending invites, with who created them and never the token or its hash', async () => {
      const pending = (await createInvite(admin, 'member')).json();
      const accepted = (await createInvite(admin, 'viewer')).json();
      await acceptInvite({ token: accepted.token, name: 'Accepted', password: 'accepted-password-1' });
      const expired = (await createInvite(admin, 'viewer')).json();
      await management.context.prisma.invite.update({
        where: { id: expired.id },
        data: { expiresAt: new Date(Date.now() - 1000) },
      });
      const revoked = (await createInvite(owner, 'viewer')).json();
      await owner.call('DELETE', `/api/v1/orgs/${organizationId}/invites/${revoked.id}`);

      const response = await admin.call('GET', `/api/v1/orgs/${organizationId}/invites`);
      const ids = response.json().invites.map((invite: { id: string }) => invite.id);
      expect(ids).toContain(pending.id);
      expect(ids).not.toEqual(expect.arrayContaining([accepted.id]));
      expect(ids).not.toEqual(expect.arrayContaining([expired.id]));
      expect(ids).not.toEqual(expect.arrayContaining([revoked.id]));
      const listed = response.json().invites.find((invite: { id: string }) => invite.id === pending.id);
      expect(listed).toEqual({
        id: pending.id,
        email: pending.email,
        role: 'member',
        createdBy: `user:${admin.userId}`,
        createdByUser: { id: admin.userId, email: admin.email, name: 'A admin' },
        createdAt: expect.any(String),
        expiresAt: pending.expiresAt,
      });
      const stored = await management.context.prisma.invite.findUniqueOrThrow({ where: { id: pending.id } });
      expect(response.body).not.toContain(pending.token);
      expect(response.body).not.toContain(stored.tokenHash);

      // The admin token's invites name no user.
      const byToken = await management.call('POST', `/api/v1/orgs/${organizationId}/invites`, {
        email: `token-${Date.now()}@example.test`,
        role: 'viewer',
      });
      const fromToken = (await listInvites()).find((invite) => invite.id === byToken.json().id);
      expect(fromToken).toMatchObject({ createdBy: 'admin-token', createdByUser: null });
    });

    it('is refused to viewers and members, and answers 404 for another organization', async () => {
      for (const role of ['viewer', 'member'] as const) {
        const user = await createSignedInUser(management, organizationId, role);
        const response = await user.call('GET', `/api/v1/orgs/${organizationId}/invites`);
        expect(response.statusCode).toBe(403);
        expect(response.json().error.message).toContain('needs the admin role');
        const invite = (await createInvite(admin, 'viewer')).json();
        const revoke = await user.call('DELETE', `/api/v1/orgs/${organizationId}/invites/${invite.id}`);
        expect(revoke.statusCode).toBe(403);
      }
      const { organizationId: other } = await createOrganizationAndProject(management);
      const foreign = await management.call('POST', `/api/v1/orgs/${other}/invites`, {
        email: `foreign-${Date.now()}@example.test`,
        role: 'viewer',
      });
      const list = await owner.call('GET', `/api/v1/orgs/${other}/invites`);
      expect(list.statusCode).toBe(404);
      expect(list.json().error.code).toBe('organization.not_found');
      const elsewhere = await owner.call('DELETE', `/api/v1/orgs/${other}/invites/${foreign.json().id}`);
      expect(elsewhere.statusCode).toBe(404);
      // Named under the owner's own organization, the other organization's invite does not exist either.
      const smuggled = await owner.call(
        'DELETE',
        `/api/v1/orgs/${organizationId}/invites/${foreign.json().id}`,
      );
      expect(smuggled.statusCode).toBe(404);
      expect(smuggled.json().error.code).toBe('invite.not_found');
      expect(
        (await owner.call('DELETE', `/api/v1/orgs/${organizationId}/invites/not-an-id`)).statusCode,
      ).toBe(404);
      const stillPending = await management.context.prisma.invite.findUniqueOrThrow({
        where: { id: foreign.json().id },
      });
      expect(stillPending.revokedAt).toBeNull();
    });

    it('revokes: the link is refused with a clear error, the change is audited, a second revoke is a no-op', async () => {
      const invite = (await createInvite(admin, 'member')).json();
      const revoked = await admin.call('DELETE', `/api/v1/orgs/${organizationId}/invites/${invite.id}`);
      expect(revoked.statusCode).toBe(204);
      expect((await listInvites()).map((row) => row.id)).not.toContain(invite.id);
      const stored = await management.context.prisma.invite.findUniqueOrThrow({ where: { id: invite.id } });
      expect(stored.revokedAt).toBeInstanceOf(Date);
      expect(stored.revokedBy).toBe(`user:${admin.userId}`);

      const accepted = await acceptInvite({
        token: invite.token,
        name: 'Late',
        password: 'revoked-password-1',
      });
      expect(accepted.statusCode).toBe(400);
      expect(accepted.json().error).toMatchObject({
        code: 'invite.revoked',
        message: expect.stringContaining('revoked'),
      });
      expect(accepted.headers['set-cookie']).toBeUndefined();
      expect(await management.context.prisma.user.count({ where: { email: invite.email } })).toBe(0);

      const again = await admin.call('DELETE', `/api/v1/orgs/${organizationId}/invites/${invite.id}`);
      expect(again.statusCode).toBe(204);
      const rows = await management.context.prisma.auditEvent.findMany({
        where: { organizationId, action: 'invite.revoke', targetId: invite.id },
      });
      expect(rows.map((row) => [row.actor, row.details])).toEqual([
        [`user:${admin.userId}`, { email: invite.email, role: 'member' }],
      ]);
    });

    it('lets only an owner revoke an invite to owner, like creating one', async () => {
      const invite = (await createInvite(owner, 'owner')).json();
      const byAdmin = await admin.call('DELETE', `/api/v1/orgs/${organizationId}/invites/${invite.id}`);
      expect(byAdmin.statusCode).toBe(403);
      expect(byAdmin.json().error.message).toContain('needs the owner role');
      expect((await listInvites(owner)).map((row) => row.id)).toContain(invite.id);
      const byOwner = await owner.call('DELETE', `/api/v1/orgs/${organizationId}/invites/${invite.id}`);
      expect(byOwner.statusCode).toBe(204);
    });

    it('refuses to revoke an invite already accepted', async () => {
      const invite = (await createInvite(admin, 'viewer')).json();
      await acceptInvite({ token: invite.token, name: 'Quick', password: 'quick-password-12' });
      const response = await admin.call('DELETE', `/api/v1/orgs/${organizationId}/invites/${invite.id}`);
      expect(response.statusCode).toBe(409);
      expect(response.json().error.code).toBe('invite.accepted');
    });
  });

  it('lets someone with an account join another organization by invite, proving it with their password', async () => {
    const { organizationId: other } = await createOrganizationAndProject(management);
    const invite = await management.call('POST', `/api/v1/orgs/${other}/invites`, {
      email: admin.email,
      role: 'member',
    });
    const wrong = await acceptInvite({ token: invite.json().token, name: 'x', password: 'not-the-password' });
    expect(wrong.statusCode).toBe(401);
    const right = await acceptInvite({ token: invite.json().token, name: 'x', password: admin.password });
    expect(right.statusCode).toBe(201);
    expect(right.json().memberships).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ organizationId, role: 'admin' }),
        expect.objectContaining({ organizationId: other, role: 'member' }),
      ]),
    );
  });

  it('lets only owners change roles and remove members', async () => {
    const member = await createSignedInUser(management, organizationId, 'member');
    const byAdmin = await admin.call('PUT', `/api/v1/orgs/${organizationId}/members/${member.userId}`, {
      role: 'admin',
    });
    expect(byAdmin.statusCode).toBe(403);
    expect(byAdmin.json().error.message).toContain('needs the owner role');
    const byOwner = await owner.call('PUT', `/api/v1/orgs/${organizationId}/members/${member.userId}`, {
      role: 'admin',
    });
    expect(byOwner.statusCode).toBe(200);
    // Setting the same role again is answered alike and audits nothing (the audit rows below).
    const again = await owner.call('PUT', `/api/v1/orgs/${organizationId}/members/${member.userId}`, {
      role: 'admin',
    });
    expect(again.statusCode).toBe(200);
    expect(again.json()).toEqual(byOwner.json());
    // The new role applies to the member's very next request.
    expect(
      (await member.call('PUT', `/api/v1/orgs/${organizationId}/budget`, { dailyUsd: 10 })).statusCode,
    ).toBe(200);
    const removed = await owner.call('DELETE', `/api/v1/orgs/${organizationId}/members/${member.userId}`);
    expect(removed.statusCode).toBe(204);
    expect((await member.call('GET', `/api/v1/orgs/${organizationId}`)).statusCode).toBe(404);
    const rows = await management.context.prisma.auditEvent.findMany({
      where: { organizationId, targetId: member.userId, action: { startsWith: 'membership.' } },
      orderBy: { createdAt: 'asc' },
    });
    expect(rows.map((row) => [row.action, row.actor, row.details])).toEqual([
      ['membership.update', `user:${owner.userId}`, { previousRole: 'member', role: 'admin' }],
      ['membership.delete', `user:${owner.userId}`, { previousRole: 'admin' }],
    ]);
  });

  it('never leaves an organization without an owner', async () => {
    const { organizationId: solo } = await createOrganizationAndProject(management);
    const only = await createSignedInUser(management, solo, 'owner');
    const demote = await only.call('PUT', `/api/v1/orgs/${solo}/members/${only.userId}`, { role: 'admin' });
    expect(demote.statusCode).toBe(409);
    expect(demote.json().error.code).toBe('member.last_owner');
    const remove = await management.call('DELETE', `/api/v1/orgs/${solo}/members/${only.userId}`);
    expect(remove.statusCode).toBe(409);
    const second = await createSignedInUser(management, solo, 'owner');
    // Two owners demoting each other at the same time: one of them must stay owner (the loser is refused as
    // no longer an owner, 403, or as the last owner, 409, depending on timing).
    const results = await Promise.all([
      only.call('PUT', `/api/v1/orgs/${solo}/members/${second.userId}`, { role: 'viewer' }),
      second.call('PUT', `/api/v1/orgs/${solo}/members/${only.userId}`, { role: 'viewer' }),
    ]);
    const statuses = results.map((response) => response.statusCode).sort();
    expect(statuses[0]).toBe(200);
    expect([403, 409]).toContain(statuses[1]);
    expect(
      await management.context.prisma.organizationMembership.count({
        where: { organizationId: solo, role: 'owner' },
      }),
    ).toBe(1);
  });

  it('answers 404 for a membership that does not exist', async () => {
    const response = await owner.call(
      'PUT',
      `/api/v1/orgs/${organizationId}/members/00000000-0000-4000-8000-000000000009`,
      { role: 'viewer' },
    );
    expect(response.statusCode).toBe(404);
    expect(response.json().error.code).toBe('member.not_found');
  });
});
