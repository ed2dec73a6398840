import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import OpenAI from 'openai';
import { type FakeAnthropic, startFakeAnthropic } from '../../fakes/anthropic-server.js';
import { type FakeOpenAI, startFakeOpenAI } from '../../fakes/openai-server.js';
import {
  createOrganizationAndProject,
  type ManagementServer,
  startManagementServer,
} from '../../support/start-switchyard.js';

const openaiSecret = 'sk-test-openai-secret-value-123456';
const anthropicSecret = 'sk-ant-test-secret-value-654321';

let openaiUpstream: FakeOpenAI;
let anthropicUpstream: FakeAnthropic;
let switchyard: ManagementServer;
let projectId: string;
let client: OpenAI;
let projectKey: string;

beforeAll(async () => {
  openaiUpstream = await startFakeOpenAI({ apiKey: openaiSecret });
  anthropicUpstream = await startFakeAnthropic({ apiKey: anthropicSecret });
  switchyard = await startManagementServer({
    OPENAI_API_KEY: openaiSecret,
    OPENAI_BASE_URL: openaiUpstream.baseUrl,
    ANTHROPIC_API_KEY: anthropicSecret,
    ANTHROPIC_BASE_URL: anthropicUpstream.baseUrl,
    ROUTER_ATTEMPT_TIMEOUT_MS: '400',
    ROUTER_DEADLINE_MS: '3000',
    ROUTER_MAX_RETRY_WAIT_MS: '0',
  });
  ({ projectId } = await createOrganizationAndProject(switchyard));
  const created = await switchyard.call('POST', `/api/v1/projects/${projectId}/keys`, { name: 'ci' });
  projectKey = created.json().key;
  client = new OpenAI({ baseURL: `${switchyard.origin}/v1`, apiKey: projectKey, maxRetries: 0 });
});

afterAll(async () => {
  await switchyard?.close();
  await openaiUpstream?.close();
  await anthropicUpstream?.close();
});

beforeEach(async () => {
  openaiUpstream.reset();
  anthropicUpstream.reset();
  const routing = await switchyard.call('PUT', `/api/v1/projects/${projectId}/routing`, {
    policy: 'fallback',
    models: ['openai:gpt-4.1-mini', 'anthropic:claude-haiku-4-5'],
  });
  expect(routing.statusCode).toBe(200);
  await switchyard.call('PUT', `/api/v1/projects/${projectId}/budget`, { dailyUsd: null, monthlyUsd: null });
});

