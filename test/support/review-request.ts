import { randomBytes } from 'node:crypto';
import type { JobRequest } from '../../core/jobs/job-request.js';

/**
 * A review someone asked for with a command on `acme/widgets` (or `repository`): enqueued at once (no
 * debounce), and the queue publishes a `job` event the page hears.
 */
export function reviewRequest(
  organizationId: string,
  projectId: string,
  number: number,
  repository = 'acme/widgets',
): JobRequest {
  return {
    projectId,
    organizationId,
    platform: 'github',
    agent: 'review',
    trigger: 'command',
    requestedBy: 'octocat',
    revision: randomBytes(20).toString('hex'),
    target: { kind: 'pull_request', repository, number },
  };
}
