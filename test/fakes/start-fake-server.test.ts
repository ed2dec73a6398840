import { describe, expect, it } from '@jest/globals';
import { startFakeAnthropic } from './anthropic-server.js';
import { startFakeOpenAI } from './openai-server.js';

const chat = (body: object, headers: Record<string, string> = {}) => ({
  method: 'POST',
  headers: { 'content-type': 'application/json', ...headers },
  body: JSON.stringify(body),
});
const ask = (model: string, content: string, extra: object = {}) =>
  chat({ model, messages: [{ role: 'user', content }], ...extra });

describe('the OpenAI stand-in', () => {
  it('records the method, path, headers and parsed body of every call', async () => {
    const fake = await startFakeOpenAI();
    await fetch(`${fake.baseUrl}/chat/completions`, ask('gpt-4.1', 'hello'));
    expect(fake.calls).toEqual([
      expect.objectContaining({
        method: 'POST',
        path: '/v1/chat/completions',
        body: { model: 'gpt-4.1', messages: [{ role: 'user', content: 'hello' }] },
      }),
    ]);
    expect(fake.calls[0]!.headers['content-type']).toBe('application/json');
    await fake.close();
  });

  it('records nothing when started with record: false', async () => {
    const fake = await startFakeOpenAI({ record: false });
    await fetch(`${fake.baseUrl}/chat/completions`, ask('gpt-4.1', 'hello'));
    expect(fake.calls).toHaveLength(0);
    await fake.close();
  });

  it('answers with an echo of the last user message and usage of about four bytes a token', async () => {
    const fake = await startFakeOpenAI();
    const response = await fetch(`${fake.baseUrl}/chat/completions`, ask('gpt-4.1', 'sixteen bytes!!!'));
    const body = (await response.json()) as {
      choices: Array<{ message: { content: string } }>;
      usage: object;
    };
    expect(body.choices[0]!.message.content).toBe('Echo: sixteen bytes!!!');
    expect(body.usage).toMatchObject({ prompt_tokens: 4, completion_tokens: 6, total_tokens: 10 });
    await fake.close();
  });

  it("consumes a model's script one behavior per request, then falls back to the default", async () => {
    const fake = await startFakeOpenAI();
    fake.script('gpt-4.1', [
      { kind: 'error', status: 503 },
      { kind: 'reply', text: 'scripted' },
    ]);
    const statuses: number[] = [];
    for (let index = 0; index < 3; index += 1) {
      statuses.push((await fetch(`${fake.baseUrl}/chat/completions`, ask('gpt-4.1', 'x'))).status);
    }
    expect(statuses).toEqual([503, 200, 200]);
    fake.setDefault({ kind: 'error', status: 500 });
    expect((await fetch(`${fake.baseUrl}/chat/completions`, ask('other', 'x'))).status).toBe(500);
    fake.reset();
    expect((await fetch(`${fake.baseUrl}/chat/completions`, ask('other', 'x'))).status).toBe(200);
    expect(fake.calls).toHaveLength(1);
    await fake.close();
  });

  it('streams chunks, then a usage chunk when asked, then data: [DONE]', async () => {
    const fake = await startFakeOpenAI();
    const response = await fetch(
      `${fake.baseUrl}/chat/completions`,
      ask('gpt-4.1', 'hi there', { stream: true, stream_options: { include_usage: true } }),
    );
    expect(response.headers.get('content-type')).toContain('text/event-stream');
    const events = (await response.text()).trim().split('\n\n');
    expect(events[events.length - 1]).toBe('data: [DONE]');
    const usageChunk = JSON.parse(events[events.length - 2]!.slice('data: '.length));
    expect(usageChunk).toMatchObject({ choices: [], usage: { prompt_tokens: 2 } });
    await fake.close();
  });

  it('lists models on GET /v1/models', async () => {
    const fake = await startFakeOpenAI();
    const body = (await (await fetch(`${fake.baseUrl}/models`)).json()) as {
      object: string;
      data: unknown[];
    };
    expect(body.object).toBe('list');
    expect(body.data[0]).toMatchObject({ object: 'model' });
    await fake.close();
  });

  it('refuses a wrong key with a 401 in the OpenAI error shape when started with apiKey', async () => {
    const fake = await startFakeOpenAI({ apiKey: 'sk-right' });
    const response = await fetch(`${fake.baseUrl}/chat/completions`, {
      ...ask('gpt-4.1', 'x'),
      headers: { 'content-type': 'application/json', authorization: 'Bearer sk-wrong' },
    });
    expect(response.status).toBe(401);
    expect(await response.json()).toMatchObject({
      error: { type: 'invalid_request_error', code: 'invalid_api_key' },
    });
    await fake.close();
  });

  it('ends hanging requests when it closes, so test runs exit', async () => {
    const fake = await startFakeOpenAI();
    fake.setDefault({ kind: 'hang' });
    const pending = fetch(`${fake.baseUrl}/chat/completions`, ask('gpt-4.1', 'x'));
    await new Promise((resolve) => setTimeout(resolve, 50));
    const started = Date.now();
    await fake.close();
    await expect(pending).rejects.toThrow();
    expect(Date.now() - started).toBeLessThan(1000);
  });
});

