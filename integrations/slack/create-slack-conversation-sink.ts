import type { ConversationSink, PostedResult } from '../../core/agents/pull-request-platform.js';
import { isSwitchyardError } from '../../core/errors/switchyard-error.js';
import type { Logger } from '../../core/logging/create-logger.js';
import type { Redis } from '../../core/redis/create-redis-client.js';
import type { SlackClient } from './create-slack-client.js';
import { mapSlackError, slackErrorCode } from './map-slack-error.js';
import {
  renderSlackFailure,
  renderSlackProgress,
  renderSlackResult,
  type SlackMessage,
} from './render-slack-message.js';
import { parseSlackReplyTarget, type SlackReplyTarget } from './slack-reply-target.js';

export interface SlackConversationSinkOptions {
  client: SlackClient;
  /** Remembers the progress message of a job whose app did not post one (or whose one was deleted). */
  redis: Redis;
  keyPrefix: string;
  logger: Logger;
}

const progressTtlMs = 7 * 24 * 60 * 60_000;
/** The message is gone or cannot be edited: a new one is posted instead. */
const lostMessageErrors = new Set(['message_not_found', 'cant_update_message', 'edit_window_closed']);

/**
 * Reports a Slack-asked job in its channel by editing one message: the progress message the app posted when
 * it queued the job (or, failing that, one posted on first use), then the result as Block Kit, or the failure.
 * Progress that cannot be shown never fails a job; a result or failure that cannot be posted fails it only
 * when Slack may take it later (rate limits, outages), since the work on the pull request is done.
 */
export function createSlackConversationSink(options: SlackConversationSinkOptions): ConversationSink {
  const { client, redis, logger } = options;
  const keyOf = (target: SlackReplyTarget) =>
    `${options.keyPrefix}slack:progress:${target.teamId}:${target.channel}:${target.requestKey}`;

  const post = async (target: SlackReplyTarget, message: SlackMessage): Promise<string> => {
    const posted = await client.chat.postMessage({
      channel: target.channel,
      thread_ts: target.threadTs,
      text: message.text,
      blocks: message.blocks,
      unfurl_links: false,
      unfurl_media: false,
    });
    const ts = posted.ts ?? '';
    await redis.set(keyOf(target), ts, 'PX', progressTtlMs);
    return ts;
  };

  /** Edits the job's message in place, or posts it; returns its `ts`. */
  const write = async (target: SlackReplyTarget, message: SlackMessage): Promise<string> => {
    // The remembered one first: it replaces a progress message someone deleted.
    const ts = (await redis.get(keyOf(target))) ?? target.progressTs;
    if (ts) {
      try {
        await client.chat.update({ channel: target.channel, ts, text: message.text, blocks: message.blocks });
        return ts;
      } catch (error) {
        if (!lostMessageErrors.has(slackErrorCode(error) ?? ''))
          throw mapSlackError(error, 'update its message');
      }
    }
    try {
      return await post(target, message);
    } catch (error) {
      throw mapSlackError(error, 'post in the channel');
    }
  };

  /** Rethrows what a retry may fix (rate limits, outages, Redis); logs and drops what it cannot (the app left the channel). */
  const settle = (error: unknown, what: string, target: SlackReplyTarget) => {
    if (!isSwitchyardError(error) || error.retryable) throw error;
    logger.warn({ err: error, channel: target.channel, code: error.code }, `slack: could not ${what}`);
  };

  return {
    async progress(replyTo, text) {
      const target = parseSlackReplyTarget(replyTo);
      try {
        await write(target, renderSlackProgress(text));
      } catch (error) {
        logger.warn({ err: error, channel: target.channel }, 'slack: could not show progress');
      }
    },

    async finish(replyTo, result): Promise<PostedResult> {
      const target = parseSlackReplyTarget(replyTo);
      try {
        const ts = await write(target, renderSlackResult(result, { requestedBy: target.userId }));
        const link = await client.chat
          .getPermalink({ channel: target.channel, message_ts: ts })
          .then((answer) => answer.permalink)
          .catch(() => undefined);
        return {
          id: `${target.channel}/${ts}`,
          url: link ?? `https://slack.com/app_redirect?team=${target.teamId}&channel=${target.channel}`,
        };
      } catch (error) {
        settle(error, 'post the result', target);
        return { id: '', url: result.resultUrl ?? result.pullRequestUrl };
      }
    },

    async fail(replyTo, message) {
      const target = parseSlackReplyTarget(replyTo);
      try {
        await write(target, renderSlackFailure(message));
      } catch (error) {
        settle(error, 'post the failure', target);
      }
    },
  };
}
