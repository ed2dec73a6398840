import { createUsageEventBatcher } from '../events/create-usage-event-batcher.js';
import type { EventPublisher } from '../events/publish-event.js';
import type { Logger } from '../logging/create-logger.js';
import type { UsageRowWriter } from './insert-usage-rows.js';
import { findUnwritableUsageField, mapUsageEventRow } from './map-usage-event-row.js';
import type { UsageEventInput } from './usage-event.js';

/** Buffers usage rows off the hot path and writes them to Postgres in batches. */
export interface UsageRecorder {
  /** Queues one row; synchronous and cheap, never throws for a database problem. */
  record(event: UsageEventInput): void;
  /** Writes every row buffered when called; rejects (rows kept for retry) when a write fails. */
  flush(): Promise<void>;
  /** Stops the timer and flushes; rejects when the last rows could not be written. */
  close(): Promise<void>;
  /** Rows recorded but not yet written (buffered or being written). */
  readonly pendingCount: number;
  /** Rows thrown away since start: beyond `maxBufferedRows`, or impossible to write. */
  readonly droppedCount: number;
}

export interface UsageRecorderOptions {
  /** Writes one batch (createUsageRowWriter(prisma) in production; tests may wrap it). */
  write: UsageRowWriter;
  logger: Logger;
  flushIntervalMs: number;
  /** Rows per INSERT (500). */
  maxBatchSize?: number;
  /** Memory bound while Postgres is unreachable; the oldest rows go first (50,000). */
  maxBufferedRows?: number;
  /** Ceiling of the retry backoff after failed writes (30 s). */
  maxRetryDelayMs?: number;
  /** Where spend is published once written (summed per project, about once a second) for live updates. */
  events?: EventPublisher;
  /** How often spend is published per project (1 s). */
  eventIntervalMs?: number;
}

const dropLogIntervalMs = 10_000;

