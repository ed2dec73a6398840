import { inspect } from 'node:util';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import type { LanguageModel } from '../../../../core/llm/spec/language-model.js';
import type { ModelRequest } from '../../../../core/llm/spec/model-request.js';
import type { StreamPart } from '../../../../core/llm/spec/model-response.js';
import { ProviderError, type ProviderErrorReason } from '../../../../core/llm/spec/provider-error.js';
import type { FakeProviderServer } from '../../../fakes/start-fake-server.js';
import { drain, failureOf, streamText, unusedPort } from './capture-failure.js';
import type { ConformanceTarget } from './conformance-target.js';

const apiKey = 'sk-conformance-0123456789abcdef';
const hello: ModelRequest = { messages: [{ role: 'user', content: 'Say hello to the conformance suite' }] };

const statusCases: Array<[number, ProviderErrorReason, boolean]> = [
  [400, 'bad_request', false],
  [401, 'auth_failed', false],
  [403, 'auth_failed', false],
  [404, 'not_found', false],
  [408, 'timeout', true],
  [409, 'server_error', true],
  [422, 'bad_request', false],
  [429, 'rate_limited', true],
  [500, 'server_error', true],
  [502, 'server_error', true],
  [503, 'server_error', true],
  [529, 'overloaded', true],
];

