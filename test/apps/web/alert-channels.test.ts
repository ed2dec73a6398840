import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createSlackWorkspaceStore } from '../../../apps/slack/create-slack-workspace-store.js';
import { createSignedInUser } from '../../support/sign-in-user.js';
import {
  createOrganizationAndProject,
  type ManagementServer,
  startManagementServer,
} from '../../support/start-switchyard.js';

describe('where budget alerts go, in the management API', () => {
  let management: ManagementServer;
  beforeAll(async () => {
    management = await startManagementServer();
  });
  afterAll(() => management.close());

  it('lists the channels linked in Slack and replaces them, auditing each link and unlink', async () => {
    const { organizationId, projectId } = await createOrganizationAndProject(management);
    const url = `/api/v1/projects/${projectId}/alert-channels`;
    expect((await management.call('GET', url)).json()).toEqual({ channels: [] });

    // A link made with /switchyard link shows up here.
    const store = createSlackWorkspaceStore(management.context.prisma);
    await store.linkChannel({ teamId: 'T0001', channelId: 'C0001' }, projectId, 'U0ADMIN');
    const listed = await management.call('GET', url);
    expect(listed.statusCode).toBe(200);
    expect(listed.json()).toEqual({
      channels: [{ teamId: 'T0001', channelId: 'C0001', linkedBy: 'U0ADMIN', createdAt: expect.any(String) }],
    });

    const admin = await createSignedInUser(management, organizationId, 'admin');
    const replaced = await admin.call('PUT', url, {
      channels: [
        { teamId: 'T0002', channelId: 'G0PRIVATE' },
        { teamId: 'T0002', channelId: 'G0PRIVATE' },
      ],
    });
    expect(replaced.statusCode).toBe(200);
    expect(replaced.json()).toEqual({
      channels: [
        {
          teamId: 'T0002',
          channelId: 'G0PRIVATE',
          linkedBy: `user:${admin.userId}`,
          createdAt: expect.any(String),
        },
      ],
    });
    // The Slack side sees the same links: alerts and commands follow them.
    expect(await store.listProjectChannels([projectId])).toEqual([
      { teamId: 'T0002', channelId: 'G0PRIVATE', projectId },
    ]);

    const audits = await management.context.prisma.auditEvent.findMany({
      where: { projectId, action: { in: ['slack-channel.link', 'slack-channel.unlink'] } },
      orderBy: { createdAt: 'asc' },
    });
    expect(audits.map((row) => [row.action, row.actor, row.details])).toEqual([
      ['slack-channel.link', 'slack:U0ADMIN', { teamId: 'T0001', channelId: 'C0001' }],
      ['slack-channel.unlink', `user:${admin.userId}`, { teamId: 'T0001', channelId: 'C0001' }],
      ['slack-channel.link', `user:${admin.userId}`, { teamId: 'T0002', channelId: 'G0PRIVATE' }],
    ]);
    expect(audits[2]!.organizationId).toBe(organizationId);

    // Putting the same list again changes nothing.
    await admin.call('PUT', url, { channels: [{ teamId: 'T0002', channelId: 'G0PRIVATE' }] });
    expect(
      await management.context.prisma.auditEvent.count({
        where: { projectId, action: { in: ['slack-channel.link', 'slack-channel.unlink'] } },
      }),
    ).toBe(3);

    const cleared = await admin.call('PUT', url, { channels: [] });
    expect(cleared.json()).toEqual({ channels: [] });
  });

  it('refuses ids that are not Slack ids, naming the field', async () => {
    const { projectId } = await createOrganizationAndProject(management);
    const url = `/api/v1/projects/${projectId}/alert-channels`;
    for (const channel of [
      { teamId: 'acme', channelId: 'C0001' },
      { teamId: 'T0001', channelId: '#general' },
      { teamId: 'T0001', channelId: 'c0001' },
      { teamId: 'T0001', channelId: 'D0001' },
    ]) {
      const response = await management.call('PUT', url, { channels: [channel] });
      expect(response.statusCode).toBe(400);
      expect(response.json().error.code).toBe('request.invalid');
    }
    const bad = await management.call('PUT', url, { channels: [{ teamId: 'T1', channelId: 'general' }] });
    expect(bad.json().error.message).toContain('channelId');
    expect((await management.call('PUT', url, {})).statusCode).toBe(400);
    expect((await management.call('GET', url)).json()).toEqual({ channels: [] });
  });

  it('answers 404 for a project that does not exist', async () => {
    const response = await management.call(
      'GET',
      '/api/v1/projects/00000000-0000-4000-8000-00000000abcd/alert-channels',
    );
    expect(response.statusCode).toBe(404);
  });
});
