import { randomUUID } from 'node:crypto';
import type { UsageEventRow } from '../../core/usage/insert-usage-rows.js';

/**
 * A usage row for tests to insert: one successful gateway call (an agent's call when `agent` is given) of
 * openai:gpt-4.1-mini, 100 tokens in and 10 out, that cost $0.001 and took 5 ms, served by the first model the
 * router tried. `fields` overrides any of it.
 */
export function usageEventRow(
  ids: { organizationId: string; projectId: string },
  fields: Partial<Omit<UsageEventRow, 'projectId' | 'organizationId'>> = {},
): UsageEventRow {
  const provider = fields.provider ?? 'openai';
  const model = fields.model ?? 'gpt-4.1-mini';
  return {
    projectId: ids.projectId,
    organizationId: ids.organizationId,
    settlementKey: randomUUID(),
    requestId: randomUUID(),
    source: fields.agent ? 'agent' : 'gateway',
    provider,
    model,
    inputTokens: 100,
    outputTokens: 10,
    costUsd: 0.001,
    latencyMs: 5,
    outcome: 'success',
    attempts: [{ candidate: `${provider}:${model}`, outcome: 'success' }],
    ...fields,
  };
}
