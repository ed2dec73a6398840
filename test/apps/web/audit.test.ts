import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { recordAuditEvent } from '../../../core/audit/record-audit-event.js';
import { createSignedInUser, type SignedInUser } from '../../support/sign-in-user.js';
import {
  createOrganizationAndProject,
  type ManagementServer,
  startManagementServer,
} from '../../support/start-switchyard.js';

describe('the audit log API', () => {
  let management: ManagementServer;
  let orgA: { organizationId: string; projectId: string };
  let orgB: { organizationId: string; projectId: string };
  let admin: SignedInUser;
  let member: SignedInUser;

  beforeAll(async () => {
    management = await startManagementServer();
    orgA = await createOrganizationAndProject(management);
    orgB = await createOrganizationAndProject(management);
    admin = await createSignedInUser(management, orgA.organizationId, 'admin');
    member = await createSignedInUser(management, orgA.organizationId, 'member');
    await admin.call('PUT', `/api/v1/projects/${orgA.projectId}/budget`, { dailyUsd: 3 });
    await admin.call('PUT', `/api/v1/orgs/${orgA.organizationId}/providers/openai`, {
      kind: 'openai',
      apiKey: 'sk-audit-secret-1234567890',
    });
    await management.call('PUT', `/api/v1/projects/${orgB.projectId}/budget`, { dailyUsd: 9 });
    // A project event without the organization id, as some components write them.
    await recordAuditEvent(management.context.prisma, {
      actor: { type: 'platform-user', platform: 'github', login: 'octocat' },
      action: 'pull-request.pause',
      target: { type: 'pull-request', id: '7' },
      projectId: orgA.projectId,
    });
  });
  afterAll(() => management.close());

  const read = (query = '', caller: SignedInUser | undefined = admin) => {
    const url = `/api/v1/orgs/${orgA.organizationId}/audit${query}`;
    return caller ? caller.call('GET', url) : management.call('GET', url);
  };

  it('shows who changed what in the organization and its projects, newest first, never a secret', async () => {
    const response = await read();
    expect(response.statusCode).toBe(200);
    const { events } = response.json();
    const actions = events.map((event: { action: string }) => event.action);
    expect(actions.slice(0, 3)).toEqual([
      'pull-request.pause',
      'provider-credential.update',
      'budget.update',
    ]);
    expect(actions).toContain('project.create');
    expect(JSON.stringify(events)).not.toContain('sk-audit-secret');
    const budget = events.find((event: { action: string }) => event.action === 'budget.update');
    expect(budget).toEqual({
      id: expect.any(String),
      action: 'budget.update',
      actor: `user:${admin.userId}`,
      targetType: expect.any(String),
      targetId: expect.any(String),
      projectId: orgA.projectId,
      details: expect.any(Object),
      ipAddress: expect.any(String),
      createdAt: expect.stringMatching(/Z$/),
    });
    // Nothing of organization B.
    expect(events.every((event: { projectId: string | null }) => event.projectId !== orgB.projectId)).toBe(
      true,
    );
  });

  it('filters by action, actor, project and time, and pages with nextBefore', async () => {
    const byAction = (await read('?action=budget.update')).json().events;
    expect(byAction).toHaveLength(1);
    const byActor = (await read(`?actor=${encodeURIComponent('github:octocat')}`)).json().events;
    expect(byActor.map((event: { action: string }) => event.action)).toEqual(['pull-request.pause']);
    const byProject = (await read(`?projectId=${orgA.projectId}`)).json().events;
    expect(byProject.every((event: { projectId: string }) => event.projectId === orgA.projectId)).toBe(true);
    expect((await read('?from=2000-01-01&to=2000-01-02')).json().events).toEqual([]);

    const all = (await read()).json().events.map((event: { id: string }) => event.id);
    const paged: string[] = [];
    let query = '?limit=1';
    for (let page = 0; page < 50; page += 1) {
      const body = (await read(query)).json();
      paged.push(...body.events.map((event: { id: string }) => event.id));
      if (!body.nextBefore) break;
      query = `?limit=1&before=${encodeURIComponent(body.nextBefore)}`;
    }
    expect(paged.sort()).toEqual([...all].sort());
    expect((await read('?limit=500')).statusCode).toBe(400);
    expect((await read('?ip=1')).statusCode).toBe(400);
  });

  it("refuses a member (403), and answers 404 for another organization's log", async () => {
    const refused = await read('', member);
    expect(refused.statusCode).toBe(403);
    expect(refused.json().error.message).toContain('needs the admin role');
    const other = await admin.call('GET', `/api/v1/orgs/${orgB.organizationId}/audit`);
    expect(other.statusCode).toBe(404);
  });
});
