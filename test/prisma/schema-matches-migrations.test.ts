import { afterAll, describe, expect, it } from '@jest/globals';
import pg from 'pg';
import { readMigrationFiles, readMigrationStatus } from '../../core/db/migrations.js';
import { createTestPrisma, testDatabaseUrl } from '../support/test-resources.js';

const prisma = createTestPrisma();
afterAll(() => prisma.$disconnect());

describe('the Prisma schema and the SQL migrations', () => {
  it('records every migration in _prisma_migrations as prisma migrate deploy would', async () => {
    const client = new pg.Client({ connectionString: testDatabaseUrl() });
    await client.connect();
    const files = await readMigrationFiles();
    const status = await readMigrationStatus(client, files);
    const rows = await client.query('SELECT checksum, applied_steps_count FROM "_prisma_migrations"');
    await client.end();
    expect(status.pending).toEqual([]);
    expect(status.modified).toEqual([]);
    expect(
      rows.rows.every((row) => /^[0-9a-f]{64}$/.test(row.checksum) && row.applied_steps_count === 1),
    ).toBe(true);
  });

  it('writes and reads every model through the generated client', async () => {
    const organization = await prisma.organization.create({
      data: { name: 'acme', platform: 'github', externalId: '42' },
    });
    const project = await prisma.project.create({
      data: {
        organizationId: organization.id,
        name: 'acme/api',
        platform: 'github',
        externalId: '7',
        cacheTtlSeconds: 60,
        commandPrefix: '@bot',
        configSource: 'file',
        configAgents: [{ agent: 'review', triggers: ['opened'] }],
        configReadAt: new Date(),
        lastEvent: 'pull_request.opened',
        lastEventAt: new Date(),
      },
    });
    await prisma.apiKey.create({
      data: { projectId: project.id, name: 'ci', prefix: 'sy-abcd', hash: `h-${project.id}` },
    });
    await prisma.providerCredential.create({
      data: {
        organizationId: organization.id,
        projectId: project.id,
        scope: 'project',
        scopeId: project.id,
        name: 'openai',
        kind: 'openai',
        baseUrl: 'http://127.0.0.1:1/v1',
        keyCiphertext: Buffer.from([1, 2, 3]),
        keyNonce: Buffer.alloc(12),
        wrappedDataKey: Buffer.alloc(60),
        masterKeyVersion: 1,
        keyHint: 'sk-…abcd',
      },
    });
    await prisma.routingRule.create({
      data: {
        projectId: project.id,
        policy: 'cheapest',
        models: ['openai:gpt-4.1-mini'],
        weights: { a: 1 },
        allowedModels: ['openai:gpt-4.1-mini'],
      },
    });
    await prisma.priceOverride.create({
      data: {
        projectId: project.id,
        model: 'openai:gpt-4.1-mini',
        inputPerMTok: 0.3,
        outputPerMTok: 1.2,
        contextWindow: 1000,
        maxOutputTokens: 500,
      },
    });
    await prisma.budget.create({
      data: {
        organizationId: organization.id,
        projectId: project.id,
        scope: 'project',
        scopeId: project.id,
        dailyUsd: 5,
        monthlyUsd: 100,
      },
    });
    await prisma.budgetAlert.create({
      data: {
        scope: 'project',
        scopeId: project.id,
        period: 'day:2026-11-20',
        kind: 'soft',
        spentUsd: 4.1,
        limitUsd: 5,
      },
    });
    await prisma.usageEvent.create({
      data: {
        projectId: project.id,
        organizationId: organization.id,
        settlementKey: `req-1:0:${project.id}`,
        requestId: 'req-1',
        jobId: 'job-1',
        source: 'gateway',
        agent: 'review',
        provider: 'openai',
        model: 'gpt-4.1-mini',
        inputTokens: 10,
        outputTokens: 20,
        costUsd: '0.000036',
        latencyMs: 12,
        outcome: 'success',
        errorCode: null,
        attempts: [{ candidate: 'openai:gpt-4.1-mini', outcome: 'success' }],
      },
    });
    await prisma.auditEvent.create({
      data: {
        organizationId: organization.id,
        projectId: project.id,
        actor: 'admin-token',
        action: 'project.create',
        targetType: 'project',
        targetId: project.id,
        details: { name: 'acme/api' },
        ipAddress: '127.0.0.1',
        requestId: 'req-1',
      },
    });

    await prisma.jobRun.create({
      data: {
        id: 'review-pr7-0123456789abcdef01234567-aaaaaaaa',
        projectId: project.id,
        organizationId: organization.id,
        platform: 'github',
        agent: 'review',
        targetKind: 'pull_request',
        repository: 'acme/api',
        targetNumber: 7,
        revision: 'aaaaaaaa',
        trigger: 'command',
        requestedBy: 'ada',
        status: 'failed',
        attempts: 3,
        errorCode: 'budget.exceeded',
        errorMessage: 'The daily budget is spent.',
        resultUrl: 'https://github.com/acme/api/pull/7#issuecomment-1',
        startedAt: new Date('2026-11-21T10:00:00.000Z'),
        finishedAt: new Date('2026-11-21T10:00:01.250Z'),
        durationMs: 1250,
      },
    });
    await prisma.webhookDelivery.create({
      data: {
        id: 'github:72d3162e-cc78-11e3-81ab-4c9367dc0958',
        platform: 'github',
        projectId: project.id,
        event: 'pull_request.opened',
        jobId: 'review-pr7-0123456789abcdef01234567-aaaaaaaa',
      },
    });
    await prisma.webhookDelivery.create({
      data: { id: 'gitlab:d-1', platform: 'gitlab', event: 'Note Hook' },
    });
    await prisma.project.update({ where: { id: project.id }, data: { commandPrefix: '/bot' } });
    await prisma.pullRequestState.create({
      data: {
        projectId: project.id,
        number: 7,
        pausedAt: new Date(),
        pausedBy: 'ada',
        lastReviewedSha: 'a'.repeat(40),
      },
    });
    const pullRequestState = await prisma.pullRequestState.findUniqueOrThrow({
      where: { projectId_number: { projectId: project.id, number: 7 } },
      include: { project: { select: { commandPrefix: true } } },
    });
    expect(pullRequestState).toMatchObject({ pausedBy: 'ada', project: { commandPrefix: '/bot' } });
    expect(pullRequestState.updatedAt).toBeInstanceOf(Date);

    const loaded = await prisma.project.findUniqueOrThrow({
      where: { id: project.id },
      include: {
        apiKeys: true,
        providerCredentials: true,
        routingRules: true,
        priceOverrides: true,
        budgets: true,
        organization: true,
      },
    });
    expect(loaded.organization.externalId).toBe('42');
    expect(loaded).toMatchObject({
      configSource: 'file',
      configAgents: [{ agent: 'review', triggers: ['opened'] }],
      lastEvent: 'pull_request.opened',
    });
    expect(loaded.configReadAt).toBeInstanceOf(Date);
    expect(loaded.lastEventAt).toBeInstanceOf(Date);
    expect(loaded.apiKeys).toHaveLength(1);
    expect(Buffer.from(loaded.providerCredentials[0]!.keyCiphertext!)).toEqual(Buffer.from([1, 2, 3]));
    expect(loaded.routingRules[0]!.agent).toBe('default');
    expect(loaded.routingRules[0]!.allowedModels).toEqual(['openai:gpt-4.1-mini']);
    expect(loaded.priceOverrides[0]!.inputPerMTok.toString()).toBe('0.3');
    expect(loaded.priceOverrides[0]!.maxOutputTokens).toBe(500);
    expect(loaded.budgets[0]!.softAlertRatio.toString()).toBe('0.8');
    const usage = await prisma.usageEvent.findFirstOrThrow({ where: { projectId: project.id } });
    expect(usage.costUsd.toString()).toBe('0.000036');
    expect(await prisma.budgetAlert.count({ where: { scopeId: project.id } })).toBe(1);
    expect(await prisma.auditEvent.count({ where: { projectId: project.id } })).toBe(1);
    const jobRun = await prisma.jobRun.findFirstOrThrow({ where: { projectId: project.id } });
    expect(jobRun).toMatchObject({ status: 'failed', attempts: 3, durationMs: 1250, requestedBy: 'ada' });
    expect(jobRun.costUsd.toString()).toBe('0');
    expect(jobRun.queuedAt).toBeInstanceOf(Date);
    const deliveries = await prisma.webhookDelivery.findMany({
      where: { id: { in: ['github:72d3162e-cc78-11e3-81ab-4c9367dc0958', 'gitlab:d-1'] } },
      orderBy: { id: 'asc' },
    });
    expect(deliveries.map((delivery) => [delivery.platform, delivery.projectId, delivery.jobId])).toEqual([
      ['github', project.id, jobRun.id],
      ['gitlab', null, null],
    ]);
    expect(deliveries[0]!.receivedAt).toBeInstanceOf(Date);

    await prisma.organization.delete({ where: { id: organization.id } });
    expect(await prisma.project.count({ where: { id: project.id } })).toBe(0);
  });

  it('writes and reads users, memberships, sessions and invites, with lower-case unique emails', async () => {
    const organization = await prisma.organization.create({ data: { name: 'auth-models' } });
    const email = `ada-${Date.now()}@example.test`;
    const user = await prisma.user.create({
      data: { email, name: 'Ada', passwordHash: 'scrypt$32768$8$1$c2FsdA==$a2V5' },
    });
    expect(user.disabledAt).toBeNull();
    expect(user.createdAt).toBeInstanceOf(Date);
    // The CHECK constraint keeps emails lower-case, so the unique index is case-insensitive.
    await expect(
      prisma.user.create({ data: { email: email.toUpperCase(), name: 'Ada', passwordHash: 'x' } }),
    ).rejects.toThrow();
    await prisma.organizationMembership.create({
      data: { userId: user.id, organizationId: organization.id, role: 'owner' },
    });
    await expect(
      prisma.organizationMembership.create({
        data: { userId: user.id, organizationId: organization.id, role: 'superuser' },
      }),
    ).rejects.toThrow();
    const expiresAt = new Date(Date.now() + 3_600_000);
    await prisma.session.create({
      data: {
        id: 'f'.repeat(64),
        userId: user.id,
        expiresAt,
        csrfSecret: 'secret',
        ipAddress: '127.0.0.1',
        userAgent: 'jest',
      },
    });
    const invite = await prisma.invite.create({
      data: {
        tokenHash: `e${Date.now()}`,
        organizationId: organization.id,
        role: 'viewer',
        email: 'grace@example.test',
        expiresAt,
        createdBy: `user:${user.id}`,
      },
    });
    await prisma.invite.update({
      where: { id: invite.id },
      data: { acceptedAt: new Date(), acceptedBy: user.id },
    });
    const revoked = await prisma.invite.create({
      data: {
        tokenHash: `r${Date.now()}`,
        organizationId: organization.id,
        role: 'member',
        email: 'linus@example.test',
        expiresAt,
        createdBy: 'admin-token',
        revokedAt: new Date(),
        revokedBy: `user:${user.id}`,
      },
    });
    expect(revoked.revokedAt).toBeInstanceOf(Date);
    expect(revoked.revokedBy).toBe(`user:${user.id}`);
    const disabledAt = new Date();
    await prisma.user.update({ where: { id: user.id }, data: { disabledAt } });
    const loaded = await prisma.user.findUniqueOrThrow({
      where: { email },
      include: { memberships: { include: { organization: true } }, sessions: true },
    });
    expect(loaded.disabledAt).toEqual(disabledAt);
    expect(loaded.memberships[0]).toMatchObject({ role: 'owner', organization: { name: 'auth-models' } });
    expect(loaded.memberships[0]!.updatedAt).toBeInstanceOf(Date);
    expect(loaded.sessions[0]).toMatchObject({ csrfSecret: 'secret', ipAddress: '127.0.0.1', expiresAt });
    expect(loaded.sessions[0]!.lastSeenAt).toBeInstanceOf(Date);
    const invites = await prisma.organization.findUniqueOrThrow({
      where: { id: organization.id },
      include: { invites: true, memberships: true },
    });
    expect(invites.invites.find((row) => row.id === invite.id)).toMatchObject({
      acceptedBy: user.id,
      role: 'viewer',
      revokedAt: null,
      revokedBy: null,
    });
    expect(invites.memberships).toHaveLength(1);

    await prisma.organization.delete({ where: { id: organization.id } });
    expect(await prisma.organizationMembership.count({ where: { userId: user.id } })).toBe(0);
    expect(await prisma.invite.count({ where: { id: { in: [invite.id, revoked.id] } } })).toBe(0);
    await prisma.user.delete({ where: { id: user.id } });
    expect(await prisma.session.count({ where: { userId: user.id } })).toBe(0);
  });

  it('writes and reads the Slack models: channel links, user identities, budget alert posts', async () => {
    const teamId = `T${Date.now()}`;
    const projectId = '00000000-0000-4000-8000-000000000001';
    await prisma.slackChannelLink.create({ data: { teamId, channelId: 'C1', projectId, linkedBy: 'U1' } });
    const duplicate = await prisma.slackChannelLink.createMany({
      data: [{ teamId, channelId: 'C1', projectId, linkedBy: 'U2' }],
      skipDuplicates: true,
    });
    expect(duplicate.count).toBe(0);
    const link = await prisma.slackChannelLink.findFirstOrThrow({ where: { projectId, teamId } });
    expect(link).toMatchObject({ channelId: 'C1', linkedBy: 'U1' });
    expect(link.createdAt).toBeInstanceOf(Date);

    await prisma.slackUserIdentity.create({
      data: { teamId, slackUserId: 'U1', platform: 'github', login: 'ada', verification: 'claimed' },
    });
    const confirmed = await prisma.slackUserIdentity.update({
      where: { teamId_slackUserId_platform: { teamId, slackUserId: 'U1', platform: 'github' } },
      data: { verification: 'admin', verifiedBy: 'U0', verifiedAt: new Date() },
    });
    expect(confirmed).toMatchObject({ login: 'ada', verification: 'admin', verifiedBy: 'U0' });
    expect(confirmed.updatedAt).toBeInstanceOf(Date);
    // One login belongs to one Slack user of a workspace.
    await expect(
      prisma.slackUserIdentity.create({
        data: { teamId, slackUserId: 'U2', platform: 'github', login: 'ada', verification: 'claimed' },
      }),
    ).rejects.toMatchObject({ code: 'P2002' });

    const alertId = '00000000-0000-4000-8000-000000000002';
    await prisma.slackBudgetAlertPost.create({ data: { alertId, teamId, channelId: 'C1' } });
    const post = await prisma.slackBudgetAlertPost.update({
      where: { alertId_teamId_channelId: { alertId, teamId, channelId: 'C1' } },
      data: { messageTs: '1700000000.000100' },
    });
    expect(post.messageTs).toBe('1700000000.000100');

    await prisma.slackChannelLink.deleteMany({ where: { teamId } });
    await prisma.slackUserIdentity.deleteMany({ where: { teamId } });
    await prisma.slackBudgetAlertPost.deleteMany({ where: { teamId } });
  });
});
