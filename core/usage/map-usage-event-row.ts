import type { Prisma } from '../../generated/prisma/client.js';
import type { UsageEventInput } from './usage-event.js';

const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const largestInt32 = 2_147_483_647;

/**
 * Why an event can never be written (a uuid column given something else, a cost that is not a number), or
 * undefined when it can. Checked when recording: one such row would fail its whole batch on every retry.
 */
export function findUnwritableUsageField(event: UsageEventInput): string | undefined {
  if (!uuidPattern.test(event.projectId)) return 'projectId is not a uuid';
  if (!uuidPattern.test(event.organizationId)) return 'organizationId is not a uuid';
  if (!(Number.isFinite(event.costUsd) && Math.abs(event.costUsd) < 1e11))
    return 'costUsd is not a finite amount';
  if (!(event.createdAt instanceof Date) || Number.isNaN(event.createdAt.getTime()))
    return 'createdAt is not a date';
  if (!Array.isArray(event.attempts)) return 'attempts is not an array';
  return undefined;
}

/** The `usage_events` row for one event: cost as a 9-decimal string, counts as whole int4 values. */
export function mapUsageEventRow(event: UsageEventInput): Prisma.UsageEventCreateManyInput {
  return {
    projectId: event.projectId,
    organizationId: event.organizationId,
    settlementKey: event.settlementKey,
    requestId: event.requestId,
    jobId: event.jobId ?? null,
    source: event.source,
    agent: event.agent ?? null,
    provider: event.provider,
    model: event.model,
    inputTokens: toInt32(event.inputTokens),
    outputTokens: toInt32(event.outputTokens),
    // A decimal string, not a float: DECIMAL(20,9) keeps exactly what the ledger charged.
    costUsd: event.costUsd.toFixed(9),
    latencyMs: toInt32(event.latencyMs),
    outcome: event.outcome,
    errorCode: event.errorCode ?? null,
    attempts: toJsonArray(event.attempts),
    createdAt: event.createdAt,
  };
}

function toInt32(value: number): number {
  return Number.isFinite(value) ? Math.min(Math.max(Math.round(value), 0), largestInt32) : 0;
}

function toJsonArray(attempts: unknown[]): Prisma.InputJsonValue {
  try {
    // Drops undefined and functions the way JSON does, and turns a cycle or a BigInt into a clear note
    // instead of a batch that can never be written.
    return JSON.parse(JSON.stringify(attempts)) as Prisma.InputJsonValue;
  } catch {
    return [{ note: 'attempt log could not be serialized' }];
  }
}
