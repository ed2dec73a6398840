import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { createOpenAICompatibleProvider } from '../../../../../core/llm/providers/openai-compatible/create-openai-compatible-provider.js';
import type { ProviderSettings } from '../../../../../core/llm/spec/language-model.js';
import type { StreamPart } from '../../../../../core/llm/spec/model-response.js';
import { type FakeOpenAI, startFakeOpenAI } from '../../../../fakes/openai-server.js';
import { failureOf } from '../capture-failure.js';
import { readChatBody } from '../openai/read-chat-body.js';
import { describeProviderConformance } from '../provider-conformance.js';

describeProviderConformance({
  name: 'openai-compatible',
  provider: 'groq',
  modelId: 'llama-3.3-70b-versatile',
  startFake: () => startFakeOpenAI(),
  createModel: (baseUrl, apiKey) =>
    createOpenAICompatibleProvider({
      name: 'groq',
      kind: 'openai-compatible',
      apiKey,
      baseUrl,
    }).languageModel('llama-3.3-70b-versatile'),
  baseUrlFor: (port) => `http://127.0.0.1:${port}/v1`,
  readWire: (body) => readChatBody(body, 'max_tokens'),
  errorBody: (_status, message) => ({
    error: { message, type: 'invalid_request_error', code: 'invalid_api_key' },
  }),
  // vLLM's wording, with no code.
  contextLengthError: {
    status: 400,
    body: {
      object: 'error',
      message: "This model's maximum context length is 8192 tokens. However, you requested 9000 tokens.",
      type: 'BadRequestError',
      param: null,
      code: 400,
    },
  },
});

describe('the OpenAI-compatible adapter', () => {
  let fake: FakeOpenAI;
  const lastCall = () => fake.calls[fake.calls.length - 1]!;

  beforeAll(async () => {
    fake = await startFakeOpenAI();
  });
  beforeEach(() => fake.reset());
  afterAll(() => fake.close());

  function model(settings: Partial<ProviderSettings> = {}) {
    return createOpenAICompatibleProvider({
      name: 'local',
      kind: 'openai-compatible',
      baseUrl: fake.baseUrl,
      ...settings,
    }).languageModel('qwen2.5');
  }

  it('sends max_tokens, the only limit name many compatible servers know', async () => {
    await model().complete({ messages: [{ role: 'user', content: 'hi' }], maxOutputTokens: 64 });
    const body = lastCall().body as Record<string, unknown>;
    expect(body.max_tokens).toBe(64);
    expect(body.max_completion_tokens).toBeUndefined();
  });

  it('estimates usage at four UTF-8 bytes a prompt token and four characters an output token, and marks it', async () => {
    fake.script('qwen2.5', [{ kind: 'no-usage' }, { kind: 'no-usage' }]);
    const request = {
      system: 'Réponds en français.',
      messages: [{ role: 'user' as const, content: 'Salut à toi' }],
    };
    const promptBytes = Buffer.byteLength('Réponds en français.') + Buffer.byteLength('Salut à toi');
    const response = await model().complete(request);
    expect(response.usage).toEqual({
      inputTokens: Math.ceil(promptBytes / 4),
      outputTokens: Math.ceil(response.text.length / 4),
      estimated: true,
    });
    const parts: StreamPart[] = [];
    for await (const part of model().stream(request)) parts.push(part);
    const text = parts.map((part) => (part.type === 'text-delta' ? part.delta : '')).join('');
    expect(parts[parts.length - 1]).toMatchObject({
      type: 'finish',
      usage: {
        inputTokens: Math.ceil(promptBytes / 4),
        outputTokens: Math.ceil(text.length / 4),
        estimated: true,
      },
    });
  });

  it('sends no Authorization header when no key is configured, as Ollama expects', async () => {
    await model().complete({ messages: [{ role: 'user', content: 'hi' }] });
    expect(lastCall().headers.authorization).toBeUndefined();
  });

  it("sends Azure's api-key header and no bearer token when the key travels in headers", async () => {
    await model({ headers: { 'api-key': 'azure-secret-key-123456' } }).complete({
      messages: [{ role: 'user', content: 'hi' }],
    });
    expect(lastCall().headers['api-key']).toBe('azure-secret-key-123456');
    expect(lastCall().headers.authorization).toBeUndefined();
  });

  it('never puts a secret header value in an error message', async () => {
    fake.script('qwen2.5', [
      {
        kind: 'error',
        status: 401,
        body: { error: { message: 'Bad api-key azure-secret-key-123456', type: 'invalid_request_error' } },
      },
    ]);
    const error = await failureOf(() =>
      model({ headers: { 'api-key': 'azure-secret-key-123456' } }).complete({
        messages: [{ role: 'user', content: 'hi' }],
      }),
    );
    expect(error.message).toContain('Bad api-key');
    expect(error.message).not.toContain('azure-secret-key-123456');
  });

  it('names models and errors with the custom provider name', async () => {
    fake.script('qwen2.5', [{ kind: 'error', status: 500 }]);
    const local = model();
    expect(local.provider).toBe('local');
    const error = await failureOf(() => local.complete({ messages: [{ role: 'user', content: 'hi' }] }));
    expect(error.provider).toBe('local');
    expect(error.message.startsWith('local:qwen2.5: ')).toBe(true);
  });

  it('fails with not_found naming the missing setting when no base URL is configured', async () => {
    const error = await failureOf(() =>
      model({ baseUrl: undefined, apiKey: 'sk-x' }).complete({ messages: [{ role: 'user', content: 'hi' }] }),
    );
    expect(error.reason).toBe('not_found');
    expect(error.message).toContain('no base URL');
  });
});
