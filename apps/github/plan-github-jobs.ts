import {
  type CommentCommand,
  defaultCommandPrefix,
  parseCommentCommand,
} from '../../core/agents/commands/parse-comment-command.js';
import type { JobRequest, PullRequestEvent } from '../../core/jobs/job-request.js';
import type { PlatformProject } from '../../core/projects/create-platform-project-directory.js';
import type { IssueCommentPayload, PullRequestPayload } from './github-payloads.js';

/** What a pull request or comment event asks for: jobs to enqueue, or why it asks for none. */
export type GitHubJobPlan = { kind: 'enqueue'; requests: JobRequest[] } | { kind: 'ignore'; reason: string };

const automaticActions: ReadonlySet<string> = new Set<PullRequestEvent>([
  'opened',
  'synchronize',
  'reopened',
  'ready_for_review',
]);

const ignore = (reason: string): GitHubJobPlan => ({ kind: 'ignore', reason });

function baseRequest(project: PlatformProject, repository: string, number: number, deliveryId: string) {
  return {
    projectId: project.projectId,
    organizationId: project.organizationId,
    platform: 'github' as const,
    target: { kind: 'pull_request' as const, repository, number },
    deliveryId,
  };
}

/**
 * A pull request event: a review job for each new head (opened, synchronize, reopened, ready_for_review),
 * and a describe job when it opens. Whether they run (triggers, drafts, ignore rules, pause) is decided by
 * the worker, which reads `.switchyard.yml` from the base branch; the webhook answers without GitHub calls.
 */
export function planPullRequestJobs(
  payload: PullRequestPayload,
  project: PlatformProject,
  deliveryId: string,
): GitHubJobPlan {
  if (!automaticActions.has(payload.action)) return ignore(`pull_request.${payload.action} starts nothing`);
  if (payload.pull_request.state !== 'open') return ignore('the pull request is not open');
  const event = payload.action as PullRequestEvent;
  const base = {
    ...baseRequest(project, payload.repository.full_name, payload.pull_request.number, deliveryId),
    revision: payload.pull_request.head.sha,
    trigger: 'automatic' as const,
    event,
  };
  const requests: JobRequest[] = [{ ...base, agent: 'review' }];
  if (event === 'opened') requests.push({ ...base, agent: 'describe' });
  return { kind: 'enqueue', requests };
}

/**
 * A new comment on a pull request that starts with the project's command prefix: one job. Bots are ignored
 * (GitHub sets `type: Bot` on app accounts; a login merely ending in `[bot]` proves nothing, and
 * authorization is checked against GitHub's permission API by the worker in any case).
 */
export function planCommentJobs(
  payload: IssueCommentPayload,
  project: PlatformProject,
  deliveryId: string,
): GitHubJobPlan {
  if (payload.action !== 'created') return ignore(`issue_comment.${payload.action} starts nothing`);
  if (!payload.issue.pull_request) return ignore('the comment is on an issue, not a pull request');
  if (payload.comment.user.type === 'Bot' || payload.sender.type === 'Bot')
    return ignore('comments by bots are ignored');
  const prefix = project.commandPrefix ?? defaultCommandPrefix;
  const command = parseCommentCommand(payload.comment.body, prefix);
  if (!command) return ignore(`the comment does not start with ${prefix}`);
  const request: JobRequest = {
    ...baseRequest(project, payload.repository.full_name, payload.issue.number, deliveryId),
    // A comment names no commit: the job reads the head when it runs. The comment id keeps it one job.
    revision: `comment-${payload.comment.id}`,
    trigger: 'command',
    requestedBy: payload.comment.user.login,
    replyTo: { platform: 'github', commentId: payload.comment.id, commentUrl: payload.comment.html_url },
    ...commandFields(command),
  };
  return { kind: 'enqueue', requests: [request] };
}

function commandFields(
  command: CommentCommand,
): Pick<JobRequest, 'agent' | 'question' | 'command' | 'commandText'> {
  if (command.kind === 'command') {
    return { agent: 'command', command: command.command, commandText: command.text || undefined };
  }
  if (command.agent === 'ask') return { agent: 'ask', question: command.question };
  return { agent: command.agent };
}
