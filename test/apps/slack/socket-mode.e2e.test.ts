import { randomBytes } from 'node:crypto';
import { describe, expect, it } from '@jest/globals';
import { type FakeSlack, startFakeSlack } from '../../fakes/slack-server.js';
import type { FakeSlackSocketMode } from '../../fakes/slack-socket-mode-server.js';
import { type ManagementServer, startManagementServer } from '../../support/start-switchyard.js';
import { settle, waitFor } from '../github/support/github-app-harness.js';
import { botToken } from './support/slack-app-harness.js';
import { ada, channel, reviewAnswer, useSlackWorkspace } from './support/slack-workspace.js';

const appToken = `xapp-1-A0SWITCHYARD-${randomBytes(6).toString('hex')}`;
/** Socket Mode only: no signing secret, so no HTTP endpoint. */
const socketModeOnly = { SLACK_APP_TOKEN: appToken, SLACK_SIGNING_SECRET: '' };

/** Slack's limit for acknowledging an envelope. */
const slackAckLimitMs = 3_000;

function socketModeOf(slack: FakeSlack): FakeSlackSocketMode {
  if (!slack.socketMode) throw new Error('the Slack stand-in was started without an app token');
  return slack.socketMode;
}

describe('the Slack app over Socket Mode, end to end', () => {
  const workspace = useSlackWorkspace(socketModeOnly);
  const { seed, identify, messageAbout, jobRunsOf, waitForJobRuns } = workspace;
  const socket = () => socketModeOf(workspace.harness.slack);

  it('connects with SLACK_APP_TOKEN through SLACK_API_URL and serves no HTTP endpoint', async () => {
    const connection = await socket().waitForConnection();
    expect(connection.isOpen).toBe(true);
    const [open] = workspace.harness.slack.callsOf('apps.connections.open');
    expect(open!.headers.authorization).toBe(`Bearer ${appToken}`);
    const response = await workspace.harness.post('command=%2Fswitchyard&text=help', {});
    expect(response.statusCode).toBe(404);
  });

  it('reviews a pull request asked for over the socket: acknowledged in time, one job, the result posted', async () => {
    await socket().waitForConnection();
    const seeded = await seed();
    await identify(ada, 'ada');
    workspace.harness.openai.script('gpt-4.1-mini', [{ kind: 'reply', text: reviewAnswer }]);

    const { ack, triggerId } = await workspace.harness.slashCommandOverSocket(`review <${seeded.url}>`, {
      user: ada,
      channel,
    });
    expect(ack.elapsedMs).toBeLessThan(slackAckLimitMs);
    // An empty acknowledgement: the progress shows in the channel, not as a reply to the command.
    expect(ack.payload ?? {}).toEqual({});

    const [run] = await waitForJobRuns(seeded.projectId);
    expect(run).toMatchObject({
      platform: 'slack',
      agent: 'review',
      requestedBy: 'ada',
      revision: `slack-${triggerId}`,
    });
    const done = await waitFor('the result message', () => {
      const message = messageAbout(seeded.label);
      return message && JSON.stringify(message.blocks ?? []).includes('Cost:') ? message : undefined;
    });
    expect(done.history[0]!.text).toContain('queued for <@U0ADA>');
    const blocks = JSON.stringify(done.blocks);
    expect(blocks).toContain(`<${seeded.url}|Review of ${seeded.label}>`);
    expect(blocks).toMatch(/Cost: \*\$0\.\d{4}\*/);
    const updates = workspace.harness.slack.callsOf('chat.update');
    expect(updates.length).toBeGreaterThan(0);
    expect(updates.every((call) => call.headers.authorization === `Bearer ${botToken}`)).toBe(true);
    expect(await jobRunsOf(seeded.projectId)).toHaveLength(1);
  });

  it('answers help in the acknowledgement itself', async () => {
    await socket().waitForConnection();
    const { ack } = await workspace.harness.slashCommandOverSocket('help', { user: ada, channel });
    expect(ack.elapsedMs).toBeLessThan(slackAckLimitMs);
    expect(ack.payload).toMatchObject({ response_type: 'ephemeral' });
    expect(String(ack.payload?.text)).toContain('/switchyard review');
  });

  it('runs one job for a command Slack delivers again in a new envelope', async () => {
    await socket().waitForConnection();
    const seeded = await seed();
    await identify(ada, 'ada');
    workspace.harness.openai.setDefault({ kind: 'reply', text: reviewAnswer });
    const first = await workspace.harness.slashCommandOverSocket(`review ${seeded.url}`, {
      user: ada,
      channel,
    });
    const retry = await workspace.harness.slashCommandOverSocket(`review ${seeded.url}`, {
      user: ada,
      channel,
      triggerId: first.triggerId,
    });
    expect(retry.envelopeId).not.toBe(first.envelopeId);
    expect(retry.ack.elapsedMs).toBeLessThan(slackAckLimitMs);
    await waitForJobRuns(seeded.projectId);
    await waitFor('the retry to be recognized', () =>
      workspace.harness.switchyard
        .logs()
        .split('\n')
        .some((line) => line.includes('a retried command was ignored') && line.includes(first.triggerId)),
    );
    await settle(500);
    expect(await jobRunsOf(seeded.projectId)).toHaveLength(1);
    expect(
      workspace.harness.slack.state
        .messages(channel)
        .filter((message) => message.history[0]?.text.includes(seeded.label)),
    ).toHaveLength(1);
  });

  it('reconnects with a new ticket after Slack asks for a refresh or the link drops, and keeps serving', async () => {
    const first = await socket().waitForConnection();
    const opened = workspace.harness.slack.callsOf('apps.connections.open').length;
    const count = socket().connections.length;

    socket().disconnect('refresh_requested');
    // The client closes the old link itself, with a normal closure.
    expect(await first.closed).toBe(1000);
    // At once: the client's own loop would have waited 5 s.
    const second = await socket().waitForConnection(count + 1, 3_000);
    expect(second.ticket).not.toBe(first.ticket);
    expect(workspace.harness.slack.callsOf('apps.connections.open')).toHaveLength(opened + 1);
    const seeded = await seed();
    await identify(ada, 'ada');
    workspace.harness.openai.setDefault({ kind: 'reply', text: reviewAnswer });
    const afterRefresh = await workspace.harness.slashCommandOverSocket(`review ${seeded.url}`, {
      user: ada,
      channel,
    });
    expect(afterRefresh.ack.connection).toBe(second.id);
    await waitForJobRuns(seeded.projectId);

    socket().drop();
    const third = await socket().waitForConnection(count + 2);
    expect(workspace.harness.slack.callsOf('apps.connections.open')).toHaveLength(opened + 2);
    const afterDrop = await workspace.harness.slashCommandOverSocket('help', { user: ada, channel });
    expect(afterDrop.ack.connection).toBe(third.id);
  });
});

