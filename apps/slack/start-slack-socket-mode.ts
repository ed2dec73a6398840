import { SocketModeReceiver } from '@slack/bolt';
import { createSlackLogger } from '../../integrations/slack/create-slack-logger.js';
import { slackErrorCode } from '../../integrations/slack/map-slack-error.js';
import { createSlackBoltApp, type SlackBoltAppOptions } from './create-slack-bolt-app.js';

export interface SlackSocketModeOptions extends Omit<SlackBoltAppOptions, 'receiver'> {
  /** SLACK_APP_TOKEN: an app-level token (`xapp-…`) with `connections:write`. */
  appToken: string;
  /** The longest wait between two failed connection attempts (30 s); the first waits 1 s, then it doubles. */
  maxRetryMs?: number;
}

export interface SlackSocketMode {
  /** Closes the connection (no new commands arrive), then waits for the commands still running. */
  stop(): Promise<void>;
}

/** A connection that closes sooner than this counts as a failed attempt. */
const stableMs = 10_000;
/** `apps.connections.open` errors a retry cannot fix: the token itself is wrong. */
const authErrors = new Set([
  'invalid_auth',
  'not_authed',
  'account_inactive',
  'token_revoked',
  'not_allowed_token_type',
  'user_removed_from_team',
  'team_disabled',
]);

/**
 * Slash commands over Socket Mode: Bolt's SocketModeReceiver, whose client asks `apps.connections.open`
 * (through SLACK_API_URL, like the bot's WebClient) for a WebSocket URL and acknowledges envelopes on it.
 * Connecting is not awaited, so the server starts even while Slack is unreachable.
 *
 * Reconnection is ours, not the client's: its own loop leaves a rejected promise unhandled when Slack refuses
 * the token on a reconnect (which ends the process), waits 5 s after every routine `refresh_requested`, and
 * retries an unreachable Slack with ever longer pauses. Here a closed connection is replaced at once, failures
 * back off from 1 s to `maxRetryMs`, and a refused token stops Socket Mode with a message naming
 * SLACK_APP_TOKEN. `stop` waits for the socket to close and for the commands in flight, as the HTTP drain does.
 */
export function startSlackSocketMode(options: SlackSocketModeOptions): SlackSocketMode {
  const { logger, appToken } = options;
  const maxRetryMs = options.maxRetryMs ?? 30_000;
  const receiver = new SocketModeReceiver({
    appToken,
    logger: createSlackLogger(logger),
    autoReconnectEnabled: false,
    installerOptions: {
      clientOptions: {
        ...(options.apiUrl ? { slackApiUrl: options.apiUrl } : {}),
        // A hung or failing apps.connections.open comes back to the loop below instead of blocking it.
        retryConfig: { retries: 2, factor: 2, minTimeout: 500, maxTimeout: 2_000 },
        timeout: 10_000,
      },
    },
  });
  const { client } = receiver;
  const inFlight = new Set<Promise<void>>();
  createSlackBoltApp({
    ...options,
    receiver,
    handle(input) {
      const work = options.handle(input);
      inFlight.add(work);
      const forget = () => inFlight.delete(work);
      work.then(forget, forget);
      return work;
    },
  });

  let stopped = false;
  let connecting = false;
  let connectedOnce = false;
  let failures = 0;
  let connectedAt = 0;
  let timer: NodeJS.Timeout | undefined;
  const backoffMs = () => Math.min(1_000 * 2 ** (failures - 1), maxRetryMs);

  const schedule = (delayMs: number) => {
    if (stopped || connecting || timer) return;
    timer = setTimeout(() => {
      timer = undefined;
      connect();
    }, delayMs);
    timer.unref();
  };

  const connect = () => {
    connecting = true;
    receiver.start().then(
      () => {
        connecting = false;
        connectedAt = Date.now();
        if (stopped) return;
        if (connectedOnce) logger.info('slack: Socket Mode reconnected');
        else logger.info({ command: options.command }, 'Slack commands enabled over Socket Mode');
        connectedOnce = true;
      },
      (error: unknown) => {
        connecting = false;
        if (stopped) return;
        const code = slackErrorCode(error);
        if (code !== undefined && authErrors.has(code)) {
          logger.error(
            { err: error, code },
            `slack: Socket Mode could not connect: Slack refused SLACK_APP_TOKEN (${code}). Set it to an app-level token (xapp-…) with the connections:write scope, from the Slack app's Basic Information page, and restart Switchyard`,
          );
          return;
        }
        failures += 1;
        const delayMs = backoffMs();
        logger.error(
          { err: error, code },
          `slack: Socket Mode could not connect (${code ?? 'the connection failed'}); trying again in ${delayMs / 1000} s`,
        );
        schedule(delayMs);
      },
    );
  };

  // A connection closes when Slack asks for a refresh, the link drops or pings go unanswered. A start that
  // fails also ends here, but its rejection above decides when to try again.
  client.on('disconnected', () => {
    if (stopped || connecting) return;
    // One that did not last counts as a failure, or a link that drops at once would be reopened in a loop.
    failures = Date.now() - connectedAt < stableMs ? failures + 1 : 0;
    const delayMs = failures === 0 ? 0 : backoffMs();
    logger.info({ delayMs }, 'slack: the Socket Mode connection closed; opening a new one');
    schedule(delayMs);
  });
  // The client resets its shutdown flag when a connection starts: one whose apps.connections.open was in
  // flight when stop was called still completes, and is closed here.
  client.on('connected', () => {
    if (stopped) void client.disconnect();
  });
  connect();

  return {
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await client.disconnect();
      await Promise.allSettled([...inFlight]);
    },
  };
}
