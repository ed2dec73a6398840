import type { DiscussionNotePositionOptions } from '@gitbeaker/rest';
import type { ChangedFile, InlineComment, PostedResult } from '../../core/agents/pull-request-platform.js';
import { createIdempotently } from '../create-idempotently.js';
import { readFindingFingerprints } from '../github/read-finding-fingerprints.js';
import { createGitLabPositionBuilder, type GitLabPositionBuilder } from './build-gitlab-position.js';
import { isGitLabRequestError } from './gitlab-request-error.js';
import type { GitLabSinkContext } from './gitlab-sink-context.js';
import { hasGitLabStatus, isTransientGitLabError } from './map-gitlab-error.js';
import { type GitLabDiffRefs, mapGitLabDiff } from './map-gitlab-merge-request.js';

/** What ResultSink.postReview takes. */
export interface GitLabReviewInput {
  runMarker: string;
  commitSha: string;
  body: string;
  comments: InlineComment[];
}

type ReviewResult = PostedResult & { rejected: InlineComment[] };

/** A note of the token's user that carries finding fingerprints, in its thread. */
interface PostedFinding {
  discussionId: string;
  noteId: number;
}

/**
 * GitLab has no review object: each inline comment becomes its own diff discussion, anchored on the diff version
 * of `commitSha`. A comment whose fingerprint is already on the merge request is not posted again (so a retried
 * run posts only what is missing); one GitLab cannot anchor (our reading of the diff, or GitLab's 400) is
 * returned as `rejected`. The review's `body` is not posted: the sticky summary note says it already. The
 * result is the first comment's thread (stable across retries), or the merge request's changes tab.
 */
export async function postGitLabReview(
  context: GitLabSinkContext,
  input: GitLabReviewInput,
): Promise<ReviewResult> {
  const { api, project, iid, logger } = context;
  const mergeRequest = await api.MergeRequests.show(project, iid);
  const noteUrl = (noteId: number) => `${mergeRequest.web_url}#note_${noteId}`;
  let posted = await listPostedFindings(context);
  const version =
    input.comments.length > 0 ? await loadDiffVersion(context, mergeRequest, input.commitSha) : undefined;

  const rejected: InlineComment[] = [];
  let first: PostedResult | undefined;
  for (const comment of input.comments) {
    const fingerprint = comment.fingerprint.toLowerCase();
    const existing = posted.get(fingerprint);
    if (existing) {
      first ??= { id: String(existing.noteId), url: noteUrl(existing.noteId) };
      continue;
    }
    const position = version?.(comment);
    if (!version || !position) {
      rejected.push(comment);
      continue;
    }
    const created = await createIdempotently({
      platform: 'GitLab',
      isTransient: isTransientGitLabError,
      find: async () => {
        posted = await listPostedFindings(context);
        return posted.get(fingerprint);
      },
      create: () => createDiscussion(context, comment, position, version),
      policy: context.retryPolicy,
      logger,
      what: 'post an inline comment',
    });
    if (!created) rejected.push(comment);
    else first ??= { id: String(created.noteId), url: noteUrl(created.noteId) };
  }
  if (rejected.length > 0) {
    logger.warn(
      { mergeRequest: context.label, rejected: rejected.length },
      'GitLab could not anchor some inline comments',
    );
  }
  return {
    id: first?.id ?? `${iid}@${input.commitSha}`,
    url: first?.url ?? `${mergeRequest.web_url}/diffs`,
    rejected,
  };
}

/** Fingerprint → the own note carrying it, over every discussion of the merge request. */
export async function listPostedFindings(context: GitLabSinkContext): Promise<Map<string, PostedFinding>> {
  const discussions = await context.api.MergeRequestDiscussions.all(context.project, context.iid, {
    perPage: 100,
  });
  const found = new Map<string, PostedFinding>();
  for (const discussion of discussions) {
    for (const note of discussion.notes ?? []) {
      if (!context.isOwn(note.author)) continue;
      for (const fingerprint of readFindingFingerprints(note.body)) {
        if (!found.has(fingerprint)) found.set(fingerprint, { discussionId: discussion.id, noteId: note.id });
      }
    }
  }
  return found;
}

/** Posts one diff discussion; undefined when GitLab refuses its position (after trying without a range). */
async function createDiscussion(
  context: GitLabSinkContext,
  comment: InlineComment,
  position: DiscussionNotePositionOptions,
  build: GitLabPositionBuilder,
): Promise<PostedFinding | undefined> {
  const { api, project, iid } = context;
  const attempts = position.lineRange ? [position, build(comment, { withLineRange: false })] : [position];
  for (const attempt of attempts) {
    if (!attempt) break;
    try {
      const discussion = await api.MergeRequestDiscussions.create(project, iid, comment.body, {
        position: attempt,
      });
      const note = discussion.notes?.[0];
      if (!note) throw new Error('GitLab created a discussion without its note');
      return { discussionId: discussion.id, noteId: note.id };
    } catch (error) {
      if (!isPositionRejection(error)) throw error;
      context.logger.info(
        {
          mergeRequest: context.label,
          path: comment.path,
          line: comment.line,
          answer: (error as Error).message,
        },
        'GitLab refused the position of an inline comment',
      );
    }
  }
  return undefined;
}

/** GitLab's 400 for a position it cannot find in the diff: "Note {:line_code=>["can't be blank", …]}". */
function isPositionRejection(error: unknown): boolean {
  return (
    hasGitLabStatus(error, 400) &&
    isGitLabRequestError(error) &&
    /line_code|line code|position/i.test(error.description)
  );
}

/**
 * The position builder of the diff GitLab showed for `commitSha`: the merge request's latest diff when it is the
 * head, else the older diff version pushed at that commit; undefined when there is none (the commit was
 * force-pushed away), and every comment is then rejected rather than anchored to lines that moved.
 */
async function loadDiffVersion(
  context: GitLabSinkContext,
  mergeRequest: { diff_refs?: GitLabDiffRefs | null },
  commitSha: string,
): Promise<GitLabPositionBuilder | undefined> {
  const { api, project, iid } = context;
  const refs = mergeRequest.diff_refs;
  if (refs?.head_sha === commitSha) {
    const diffs = await api.MergeRequests.allDiffs(project, iid, { perPage: 100 });
    return createGitLabPositionBuilder(refs, diffs.map(mapGitLabDiff));
  }
  const versions = await api.MergeRequests.allDiffVersions(project, iid);
  const match = versions.find((version) => version.head_commit_sha === commitSha);
  if (!match) {
    context.logger.warn(
      { mergeRequest: context.label, commitSha },
      'The reviewed commit is no longer a diff version of the merge request: its inline comments are not posted',
    );
    return undefined;
  }
  const version = await api.MergeRequests.showDiffVersion(project, iid, match.id);
  const files: ChangedFile[] = version.diffs.map((diff) => mapGitLabDiff(diff));
  return createGitLabPositionBuilder(
    {
      base_sha: version.base_commit_sha,
      start_sha: version.start_commit_sha,
      head_sha: version.head_commit_sha,
    },
    files,
  );
}
