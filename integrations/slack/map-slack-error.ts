import { SwitchyardError } from '../../core/errors/switchyard-error.js';

/** Slack API errors worth trying again later (its own outages and rate limits). */
const retryableErrors = new Set([
  'ratelimited',
  'internal_error',
  'fatal_error',
  'service_unavailable',
  'request_timeout',
]);

/** What people must do about the errors a misconfigured app gets. */
const advice: Record<string, string> = {
  not_in_channel: 'invite the Switchyard app to the channel (/invite @Switchyard)',
  channel_not_found:
    'invite the Switchyard app to the channel (private channels and direct messages are invisible to it otherwise)',
  invalid_auth: 'check SLACK_BOT_TOKEN: it must be the bot token (xoxb-…) of the installed app',
  not_authed: 'set SLACK_BOT_TOKEN to the bot token (xoxb-…) of the installed app',
  account_inactive: 'the app was uninstalled or its token revoked: reinstall it and update SLACK_BOT_TOKEN',
  token_revoked: 'the app was uninstalled or its token revoked: reinstall it and update SLACK_BOT_TOKEN',
  missing_scope:
    'add the missing OAuth scope to the Slack app (chat:write, users:read, users:read.email) and reinstall it',
};

/** The `error` string of a Slack Web API failure (`channel_not_found`), or the SDK's code for transport errors. */
export function slackErrorCode(error: unknown): string | undefined {
  const candidate = error as { code?: unknown; data?: { error?: unknown }; statusCode?: unknown };
  if (typeof candidate?.data?.error === 'string') return candidate.data.error;
  if (candidate?.code === 'slack_webapi_rate_limited_error') return 'ratelimited';
  if (candidate?.code === 'slack_webapi_http_error') {
    return typeof candidate.statusCode === 'number' && candidate.statusCode >= 500
      ? 'service_unavailable'
      : 'http_error';
  }
  if (candidate?.code === 'slack_webapi_request_error') return 'request_timeout';
  return undefined;
}

/** A Slack call that failed, as a SwitchyardError (`slack.channel_not_found`, …) that says what to do. */
export function mapSlackError(error: unknown, action: string): SwitchyardError {
  const code = slackErrorCode(error) ?? 'unknown_error';
  const hint = advice[code];
  return new SwitchyardError({
    code: `slack.${code}`,
    message: `Slack refused to ${action} (${code})${hint ? `: ${hint}` : ''}.`,
    retryable: retryableErrors.has(code),
    status: 502,
    cause: error,
  });
}
