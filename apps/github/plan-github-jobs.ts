import { commandJobFields } from '../../core/agents/commands/command-job-fields.js';
import {
  defaultCommandPrefix,
  parseCommentCommand,
} from '../../core/agents/commands/parse-comment-command.js';
import { type ConfigPush, screenConfigPush } from '../../core/agents/screen-config-push.js';
import { buildConfigJobRequest } from '../../core/jobs/build-config-job-request.js';
import type { JobRequest, PullRequestEvent } from '../../core/jobs/job-request.js';
import type { PlatformProject } from '../../core/projects/create-platform-project-directory.js';
import type {
  GitHubEventPayload,
  IssueCommentPayload,
  PullRequestPayload,
  PushPayload,
} from './github-payloads.js';

/** What a pull request, comment or push event asks for: jobs to enqueue, or why it asks for none. */
export type GitHubJobPlan = { kind: 'enqueue'; requests: JobRequest[] } | { kind: 'ignore'; reason: string };

const automaticActions: ReadonlySet<string> = new Set<PullRequestEvent>([
  'opened',
  'synchronize',
  'reopened',
  'ready_for_review',
]);

const ignore = (reason: string): GitHubJobPlan => ({ kind: 'ignore', reason });

/** Why a pull request event can start nothing whatever the project (checked before it is queued), if so. */
export function screenPullRequestEvent(payload: PullRequestPayload): string | undefined {
  if (!automaticActions.has(payload.action)) return `pull_request.${payload.action} starts nothing`;
  if (payload.pull_request.state !== 'open') return 'the pull request is not open';
  return undefined;
}

/** Why a comment event can start nothing whatever the project (checked before it is queued), if so. */
export function screenCommentEvent(payload: IssueCommentPayload): string | undefined {
  if (payload.action !== 'created') return `issue_comment.${payload.action} starts nothing`;
  if (!payload.issue.pull_request) return 'the comment is on an issue, not a pull request';
  if (payload.comment.user.type === 'Bot' || payload.sender.type === 'Bot')
    return 'comments by bots are ignored';
  // Every command prefix is one word, optionally after /, ! or @ (see commands.prefix): anything else is talk.
  if (!/^\s*[/!@]?[A-Za-z]/.test(payload.comment.body)) return 'the comment is not a command';
  return undefined;
}

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
 * A pull request event: one review job for each new head (opened, synchronize, reopened, ready_for_review). Whether they run (triggers, drafts, ignore rules, pause) is decided by
 * the worker, which reads `.switchyard.yml` from the base branch; the webhook answers without GitHub calls.
 */
export function planPullRequestJobs(
  payload: PullRequestPayload,
  project: PlatformProject,
  deliveryId: string,
): GitHubJobPlan {
  const screened = screenPullRequestEvent(payload);
  if (screened) return ignore(screened);
  const event = payload.action as PullRequestEvent;
  const base = {
    ...baseRequest(project, payload.repository.full_name, payload.pull_request.number, deliveryId),
    revision: payload.pull_request.head.sha,
    trigger: 'automatic' as const,
    event,
  };
  // One job per head: on `opened` it also describes the pull request when `.switchyard.yml` asks for it.
  return { kind: 'enqueue', requests: [{ ...base, agent: 'review' }] };
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
  const screened = screenCommentEvent(payload);
  if (screened) return ignore(screened);
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
    ...commandJobFields(command),
  };
  return { kind: 'enqueue', requests: [request] };
}

// GitHub lists at most 2,048 commits of a push, and at most 3,000 changed files of each commit.
const listedCommitsCap = 2048;
const listedFilesCap = 3000;

/** A push in the platform-neutral terms `screenConfigPush` reads. */
function readConfigPush(payload: PushPayload): ConfigPush {
  const { commits } = payload;
  const partial =
    payload.created ||
    payload.forced ||
    commits.length === 0 ||
    commits.length >= listedCommitsCap ||
    (payload.size ?? 0) > commits.length ||
    commits.some(
      (commit) => commit.added.length + commit.modified.length + commit.removed.length >= listedFilesCap,
    );
  return {
    ref: payload.ref,
    defaultBranch: payload.repository.default_branch,
    deleted: payload.deleted,
    partial,
    commits,
  };
}

/** Why a push can start nothing whatever the project (checked before it is queued), if so. */
export function screenPushEvent(payload: PushPayload): string | undefined {
  return screenConfigPush(readConfigPush(payload));
}

/**
 * A push to the default branch that adds, changes or removes `.switchyard.yml` (or may have: see
 * `screenConfigPush`): one `config` job that re-reads the file, keyed by the pushed commit.
 */
export function planPushJobs(
  payload: PushPayload,
  project: PlatformProject,
  deliveryId: string,
): GitHubJobPlan {
  const screened = screenPushEvent(payload);
  if (screened) return ignore(screened);
  const request = buildConfigJobRequest({
    project,
    platform: 'github',
    repository: payload.repository.full_name,
    revision: payload.after,
    deliveryId,
  });
  return { kind: 'enqueue', requests: [request] };
}

/** Why an event can start nothing whatever the project (checked before it is queued), if so. */
export function screenGitHubEvent(payload: GitHubEventPayload): string | undefined {
  if (payload.kind === 'pull_request') return screenPullRequestEvent(payload.value);
  if (payload.kind === 'issue_comment') return screenCommentEvent(payload.value);
  return screenPushEvent(payload.value);
}

/** The jobs a validated event asks for in this project. */
export function planGitHubJobs(
  payload: GitHubEventPayload,
  project: PlatformProject,
  deliveryId: string,
): GitHubJobPlan {
  if (payload.kind === 'pull_request') return planPullRequestJobs(payload.value, project, deliveryId);
  if (payload.kind === 'issue_comment') return planCommentJobs(payload.value, project, deliveryId);
  return planPushJobs(payload.value, project, deliveryId);
}
