import { webApi } from '@slack/bolt';
import type { Logger } from '../../core/logging/create-logger.js';
import { createSlackLogger } from './create-slack-logger.js';

export type SlackClient = webApi.WebClient;

export interface SlackClientOptions {
  /** SLACK_BOT_TOKEN. */
  token: string;
  /** SLACK_API_URL; Slack's own (`https://slack.com/api/`) when unset. */
  apiUrl?: string;
  logger: Logger;
  /** Retries of a call that failed with a 5xx, a dropped connection or a rate limit (2). */
  retries?: number;
  /** A call still unanswered after this long is abandoned (10 s). */
  timeoutMs?: number;
}

/** The Slack Web API client Switchyard posts with: a bot token, a base URL, few and quick retries. */
export function createSlackClient(options: SlackClientOptions): SlackClient {
  return new webApi.WebClient(options.token, {
    slackApiUrl: options.apiUrl ?? 'https://slack.com/api/',
    logger: createSlackLogger(options.logger),
    retryConfig: { retries: options.retries ?? 2, factor: 2, minTimeout: 250, maxTimeout: 2_000 },
    timeout: options.timeoutMs ?? 10_000,
    // Method names are never URLs here; a forged one must not send the token elsewhere.
    allowAbsoluteUrls: false,
  });
}
