import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { buildJobId } from '../../../core/jobs/build-job-id.js';
import type { JobRequest } from '../../../core/jobs/job-request.js';
import { recordJobRun } from '../../../core/jobs/record-job-run.js';
import { createSignedInUser, type SignedInUser } from '../../support/sign-in-user.js';
import {
  createOrganizationAndProject,
  type ManagementServer,
  startManagementServer,
} from '../../support/start-switchyard.js';

type Role = 'owner' | 'admin' | 'member' | 'viewer';
const roles: Role[] = ['owner', 'admin', 'member', 'viewer'];
const rank: Record<Role, number> = { viewer: 0, member: 1, admin: 2, owner: 3 };

interface Ids {
  organizationId: string;
  projectId: string;
  /** A finished review job of the project. */
  jobId: string;
}

/** A project provider every role test can call: nothing listens on port 9, so its test fails at once. */
const unreachableProvider = { kind: 'openai-compatible', baseUrl: 'http://127.0.0.1:9/v1' };

/** One management action: the request, and the least role that may make it. */
interface ActionCase {
  action: string;
  least: Role;
  request(ids: Ids): { method: string; url: string; body?: unknown };
}

const actions: ActionCase[] = [
  {
    action: 'read an organization',
    least: 'viewer',
    request: (ids) => ({ method: 'GET', url: `/api/v1/orgs/${ids.organizationId}` }),
  },
  {
    action: "list an organization's projects",
    least: 'viewer',
    request: (ids) => ({ method: 'GET', url: `/api/v1/orgs/${ids.organizationId}/projects` }),
  },
  {
    action: "list an organization's members",
    least: 'viewer',
    request: (ids) => ({ method: 'GET', url: `/api/v1/orgs/${ids.organizationId}/members` }),
  },
  {
    action: "read a project's settings",
    least: 'viewer',
    request: (ids) => ({ method: 'GET', url: `/api/v1/projects/${ids.projectId}` }),
  },
  {
    action: "list a project's API keys",
    least: 'viewer',
    request: (ids) => ({ method: 'GET', url: `/api/v1/projects/${ids.projectId}/keys` }),
  },
  {
    action: "read a project's usage",
    least: 'viewer',
    request: (ids) => ({ method: 'GET', url: `/api/v1/projects/${ids.projectId}/usage` }),
  },
  {
    action: "list an organization's jobs",
    least: 'viewer',
    request: (ids) => ({ method: 'GET', url: `/api/v1/orgs/${ids.organizationId}/jobs` }),
  },
  {
    action: "read an organization's usage",
    least: 'viewer',
    request: (ids) => ({ method: 'GET', url: `/api/v1/orgs/${ids.organizationId}/usage?groupBy=project` }),
  },
  {
    action: "export a project's usage as CSV",
    least: 'viewer',
    request: (ids) => ({ method: 'GET', url: `/api/v1/projects/${ids.projectId}/usage.csv` }),
  },
  {
    action: "export an organization's usage as CSV",
    least: 'viewer',
    request: (ids) => ({ method: 'GET', url: `/api/v1/orgs/${ids.organizationId}/usage.csv` }),
  },
  {
    action: 're-run a job',
    least: 'member',
    request: (ids) => ({ method: 'POST', url: `/api/v1/jobs/${ids.jobId}/rerun` }),
  },
  {
    action: "read an organization's audit log",
    least: 'admin',
    request: (ids) => ({ method: 'GET', url: `/api/v1/orgs/${ids.organizationId}/audit` }),
  },
  {
    action: 'test a project provider',
    least: 'admin',
    request: (ids) => ({
      method: 'POST',
      url: `/api/v1/projects/${ids.projectId}/providers/local/test`,
      body: { model: 'any' },
    }),
  },
  {
    action: 'test an organization provider',
    least: 'admin',
    request: (ids) => ({
      method: 'POST',
      url: `/api/v1/orgs/${ids.organizationId}/providers/local/test`,
      body: { model: 'any' },
    }),
  },
  {
    action: 'create a project',
    least: 'admin',
    request: (ids) => ({
      method: 'POST',
      url: '/api/v1/projects',
      body: { orgId: ids.organizationId, name: `p-${Math.random()}` },
    }),
  },
  {
    action: "set a project's cache",
    least: 'admin',
    request: (ids) => ({
      method: 'PUT',
      url: `/api/v1/projects/${ids.projectId}/cache`,
      body: { ttlSeconds: 30 },
    }),
  },
  {
    action: 'change a project budget',
    least: 'admin',
    request: (ids) => ({
      method: 'PUT',
      url: `/api/v1/projects/${ids.projectId}/budget`,
      body: { dailyUsd: 5 },
    }),
  },
  {
    action: "list where a project's budget alerts go",
    least: 'viewer',
    request: (ids) => ({ method: 'GET', url: `/api/v1/projects/${ids.projectId}/alert-channels` }),
  },
  {
    action: "change where a project's budget alerts go",
    least: 'admin',
    request: (ids) => ({
      method: 'PUT',
      url: `/api/v1/projects/${ids.projectId}/alert-channels`,
      body: { channels: [{ teamId: 'T0ROLES', channelId: 'C0ROLES' }] },
    }),
  },
  {
    action: 'change an organization budget',
    least: 'admin',
    request: (ids) => ({
      method: 'PUT',
      url: `/api/v1/orgs/${ids.organizationId}/budget`,
      body: { monthlyUsd: 50 },
    }),
  },
  {
    action: 'add a project provider',
    least: 'admin',
    request: (ids) => ({
      method: 'PUT',
      url: `/api/v1/projects/${ids.projectId}/providers/groq`,
      body: {
        kind: 'openai-compatible',
        apiKey: 'gsk_matrix-secret-1234',
        baseUrl: 'https://api.groq.com/openai/v1',
      },
    }),
  },
  {
    action: 'add an organization provider',
    least: 'admin',
    request: (ids) => ({
      method: 'PUT',
      url: `/api/v1/orgs/${ids.organizationId}/providers/openai`,
      body: { kind: 'openai', apiKey: 'sk-matrix-secret-5678' },
    }),
  },
  {
    action: 'change routing',
    least: 'admin',
    request: (ids) => ({
      method: 'PUT',
      url: `/api/v1/projects/${ids.projectId}/routing`,
      body: { policy: 'fallback', models: ['openai:gpt-4.1-mini'] },
    }),
  },
  {
    action: 'change prices',
    least: 'admin',
    request: (ids) => ({
      method: 'PUT',
      url: `/api/v1/projects/${ids.projectId}/prices`,
      body: { 'openai:gpt-4.1-mini': { inputPerMTok: 0.3, outputPerMTok: 1.2 } },
    }),
  },
  {
    action: 'create an API key',
    least: 'admin',
    request: (ids) => ({
      method: 'POST',
      url: `/api/v1/projects/${ids.projectId}/keys`,
      body: { name: 'ci' },
    }),
  },
  {
    action: 'invite a member',
    least: 'admin',
    request: (ids) => ({
      method: 'POST',
      url: `/api/v1/orgs/${ids.organizationId}/invites`,
      body: { email: `x${Math.random()}@example.test`, role: 'member' },
    }),
  },
  {
    action: "list an organization's pending invites",
    least: 'admin',
    request: (ids) => ({ method: 'GET', url: `/api/v1/orgs/${ids.organizationId}/invites` }),
  },
  {
    action: 'invite an owner',
    least: 'owner',
    request: (ids) => ({
      method: 'POST',
      url: `/api/v1/orgs/${ids.organizationId}/invites`,
      body: { email: `o${Math.random()}@example.test`, role: 'owner' },
    }),
  },
];

