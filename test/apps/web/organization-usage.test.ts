import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createSignedInUser } from '../../support/sign-in-user.js';
import {
  createOrganizationAndProject,
  type ManagementServer,
  startManagementServer,
} from '../../support/start-switchyard.js';
import { usageEventRow } from '../../support/usage-event-row.js';

describe("the usage report of an organization's projects", () => {
  let management: ManagementServer;
  let organizationId: string;
  let firstProjectId: string;
  let secondProjectId: string;
  let otherOrganizationId: string;

  beforeAll(async () => {
    management = await startManagementServer();
    const first = await createOrganizationAndProject(management);
    organizationId = first.organizationId;
    firstProjectId = first.projectId;
    const second = await management.call('POST', '/api/v1/projects', {
      orgId: organizationId,
      name: `second-${randomUUID().slice(0, 8)}`,
    });
    expect(second.statusCode).toBe(201);
    secondProjectId = second.json().id;
    const other = await createOrganizationAndProject(management);
    otherOrganizationId = other.organizationId;

    const event = (
      ids: { organizationId: string; projectId: string },
      call: { provider: string; model: string; agent?: string; createdAt: string; costUsd: number },
    ) => usageEventRow(ids, { ...call, createdAt: new Date(call.createdAt) });
    const firstIds = { organizationId, projectId: firstProjectId };
    const secondIds = { organizationId, projectId: secondProjectId };
    await management.context.prisma.usageEvent.createMany({
      data: [
        event(firstIds, {
          provider: 'openai',
          model: 'gpt-4.1-mini',
          createdAt: '2026-11-01T10:00:00Z',
          costUsd: 0.25,
        }),
        event(firstIds, {
          provider: 'openai',
          model: 'gpt-4.1-mini',
          createdAt: '2026-11-02T10:00:00Z',
          costUsd: 0.25,
        }),
        event(secondIds, {
          provider: 'anthropic',
          model: 'claude-haiku-4-5',
          agent: 'review',
          createdAt: '2026-11-02T12:00:00Z',
          costUsd: 1,
        }),
        // Outside the range, and another organization's: neither counts.
        event(secondIds, {
          provider: 'openai',
          model: 'gpt-4.1-mini',
          createdAt: '2026-12-01T00:00:00Z',
          costUsd: 9,
        }),
        event(other, {
          provider: 'openai',
          model: 'gpt-4.1-mini',
          createdAt: '2026-11-01T10:00:00Z',
          costUsd: 7,
        }),
      ],
    });
  });
  afterAll(() => management.close());

  const report = (query: string, orgId = organizationId) =>
    management.call('GET', `/api/v1/orgs/${orgId}/usage?${query}`);

  it("sums every project of the organization, per project with the project's name", async () => {
    const response = await report('from=2026-11-01&to=2026-12-01&groupBy=project');
    expect(response.statusCode).toBe(200);
    const body = response.json();
    expect(body.groupBy).toBe('project');
    const rows = body.rows.map((row: { key: string; name: string; requests: number; costUsd: number }) => [
      row.key,
      row.name,
      row.requests,
      row.costUsd,
    ]);
    const projects = await management.context.prisma.project.findMany({
      where: { id: { in: [firstProjectId, secondProjectId] } },
    });
    const name = (id: string) => projects.find((project) => project.id === id)!.name;
    expect(rows).toEqual(
      expect.arrayContaining([
        [firstProjectId, name(firstProjectId), 2, 0.5],
        [secondProjectId, name(secondProjectId), 1, 1],
      ]),
    );
    expect(rows).toHaveLength(2);
    expect(body.totals).toMatchObject({ requests: 3, inputTokens: 300, outputTokens: 30, costUsd: 1.5 });
  });

  it('groups by day, provider, model and agent like a project report', async () => {
    const byDay = await report('from=2026-11-01&to=2026-12-01&groupBy=day');
    expect(
      byDay.json().rows.map((row: { key: string; requests: number }) => [row.key, row.requests]),
    ).toEqual([
      ['2026-11-01', 1],
      ['2026-11-02', 2],
    ]);
    const byProvider = await report('from=2026-11-01&to=2026-12-01&groupBy=provider');
    expect(
      byProvider.json().rows.map((row: { key: string; costUsd: number }) => [row.key, row.costUsd]),
    ).toEqual([
      ['anthropic', 1],
      ['openai', 0.5],
    ]);
    const byModel = await report('from=2026-11-01&to=2026-12-01&groupBy=model');
    expect(byModel.json().rows.map((row: { key: string }) => row.key)).toEqual([
      'anthropic:claude-haiku-4-5',
      'openai:gpt-4.1-mini',
    ]);
    const byAgent = await report('from=2026-11-01&to=2026-12-01&groupBy=agent');
    expect(byAgent.json().rows.map((row: { key: string }) => row.key)).toEqual(['gateway', 'review']);
    expect(byAgent.json().rows[0]).not.toHaveProperty('name');
  });

  it('answers empty rows and zero totals for a range without usage', async () => {
    const response = await report('from=2025-01-01&to=2025-02-01&groupBy=project');
    expect(response.statusCode).toBe(200);
    expect(response.json().rows).toEqual([]);
    expect(response.json().totals).toMatchObject({ requests: 0, costUsd: 0, p50LatencyMs: null });
  });

  it('refuses an unknown grouping, an unknown parameter and an empty range', async () => {
    for (const query of ['groupBy=week', 'projectId=x', 'from=2026-12-01&to=2026-11-01']) {
      const response = await report(query);
      expect(response.statusCode).toBe(400);
      expect(response.json().error.code).toBe('request.invalid');
    }
  });

  it('answers 404 for a missing organization', async () => {
    const response = await report('groupBy=project', '00000000-0000-4000-8000-00000000abcd');
    expect(response.statusCode).toBe(404);
    expect(response.json().error.code).toBe('organization.not_found');
  });

  it("is refused to a project API key, even of one of the organization's projects", async () => {
    const key = (
      await management.call('POST', `/api/v1/projects/${firstProjectId}/keys`, { name: 'gateway' })
    ).json().key;
    const response = await management.call('GET', `/api/v1/orgs/${organizationId}/usage`, undefined, key);
    expect(response.statusCode).toBe(404);
  });

  it('exports one CSV line per day, project, provider, model and agent, with the project name and id', async () => {
    const projects = await management.context.prisma.project.findMany({
      where: { id: { in: [firstProjectId, secondProjectId] } },
    });
    const name = (id: string) => projects.find((project) => project.id === id)!.name;
    const response = await management.call(
      'GET',
      `/api/v1/orgs/${organizationId}/usage.csv?from=2026-11-01&to=2026-12-01`,
    );
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(response.headers['content-disposition']).toBe(
      `attachment; filename="usage-org-${organizationId}-2026-11-01-2026-12-01.csv"`,
    );
    // Within a day by project name (project-… before second-…); the other organization's and out-of-range
    // calls are left out.
    expect(response.body.split('\r\n')).toEqual([
      'day,project,project_id,provider,model,agent,calls,input_tokens,output_tokens,cost_usd,p50_latency_ms,p95_latency_ms,failovers',
      `2026-11-01,${name(firstProjectId)},${firstProjectId},openai,gpt-4.1-mini,gateway,1,100,10,0.25,5,5,0`,
      `2026-11-02,${name(firstProjectId)},${firstProjectId},openai,gpt-4.1-mini,gateway,1,100,10,0.25,5,5,0`,
      `2026-11-02,${name(secondProjectId)},${secondProjectId},anthropic,claude-haiku-4-5,review,1,100,10,1,5,5,0`,
      '',
    ]);
  });

  it('exports only the header for an empty range; viewers may export, not for an organization they are not in', async () => {
    const empty = await management.call(
      'GET',
      `/api/v1/orgs/${organizationId}/usage.csv?from=2025-01-01&to=2025-02-01`,
    );
    expect(empty.body).toBe(
      'day,project,project_id,provider,model,agent,calls,input_tokens,output_tokens,cost_usd,p50_latency_ms,p95_latency_ms,failovers\r\n',
    );
    const unknown = await management.call('GET', `/api/v1/orgs/${organizationId}/usage.csv?groupBy=day`);
    expect(unknown.statusCode).toBe(400);
    const viewer = await createSignedInUser(management, organizationId, 'viewer');
    expect((await viewer.call('GET', `/api/v1/orgs/${organizationId}/usage.csv`)).statusCode).toBe(200);
    const other = await viewer.call('GET', `/api/v1/orgs/${otherOrganizationId}/usage.csv`);
    expect(other.statusCode).toBe(404);
    expect(other.json().error.code).toBe('organization.not_found');
    const key = (
      await management.call('POST', `/api/v1/projects/${firstProjectId}/keys`, { name: 'csv' })
    ).json().key;
    const byKey = await management.call('GET', `/api/v1/orgs/${organizationId}/usage.csv`, undefined, key);
    expect(byKey.statusCode).toBe(404);
  });

  it("does not count another organization's usage", async () => {
    const response = await report('from=2026-11-01&to=2026-12-01', otherOrganizationId);
    expect(response.json().totals).toMatchObject({ requests: 1, costUsd: 7 });
  });
});
