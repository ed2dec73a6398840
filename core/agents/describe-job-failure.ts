import { isSwitchyardError } from '../errors/switchyard-error.js';
import type { FailedJob } from '../jobs/job-context.js';

const agentNames = {
  review: 'review',
  describe: 'description',
  ask: 'answer',
  command: 'command',
  // Never posted (a repository-wide job has no pull request to comment on); named for completeness.
  config: 'configuration',
} as const;

/** What to do next for the error codes people can act on. */
function adviceFor(code: string | undefined): string {
  if (code === undefined)
    return "An administrator can find the details in Switchyard's log under this job id.";
  if (code === 'budget.run_cap_reached')
    return 'Raise `limits.perRunUsd` in `.switchyard.yml`, or review a smaller change.';
  if (code.startsWith('budget.'))
    return "An administrator can raise the budget in Switchyard's settings, or wait for the next period.";
  if (code === 'router.no_healthy_provider' || code.startsWith('llm.'))
    return 'The model providers were unavailable; ask again with the command once they recover.';
  if (code.startsWith('github.') || code.startsWith('gitlab.'))
    return "The platform's API refused or failed; check the app's permissions and try again.";
  return "Try again with the command; if it keeps failing, an administrator can find the details in Switchyard's log.";
}

/** The one failure message a job that failed for good posts: what failed, why, and what to do. */
export function describeJobFailure(
  error: Error,
  job: Pick<FailedJob, 'jobId' | 'request' | 'attemptsMade'>,
): string {
  const code = isSwitchyardError(error) ? error.code : undefined;
  // Only our own errors carry messages written for people; anything else may hold internals.
  const reason = code !== undefined ? error.message : 'an unexpected error';
  const what = agentNames[job.request.agent];
  const tries = job.attemptsMade > 1 ? ` after ${job.attemptsMade} attempts` : '';
  return [
    `### ⚠️ Switchyard could not post the ${what}`,
    '',
    `The ${what} for this pull request failed${tries}: ${reason}`,
    '',
    adviceFor(code),
    '',
    `<sub>Job \`${job.jobId}\`${code ? ` · \`${code}\`` : ''}</sub>`,
  ].join('\n');
}
