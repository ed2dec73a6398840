import { commandJobFields } from '../../core/agents/commands/command-job-fields.js';
import {
  defaultCommandPrefix,
  parseCommentCommand,
} from '../../core/agents/commands/parse-comment-command.js';
import { screenConfigPush } from '../../core/agents/screen-config-push.js';
import { buildConfigJobRequest } from '../../core/jobs/build-config-job-request.js';
import type { JobRequest, PullRequestEvent } from '../../core/jobs/job-request.js';
import type { PlatformProject } from '../../core/projects/create-platform-project-directory.js';
import type {
  GitLabHookPayload,
  MergeRequestHookPayload,
  NoteHookPayload,
  PushHookPayload,
} from './gitlab-payloads.js';

/** What a merge request, note or push hook asks for: jobs to enqueue, or why it asks for none. */
export type GitLabJobPlan = { kind: 'enqueue'; requests: JobRequest[] } | { kind: 'ignore'; reason: string };

const ignore = (reason: string): GitLabJobPlan => ({ kind: 'ignore', reason });

// Project and group access tokens act as `project_<id>_bot_<hash>` / `group_<id>_bot_<hash>` users (Switchyard's own
// token usually is one) and hook payloads rarely carry `user.bot`. The name only ever drops a note, never grants
// anything: who may run a command is checked by the worker.
const accessTokenBotName = /^(project|group)_\d+_bot(_[0-9a-f]+)?$/i;

function leftDraft(changes: MergeRequestHookPayload['changes']): boolean {
  return [changes?.draft, changes?.work_in_progress].some(
    (change) => change?.previous === true && change.current === false,
  );
}

/**
 * The pull request event a merge request hook stands for (in the platform-neutral names the worker checks
 * against `triggers`) and its head commit, or why it stands for none. GitLab sends `update` for every edit:
 * only one with `oldrev` brought commits, and one whose `changes.draft` goes true → false left draft.
 */
export function readMergeRequestEvent(
  payload: MergeRequestHookPayload,
): { event: PullRequestEvent; revision: string } | { reason: string } {
  const { action, state, oldrev, last_commit: lastCommit } = payload.object_attributes;
  let event: PullRequestEvent | undefined;
  if (action === 'open') event = 'opened';
  else if (action === 'reopen') event = 'reopened';
  else if (action === 'update' && oldrev) event = 'synchronize';
  else if (action === 'update' && leftDraft(payload.changes)) event = 'ready_for_review';
  if (!event) {
    return action === 'update'
      ? { reason: 'merge_request.update without new commits starts nothing (an edit of the title, labels…)' }
      : { reason: `merge_request.${action ?? 'unknown'} starts nothing` };
  }
  if (state !== 'opened') return { reason: 'the merge request is not open' };
  if (!lastCommit) return { reason: 'the merge request has no commits' };
  return { event, revision: lastCommit.id };
}

/** Why a note can start nothing whatever the project (checked before it is queued), if so. */
export function screenNoteEvent(payload: NoteHookPayload): string | undefined {
  const note = payload.object_attributes;
  if (note.action !== undefined && note.action !== 'create') return `note.${note.action} starts nothing`;
  if (note.noteable_type !== 'MergeRequest') {
    return `the note is not on a merge request (noteable_type ${note.noteable_type})`;
  }
  if (note.system) return 'system notes are ignored';
  if (payload.user.bot || accessTokenBotName.test(payload.user.username)) return 'notes by bots are ignored';
  // Every command prefix is one word, optionally after /, ! or @ (see commands.prefix): anything else is talk.
  if (!/^\s*[/!@]?[A-Za-z]/.test(note.note)) return 'the note is not a command';
  return undefined;
}

const zeroSha = /^0+$/;

/**
 * Why a push hook can start nothing whatever the project, if so: only a push to the default branch that may
 * change `.switchyard.yml` starts a `config` job. GitLab lists the newest 20 commits of a push, so a longer
 * one, a new branch or a rewind (no commits listed) counts as a change.
 */
