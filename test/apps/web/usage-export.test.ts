import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { formatCsvField } from '../../../apps/web/format-csv.js';
import {
  createOrganizationAndProject,
  type ManagementServer,
  startManagementServer,
} from '../../support/start-switchyard.js';
import { usageEventRow } from '../../support/usage-event-row.js';

describe('usage by agent, latency percentiles, failovers and the CSV export', () => {
  let management: ManagementServer;
  let projectId: string;
  beforeAll(async () => {
    management = await startManagementServer();
    const created = await createOrganizationAndProject(management);
    projectId = created.projectId;
    const row = (fields: {
      model?: string;
      agent?: string;
      latencyMs: number;
      outcome?: string;
      attempts?: Record<string, string>[];
      createdAt?: string;
    }) =>
      usageEventRow(
        { organizationId: created.organizationId, projectId },
        {
          ...fields,
          attempts: fields.attempts ?? [
            { candidate: `openai:${fields.model ?? 'gpt-4.1-mini'}`, outcome: 'success' },
          ],
          createdAt: new Date(fields.createdAt ?? '2026-11-03T12:00:00Z'),
        },
      );
    await management.context.prisma.usageEvent.createMany({
      data: [
        row({ agent: 'review', latencyMs: 100 }),
        row({ agent: 'review', latencyMs: 200 }),
        row({ agent: 'review', latencyMs: 300 }),
        // Served by the second candidate after the first failed: a failover.
        row({
          agent: 'review',
          latencyMs: 400,
          attempts: [
            { candidate: 'anthropic:claude-haiku-4-5', outcome: 'failed', errorCode: 'llm.server_error' },
            { candidate: 'openai:gpt-4.1-mini', outcome: 'success' },
          ],
        }),
        // A failure: counted as a call, not in the latency percentiles.
        row({ agent: 'review', latencyMs: 9000, outcome: 'error', attempts: [] }),
        row({ latencyMs: 50 }),
        row({ model: 'odd,"model"', agent: '=cmd', latencyMs: 10, createdAt: '2026-11-04T00:00:00Z' }),
      ],
    });
  });
  afterAll(() => management.close());

  const range = 'from=2026-11-01&to=2026-12-01';

  it('groups the JSON report by agent, gateway calls under gateway, with percentiles and failovers', async () => {
    const response = await management.call(
      'GET',
      `/api/v1/projects/${projectId}/usage?${range}&groupBy=agent`,
    );
    expect(response.statusCode).toBe(200);
    const rows = response.json().rows as { key: string }[];
    expect(rows.map((row) => row.key)).toEqual(['=cmd', 'gateway', 'review']);
    expect(rows.find((row) => row.key === 'review')).toEqual({
      key: 'review',
      requests: 5,
      inputTokens: 500,
      outputTokens: 50,
      costUsd: 0.005,
      p50LatencyMs: 250,
      p95LatencyMs: 385,
      failovers: 1,
    });
    expect(response.json().totals).toMatchObject({ requests: 7, failovers: 1, p50LatencyMs: 150 });
  });

  it('exports one CSV line per day, provider, model and agent, escaped', async () => {
    const response = await management.call('GET', `/api/v1/projects/${projectId}/usage.csv?${range}`);
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(response.headers['content-disposition']).toMatch(/^attachment; filename="usage-.*\.csv"$/);
    expect(response.body.split('\r\n')).toEqual([
      'day,provider,model,agent,calls,input_tokens,output_tokens,cost_usd,p50_latency_ms,p95_latency_ms,failovers',
      '2026-11-03,openai,gpt-4.1-mini,gateway,1,100,10,0.001,50,50,0',
      '2026-11-03,openai,gpt-4.1-mini,review,5,500,50,0.005,250,385,1',
      `2026-11-04,openai,"odd,""model""",'=cmd,1,100,10,0.001,10,10,0`,
      '',
    ]);
  });

  it('exports only the header for an empty range and refuses an unknown parameter', async () => {
    const empty = await management.call(
      'GET',
      `/api/v1/projects/${projectId}/usage.csv?from=2020-01-01&to=2020-02-01`,
    );
    expect(empty.body).toBe(
      'day,provider,model,agent,calls,input_tokens,output_tokens,cost_usd,p50_latency_ms,p95_latency_ms,failovers\r\n',
    );
    const unknown = await management.call('GET', `/api/v1/projects/${projectId}/usage.csv?groupBy=day`);
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json().error.code).toBe('request.invalid');
  });

  it('escapes CSV fields as RFC 4180 and defuses spreadsheet formulas', () => {
    expect(formatCsvField('plain')).toBe('plain');
    expect(formatCsvField('a,b')).toBe('"a,b"');
    expect(formatCsvField('say "hi"')).toBe('"say ""hi"""');
    expect(formatCsvField('two\nlines')).toBe('"two\nlines"');
    expect(formatCsvField('+1')).toBe("'+1");
    expect(formatCsvField(null)).toBe('');
    expect(formatCsvField(-0.5)).toBe('-0.5');
  });
});
