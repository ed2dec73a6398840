import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { createAnthropicProvider } from '../../../../../core/llm/providers/anthropic/create-anthropic-provider.js';
import type { ModelRequest } from '../../../../../core/llm/spec/model-request.js';
import {
  anthropicErrorBody,
  type FakeAnthropic,
  startFakeAnthropic,
} from '../../../../fakes/anthropic-server.js';
import { drain, failureOf } from '../capture-failure.js';
import { describeProviderConformance } from '../provider-conformance.js';
import { type MessagesBody, readMessagesBody } from './read-messages-body.js';

describeProviderConformance({
  name: 'anthropic',
  provider: 'anthropic',
  modelId: 'claude-haiku-4-5',
  startFake: () => startFakeAnthropic(),
  createModel: (baseUrl, apiKey) =>
    createAnthropicProvider({ name: 'anthropic', kind: 'anthropic', apiKey, baseUrl }).languageModel(
      'claude-haiku-4-5',
    ),
  baseUrlFor: (port) => `http://127.0.0.1:${port}`,
  readWire: readMessagesBody,
  errorBody: (status, message) => anthropicErrorBody(status, message),
  contextLengthError: {
    status: 400,
    body: anthropicErrorBody(
      400,
      'prompt is too long: 212004 tokens > 200000 maximum',
      'invalid_request_error',
    ),
  },
});

describe('the Anthropic adapter', () => {
  let fake: FakeAnthropic;
  const modelId = 'claude-sonnet-4-5';
  const request: ModelRequest = { messages: [{ role: 'user', content: 'List two colours' }] };
  const lastBody = () => fake.calls[fake.calls.length - 1]!.body as MessagesBody;

  beforeAll(async () => {
    fake = await startFakeAnthropic();
  });
  beforeEach(() => fake.reset());
  afterAll(() => fake.close());

  function model(apiKey: string | undefined = 'sk-ant-test-0123456789') {
    return createAnthropicProvider({
      name: 'anthropic',
      kind: 'anthropic',
      apiKey,
      baseUrl: fake.baseUrl,
    }).languageModel(modelId);
  }

  it('prefills the assistant turn with { in JSON mode and puts it back in front of the answer', async () => {
    fake.script(modelId, [{ kind: 'reply', text: '"colours": ["red", "blue"]}' }]);
    const response = await model().complete({ ...request, responseFormat: 'json' });
    expect(lastBody().messages).toEqual([
      { role: 'user', content: 'List two colours' },
      { role: 'assistant', content: '{' },
    ]);
    expect(response.text).toBe('{"colours": ["red", "blue"]}');
    expect(JSON.parse(response.text)).toEqual({ colours: ['red', 'blue'] });
  });

  it('streams the { prefill as the first delta in JSON mode', async () => {
    fake.script(modelId, [{ kind: 'reply', text: '"ok": true}' }]);
    const { parts } = await drain(model().stream({ ...request, responseFormat: 'json' }));
    expect(parts[0]).toEqual({ type: 'text-delta', delta: '{' });
    const text = parts.map((part) => (part.type === 'text-delta' ? part.delta : '')).join('');
    expect(JSON.parse(text)).toEqual({ ok: true });
  });

  it("keeps the caller's system prompt ahead of the JSON instruction", async () => {
    await model().complete({ ...request, system: 'You are terse.', responseFormat: 'json' });
    expect(lastBody().system).toMatch(/^You are terse\.\n\n.*JSON/);
  });

  it('adds no prefill when the conversation already ends with an assistant turn', async () => {
    const prefilled: ModelRequest = {
      messages: [...request.messages, { role: 'assistant', content: '{"colours":' }],
      responseFormat: 'json',
    };
    await model().complete(prefilled);
    expect(lastBody().messages).toEqual(prefilled.messages);
  });

  it('sends max_tokens 4096 when the request sets no limit', async () => {
    await model().complete(request);
    expect(lastBody().max_tokens).toBe(4096);
  });

  it('sends the anthropic-version header and the key', async () => {
    await model().complete(request);
    const headers = fake.calls[0]!.headers;
    expect(headers['anthropic-version']).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(headers['x-api-key'] ?? headers.authorization?.replace('Bearer ', '')).toBe(
      'sk-ant-test-0123456789',
    );
  });

  it('maps an overloaded_error event in the middle of a stream to overloaded, after the deltas so far', async () => {
    fake.script(modelId, [{ kind: 'stream-error', afterChunks: 1, errorType: 'overloaded_error' }]);
    const { parts, error } = await drain(model().stream(request));
    expect(parts).toEqual([{ type: 'text-delta', delta: 'Echo: ' }]);
    expect(error).toMatchObject({ reason: 'overloaded', retryable: true });
  });

  it('maps an overloaded_error body to overloaded whatever the status', async () => {
    fake.script(modelId, [{ kind: 'error', status: 503, body: anthropicErrorBody(529) }]);
    const error = await failureOf(() => model().complete(request));
    expect(error).toMatchObject({ reason: 'overloaded', upstreamStatus: 503 });
  });

  it('maps a billing refusal (402) to auth_failed, which another provider can take over', async () => {
    fake.script(modelId, [{ kind: 'error', status: 402 }]);
    const error = await failureOf(() => model().complete(request));
    expect(error.reason).toBe('auth_failed');
  });

  it('fails every call with auth_failed naming ANTHROPIC_API_KEY when no key is configured, without a request', async () => {
    const error = await failureOf(() => model('').complete(request));
    expect(error.reason).toBe('auth_failed');
    expect(error.message).toContain('ANTHROPIC_API_KEY');
    expect(fake.calls).toHaveLength(0);
  });
});