export function screenPushHook(payload: PushHookPayload): string | undefined {
  const { commits } = payload;
  return screenConfigPush({
    ref: payload.ref,
    defaultBranch: payload.project.default_branch,
    deleted: zeroSha.test(payload.after),
    partial:
      zeroSha.test(payload.before) ||
      commits.length === 0 ||
      (payload.total_commits_count ?? 0) > commits.length,
    commits,
  });
}

/** Why a hook can start nothing whatever the project (checked before it is queued), if so. */
export function screenGitLabHook(payload: GitLabHookPayload): string | undefined {
  if (payload.kind === 'note') return screenNoteEvent(payload.value);
  if (payload.kind === 'push') return screenPushHook(payload.value);
  const read = readMergeRequestEvent(payload.value);
  return 'reason' in read ? read.reason : undefined;
}

function baseRequest(project: PlatformProject, repository: string, number: number, deliveryId: string) {
  return {
    projectId: project.projectId,
    organizationId: project.organizationId,
    platform: 'gitlab' as const,
    target: { kind: 'pull_request' as const, platform: 'gitlab' as const, repository, number },
    deliveryId,
  };
}

/**
 * A merge request hook: one review job for each new head (opened, new commits, reopened, left draft).
 * Whether it runs (triggers, drafts, ignore rules, pause) is decided by the worker, which reads the merge
 * request and `.switchyard.yml` from GitLab; the webhook answers without GitLab calls.
 */
function planMergeRequestJobs(
  payload: MergeRequestHookPayload,
  project: PlatformProject,
  deliveryId: string,
): GitLabJobPlan {
  const read = readMergeRequestEvent(payload);
  if ('reason' in read) return ignore(read.reason);
  const request: JobRequest = {
    ...baseRequest(project, payload.project.path_with_namespace, payload.object_attributes.iid, deliveryId),
    agent: 'review',
    revision: read.revision,
    trigger: 'automatic',
    event: read.event,
  };
  return { kind: 'enqueue', requests: [request] };
}

/**
 * A new note on a merge request that starts with the project's command prefix: one job, answered in the
 * note's thread. Who may run it is checked by the worker against GitLab's member API.
 */
function planNoteJobs(payload: NoteHookPayload, project: PlatformProject, deliveryId: string): GitLabJobPlan {
  const screened = screenNoteEvent(payload);
  if (screened) return ignore(screened);
  const note = payload.object_attributes;
  const prefix = project.commandPrefix ?? defaultCommandPrefix;
  const command = parseCommentCommand(note.note, prefix);
  if (!command || !payload.merge_request) return ignore(`the note does not start with ${prefix}`);
  const replyTo: Record<string, unknown> = { platform: 'gitlab', noteId: note.id };
  if (note.discussion_id) replyTo.discussionId = note.discussion_id;
  if (note.url) replyTo.noteUrl = note.url;
  const request: JobRequest = {
    ...baseRequest(project, payload.project.path_with_namespace, payload.merge_request.iid, deliveryId),
    // A note names no commit: the job reads the head when it runs. The note id keeps it one job.
    revision: `note-${note.id}`,
    trigger: 'command',
    requestedBy: payload.user.username,
    replyTo,
    ...commandJobFields(command),
  };
  return { kind: 'enqueue', requests: [request] };
}

/** A push hook that may change `.switchyard.yml` on the default branch: one `config` job, keyed by the pushed commit. */
function planPushJobs(payload: PushHookPayload, project: PlatformProject, deliveryId: string): GitLabJobPlan {
  const screened = screenPushHook(payload);
  if (screened) return ignore(screened);
  const request = buildConfigJobRequest({
    project,
    platform: 'gitlab',
    repository: payload.project.path_with_namespace,
    revision: payload.after,
    deliveryId,
  });
  return { kind: 'enqueue', requests: [request] };
}

/** The jobs a validated hook asks for in this project. */
export function planGitLabJobs(
  payload: GitLabHookPayload,
  project: PlatformProject,
  deliveryId: string,
): GitLabJobPlan {
  if (payload.kind === 'merge_request') return planMergeRequestJobs(payload.value, project, deliveryId);
  if (payload.kind === 'note') return planNoteJobs(payload.value, project, deliveryId);
  return planPushJobs(payload.value, project, deliveryId);
}