describe('roles on the management API', () => {
  let management: ManagementServer;
  let orgA: Ids;
  let orgB: Ids;
  const users = {} as Record<Role, SignedInUser>;

  /** An organization and project with a finished review job and an unreachable provider at both scopes. */
  async function createTarget(): Promise<Ids> {
    const created = await createOrganizationAndProject(management);
    const request: JobRequest = {
      ...created,
      platform: 'github',
      target: { kind: 'pull_request', repository: 'acme/api', number: 1 },
      agent: 'review',
      revision: 'c'.repeat(40),
      trigger: 'automatic',
      event: 'opened',
    };
    const { jobId } = buildJobId(request);
    await recordJobRun(management.context.prisma, {
      jobId,
      projectId: created.projectId,
      status: 'queued',
      request,
    });
    await management.call(
      'PUT',
      `/api/v1/projects/${created.projectId}/providers/local`,
      unreachableProvider,
    );
    await management.call(
      'PUT',
      `/api/v1/orgs/${created.organizationId}/providers/local`,
      unreachableProvider,
    );
    return { ...created, jobId };
  }

  beforeAll(async () => {
    management = await startManagementServer();
    orgA = await createTarget();
    orgB = await createTarget();
    for (const role of roles) users[role] = await createSignedInUser(management, orgA.organizationId, role);
  });
  afterAll(() => management.close());

  const table = actions.flatMap((entry) => roles.map((role) => ({ ...entry, role })));
  it.each(table)(
    'lets a $role $action only when the role is at least $least',
    async ({ role, least, request }) => {
      const { method, url, body } = request(orgA);
      const response = await users[role].call(method, url, body);
      if (rank[role] >= rank[least]) {
        expect([200, 201, 202]).toContain(response.statusCode);
      } else {
        expect(response.statusCode).toBe(403);
        expect(response.json().error.code).toBe('auth.forbidden');
        expect(response.json().error.message).toContain(`needs the ${least} role`);
      }
    },
  );

  it.each(actions)('answers 404 to an owner of org A who tries to $action in org B', async ({ request }) => {
    const { method, url, body } = request(orgB);
    const response = await users.owner.call(method, url, body);
    expect(response.statusCode).toBe(404);
    expect(response.json().error.code).toMatch(/^(organization|project|job)\.not_found$/);
  });

  it('answers the same 404 for another organization as for one that does not exist', async () => {
    const other = await users.owner.call('GET', `/api/v1/projects/${orgB.projectId}/usage`);
    const missing = await users.owner.call(
      'GET',
      '/api/v1/projects/00000000-0000-4000-8000-00000000abcd/usage',
    );
    expect(other.statusCode).toBe(missing.statusCode);
    expect(other.json().error.code).toBe(missing.json().error.code);
  });

  it("lists only the user's own organizations", async () => {
    const response = await users.viewer.call('GET', '/api/v1/orgs');
    expect(response.statusCode).toBe(200);
    expect(response.json().organizations.map((row: { id: string }) => row.id)).toEqual([orgA.organizationId]);
    const everything = await management.call('GET', '/api/v1/orgs');
    expect(everything.json().organizations.map((row: { id: string }) => row.id)).toEqual(
      expect.arrayContaining([orgA.organizationId, orgB.organizationId]),
    );
  });

  it('lets only the admin token create organizations', async () => {
    const response = await users.owner.call('POST', '/api/v1/orgs', { name: 'not-mine' });
    expect(response.statusCode).toBe(403);
    expect(response.json().error.message).toContain('ADMIN_TOKEN');
  });

  it('records the signed-in user as the actor of a change', async () => {
    await users.admin.call('PUT', `/api/v1/projects/${orgA.projectId}/budget`, { dailyUsd: 7 });
    const row = await management.context.prisma.auditEvent.findFirstOrThrow({
      where: { projectId: orgA.projectId, action: 'budget.update' },
      orderBy: { createdAt: 'desc' },
    });
    expect(row.actor).toBe(`user:${users.admin.userId}`);
  });

  describe('a project API key', () => {
    let key: string;
    beforeAll(async () => {
      key = (
        await management.call('POST', `/api/v1/projects/${orgA.projectId}/keys`, { name: 'gateway' })
      ).json().key;
    });

    it("reads its own project's usage", async () => {
      const response = await management.call(
        'GET',
        `/api/v1/projects/${orgA.projectId}/usage`,
        undefined,
        key,
      );
      expect(response.statusCode).toBe(200);
      expect(response.json().totals).toBeDefined();
      const csv = await management.call(
        'GET',
        `/api/v1/projects/${orgA.projectId}/usage.csv`,
        undefined,
        key,
      );
      expect(csv.statusCode).toBe(200);
      const other = await management.call(
        'GET',
        `/api/v1/projects/${orgB.projectId}/usage.csv`,
        undefined,
        key,
      );
      expect(other.statusCode).toBe(404);
      const jobs = await management.call('GET', `/api/v1/orgs/${orgA.organizationId}/jobs`, undefined, key);
      expect(jobs.statusCode).toBe(404);
    });

    it("cannot read another project's usage (404, as if it did not exist)", async () => {
      const response = await management.call(
        'GET',
        `/api/v1/projects/${orgB.projectId}/usage`,
        undefined,
        key,
      );
      expect(response.statusCode).toBe(404);
      expect(response.json().error.code).toBe('project.not_found');
    });

    it('can do nothing else, not even read its own project', async () => {
      const own = await management.call('GET', `/api/v1/projects/${orgA.projectId}`, undefined, key);
      expect(own.statusCode).toBe(403);
      expect(own.json().error.code).toBe('auth.forbidden');
      const budget = await management.call(
        'PUT',
        `/api/v1/projects/${orgA.projectId}/budget`,
        { dailyUsd: 1 },
        key,
      );
      expect(budget.statusCode).toBe(403);
      expect((await management.call('GET', '/api/v1/orgs', undefined, key)).statusCode).toBe(403);
      expect(
        (await management.call('GET', `/api/v1/orgs/${orgA.organizationId}`, undefined, key)).statusCode,
      ).toBe(404);
    });

    it('is refused once revoked', async () => {
      const created = (
        await management.call('POST', `/api/v1/projects/${orgA.projectId}/keys`, { name: 'short-lived' })
      ).json();
      await management.call('DELETE', `/api/v1/projects/${orgA.projectId}/keys/${created.id}`);
      const response = await management.call(
        'GET',
        `/api/v1/projects/${orgA.projectId}/usage`,
        undefined,
        created.key,
      );
      expect(response.statusCode).toBe(401);
      expect(response.json().error.code).toBe('auth.invalid_api_key');
    });
  });
});
