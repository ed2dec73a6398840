import type { Redis } from '../redis/create-redis-client.js';
import type { JobKeys } from './job-keys.js';

/** Why a job is stopped from outside the worker. */
export type JobStopReason = 'superseded' | 'cancelled';

/** How long a cancel mark lives: longer than any job waits in the queue or runs. */
export const defaultCancelTtlMs = 24 * 60 * 60_000;

/**
 * Marks a job as stopped and tells every worker at once: the mark (a key with a TTL) makes a worker skip
 * the job when it picks it up and refuses it as a new enqueue; the message aborts it if it is running.
 */
export async function signalJobCancel(options: {
  redis: Redis;
  keys: JobKeys;
  jobId: string;
  reason: JobStopReason;
  ttlMs?: number;
}): Promise<void> {
  const { redis, keys, jobId, reason } = options;
  await redis.set(keys.cancel(jobId), reason, 'PX', options.ttlMs ?? defaultCancelTtlMs);
  await redis.publish(keys.cancellations, JSON.stringify({ jobId, reason }));
}

/** The stop mark of a job, if it has one. */
export async function readJobCancel(
  redis: Redis,
  keys: JobKeys,
  jobId: string,
): Promise<JobStopReason | undefined> {
  const value = await redis.get(keys.cancel(jobId));
  return value === 'superseded' || value === 'cancelled' ? value : undefined;
}
