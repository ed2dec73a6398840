import { randomUUID } from 'node:crypto';
import { Writable } from 'node:stream';
import { afterAll, describe, expect, it } from '@jest/globals';
import { createLogger } from '../../../core/logging/create-logger.js';
import { createUsageRecorder } from '../../../core/usage/create-usage-recorder.js';
import { createUsageRowWriter, type UsageRowWriter } from '../../../core/usage/insert-usage-rows.js';
import type { UsageEventInput } from '../../../core/usage/usage-event.js';
import { createTestPrisma, testDatabaseUrl } from '../../support/test-resources.js';

const prisma = createTestPrisma();
const usageRows = createUsageRowWriter({ databaseUrl: testDatabaseUrl() });
afterAll(async () => {
  await prisma.$disconnect();
  await usageRows.close();
});

/** A logger whose JSON lines the test can read. */
function createCapturedLogger() {
  const lines: string[] = [];
  const destination = new Writable({
    write(chunk, _encoding, callback) {
      lines.push(String(chunk));
      callback();
    },
  });
  return { logger: createLogger({ level: 'info', destination }), lines };
}

/** Prisma's usage table, behind a switch that makes writes fail like an unreachable database. */
function createWatchedStore() {
  const batchSizes: number[] = [];
  let failuresLeft = 0;
  const writeRows = usageRows.write;
  const store: UsageRowWriter = async (rows) => {
    batchSizes.push(rows.length);
    if (failuresLeft > 0) {
      failuresLeft -= 1;
      throw new Error('connect ECONNREFUSED 127.0.0.1:5432');
    }
    return writeRows(rows);
  };
  return {
    store,
    batchSizes,
    failNext: (count: number) => {
      failuresLeft = count;
    },
  };
}

function makeEvent(projectId: string, overrides: Partial<UsageEventInput> = {}): UsageEventInput {
  const requestId = randomUUID();
  return {
    projectId,
    organizationId: '00000000-0000-4000-8000-000000000001',
    settlementKey: `${requestId}:1:1`,
    requestId,
    source: 'gateway',
    provider: 'openai',
    model: 'gpt-4.1-mini',
    inputTokens: 120,
    outputTokens: 40,
    costUsd: 0.000112,
    latencyMs: 350,
    outcome: 'success',
    attempts: [{ candidate: 'openai:gpt-4.1-mini', outcome: 'success' }],
    createdAt: new Date(),
    ...overrides,
  };
}

const rowsOf = (projectId: string) =>
  prisma.usageEvent.findMany({ where: { projectId }, orderBy: { createdAt: 'asc' } });