/** Registers the cases every provider adapter must pass, against its stand-in over real HTTP. */
export function describeProviderConformance(target: ConformanceTarget): void {
  describe(`${target.name} adapter conformance`, () => {
    let fake: FakeProviderServer;
    let model: LanguageModel;
    const lastBody = () => fake.calls[fake.calls.length - 1]?.body;

    beforeAll(async () => {
      fake = await target.startFake();
      model = target.createModel(fake.baseUrl, apiKey);
    });
    beforeEach(() => fake.reset());
    afterAll(() => fake.close());

    it('names its provider and model', () => {
      expect(model.provider).toBe(target.provider);
      expect(model.modelId).toBe(target.modelId);
    });

    it('sends nothing before sendAfter settles, then completes', async () => {
      let open!: () => void;
      const sendAfter = new Promise<void>((resolve) => {
        open = resolve;
      });
      const pending = model.complete({ messages: [{ role: 'user', content: 'gated' }] }, { sendAfter });
      await new Promise((resolve) => setTimeout(resolve, 50));
      expect(fake.calls).toHaveLength(0);
      open();
      await expect(pending).resolves.toMatchObject({ finishReason: 'stop' });
      expect(fake.calls).toHaveLength(1);
    });

    it('never sends a request whose sendAfter rejects, for calls and streams', async () => {
      const refused = Promise.reject(new Error('budget hold refused'));
      refused.catch(() => {});
      await expect(
        model.complete({ messages: [{ role: 'user', content: 'x' }] }, { sendAfter: refused }),
      ).rejects.toBeDefined();
      await expect(
        (async () => {
          for await (const _part of model.stream(
            { messages: [{ role: 'user', content: 'x' }] },
            { sendAfter: refused },
          )) {
            // drain
          }
        })(),
      ).rejects.toBeDefined();
      expect(fake.calls).toHaveLength(0);
    });

    it('completes with the text, usage and finish reason the provider sent', async () => {
      fake.script(target.modelId, [
        { kind: 'reply', text: 'Hello, suite!', usage: { inputTokens: 12, outputTokens: 4 } },
      ]);
      const response = await model.complete(hello);
      expect(response).toMatchObject({
        text: 'Hello, suite!',
        finishReason: 'stop',
        usage: { inputTokens: 12, outputTokens: 4 },
        responseModel: target.modelId,
      });
      expect(response.usage.estimated).toBeUndefined();
      expect(typeof response.responseId).toBe('string');
    });

    it('reports a length finish when the answer hit the token limit', async () => {
      fake.script(target.modelId, [{ kind: 'reply', text: 'a long answer that will not fit in two tokens' }]);
      const response = await model.complete({ ...hello, maxOutputTokens: 2 });
      expect(response.finishReason).toBe('length');
      expect(response.text).toBe('a long a');
    });

    it('streams text deltas in order, then exactly one finish part with the usage', async () => {
      fake.script(target.modelId, [
        { kind: 'reply', text: 'one two three four', usage: { inputTokens: 9, outputTokens: 5 } },
      ]);
      const { parts, error } = await drain(model.stream(hello));
      expect(error).toBeUndefined();
      const deltas = parts.filter((part) => part.type === 'text-delta');
      expect(deltas.length).toBeGreaterThan(1);
      expect(streamText(parts)).toBe('one two three four');
      expect(parts.filter((part) => part.type === 'finish')).toHaveLength(1);
      expect(parts[parts.length - 1]).toMatchObject({
        type: 'finish',
        finishReason: 'stop',
        usage: { inputTokens: 9, outputTokens: 5 },
        responseModel: target.modelId,
      });
      expect(target.readWire(lastBody()).stream).toBe(true);
    });

    it('sends stop sequences, temperature, top p, the token limit and the user to the wire', async () => {
      await model.complete({
        ...hello,
        stop: ['END'],
        temperature: 0.3,
        topP: 0.9,
        maxOutputTokens: 321,
        user: 'user-7',
      });
      expect(target.readWire(lastBody())).toMatchObject({
        stop: ['END'],
        temperature: 0.3,
        topP: 0.9,
        maxTokens: 321,
        user: 'user-7',
        json: false,
        stream: false,
      });
    });

    it('stops the answer at a stop sequence', async () => {
      fake.script(target.modelId, [{ kind: 'reply', text: 'first part END second part' }]);
      const response = await model.complete({ ...hello, stop: ['END'] });
      expect(response).toMatchObject({ text: 'first part ', finishReason: 'stop' });
    });

    it('asks for JSON in JSON mode and returns a parseable object', async () => {
      const response = await model.complete({ ...hello, responseFormat: 'json' });
      expect(target.readWire(lastBody()).json).toBe(true);
      expect(JSON.parse(response.text)).toEqual({ echo: 'Say hello to the conformance suite' });
    });

    it('streams a parseable object in JSON mode', async () => {
      const { parts } = await drain(model.stream({ ...hello, responseFormat: 'json' }));
      expect(JSON.parse(streamText(parts))).toEqual({ echo: 'Say hello to the conformance suite' });
    });

    it.each(statusCases)('maps HTTP %i to %s', async (status, reason, retryable) => {
      fake.script(target.modelId, [{ kind: 'error', status }]);
      const error = await failureOf(() => model.complete(hello));
      expect(error).toMatchObject({
        reason,
        retryable,
        code: `llm.${reason}`,
        upstreamStatus: status,
        provider: target.provider,
        model: target.modelId,
      });
      expect(error.message.startsWith(`${target.provider}:${target.modelId}: `)).toBe(true);
    });

    it('maps a context-length rejection to context_length', async () => {
      const { status, body } = target.contextLengthError;
      fake.script(target.modelId, [{ kind: 'error', status, body }]);
      const error = await failureOf(() => model.complete(hello));
      expect(error).toMatchObject({ reason: 'context_length', upstreamStatus: status, retryable: false });
    });

    it('carries retry-after seconds as retryAfterMs', async () => {
      fake.script(target.modelId, [{ kind: 'error', status: 429, headers: { 'retry-after': '7' } }]);
      const error = await failureOf(() => model.complete(hello));
      expect(error).toMatchObject({ reason: 'rate_limited', retryAfterMs: 7000 });
    });

    it('prefers retry-after-ms when the provider sends it', async () => {
      fake.script(target.modelId, [
        { kind: 'error', status: 503, headers: { 'retry-after-ms': '250', 'retry-after': '9' } },
      ]);
      const error = await failureOf(() => model.complete(hello));
      expect(error).toMatchObject({ reason: 'server_error', retryAfterMs: 250 });
    });

    it('maps an error status on a streaming request before any delta', async () => {
      fake.script(target.modelId, [{ kind: 'error', status: 429, headers: { 'retry-after': '3' } }]);
      const { parts, error } = await drain(model.stream(hello));
      expect(parts).toHaveLength(0);
      expect(error).toMatchObject({ reason: 'rate_limited', retryAfterMs: 3000 });
    });

    it('maps a caller abort of a hanging request to aborted', async () => {
      fake.script(target.modelId, [{ kind: 'hang' }]);
      const controller = new AbortController();
      setTimeout(() => controller.abort(), 50);
      const error = await failureOf(() => model.complete(hello, { signal: controller.signal }));
      expect(error).toMatchObject({ reason: 'aborted', retryable: false });
    });

    it('maps a deadline on a hanging request to timeout', async () => {
      fake.script(target.modelId, [{ kind: 'hang' }]);
      const error = await failureOf(() => model.complete(hello, { signal: AbortSignal.timeout(80) }));
      expect(error).toMatchObject({ reason: 'timeout', retryable: true });
    });

    it('maps a deadline on a hanging stream to timeout', async () => {
      fake.script(target.modelId, [{ kind: 'hang' }]);
      const { error } = await drain(model.stream(hello, { signal: AbortSignal.timeout(80) }));
      expect(error).toMatchObject({ reason: 'timeout' });
    });

    it('fails at once with aborted when the signal is already aborted', async () => {
      const error = await failureOf(() => model.complete(hello, { signal: AbortSignal.abort() }));
      expect(error.reason).toBe('aborted');
    });

    it('maps a caller abort in the middle of a slow stream to aborted, after the deltas so far', async () => {
      fake.script(target.modelId, [{ kind: 'slow', delayMs: 30 }]);
      const controller = new AbortController();
      const parts: StreamPart[] = [];
      const error = await failureOf(async () => {
        for await (const part of model.stream(hello, { signal: controller.signal })) {
          parts.push(part);
          if (part.type === 'text-delta') controller.abort();
        }
      });
      expect(error.reason).toBe('aborted');
      expect(parts.length).toBeGreaterThan(0);
    });

    it('maps a stream cut in the middle to stream_interrupted, after the deltas so far', async () => {
      fake.script(target.modelId, [{ kind: 'cut-stream', afterChunks: 5 }]);
      const { parts, error } = await drain(model.stream(hello));
      expect(parts.some((part) => part.type === 'text-delta')).toBe(true);
      expect(parts.some((part) => part.type === 'finish')).toBe(false);
      expect(error).toMatchObject({ reason: 'stream_interrupted', retryable: true });
    });

    it('maps a JSON answer cut in the middle to a retryable error', async () => {
      fake.script(target.modelId, [{ kind: 'cut-stream', afterChunks: 0 }]);
      const error = await failureOf(() => model.complete(hello));
      expect(error.retryable).toBe(true);
    });

    it('maps a body that is not JSON to malformed_response', async () => {
      fake.script(target.modelId, [{ kind: 'malformed' }]);
      const error = await failureOf(() => model.complete(hello));
      expect(error).toMatchObject({ reason: 'malformed_response', retryable: true });
    });

    it('maps an HTML page answered with status 200 to malformed_response', async () => {
      fake.script(target.modelId, [
        { kind: 'malformed', contentType: 'text/html', body: '<html>Bad gateway</html>' },
      ]);
      const error = await failureOf(() => model.complete(hello));
      expect(error.reason).toBe('malformed_response');
    });

    it('maps an unparseable stream event to malformed_response', async () => {
      fake.script(target.modelId, [{ kind: 'malformed' }]);
      const { error } = await drain(model.stream(hello));
      expect(error?.reason).toBe('malformed_response');
    });

    it('throws a ProviderError for an error event in the middle of a stream, after the deltas so far', async () => {
      fake.script(target.modelId, [{ kind: 'stream-error', afterChunks: 2 }]);
      const { parts, error } = await drain(model.stream(hello));
      expect(parts.filter((part) => part.type === 'text-delta')).toHaveLength(2);
      expect(error).toBeInstanceOf(ProviderError);
      expect(error?.retryable).toBe(true);
    });

    it('estimates usage and marks it when the provider reports none', async () => {
      fake.script(target.modelId, [{ kind: 'no-usage' }, { kind: 'no-usage' }]);
      const response = await model.complete(hello);
      expect(response.usage).toMatchObject({ estimated: true });
      expect(response.usage.inputTokens).toBeGreaterThan(0);
      const { parts } = await drain(model.stream(hello));
      expect(parts[parts.length - 1]).toMatchObject({ type: 'finish', usage: { estimated: true } });
    });

    it('maps an unreachable server to connection', async () => {
      const unreachable = target.createModel(target.baseUrlFor(await unusedPort()), apiKey);
      const error = await failureOf(() => unreachable.complete(hello));
      expect(error).toMatchObject({ reason: 'connection', retryable: true });
      const { error: streamError } = await drain(unreachable.stream(hello));
      expect(streamError?.reason).toBe('connection');
    });

    it('never puts the API key in an error, even when the provider echoes it', async () => {
      const echoed = target.errorBody(401, `Incorrect API key provided: ${apiKey}.`);
      fake.script(target.modelId, [{ kind: 'error', status: 401, body: echoed }]);
      const error = await failureOf(() => model.complete(hello));
      expect(error.reason).toBe('auth_failed');
      expect(error.message).toContain('Incorrect API key provided');
      expect(error.message).not.toContain(apiKey);
      expect(inspect(error, { depth: 8 })).not.toContain(apiKey);
      expect(JSON.stringify(error)).not.toContain(apiKey);
    });
  });
}