describe('the Anthropic stand-in', () => {
  const messages = (model: string, extra: object = {}) =>
    chat({ model, max_tokens: 100, messages: [{ role: 'user', content: 'hello' }], ...extra });

  it('streams the Messages API events in order, with event: lines', async () => {
    const fake = await startFakeAnthropic();
    const response = await fetch(
      `${fake.baseUrl}/v1/messages`,
      messages('claude-haiku-4-5', { stream: true }),
    );
    const names = (await response.text())
      .split('\n')
      .filter((line) => line.startsWith('event: '))
      .map((line) => line.slice('event: '.length));
    expect(names[0]).toBe('message_start');
    expect(names.slice(1, 3)).toEqual(['content_block_start', 'ping']);
    expect(names.slice(-3)).toEqual(['content_block_stop', 'message_delta', 'message_stop']);
    expect(names).toContain('content_block_delta');
    await fake.close();
  });

  it('answers 429 with retry-after and a request-id, and 529 with overloaded_error', async () => {
    const fake = await startFakeAnthropic();
    fake.script('claude-haiku-4-5', [
      { kind: 'error', status: 429 },
      { kind: 'error', status: 529 },
    ]);
    const limited = await fetch(`${fake.baseUrl}/v1/messages`, messages('claude-haiku-4-5'));
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toBe('1');
    expect(limited.headers.get('request-id')).toMatch(/^req_/);
    expect(await limited.json()).toMatchObject({ type: 'error', error: { type: 'rate_limit_error' } });
    const overloaded = await fetch(`${fake.baseUrl}/v1/messages`, messages('claude-haiku-4-5'));
    expect(overloaded.status).toBe(529);
    expect(await overloaded.json()).toMatchObject({ type: 'error', error: { type: 'overloaded_error' } });
    await fake.close();
  });

  it('emits an event: error in the middle of a stream', async () => {
    const fake = await startFakeAnthropic();
    fake.script('claude-haiku-4-5', [{ kind: 'stream-error', afterChunks: 1 }]);
    const response = await fetch(
      `${fake.baseUrl}/v1/messages`,
      messages('claude-haiku-4-5', { stream: true }),
    );
    const text = await response.text();
    expect(text).toContain('event: content_block_delta');
    expect(text.trim().endsWith('"message":"Overloaded"}}')).toBe(true);
    expect(text).toContain('event: error');
    await fake.close();
  });

  it('refuses a request without max_tokens as the API does', async () => {
    const fake = await startFakeAnthropic();
    const response = await fetch(
      `${fake.baseUrl}/v1/messages`,
      chat({ model: 'claude-haiku-4-5', messages: [{ role: 'user', content: 'x' }] }),
    );
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ error: { type: 'invalid_request_error' } });
    await fake.close();
  });
});
