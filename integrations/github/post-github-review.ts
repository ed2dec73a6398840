import type { ChangedFile, InlineComment, PostedResult } from '../../core/agents/pull-request-platform.js';
import { appendMarker } from '../append-marker.js';
import { createIdempotently } from '../create-idempotently.js';
import { findAnchorableComments } from './find-anchorable-comments.js';
import type { GitHubSinkContext } from './github-sink-context.js';
import {
  describeValidationErrors,
  type GitHubRequestError,
  hasGitHubStatus,
  isTransientGitHubError,
} from './map-github-error.js';
import { mapGitHubFile } from './map-github-pull-request.js';
import { readFindingFingerprints } from './read-finding-fingerprints.js';

/** What ResultSink.postReview takes. */
export interface GitHubReviewInput {
  runMarker: string;
  commitSha: string;
  body: string;
  comments: InlineComment[];
}

type ReviewResult = PostedResult & { rejected: InlineComment[] };

/**
 * Posts one COMMENT review with all its inline comments in one call, once per `runMarker`. When GitHub refuses
 * the review (422) because some comments sit outside the diff, it is posted again without the comments our
 * reading of the diff cannot anchor (without any inline comment if that reading finds none to blame, or if
 * GitHub refuses again); the dropped comments are returned as `rejected`, for the summary.
 */
export async function postGitHubReview(
  context: GitHubSinkContext,
  input: GitHubReviewInput,
): Promise<ReviewResult> {
  const { octokit, owner, repo, number, logger } = context;
  const body = appendMarker(input.body, input.runMarker);

  const findReview = async (): Promise<ReviewResult | undefined> => {
    const pages = octokit.paginate.iterator(octokit.rest.pulls.listReviews, {
      owner,
      repo,
      pull_number: number,
      per_page: 100,
    });
    for await (const page of pages) {
      const review = page.data.find(
        (candidate) => context.isBot(candidate.user) && candidate.body?.includes(input.runMarker),
      );
      if (review) {
        const rejected = await findUnposted(context, review.id, input.comments);
        return { id: String(review.id), url: review.html_url, rejected };
      }
    }
    return undefined;
  };

  const submit = async (): Promise<ReviewResult> => {
    let pending = input.comments;
    let rejected: InlineComment[] = [];
    for (let round = 0; ; round += 1) {
      try {
        const { data } = await octokit.rest.pulls.createReview({
          owner,
          repo,
          pull_number: number,
          commit_id: input.commitSha,
          event: 'COMMENT',
          body,
          comments: pending.map(toGitHubComment),
          request: { retries: 0 },
        });
        if (rejected.length > 0) {
          logger.warn(
            { pull: `${owner}/${repo}#${number}`, rejected: rejected.length },
            'GitHub refused to anchor some review comments',
          );
        }
        return { id: String(data.id), url: data.html_url, rejected };
      } catch (error) {
        if (pending.length === 0 || !isAnchoringRejection(error)) throw error;
        const split =
          round === 0
            ? findAnchorableComments(pending, await loadDiff(context, input.commitSha))
            : { anchorable: [], rejected: pending };
        // Our reading of the diff blames none of them: GitHub refused for a reason we cannot see.
        const next = split.rejected.length === 0 ? { anchorable: [], rejected: pending } : split;
        pending = next.anchorable;
        rejected = [...rejected, ...next.rejected];
      }
    }
  };

  const existing = await findReview();
  if (existing) return existing;
  return createIdempotently({
    platform: 'GitHub',
    isTransient: isTransientGitHubError,
    find: findReview,
    create: submit,
    policy: context.retryPolicy,
    logger,
    what: 'post the review',
  });
}

function toGitHubComment(comment: InlineComment) {
  const range = comment.startLine !== undefined && comment.startLine < comment.line;
  return {
    path: comment.path,
    body: comment.body,
    line: comment.line,
    side: comment.side,
    ...(range ? { start_line: comment.startLine, start_side: comment.side } : {}),
  };
}

/** A 422 whose errors name a line, position, path or hunk: GitHub could not place some comment on the diff. */
function isAnchoringRejection(error: unknown): boolean {
  if (!hasGitHubStatus(error, 422)) return false;
  const data = (error as GitHubRequestError).response?.data as { errors?: unknown } | undefined;
  return describeValidationErrors(data?.errors).some((text) =>
    /\b(line|position|path|hunk|diff|side)\b/i.test(text),
  );
}

/** The files of the pull request's diff at `commitSha`, with their patches (none when it cannot be read). */
async function loadDiff(context: GitHubSinkContext, commitSha: string): Promise<ChangedFile[]> {
  const { octokit, owner, repo, number } = context;
  try {
    const { data: pull } = await octokit.rest.pulls.get({ owner, repo, pull_number: number });
    const files =
      pull.head.sha === commitSha
        ? await octokit.paginate(octokit.rest.pulls.listFiles, {
            owner,
            repo,
            pull_number: number,
            per_page: 100,
          })
        : ((
            await octokit.rest.repos.compareCommitsWithBasehead({
              owner,
              repo,
              basehead: `${pull.base.sha}...${commitSha}`,
            })
          ).data.files ?? []);
    return files.map(mapGitHubFile);
  } catch (error) {
    context.logger.warn({ err: error }, 'Could not read the diff to find the refused review comments');
    return [];
  }
}

/** The comments of `input` that the review `reviewId` does not carry (found by fingerprint, or by body). */
async function findUnposted(
  context: GitHubSinkContext,
  reviewId: number,
  comments: InlineComment[],
): Promise<InlineComment[]> {
  if (comments.length === 0) return [];
  const { octokit, owner, repo, number } = context;
  const posted = await octokit.paginate(octokit.rest.pulls.listReviewComments, {
    owner,
    repo,
    pull_number: number,
    per_page: 100,
  });
  const mine = posted.filter((comment) => comment.pull_request_review_id === reviewId);
  const fingerprints = new Set(mine.flatMap((comment) => readFindingFingerprints(comment.body)));
  const bodies = new Set(mine.map((comment) => comment.body));
  return comments.filter(
    (comment) => !fingerprints.has(comment.fingerprint.toLowerCase()) && !bodies.has(comment.body),
  );
}
