/** The one BullMQ queue every agent job goes through. */
export const jobQueueName = 'agent-jobs';

/** Where the job pipeline keeps its state in Redis, next to BullMQ's own keys. */
export interface JobKeys {
  /** BullMQ's `prefix` option: the queue's keys are `${bullPrefix}:agent-jobs:…`. */
  bullPrefix: string;
  /** String `superseded` or `cancelled`, with a TTL: the job must not run, or must stop. */
  cancel(jobId: string): string;
  /** String: the id of the newest job enqueued for a target key. */
  latest(targetKey: string): string;
  /** String: held while one enqueue of this job id decides what to do, so concurrent twins see each other. */
  enqueueLock(jobId: string): string;
  /** Sorted set: `<jobId>|<token>` of the project's running jobs, scored by lease expiry (epoch ms). */
  projectSlots(projectId: string): string;
  /** Pub/sub channel: JSON `{ jobId, reason }` published when a job is cancelled or superseded. */
  cancellations: string;
  /** Hash: the model calls a job already made (call name → JSON), so a rerun of the job charges once. */
  callJournal(jobId: string): string;
}

/** Key layout of the job pipeline under `${keyPrefix}jobs:`, with BullMQ under `${keyPrefix}bull`. */
export function createJobKeys(keyPrefix: string): JobKeys {
  const base = `${keyPrefix}jobs:`;
  return {
    bullPrefix: `${keyPrefix}bull`,
    cancel: (jobId) => `${base}cancel:${jobId}`,
    latest: (targetKey) => `${base}latest:${targetKey}`,
    enqueueLock: (jobId) => `${base}enqueue-lock:${jobId}`,
    projectSlots: (projectId) => `${base}project-slots:${projectId}`,
    cancellations: `${base}cancellations`,
    callJournal: (jobId) => `${base}calls:${jobId}`,
  };
}