describe('the OpenAI-compatible gateway', () => {
  it('answers a chat completion from the official OpenAI SDK, saying who answered and what it cost', async () => {
    const { data, response } = await client.chat.completions
      .create({
        model: 'auto',
        messages: [
          { role: 'system', content: 'Be brief.' },
          { role: 'user', content: 'Hello there' },
        ],
      })
      .withResponse();
    expect(data.object).toBe('chat.completion');
    expect(data.choices[0]!.message.content).toEqual(expect.any(String));
    expect(data.usage!.prompt_tokens).toBeGreaterThan(0);
    expect(response.headers.get('x-switchyard-provider')).toBe('openai');
    expect(response.headers.get('x-switchyard-model')).toBe('openai:gpt-4.1-mini');
    expect(Number(response.headers.get('x-switchyard-cost-usd'))).toBeGreaterThan(0);
    const upstreamCall = openaiUpstream.calls.at(-1)!;
    expect(upstreamCall.headers.authorization).toBe(`Bearer ${openaiSecret}`);
    expect(upstreamCall.body).toMatchObject({
      model: 'gpt-4.1-mini',
      messages: [
        { role: 'system', content: 'Be brief.' },
        { role: 'user', content: 'Hello there' },
      ],
    });
  });

  it('streams tokens as they arrive and ends with usage when asked', async () => {
    const stream = await client.chat.completions.create({
      model: 'gpt-4.1-mini',
      stream: true,
      stream_options: { include_usage: true },
      messages: [{ role: 'user', content: 'Stream a short answer please' }],
    });
    let text = '';
    let usage: OpenAI.CompletionUsage | undefined | null;
    let chunks = 0;
    for await (const chunk of stream) {
      chunks += 1;
      text += chunk.choices[0]?.delta?.content ?? '';
      if (chunk.usage) usage = chunk.usage;
    }
    expect(chunks).toBeGreaterThan(3);
    expect(text.length).toBeGreaterThan(0);
    expect(usage?.completion_tokens).toBeGreaterThan(0);
  });

  it('fails over to Anthropic when OpenAI answers 503, and charges only Anthropic', async () => {
    openaiUpstream.script('gpt-4.1-mini', [{ kind: 'error', status: 503 }]);
    const { data, response } = await client.chat.completions
      .create({ model: 'auto', messages: [{ role: 'user', content: 'Who answers?' }] })
      .withResponse();
    expect(response.headers.get('x-switchyard-provider')).toBe('anthropic');
    expect(response.headers.get('x-switchyard-attempts')).toBe('2');
    expect(data.model).toBe('anthropic:claude-haiku-4-5');
    // @anthropic-ai/sdk 1.x sends the key as a bearer token (0.x used x-api-key).
    const { headers } = anthropicUpstream.calls.at(-1)!;
    expect(headers.authorization ?? headers['x-api-key']).toMatch(anthropicSecret);
    await switchyard.context.routing.router.drain();
    await switchyard.context.routing.usageRecorder.flush();
    const row = await switchyard.context.prisma.usageEvent.findFirstOrThrow({
      where: { projectId, requestId: response.headers.get('x-request-id')! },
    });
    expect(row).toMatchObject({
      provider: 'anthropic',
      model: 'claude-haiku-4-5',
      outcome: 'success',
      source: 'gateway',
    });
    expect(
      (row.attempts as { candidate: string; outcome: string }[]).map((attempt) => [
        attempt.candidate,
        attempt.outcome,
      ]),
    ).toEqual([
      ['openai:gpt-4.1-mini', 'failed'],
      ['anthropic:claude-haiku-4-5', 'success'],
    ]);
  });

  it('tries an explicitly named provider:model first', async () => {
    const { response } = await client.chat.completions
      .create({ model: 'anthropic:claude-haiku-4-5', messages: [{ role: 'user', content: 'Hi' }] })
      .withResponse();
    expect(response.headers.get('x-switchyard-provider')).toBe('anthropic');
  });

  it('refuses a bare model name that is not in the routing list with a 404 listing the choices', async () => {
    await expect(
      client.chat.completions.create({ model: 'gpt-3', messages: [{ role: 'user', content: 'Hi' }] }),
    ).rejects.toMatchObject({
      status: 404,
      code: 'request.model_not_found',
    });
  });

  it('refuses a wrong API key with 401 in OpenAI’s error shape', async () => {
    const stranger = new OpenAI({
      baseURL: `${switchyard.origin}/v1`,
      apiKey: 'sy-not-a-real-key',
      maxRetries: 0,
    });
    await expect(
      stranger.chat.completions.create({ model: 'auto', messages: [{ role: 'user', content: 'Hi' }] }),
    ).rejects.toMatchObject({
      status: 401,
      code: 'invalid_api_key',
    });
    const missing = await switchyard.send(
      'POST',
      '/v1/chat/completions',
      { 'content-type': 'application/json' },
      '{}',
    );
    expect(missing.statusCode).toBe(401);
    expect(missing.json().error).toMatchObject({ type: 'invalid_request_error', code: 'invalid_api_key' });
  });

  it('answers a malformed body with a 400 that names the problem', async () => {
    const headers = { authorization: `Bearer ${projectKey}`, 'content-type': 'application/json' };
    const notJson = await switchyard.send(
      'POST',
      '/v1/chat/completions',
      headers,
      '{"model": "auto", "messages": [',
    );
    expect(notJson.statusCode).toBe(400);
    expect(notJson.json().error.message).toMatch(/not valid JSON/);
    const noMessages = await switchyard.send(
      'POST',
      '/v1/chat/completions',
      headers,
      JSON.stringify({ model: 'auto', messages: [] }),
    );
    expect(noMessages.statusCode).toBe(400);
    expect(noMessages.json().error).toMatchObject({ type: 'invalid_request_error', param: 'messages' });
    const tools = await switchyard.send(
      'POST',
      '/v1/chat/completions',
      headers,
      JSON.stringify({ model: 'auto', messages: [{ role: 'user', content: 'x' }], tools: [] }),
    );
    expect(tools.statusCode).toBe(400);
    expect(tools.json().error.message).toMatch(/tool calling is not supported/);
  });

  it('enforces a budget set through the management API on the very next call, with a 402', async () => {
    await client.chat.completions.create({
      model: 'auto',
      messages: [{ role: 'user', content: 'Spend a little' }],
    });
    const budget = await switchyard.call('PUT', `/api/v1/projects/${projectId}/budget`, {
      dailyUsd: 0.0001,
    });
    expect(budget.statusCode).toBe(200);
    const refusal = client.chat.completions.create({
      model: 'auto',
      messages: [{ role: 'user', content: 'One more?' }],
    });
    await expect(refusal).rejects.toMatchObject({ status: 402, code: 'budget_exceeded' });
    await expect(refusal).rejects.toThrow(/project's daily budget .* is exhausted/);
  });

  it('answers 503 naming the candidates when every provider is down', async () => {
    openaiUpstream.script('gpt-4.1-mini', [{ kind: 'error', status: 500 }]);
    anthropicUpstream.script('claude-haiku-4-5', [{ kind: 'error', status: 529 }]);
    const failure = client.chat.completions.create({
      model: 'auto',
      messages: [{ role: 'user', content: 'Anyone?' }],
    });
    await expect(failure).rejects.toMatchObject({ status: 503, code: 'no_healthy_provider' });
    await expect(failure).rejects.toThrow(
      /openai:gpt-4.1-mini: llm.server_error; anthropic:claude-haiku-4-5: llm.overloaded/,
    );
  });

  it('never leaves a connection hanging when upstreams hang: it fails over, then gives up with 503 by the deadline', async () => {
    openaiUpstream.script('gpt-4.1-mini', [{ kind: 'hang' }]);
    const started = Date.now();
    const { response } = await client.chat.completions
      .create({ model: 'auto', messages: [{ role: 'user', content: 'Slow?' }] })
      .withResponse();
    expect(response.headers.get('x-switchyard-provider')).toBe('anthropic');
    openaiUpstream.script('gpt-4.1-mini', [{ kind: 'hang' }]);
    anthropicUpstream.script('claude-haiku-4-5', [{ kind: 'hang' }]);
    await expect(
      client.chat.completions.create({ model: 'auto', messages: [{ role: 'user', content: 'Slow?' }] }),
    ).rejects.toMatchObject({ status: 503 });
    expect(Date.now() - started).toBeLessThan(3000);
  });

  it('reports a stream that breaks after text went out as an error event the SDK raises', async () => {
    openaiUpstream.script('gpt-4.1-mini', [{ kind: 'cut-stream', afterChunks: 2 }]);
    const stream = await client.chat.completions.create({
      model: 'auto',
      stream: true,
      messages: [{ role: 'user', content: 'A longer streamed answer please, with several words' }],
    });
    await expect(
      (async () => {
        for await (const _chunk of stream) {
          // drain
        }
      })(),
    ).rejects.toThrow(/openai failed/);
  });

  it('lists auto, the routing list and priced models of configured providers', async () => {
    const models = await client.models.list();
    const ids = models.data.map((model) => model.id);
    expect(ids.slice(0, 3)).toEqual(['auto', 'openai:gpt-4.1-mini', 'anthropic:claude-haiku-4-5']);
    expect(ids).toContain('openai:gpt-4.1');
  });

  it('never writes a provider secret or a project key to the log', async () => {
    await client.chat.completions.create({
      model: 'auto',
      messages: [{ role: 'user', content: 'log test' }],
    });
    const logs = switchyard.logs();
    expect(logs).toContain('request completed');
    expect(logs).not.toContain(openaiSecret);
    expect(logs).not.toContain(anthropicSecret);
    expect(logs).not.toContain(projectKey);
  });
});
