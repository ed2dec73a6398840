import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { slackEventsPath } from '../../../apps/slack/register-slack-routes.js';
import { type FakeSlack, startFakeSlack } from '../../fakes/slack-server.js';
import { type ManagementServer, startManagementServer } from '../../support/start-switchyard.js';
import { botToken, signingSecret, signSlackBody } from './support/slack-app-harness.js';

/** Posts to the Slack endpoint, signed for now when `signed`. */
function postToSlack(
  server: ManagementServer,
  body: string,
  options: { json?: boolean; signed?: boolean } = {},
) {
  const now = Math.floor(Date.now() / 1000);
  const headers: Record<string, string> = {
    'content-type': options.json === false ? 'application/x-www-form-urlencoded' : 'application/json',
  };
  if (options.signed) {
    headers['x-slack-request-timestamp'] = String(now);
    headers['x-slack-signature'] = signSlackBody(body, now);
  }
  return server.send('POST', slackEventsPath, headers, body);
}

describe('the Slack routes', () => {
  let slack: FakeSlack;
  beforeAll(async () => {
    slack = await startFakeSlack({ botToken });
  });
  afterAll(async () => {
    await slack.close();
  });

  it('answers Slack URL verification and SSL checks once the signature is checked', async () => {
    const server = await startManagementServer({
      SLACK_SIGNING_SECRET: signingSecret,
      SLACK_BOT_TOKEN: botToken,
      SLACK_API_URL: slack.apiUrl,
    });
    try {
      const challenge = JSON.stringify({ type: 'url_verification', token: 'x', challenge: 'c-123' });
      const verified = await postToSlack(server, challenge, { signed: true });
      expect(verified.statusCode).toBe(200);
      expect(verified.json()).toEqual({ challenge: 'c-123' });
      const unsigned = await postToSlack(server, challenge);
      expect(unsigned.statusCode).toBe(401);
      expect(unsigned.json().error.code).toBe('slack.signature_missing');
      const checked = await postToSlack(server, 'ssl_check=1&token=x', { json: false, signed: true });
      expect(checked.statusCode).toBe(200);
    } finally {
      await server.close();
    }
  });

  it('mounts nothing without a bot token, and says what is missing', async () => {
    const server = await startManagementServer({ SLACK_SIGNING_SECRET: signingSecret });
    try {
      const response = await postToSlack(server, '{}');
      expect(response.statusCode).toBe(404);
      expect(server.logs()).toContain('SLACK_BOT_TOKEN is not set');
    } finally {
      await server.close();
    }
  });
});
