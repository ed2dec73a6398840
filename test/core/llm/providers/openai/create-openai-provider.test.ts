import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { createOpenAIProvider } from '../../../../../core/llm/providers/openai/create-openai-provider.js';
import { type FakeOpenAI, startFakeOpenAI } from '../../../../fakes/openai-server.js';
import { failureOf } from '../capture-failure.js';
import { describeProviderConformance } from '../provider-conformance.js';
import { type ChatBody, readChatBody } from './read-chat-body.js';

const contextLengthError = {
  status: 400,
  body: {
    error: {
      message:
        "This model's maximum context length is 128000 tokens. However, your messages resulted in 130412 tokens. Please reduce the length of the messages.",
      type: 'invalid_request_error',
      param: 'messages',
      code: 'context_length_exceeded',
    },
  },
};

function openAIErrorWith(message: string) {
  return { error: { message, type: 'invalid_request_error', param: null, code: 'invalid_api_key' } };
}

describeProviderConformance({
  name: 'openai',
  provider: 'openai',
  modelId: 'gpt-4.1-mini',
  startFake: () => startFakeOpenAI(),
  createModel: (baseUrl, apiKey) =>
    createOpenAIProvider({ name: 'openai', kind: 'openai', apiKey, baseUrl }).languageModel('gpt-4.1-mini'),
  baseUrlFor: (port) => `http://127.0.0.1:${port}/v1`,
  readWire: (body) => readChatBody(body, 'max_completion_tokens'),
  errorBody: (_status, message) => openAIErrorWith(message),
  contextLengthError,
});

describe('the OpenAI adapter', () => {
  let fake: FakeOpenAI;
  const request = {
    system: 'You review code.',
    messages: [{ role: 'user' as const, content: 'Review this' }],
  };
  const lastCall = () => fake.calls[fake.calls.length - 1]!;

  beforeAll(async () => {
    fake = await startFakeOpenAI();
  });
  beforeEach(() => fake.reset());
  afterAll(() => fake.close());

  function model(settings: { apiKey?: string; fetch?: typeof fetch } = {}) {
    const provider = createOpenAIProvider(
      {
        name: 'openai',
        kind: 'openai',
        apiKey: 'apiKey' in settings ? settings.apiKey : 'sk-test',
        baseUrl: fake.baseUrl,
      },
      { fetch: settings.fetch },
    );
    return provider.languageModel('gpt-4.1');
  }

  it('sends the system prompt as the first message and the key as a bearer token', async () => {
    await model().complete(request);
    const body = lastCall().body as ChatBody;
    expect(body.messages).toEqual([
      { role: 'system', content: 'You review code.' },
      { role: 'user', content: 'Review this' },
    ]);
    expect(lastCall().headers.authorization).toBe('Bearer sk-test');
  });

  it('sends max_completion_tokens, the name current OpenAI models require', async () => {
    await model().complete({ ...request, maxOutputTokens: 50 });
    const body = lastCall().body as ChatBody;
    expect(body.max_completion_tokens).toBe(50);
    expect(body.max_tokens).toBeUndefined();
  });

  it('asks for the usage in the final stream chunk', async () => {
    for await (const _ of model().stream(request));
    expect((lastCall().body as ChatBody).stream_options).toEqual({ include_usage: true });
  });

  it('sends no JSON response format in text mode', async () => {
    await model().complete({ ...request, responseFormat: 'text' });
    expect((lastCall().body as ChatBody).response_format).toBeUndefined();
  });

  it('sends every request through the injected fetch', async () => {
    const urls: string[] = [];
    const countingFetch: typeof fetch = (input, init) => {
      urls.push(String(input instanceof Request ? input.url : input));
      return fetch(input, init);
    };
    await model({ fetch: countingFetch }).complete(request);
    expect(urls).toEqual([`${fake.baseUrl}/chat/completions`]);
  });

  it('maps the context_length_exceeded code to context_length whatever the wording', async () => {
    fake.script('gpt-4.1', [
      {
        kind: 'error',
        status: 400,
        body: {
          error: {
            message: 'Request rejected.',
            type: 'invalid_request_error',
            param: null,
            code: 'context_length_exceeded',
          },
        },
      },
    ]);
    const error = await failureOf(() => model().complete(request));
    expect(error.reason).toBe('context_length');
  });

  it('fails every call with auth_failed naming OPENAI_API_KEY when no key is configured, without a request', async () => {
    const error = await failureOf(() => model({ apiKey: undefined }).complete(request));
    expect(error.reason).toBe('auth_failed');
    expect(error.message).toContain('OPENAI_API_KEY');
    expect(fake.calls).toHaveLength(0);
  });
});
