import { z } from 'zod';
import { SwitchyardError } from '../../core/errors/switchyard-error.js';

/**
 * Where a job asked for in Slack reports back: the channel (and thread), the progress message the app posted
 * when it queued the job, and who asked. Stored in the job's `replyTo`, opaque to the pipeline.
 */
export const slackReplyTargetSchema = z.object({
  platform: z.literal('slack'),
  teamId: z.string().min(1),
  channel: z.string().min(1),
  userId: z.string().min(1),
  threadTs: z.string().min(1).optional(),
  /** The message edited with progress and then the result; posted on first use when absent. */
  progressTs: z.string().min(1).optional(),
  /** Unique per request (the slash command's trigger id): names the progress message when it was not posted yet. */
  requestKey: z.string().min(1).max(200),
});
export type SlackReplyTarget = z.infer<typeof slackReplyTargetSchema>;

/** Reads a job's `replyTo` as a Slack target; a job without one cannot report to Slack. */
export function parseSlackReplyTarget(replyTo: unknown): SlackReplyTarget {
  const parsed = slackReplyTargetSchema.safeParse(replyTo);
  if (parsed.success) return parsed.data;
  throw new SwitchyardError({
    code: 'slack.reply_target_invalid',
    message: `This job has no usable Slack reply target (${parsed.error.issues.map((issue) => issue.path.join('.') || 'replyTo').join(', ')}): it was not queued by the Slack app.`,
  });
}