/** A UsageRecorder: batched inserts (duplicates skipped) on an unref'd timer, retried with backoff. */
export function createUsageRecorder(options: UsageRecorderOptions): UsageRecorder {
  const { write, logger, flushIntervalMs } = options;
  const maxBatchSize = options.maxBatchSize ?? 500;
  const maxBufferedRows = options.maxBufferedRows ?? 50_000;
  const maxRetryDelayMs = options.maxRetryDelayMs ?? 30_000;
  if (!(flushIntervalMs > 0 && maxBatchSize > 0 && maxBufferedRows >= maxBatchSize)) {
    throw new RangeError(
      'flushIntervalMs and maxBatchSize must be positive, maxBufferedRows at least maxBatchSize',
    );
  }

  // Rows live in `queue` from index `head` on: dropping the oldest is then O(1), not an array shift.
  let queue: UsageEventInput[] = [];
  let head = 0;
  let inFlightRows = 0;
  let runningFlushes = 0;
  let flushChain: Promise<void> = Promise.resolve();
  let consecutiveFailures = 0;
  let retryNotBefore = 0;
  let droppedCount = 0;
  let droppedSinceLog = 0;
  let nextDropLogAt = 0;
  let closed = false;
  let timer: NodeJS.Timeout | undefined;
  const spend = options.events
    ? createUsageEventBatcher({ events: options.events, intervalMs: options.eventIntervalMs })
    : undefined;

  const bufferedRows = () => queue.length - head;

  const compact = () => {
    if (head > 1024 && head * 2 > queue.length) {
      queue = queue.slice(head);
      head = 0;
    }
  };

  const logDrops = (force: boolean) => {
    if (droppedSinceLog === 0 || (!force && Date.now() < nextDropLogAt)) return;
    logger.error(
      { droppedRows: droppedSinceLog, droppedTotal: droppedCount, maxBufferedRows },
      'usage buffer full while Postgres is not keeping up: dropped the oldest usage rows',
    );
    droppedSinceLog = 0;
    nextDropLogAt = Date.now() + dropLogIntervalMs;
  };

  const dropOldestBeyondLimit = () => {
    const excess = Math.min(bufferedRows() + inFlightRows - maxBufferedRows, bufferedRows());
    if (excess <= 0) return;
    head += excess;
    droppedCount += excess;
    droppedSinceLog += excess;
    compact();
    logDrops(false);
  };

  const writeBatch = async (count: number) => {
    const batch = queue.slice(head, head + count);
    head += count;
    compact();
    inFlightRows += count;
    try {
      await write(batch.map(mapUsageEventRow));
      spend?.add(batch);
      inFlightRows -= count;
      consecutiveFailures = 0;
      retryNotBefore = 0;
    } catch (error) {
      inFlightRows -= count;
      // Back at the front, in order, so the next attempt writes the oldest rows first.
      queue = batch.concat(queue.slice(head));
      head = 0;
      dropOldestBeyondLimit();
      consecutiveFailures += 1;
      const retryInMs = retryDelay(consecutiveFailures);
      retryNotBefore = Date.now() + retryInMs;
      logger.error(
        {
          rows: count,
          pendingRows: bufferedRows(),
          consecutiveFailures,
          retryInMs,
          error: describeError(error),
        },
        'usage rows could not be written to Postgres; keeping them to retry',
      );
      throw error;
    }
  };

  // Writes the rows present when it starts, not rows recorded meanwhile, so a flush under load ends.
  const drain = async () => {
    let remaining = bufferedRows();
    while (remaining > 0 && bufferedRows() > 0) {
      const count = Math.min(remaining, maxBatchSize, bufferedRows());
      await writeBatch(count);
      remaining -= count;
    }
    logDrops(true);
  };

  // Every flush joins one chain, so two never write at the same time.
  const runFlush = (): Promise<void> => {
    runningFlushes += 1;
    const run = flushChain.then(drain).finally(() => {
      runningFlushes -= 1;
    });
    flushChain = run.catch(() => undefined);
    return run;
  };

  const startFlushInBackground = () => {
    // Already logged by writeBatch; the timer retries.
    runFlush().catch(() => undefined);
  };

  const retryDelay = (failures: number) => {
    const delay = Math.min(maxRetryDelayMs, flushIntervalMs * 2 ** failures);
    // Jitter so that many workers coming back after an outage do not all write at the same instant.
    return Math.round(delay * (0.8 + Math.random() * 0.4));
  };

  const schedule = (delayMs: number) => {
    if (closed) return;
    timer = setTimeout(async () => {
      if (bufferedRows() > 0) await runFlush().catch(() => undefined);
      schedule(consecutiveFailures > 0 ? Math.max(retryNotBefore - Date.now(), 0) : flushIntervalMs);
    }, delayMs);
    // Pending usage rows must not keep a finished process alive; close() is what flushes at shutdown.
    timer.unref();
  };
  schedule(flushIntervalMs);

  return {
    record(event) {
      const problem = findUnwritableUsageField(event);
      if (problem) {
        droppedCount += 1;
        logger.error(
          { settlementKey: event.settlementKey, projectId: event.projectId, problem },
          'usage row cannot be written to Postgres: dropped',
        );
        return;
      }
      queue.push(event);
      dropOldestBeyondLimit();
      const batchIsFull = bufferedRows() >= maxBatchSize;
      const mayWrite = runningFlushes === 0 && Date.now() >= retryNotBefore;
      // After close there is no timer left: a late row (a request finishing during shutdown) is written now.
      if (closed || (batchIsFull && mayWrite)) startFlushInBackground();
    },
    flush: runFlush,
    async close() {
      closed = true;
      clearTimeout(timer);
      try {
        await runFlush();
      } catch (error) {
        logger.error({ unwrittenRows: bufferedRows() }, 'usage rows left unwritten at shutdown');
        throw error;
      } finally {
        spend?.close();
      }
    },
    get pendingCount() {
      return bufferedRows() + inFlightRows;
    },
    get droppedCount() {
      return droppedCount;
    },
  };
}

// Prisma messages can quote the rows of the failed query; the first line says what went wrong without them.
function describeError(error: unknown): { name?: string; code?: string; message: string } {
  if (!(error instanceof Error)) return { message: String(error).slice(0, 300) };
  const code = (error as { code?: unknown }).code;
  return {
    name: error.name,
    ...(typeof code === 'string' ? { code } : {}),
    message: error.message.split('\n', 1)[0]!.slice(0, 300),
  };
}
