import { createHash } from 'node:crypto';
import type { RespondArguments, SlashCommand } from '@slack/bolt';
import { slackErrorCode } from '../../integrations/slack/map-slack-error.js';
import { parseSlackCommand, type SlackCommand } from './parse-slack-command.js';
import { renderSlackHelp } from './render-slack-help.js';
import { runAgentCommand } from './run-agent-command.js';
import { runBudgetCommand } from './run-budget-command.js';
import { runIdentifyCommand, runWhoamiCommand } from './run-identity-command.js';
import { runLinkCommand } from './run-link-command.js';
import { runStatusCommand } from './run-status-command.js';
import type { SlackCommandServices, SlackInvocation } from './slack-command-services.js';

/** Bolt's `ack` of a slash command: the HTTP answer (or Socket Mode envelope), shown to the user only. */
export type SlashCommandAck = (response?: string | RespondArguments) => Promise<void>;

/** How long a request id is remembered, so a retried delivery of the same command does nothing. */
const requestMemoryMs = 24 * 60 * 60_000;
/** Errors that mean the app cannot write in the channel; the response URL still reaches the user. */
const unreachableChannelErrors = new Set([
  'channel_not_found',
  'not_in_channel',
  'is_archived',
  'user_not_in_channel',
]);

const ephemeral = (text: string): RespondArguments => ({ response_type: 'ephemeral', text });

/**
 * Handles one `/switchyard` command. It acknowledges first (help and parse errors in the acknowledgement
 * itself, anything else with an empty one), so Slack always hears back within its 3 seconds; then the work:
 * queued jobs report in the channel, other answers and every error go to the user alone (chat.postEphemeral,
 * or the command's response URL where the app cannot write). A retried delivery (same trigger id) is
 * recognized in Redis and does nothing; the job id derived from the trigger id would collapse it anyway.
 */
export function createSlackCommandHandler(services: SlackCommandServices) {
  const { logger } = services;

  const replyPrivately = async (invocation: SlackInvocation, text: string) => {
    try {
      await services.slack.chat.postEphemeral({
        channel: invocation.channelId,
        user: invocation.userId,
        text,
      });
      return;
    } catch (error) {
      if (!unreachableChannelErrors.has(slackErrorCode(error) ?? '') || !invocation.responseUrl) {
        logger.warn({ err: error, channel: invocation.channelId }, 'slack: could not answer a command');
        return;
      }
    }
    const response = await fetch(invocation.responseUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ response_type: 'ephemeral', replace_original: false, text }),
      signal: AbortSignal.timeout(10_000),
    }).catch((error: unknown) => error as Error);
    if (response instanceof Error || !response.ok) {
      logger.warn(
        { err: response instanceof Error ? response : undefined },
        'slack: response URL refused the answer',
      );
    }
  };

  /** True the first time this request is seen (Redis SET NX), false for a retry. */
  const claimRequest = async (invocation: SlackInvocation) => {
    const key = `${services.keyPrefix}slack:request:${invocation.teamId}:${invocation.triggerId}`;
    return (await services.redis.set(key, '1', 'PX', requestMemoryMs, 'NX')) === 'OK';
  };

  const run = (invocation: SlackInvocation, command: Exclude<SlackCommand, { name: 'help' }>) => {
    switch (command.name) {
      case 'review':
      case 'summarize':
      case 'ask':
        return runAgentCommand(services, invocation, command);
      case 'status':
        return runStatusCommand(services, invocation);
      case 'budget':
        return runBudgetCommand(services, invocation, command.project);
      case 'link':
      case 'unlink':
        return runLinkCommand(services, invocation, command);
      case 'whoami':
        return runWhoamiCommand(services, invocation, command.claim);
      case 'identify':
        return runIdentifyCommand(services, invocation, command);
    }
  };

  return async function handle(input: { payload: SlashCommand; ack: SlashCommandAck }): Promise<void> {
    const { payload, ack } = input;
    const parsed = parseSlackCommand(payload.text ?? '', {
      command: services.command,
      hosts: services.hosts,
    });
    if (!parsed.success) return ack(ephemeral(parsed.error));
    if (parsed.value.name === 'help') {
      return ack(
        ephemeral(
          renderSlackHelp(services.command, { unknown: parsed.value.unknown, mapping: services.mapping }),
        ),
      );
    }
    await ack();
    const invocation: SlackInvocation = {
      teamId: payload.team_id,
      channelId: payload.channel_id,
      userId: payload.user_id,
      // Slash commands always carry one; a digest of the request stands in otherwise.
      triggerId:
        payload.trigger_id ||
        createHash('sha256')
          .update(JSON.stringify([payload.team_id, payload.channel_id, payload.user_id, payload.text]))
          .digest('hex')
          .slice(0, 32),
      responseUrl: payload.response_url || undefined,
    };
    if (!(await claimRequest(invocation))) {
      logger.info({ triggerId: invocation.triggerId }, 'slack: a retried command was ignored');
      return;
    }
    try {
      const answer = await run(invocation, parsed.value);
      if (answer) await replyPrivately(invocation, answer);
    } catch (error) {
      logger.error({ err: error, command: parsed.value.name }, 'slack: command failed');
      await replyPrivately(
        invocation,
        'Something went wrong on the Switchyard server; the logs have the details. Try again in a minute.',
      );
    }
  };
}
