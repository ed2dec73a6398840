import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import {
  createOrganizationAndProject,
  type ManagementServer,
  startManagementServer,
} from '../../support/start-switchyard.js';
import { usageEventRow } from '../../support/usage-event-row.js';

describe('the usage report of the management API', () => {
  let management: ManagementServer;
  let projectId: string;
  beforeAll(async () => {
    management = await startManagementServer();
    const created = await createOrganizationAndProject(management);
    projectId = created.projectId;
    const event = (provider: string, model: string, createdAt: string, costUsd: number) =>
      usageEventRow(created, { provider, model, costUsd, createdAt: new Date(createdAt) });
    await management.context.prisma.usageEvent.createMany({
      data: [
        event('openai', 'gpt-4.1-mini', '2026-11-01T10:00:00Z', 0.000056),
        event('openai', 'gpt-4.1-mini', '2026-11-01T23:59:59Z', 0.000056),
        event('anthropic', 'claude-haiku-4-5', '2026-11-02T00:00:00Z', 0.00015),
        event('openai', 'gpt-4.1-mini', '2026-12-01T00:00:00Z', 1),
      ],
    });
  });
  afterAll(() => management.close());

  const report = (query: string) => management.call('GET', `/api/v1/projects/${projectId}/usage?${query}`);

  it('groups requests, tokens and cost per UTC day within [from, to), with totals', async () => {
    const response = await report('from=2026-11-01&to=2026-12-01&groupBy=day');
    expect(response.statusCode).toBe(200);
    const latency = { p50LatencyMs: 5, p95LatencyMs: 5, failovers: 0 };
    expect(response.json().rows).toEqual([
      { key: '2026-11-01', requests: 2, inputTokens: 200, outputTokens: 20, costUsd: 0.000112, ...latency },
      { key: '2026-11-02', requests: 1, inputTokens: 100, outputTokens: 10, costUsd: 0.00015, ...latency },
    ]);
    expect(response.json().totals).toEqual({
      requests: 3,
      inputTokens: 300,
      outputTokens: 30,
      costUsd: 0.000262,
      ...latency,
    });
  });

  it('groups by provider and by provider:model', async () => {
    const byProvider = await report('from=2026-11-01&to=2026-12-31&groupBy=provider');
    expect(
      byProvider.json().rows.map((row: { key: string; requests: number }) => [row.key, row.requests]),
    ).toEqual([
      ['anthropic', 1],
      ['openai', 3],
    ]);
    const byModel = await report('from=2026-11-01T00:00:00Z&to=2026-11-30T00:00:00Z&groupBy=model');
    expect(byModel.json().rows.map((row: { key: string }) => row.key)).toEqual([
      'anthropic:claude-haiku-4-5',
      'openai:gpt-4.1-mini',
    ]);
  });

  it('refuses an unknown grouping, a malformed date and an empty range', async () => {
    for (const query of ['groupBy=week', 'from=yesterday', 'from=2026-12-01&to=2026-11-01']) {
      const response = await report(query);
      expect(response.statusCode).toBe(400);
      expect(response.json().error.code).toBe('request.invalid');
    }
  });

  it('answers 404 for the usage of an unknown project', async () => {
    const response = await management.call(
      'GET',
      '/api/v1/projects/00000000-0000-4000-8000-000000000000/usage',
    );
    expect(response.statusCode).toBe(404);
  });
});
