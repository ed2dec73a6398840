import { createHmac, randomBytes } from 'node:crypto';
import { createSlackConversations } from '../../../../apps/slack/create-slack-conversations.js';
import { slackEventsPath } from '../../../../apps/slack/register-slack-routes.js';
import type { JobWorker } from '../../../../core/jobs/create-job-worker.js';
import { type FakeSlack, startFakeSlack } from '../../../fakes/slack-server.js';
import type { RecordedSlackAck } from '../../../fakes/slack-socket-mode-server.js';
import type { ApiResponse } from '../../../support/start-switchyard.js';
import { startTestWorker } from '../../../support/start-test-worker.js';
import {
  type GitHubAppHarness,
  installationId,
  startGitHubAppHarness,
} from '../../github/support/github-app-harness.js';

export const signingSecret = `slack-secret-${randomBytes(8).toString('hex')}`;
export const botToken = `xoxb-test-${randomBytes(6).toString('hex')}`;
export const command = '/switchyard';

/** Signs a body as Slack does: `v0=` + HMAC-SHA256 of `v0:<timestamp>:<body>` with the signing secret. */
export function signSlackBody(body: string, timestamp: number, secret = signingSecret): string {
  return `v0=${createHmac('sha256', secret).update(`v0:${timestamp}:${body}`).digest('hex')}`;
}

export interface SlashCommandOptions {
  user: string;
  channel: string;
  triggerId?: string;
  /** Seconds since the epoch (now by default). */
  timestamp?: number;
  signature?: string;
  retryNum?: number;
  commandName?: string;
}

export interface SlackAppHarness extends GitHubAppHarness {
  slack: FakeSlack;
  /** Sends a signed slash command over HTTP, as Slack does; returns the answer and how long it took. */
  slashCommand(
    text: string,
    options: SlashCommandOptions,
  ): Promise<{ response: ApiResponse; elapsedMs: number; body: string; triggerId: string }>;
  /**
   * Pushes a slash command envelope over the Socket Mode stand-in's newest connection (the harness must have
   * been started with SLACK_APP_TOKEN) and waits for its acknowledgement.
   */
  slashCommandOverSocket(
    text: string,
    options: Pick<SlashCommandOptions, 'user' | 'channel' | 'triggerId' | 'commandName'>,
  ): Promise<{ ack: RecordedSlackAck; envelopeId: string; triggerId: string }>;
  /** Sends exactly this body with these Slack headers. */
  post(body: string, headers: Record<string, string>): Promise<ApiResponse>;
  /** A GitHub installation's repository known to Switchyard (as its installation webhook would record it). */
  connectRepository(fullName: string, externalId: number): Promise<string>;
  /** An agent worker that reports Slack jobs through the Slack stand-in, as a worker process does. */
  startSlackWorker(): JobWorker;
}

/** A new trigger id in Slack's format. */
const newTriggerId = () => `${Date.now()}.${randomBytes(4).readUInt32BE()}.${randomBytes(8).toString('hex')}`;

/**
 * The GitHub App harness (GitHub and OpenAI stand-ins, Switchyard over HTTP) with the Slack app configured
 * against the Slack stand-in: SLACK_SIGNING_SECRET, SLACK_BOT_TOKEN and SLACK_API_URL. With SLACK_APP_TOKEN in
 * `environment`, the stand-in also serves Socket Mode for that token.
 */
export async function startSlackAppHarness(
  environment: Record<string, string> = {},
): Promise<SlackAppHarness> {
  // A workspace of its own: Slack state in the shared database is keyed by team.
  const slack = await startFakeSlack({
    botToken,
    teamId: `T${randomBytes(5).toString('hex').toUpperCase()}`,
    appToken: environment.SLACK_APP_TOKEN,
  });
  const harness = await startGitHubAppHarness({
    SLACK_SIGNING_SECRET: signingSecret,
    SLACK_BOT_TOKEN: botToken,
    SLACK_API_URL: slack.apiUrl,
    SLACK_COMMAND: command,
    ...environment,
  });
  const { context } = harness.switchyard;
  const slackWorkers: JobWorker[] = [];
  const post = (body: string, headers: Record<string, string>) =>
    harness.switchyard.send(
      'POST',
      slackEventsPath,
      { 'content-type': 'application/x-www-form-urlencoded', ...headers },
      body,
    );
  /** The fields of a slash command as Slack sends them (a form over HTTP, JSON over Socket Mode). */
  const slashCommandFields = (
    text: string,
    options: Pick<SlashCommandOptions, 'user' | 'channel' | 'commandName'> & { triggerId: string },
  ): Record<string, string> => ({
    token: 'deprecated-verification-token',
    team_id: slack.teamId,
    team_domain: 'switchyard-test',
    channel_id: options.channel,
    channel_name: options.channel.toLowerCase(),
    user_id: options.user,
    user_name: options.user.toLowerCase(),
    command: options.commandName ?? command,
    text,
    api_app_id: 'A0SWITCHYARD',
    is_enterprise_install: 'false',
    response_url: slack.responseUrl(options.triggerId),
    trigger_id: options.triggerId,
  });
  return {
    ...harness,
    slack,
    post,
    async slashCommand(text, options) {
      const triggerId = options.triggerId ?? newTriggerId();
      const body = new URLSearchParams(slashCommandFields(text, { ...options, triggerId })).toString();
      const timestamp = options.timestamp ?? Math.floor(Date.now() / 1000);
      const headers: Record<string, string> = {
        'x-slack-request-timestamp': String(timestamp),
        'x-slack-signature': options.signature ?? signSlackBody(body, timestamp),
      };
      if (options.retryNum !== undefined) {
        headers['x-slack-retry-num'] = String(options.retryNum);
        headers['x-slack-retry-reason'] = 'http_timeout';
      }
      const started = performance.now();
      const response = await post(body, headers);
      return { response, elapsedMs: performance.now() - started, body, triggerId };
    },
    async slashCommandOverSocket(text, options) {
      if (!slack.socketMode) throw new Error('start the Slack app harness with SLACK_APP_TOKEN');
      const triggerId = options.triggerId ?? newTriggerId();
      // Over Socket Mode the payload is the HTTP form's fields, as JSON.
      const envelopeId = slack.socketMode.push({
        type: 'slash_commands',
        payload: slashCommandFields(text, { ...options, triggerId }),
        accepts_response_payload: true,
      });
      return { ack: await slack.socketMode.waitForAck(envelopeId), envelopeId, triggerId };
    },
    async connectRepository(fullName, externalId) {
      await context.projects.connect({
        platform: 'github',
        organization: { externalId: String(installationId), name: fullName.split('/')[0]! },
        projects: [{ externalId: String(externalId), name: fullName }],
      });
      const project = await context.prisma.project.findFirstOrThrow({
        where: { platform: 'github', externalId: String(externalId) },
        select: { id: true },
      });
      return project.id;
    },
    startSlackWorker() {
      const worker = startTestWorker(context, { conversations: createSlackConversations(context) });
      slackWorkers.push(worker);
      return worker;
    },
    async close() {
      await Promise.all(slackWorkers.map((worker) => worker.close({ force: true }).catch(() => {})));
      await harness.close();
      await slack.close();
    },
  };
}
