import { buildConfigJobRequest } from '../../core/jobs/build-config-job-request.js';
import type { JobQueue } from '../../core/jobs/create-job-queue.js';
import type { CodePlatform } from '../../core/jobs/job-request.js';
import type { Logger } from '../../core/logging/create-logger.js';
import type { ConnectedProject } from '../../core/projects/create-platform-project-directory.js';

// Enqueues in flight at once: an installation can add hundreds of repositories, and each enqueue writes a
// job_runs row; the pool of Postgres connections is shared with the rest of the process.
const enqueueConcurrency = 8;

/**
 * Queues one `config` job per newly connected repository, so a custom `commands.prefix` works from the first
 * comment. They run after reviews (background priority), a few per project at most. A failed enqueue is
 * logged and skipped: the connection itself is done, and the first push or pull request job teaches the
 * configuration anyway.
 */
export async function enqueueConnectedConfigJobs(input: {
  queue: Pick<JobQueue, 'enqueue'>;
  logger: Logger;
  platform: CodePlatform;
  connected: readonly ConnectedProject[];
  /** The webhook delivery that connected them: the jobs' revision, so a redelivery enqueues nothing new. */
  deliveryId: string;
}): Promise<void> {
  const pending = [...input.connected];
  const enqueueNext = async (): Promise<void> => {
    for (let project = pending.shift(); project; project = pending.shift()) {
      const request = buildConfigJobRequest({
        project,
        platform: input.platform,
        repository: project.name,
        revision: `connect-${input.deliveryId}`,
        deliveryId: input.deliveryId,
      });
      try {
        await input.queue.enqueue(request);
      } catch (error) {
        input.logger.warn(
          { err: error, projectId: project.projectId, repository: project.name },
          'could not queue the configuration read of a connected repository',
        );
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(enqueueConcurrency, pending.length) }, enqueueNext));
}
