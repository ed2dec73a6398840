import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { createLogger } from '../../../core/logging/create-logger.js';
import { createSlackClient } from '../../../integrations/slack/create-slack-client.js';
import { createSlackConversationSink } from '../../../integrations/slack/create-slack-conversation-sink.js';
import { type FakeSlack, startFakeSlack } from '../../fakes/slack-server.js';
import { createTestRedis, testKeyPrefix } from '../../support/test-resources.js';

const botToken = 'xoxb-sink-test';
const logger = createLogger({ level: 'silent' });
const result = {
  title: 'Summary of acme/api#7',
  markdown: '**Adds** a cache. <@U0BOSS> should approve.',
  pullRequestUrl: 'https://github.com/acme/api/pull/7',
  resultUrl: 'https://github.com/acme/api/pull/7#issuecomment-9',
  costUsd: 0.0021,
  footer: '<sub>Switchyard · gpt-4.1-mini (openai) · $0.0021</sub>',
};

describe('the Slack conversation sink', () => {
  let slack: FakeSlack;
  const redis = createTestRedis('slack-sink');
  let sink: ReturnType<typeof createSlackConversationSink>;

  beforeAll(async () => {
    slack = await startFakeSlack({ botToken });
  });
  afterAll(async () => {
    await slack.close();
    await redis.quit();
  });
  beforeEach(() => {
    slack.reset();
    slack.addChannel({ id: 'C1' });
    slack.addChannel({ id: 'C2', is_member: false });
    sink = createSlackConversationSink({
      client: createSlackClient({ token: botToken, apiUrl: slack.apiUrl, logger, retries: 0 }),
      redis,
      keyPrefix: testKeyPrefix('slack-sink'),
      logger,
    });
  });
  const target = (extra: Record<string, unknown> = {}) => ({
    platform: 'slack',
    teamId: slack.teamId,
    channel: 'C1',
    userId: 'U0ADA',
    requestKey: randomBytes(6).toString('hex'),
    ...extra,
  });

  it('posts one message on first use and edits it from then on, ending with the result', async () => {
    const replyTo = target();
    await sink.progress(replyTo, 'Working on the summary of acme/api#7…');
    await sink.progress(replyTo, 'Still working…');
    const posted = await sink.finish(replyTo, result);
    const messages = slack.state.messages('C1');
    expect(messages).toHaveLength(1);
    expect(messages[0]!.history.map((version) => version.text)).toEqual([
      ':hourglass_flowing_sand: Working on the summary of acme/api#7…',
      ':hourglass_flowing_sand: Still working…',
      expect.stringContaining('Summary of acme/api#7 (cost $0.0021)'),
    ]);
    expect(posted.url).toBe(
      `https://switchyard-test.slack.com/archives/C1/p${messages[0]!.ts.replace('.', '')}`,
    );
    const blocks = JSON.stringify(messages[0]!.blocks);
    expect(blocks).toContain('*Adds* a cache.');
    expect(blocks).not.toContain('<@U0BOSS>');
    expect(slack.callsOf('chat.postMessage')[0]!.headers.authorization).toBe(`Bearer ${botToken}`);
  });

  it('edits the progress message the app posted, and posts a new one when that was deleted', async () => {
    const first = await slack.state.call('chat.postMessage', { channel: 'C1', text: 'queued' });
    const replyTo = target({ progressTs: first.ts });
    await sink.progress(replyTo, 'Working…');
    expect(slack.state.messages('C1')).toHaveLength(1);
    slack.script('chat.update', [{ kind: 'error', error: 'message_not_found' }]);
    await sink.fail(replyTo, 'The model provider is down: try again later.');
    const messages = slack.state.messages('C1');
    expect(messages).toHaveLength(2);
    expect(messages[1]!.text).toContain(':warning: The model provider is down');
    // The new message is the job's message now.
    await sink.finish(replyTo, result);
    expect(slack.state.messages('C1')).toHaveLength(2);
    expect(slack.state.messages('C1')[1]!.text).toContain('Summary of acme/api#7');
  });

  it('never fails a job over progress, drops a result Slack cannot take, and rethrows what a retry may fix', async () => {
    const outside = target({ channel: 'C2' });
    await expect(sink.progress(outside, 'Working…')).resolves.toBeUndefined();
    await expect(sink.finish(outside, result)).resolves.toEqual({ id: '', url: result.resultUrl });
    await expect(sink.fail(outside, 'failed')).resolves.toBeUndefined();
    slack.script('chat.postMessage', [{ kind: 'error', error: 'internal_error' }]);
    await expect(sink.finish(target(), result)).rejects.toMatchObject({
      code: 'slack.internal_error',
      retryable: true,
    });
  });

  it('refuses a job whose reply target is not Slack-shaped', async () => {
    await expect(sink.finish({ commentId: 5 }, result)).rejects.toMatchObject({
      code: 'slack.reply_target_invalid',
    });
  });
});
