import { z } from 'zod';
import type { ReplyTarget } from '../../core/agents/pull-request-platform.js';
import { GitLabError } from './gitlab-error.js';

/**
 * Where a GitLab command came from, as apps/gitlab records it in a job's `replyTo`: the merge request note that
 * carried the command (`object_attributes` of the Note Hook), which the sink awards emoji on and answers in.
 */
export const gitlabReplyTargetSchema = z.object({
  platform: z.literal('gitlab'),
  /** The note's id (`object_attributes.id`). */
  noteId: z.number().int().positive(),
  /**
   * Its thread (`object_attributes.discussion_id`, 40 hex characters): the answer goes there. Without it the
   * answer is a new note quoting the command.
   */
  discussionId: z.string().min(1).optional(),
  /** Its page (`object_attributes.url`), for links. */
  noteUrl: z.string().optional(),
});
export type GitLabReplyTarget = z.infer<typeof gitlabReplyTargetSchema>;

/** Reads a job's `replyTo` as a GitLab target, or throws `gitlab.invalid_reply_target` (not retryable). */
export function parseGitLabReplyTarget(replyTo: ReplyTarget): GitLabReplyTarget {
  const parsed = gitlabReplyTargetSchema.safeParse(replyTo);
  if (parsed.success) return parsed.data;
  throw new GitLabError({
    code: 'gitlab.invalid_reply_target',
    message: `The job's replyTo is not a GitLab note ({ platform: 'gitlab', noteId, discussionId? }): ${parsed.error.issues
      .map((issue) => `${issue.path.join('.') || 'replyTo'} ${issue.message}`)
      .join('; ')}`,
  });
}