/** The log line (parsed) that contains every one of `parts`. */
function logLineWith(server: ManagementServer, ...parts: string[]) {
  const line = server
    .logs()
    .split('\n')
    .find((each) => parts.every((part) => each.includes(part)));
  return line === undefined ? undefined : (JSON.parse(line) as { level: number; msg: string });
}

describe('Socket Mode connecting', () => {
  /** Switchyard in Socket Mode with `token` against a Slack stand-in that accepts `appToken`. */
  async function startSocketModeServer(token: string, prepare: (slack: FakeSlack) => void = () => {}) {
    const slack = await startFakeSlack({ botToken, appToken });
    prepare(slack);
    const server = await startManagementServer({
      SLACK_APP_TOKEN: token,
      SLACK_BOT_TOKEN: botToken,
      SLACK_API_URL: slack.apiUrl,
    });
    return {
      slack,
      server,
      async close() {
        await server.close();
        await slack.close();
      },
    };
  }

  it.each([
    ['an app token Slack does not know', 'xapp-1-A0SWITCHYARD-unknown', 'invalid_auth'],
    ['the bot token given as the app token', botToken, 'not_allowed_token_type'],
  ])('reports %s, naming SLACK_APP_TOKEN, and does not retry it', async (_case, token, code) => {
    const { slack, server, close } = await startSocketModeServer(token);
    try {
      const line = await waitFor('the refusal in the logs', () =>
        logLineWith(server, `Slack refused SLACK_APP_TOKEN (${code})`),
      );
      expect(line.level).toBe(50);
      expect(line.msg).toContain('app-level token (xapp-…) with the connections:write scope');
      await settle(1_500);
      expect(slack.callsOf('apps.connections.open')).toHaveLength(1);
      expect(socketModeOf(slack).connections).toHaveLength(0);
      // The rest of Switchyard keeps running.
      expect((await server.send('GET', '/healthz', {})).statusCode).toBe(200);
    } finally {
      await close();
    }
  });

  it('tries a first connection again after Slack fails to open it', async () => {
    const { slack, server, close } = await startSocketModeServer(appToken, (fake) =>
      fake.script('apps.connections.open', [{ kind: 'error', error: 'internal_error' }]),
    );
    try {
      await socketModeOf(slack).waitForConnection();
      expect(slack.callsOf('apps.connections.open')).toHaveLength(2);
      expect(
        logLineWith(server, 'Socket Mode could not connect (internal_error); trying again in 1 s'),
      ).toBeDefined();
      await waitFor('the start-up message', () =>
        logLineWith(server, 'Slack commands enabled over Socket Mode'),
      );
    } finally {
      await close();
    }
  });

  it('stops, and says why, when Slack refuses the token on a reconnect, and Switchyard keeps running', async () => {
    const { slack, server, close } = await startSocketModeServer(appToken);
    try {
      const socket = socketModeOf(slack);
      await socket.waitForConnection();
      // The app token is revoked while Switchyard runs; Slack then recycles the link.
      slack.script('apps.connections.open', [{ kind: 'error', error: 'token_revoked' }]);
      socket.disconnect('refresh_requested');
      await waitFor('the refusal in the logs', () =>
        logLineWith(server, 'Slack refused SLACK_APP_TOKEN (token_revoked)'),
      );
      await settle(1_500);
      expect(slack.callsOf('apps.connections.open')).toHaveLength(2);
      expect(socket.connections.filter((each) => each.isOpen)).toHaveLength(0);
      expect((await server.send('GET', '/healthz', {})).statusCode).toBe(200);
    } finally {
      await close();
    }
  });
});

describe('Socket Mode shutdown, end to end', () => {
  const workspace = useSlackWorkspace(socketModeOnly);
  const { seed, identify, jobRunsOf } = workspace;

  it('finishes a command it acknowledged, then closes the socket, when the server closes', async () => {
    const socket = socketModeOf(workspace.harness.slack);
    const connection = await socket.waitForConnection();
    const seeded = await seed();
    await identify(ada, 'ada');
    // The progress message is slow to post: the command is still running when shutdown starts.
    workspace.harness.slack.script('chat.postMessage', [{ kind: 'slow', delayMs: 1_000 }]);
    await workspace.harness.slashCommandOverSocket(`review ${seeded.url}`, { user: ada, channel });

    await workspace.harness.switchyard.server.close();
    expect(connection.isOpen).toBe(false);
    expect(await connection.closed).toBe(1000);
    expect(await jobRunsOf(seeded.projectId)).toHaveLength(1);
    expect(workspace.harness.switchyard.logs()).not.toContain('slack: command failed');
    await settle(300);
    expect(socket.connections.filter((each) => each.isOpen)).toHaveLength(0);
  });
});
