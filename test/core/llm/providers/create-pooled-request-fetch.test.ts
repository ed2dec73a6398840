import { afterAll, describe, expect, it } from '@jest/globals';
import { createAnthropicProvider } from '../../../../core/llm/providers/anthropic/create-anthropic-provider.js';
import { createPooledRequestFetch } from '../../../../core/llm/providers/create-pooled-request-fetch.js';
import { createOpenAIProvider } from '../../../../core/llm/providers/openai/create-openai-provider.js';
import { anthropicErrorBody, startFakeAnthropic } from '../../../fakes/anthropic-server.js';
import { startFakeOpenAI } from '../../../fakes/openai-server.js';
import { readMessagesBody } from './anthropic/read-messages-body.js';
import { readChatBody } from './openai/read-chat-body.js';
import { describeProviderConformance } from './provider-conformance.js';

// The adapters must behave the same through the gateway's transport as through the global fetch.
const transport = createPooledRequestFetch();
afterAll(() => transport.close());

describeProviderConformance({
  name: 'openai through the pooled request fetch',
  provider: 'openai',
  modelId: 'gpt-4.1-mini',
  startFake: () => startFakeOpenAI(),
  createModel: (baseUrl, apiKey) =>
    createOpenAIProvider(
      { name: 'openai', kind: 'openai', apiKey, baseUrl },
      { fetch: transport.fetch },
    ).languageModel('gpt-4.1-mini'),
  baseUrlFor: (port) => `http://127.0.0.1:${port}/v1`,
  readWire: (body) => readChatBody(body, 'max_completion_tokens'),
  errorBody: (_status, message) => ({
    error: { message, type: 'invalid_request_error', code: 'invalid_api_key' },
  }),
  contextLengthError: {
    status: 400,
    body: {
      error: {
        message: 'Too long.',
        type: 'invalid_request_error',
        param: null,
        code: 'context_length_exceeded',
      },
    },
  },
});

describeProviderConformance({
  name: 'anthropic through the pooled request fetch',
  provider: 'anthropic',
  modelId: 'claude-haiku-4-5',
  startFake: () => startFakeAnthropic(),
  createModel: (baseUrl, apiKey) =>
    createAnthropicProvider(
      { name: 'anthropic', kind: 'anthropic', apiKey, baseUrl },
      { fetch: transport.fetch },
    ).languageModel('claude-haiku-4-5'),
  baseUrlFor: (port) => `http://127.0.0.1:${port}`,
  readWire: readMessagesBody,
  errorBody: (status, message) => anthropicErrorBody(status, message),
  contextLengthError: {
    status: 400,
    body: anthropicErrorBody(400, 'prompt is too long: 212004 tokens > 200000 maximum'),
  },
});

describe('createPooledRequestFetch', () => {
  it('reuses pooled connections instead of opening one per call', async () => {
    const fake = await startFakeOpenAI();
    const model = createOpenAIProvider(
      { name: 'openai', kind: 'openai', apiKey: 'sk-test-keepalive', baseUrl: fake.baseUrl },
      { fetch: transport.fetch },
    ).languageModel('gpt-4.1');
    for (let index = 0; index < 6; index += 1)
      await model.complete({ messages: [{ role: 'user', content: 'hi' }] });
    expect(fake.calls).toHaveLength(6);
    // undici may alternate between two idle connections, but never opens one per call.
    expect(new Set(fake.calls.map((call) => call.remotePort)).size).toBeLessThanOrEqual(2);
    await fake.close();
  });
});
