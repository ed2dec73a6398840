import type { ConversationSink } from '../../core/agents/pull-request-platform.js';
import type { JobPlatform } from '../../core/jobs/job-request.js';
import { createSlackClient } from '../../integrations/slack/create-slack-client.js';
import { createSlackConversationSink } from '../../integrations/slack/create-slack-conversation-sink.js';
import type { AppContext } from '../server/create-app-context.js';

/** The chats a worker reports to: Slack when SLACK_BOT_TOKEN is set (jobs from Slack fail without it). */
export function createSlackConversations(
  context: AppContext,
): Partial<Record<JobPlatform, ConversationSink>> {
  const { environment } = context;
  if (!environment.SLACK_BOT_TOKEN) return {};
  const logger = context.logger.child({ component: 'slack' });
  return {
    slack: createSlackConversationSink({
      client: createSlackClient({
        token: environment.SLACK_BOT_TOKEN,
        apiUrl: environment.SLACK_API_URL,
        logger,
      }),
      redis: context.redis,
      keyPrefix: environment.REDIS_KEY_PREFIX,
      logger,
    }),
  };
}
