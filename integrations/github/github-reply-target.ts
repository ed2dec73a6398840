import { z } from 'zod';
import type { ReplyTarget } from '../../core/agents/pull-request-platform.js';
import { GitHubError } from './github-error.js';

/**
 * Where a GitHub command came from, as apps/github records it in a job's `replyTo`: the issue comment that
 * carried the command (on the pull request's conversation), which the sink reacts on and quotes in its answer.
 */
export const githubReplyTargetSchema = z.object({
  platform: z.literal('github'),
  /** The issue comment's id (`comment.id` of the `issue_comment` webhook). */
  commentId: z.number().int().positive(),
  /** Its page (`comment.html_url`), for links. */
  commentUrl: z.url().optional(),
});
export type GitHubReplyTarget = z.infer<typeof githubReplyTargetSchema>;

/** Reads a job's `replyTo` as a GitHub target, or throws `github.invalid_reply_target` (not retryable). */
export function parseGitHubReplyTarget(replyTo: ReplyTarget): GitHubReplyTarget {
  const parsed = githubReplyTargetSchema.safeParse(replyTo);
  if (parsed.success) return parsed.data;
  throw new GitHubError({
    code: 'github.invalid_reply_target',
    message: `The job's replyTo is not a GitHub comment ({ platform: 'github', commentId }): ${parsed.error.issues
      .map((issue) => `${issue.path.join('.') || 'replyTo'} ${issue.message}`)
      .join('; ')}`,
  });
}
