import { App, type Receiver } from '@slack/bolt';
import type { Logger } from '../../core/logging/create-logger.js';
import { createSlackLogger } from '../../integrations/slack/create-slack-logger.js';
import type { createSlackCommandHandler } from './create-slack-command-handler.js';

export interface SlackBoltAppOptions {
  /** HTTP mode: the receiver on Switchyard's server. Socket Mode: a SocketModeReceiver (SLACK_APP_TOKEN). */
  receiver: Receiver;
  botToken: string;
  apiUrl?: string;
  /** SLACK_COMMAND. */
  command: string;
  handle: ReturnType<typeof createSlackCommandHandler>;
  logger: Logger;
}

/**
 * The Bolt app: one listener for slash commands. A fixed `authorize` gives every event the bot token (one
 * workspace, no OAuth) without Bolt's start-up `auth.test` call. Commands under another name than SLACK_COMMAND
 * are answered with what to fix rather than left to time out.
 */
export function createSlackBoltApp(options: SlackBoltAppOptions): App {
  const { logger, command } = options;
  const app = new App({
    receiver: options.receiver,
    authorize: async () => ({ botToken: options.botToken }),
    logger: createSlackLogger(logger),
    clientOptions: options.apiUrl ? { slackApiUrl: options.apiUrl } : {},
    convoStore: false,
  });
  app.command(/.*/, async ({ command: payload, ack }) => {
    if (payload.command !== command) {
      await ack({
        response_type: 'ephemeral',
        text: `This Switchyard answers \`${command}\`; set SLACK_COMMAND to match the command created in the Slack app.`,
      });
      return;
    }
    await options.handle({ payload, ack });
  });
  app.error(async (error) => {
    logger.error({ err: error }, 'slack: Bolt reported an error');
  });
  return app;
}