async function waitFor(condition: () => boolean | Promise<boolean>, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

describe('the usage recorder', () => {
  it('writes rows in batches no larger than maxBatchSize, with the cost as exact decimals', async () => {
    const { store, batchSizes } = createWatchedStore();
    const recorder = createUsageRecorder({
      write: store,
      logger: createCapturedLogger().logger,
      flushIntervalMs: 60_000,
      maxBatchSize: 3,
    });
    const projectId = randomUUID();

    for (let index = 0; index < 7; index++) recorder.record(makeEvent(projectId, { costUsd: 0.1 + 0.2 }));
    await recorder.flush();

    const rows = await rowsOf(projectId);
    expect(rows).toHaveLength(7);
    expect(rows[0]!.costUsd.toFixed(9)).toBe('0.300000000');
    expect(batchSizes.every((size) => size <= 3)).toBe(true);
    expect(batchSizes.length).toBeLessThan(7);
    expect(recorder.pendingCount).toBe(0);
    await recorder.close();
  });

  it('writes buffered rows on its timer without being asked', async () => {
    const recorder = createUsageRecorder({
      write: usageRows.write,
      logger: createCapturedLogger().logger,
      flushIntervalMs: 20,
    });
    const projectId = randomUUID();
    recorder.record(makeEvent(projectId));
    recorder.record(makeEvent(projectId));

    await waitFor(async () => (await rowsOf(projectId)).length === 2);
    expect(recorder.pendingCount).toBe(0);
    await recorder.close();
  });

  it('skips a row whose settlement key was already written', async () => {
    const recorder = createUsageRecorder({
      write: usageRows.write,
      logger: createCapturedLogger().logger,
      flushIntervalMs: 60_000,
    });
    const projectId = randomUUID();
    const event = makeEvent(projectId);

    recorder.record(event);
    recorder.record({ ...event, costUsd: 9 });
    await recorder.flush();
    recorder.record(event);
    await recorder.flush();

    const rows = await rowsOf(projectId);
    expect(rows.map((row) => [row.settlementKey, row.costUsd.toFixed(9)])).toEqual([
      [event.settlementKey, '0.000112000'],
    ]);
    await recorder.close();
  });

  it('keeps the rows when a write fails, logs without the rows, and retries them with backoff', async () => {
    const { store, failNext } = createWatchedStore();
    const { logger, lines } = createCapturedLogger();
    const recorder = createUsageRecorder({ write: store, logger, flushIntervalMs: 20 });
    const projectId = randomUUID();
    failNext(2);

    recorder.record(makeEvent(projectId, { attempts: [{ note: 'private prompt text' }] }));
    recorder.record(makeEvent(projectId));
    await expect(recorder.flush()).rejects.toThrow('ECONNREFUSED');
    expect(recorder.pendingCount).toBe(2);

    await waitFor(async () => (await rowsOf(projectId)).length === 2);
    expect(recorder.pendingCount).toBe(0);
    const failureLogs = lines.filter((line) => line.includes('could not be written'));
    expect(failureLogs.length).toBeGreaterThanOrEqual(2);
    expect(failureLogs.join('')).not.toContain('private prompt text');
    await recorder.close();
  });

  it('drops the oldest rows beyond maxBufferedRows, counts them and logs an error', async () => {
    const { logger, lines } = createCapturedLogger();
    const projectId = randomUUID();
    const events = Array.from({ length: 13 }, (_, index) =>
      makeEvent(projectId, { latencyMs: index, createdAt: new Date(Date.UTC(2026, 10, 20, 12, 0, index)) }),
    );
    const { store, failNext } = createWatchedStore();
    const blocked = createUsageRecorder({
      write: store,
      logger,
      flushIntervalMs: 60_000,
      maxBatchSize: 10,
      maxBufferedRows: 10,
    });
    failNext(1);

    for (const event of events.slice(0, 10)) blocked.record(event);
    // The full batch started a write that fails: the rows come back and the three newest push out the oldest.
    await waitFor(() => lines.some((line) => line.includes('could not be written')));
    for (const event of events.slice(10)) blocked.record(event);

    expect(blocked.pendingCount).toBe(10);
    expect(blocked.droppedCount).toBe(3);
    expect(lines.some((line) => line.includes('dropped the oldest usage rows'))).toBe(true);
    await blocked.close();
    expect((await rowsOf(projectId)).map((row) => row.latencyMs)).toEqual([3, 4, 5, 6, 7, 8, 9, 10, 11, 12]);
  });

  it('refuses a row that could never be written instead of blocking its batch', async () => {
    const recorder = createUsageRecorder({
      write: usageRows.write,
      logger: createCapturedLogger().logger,
      flushIntervalMs: 60_000,
    });
    recorder.record(makeEvent('not-a-uuid'));
    recorder.record(makeEvent(randomUUID(), { costUsd: Number.NaN }));

    expect(recorder.pendingCount).toBe(0);
    expect(recorder.droppedCount).toBe(2);
    await recorder.close();
  });

  it('flushes every buffered row on close', async () => {
    const recorder = createUsageRecorder({
      write: usageRows.write,
      logger: createCapturedLogger().logger,
      flushIntervalMs: 60_000,
    });
    const projectId = randomUUID();
    for (let index = 0; index < 5; index++) recorder.record(makeEvent(projectId));

    await recorder.close();

    expect(recorder.pendingCount).toBe(0);
    expect(await rowsOf(projectId)).toHaveLength(5);
  });
});
