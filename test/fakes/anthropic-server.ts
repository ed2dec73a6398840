import { type FakeReply, planFakeReply, splitIntoChunks, textOf } from './plan-fake-reply.js';
import {
  type FakeExchange,
  type FakeProviderServer,
  type FakeServerOptions,
  startFakeServer,
} from './start-fake-server.js';
import { writeEvents, writeJson } from './write-fake-response.js';

export type { FakeBehavior, FakeProviderServer, RecordedCall } from './start-fake-server.js';

/** A stand-in for the Anthropic Messages API speaking its real JSON and SSE (`event:` lines) formats. */
export type FakeAnthropic = FakeProviderServer;

interface MessagesRequest {
  model?: string;
  system?: unknown;
  messages?: Array<{ role?: string; content?: unknown }>;
  max_tokens?: number;
  stop_sequences?: string[];
  stream?: boolean;
}

const listedModels = ['claude-sonnet-4-5', 'claude-haiku-4-5', 'claude-opus-4-5'];
const createdAt = new Date().toISOString();
let sequence = 0;

/** Starts the Anthropic stand-in on 127.0.0.1: POST /v1/messages and GET /v1/models. */
export function startFakeAnthropic(options: FakeServerOptions = {}): Promise<FakeAnthropic> {
  return startFakeServer(
    {
      'POST /v1/messages': (exchange) => handleMessages(exchange, options.apiKey),
      'GET /v1/models': ({ response }) =>
        writeJson(response, 200, {
          data: listedModels.map((id) => ({ type: 'model', id, display_name: id, created_at: createdAt })),
          has_more: false,
          first_id: listedModels[0],
          last_id: listedModels[listedModels.length - 1],
        }),
    },
    { ...options, basePath: '' },
  );
}

const defaultErrors: Record<number, [string, string]> = {
  400: ['invalid_request_error', 'Invalid request.'],
  401: ['authentication_error', 'invalid x-api-key'],
  402: ['billing_error', 'Your credit balance is too low to access the Anthropic API.'],
  403: ['permission_error', 'Your API key does not have permission to use the specified resource.'],
  404: ['not_found_error', 'The requested resource could not be found.'],
  413: ['request_too_large', 'Request exceeds the maximum allowed number of bytes.'],
  429: ['rate_limit_error', 'Number of request tokens has exceeded your per-minute rate limit.'],
  500: ['api_error', 'An unexpected error has occurred internal to our systems.'],
  504: ['timeout_error', 'The request timed out.'],
  529: ['overloaded_error', 'Overloaded'],
};

/** The body Anthropic sends with an error status (or in an `event: error`). */
export function anthropicErrorBody(
  status: number,
  message?: string,
  type?: string,
  requestId?: string,
): unknown {
  const [defaultType, text] = defaultErrors[status] ?? ['api_error', `Upstream error ${status}.`];
  return {
    type: 'error',
    error: { type: type ?? defaultType, message: message ?? text },
    request_id: requestId ?? null,
  };
}

async function handleMessages(exchange: FakeExchange, apiKey: string | undefined): Promise<void> {
  const { request, response, behavior } = exchange;
  const body = (
    typeof exchange.body === 'object' && exchange.body !== null ? exchange.body : {}
  ) as MessagesRequest;
  const requestId = `req_fake${++sequence}`;
  const headers: Record<string, string> = { 'request-id': requestId };
  if (
    typeof exchange.body !== 'object' ||
    !Array.isArray(body.messages) ||
    typeof body.max_tokens !== 'number'
  ) {
    return writeJson(
      response,
      400,
      anthropicErrorBody(400, 'max_tokens: Field required', undefined, requestId),
      headers,
    );
  }
  const presented = request.headers['x-api-key'] ?? request.headers.authorization?.replace(/^Bearer /, '');
  if (apiKey !== undefined && presented !== apiKey) {
    return writeJson(response, 401, anthropicErrorBody(401, undefined, undefined, requestId), headers);
  }
  if (behavior.kind === 'error') {
    const extra = behavior.status === 429 ? { 'retry-after': '1', ...behavior.headers } : behavior.headers;
    const errorBody = behavior.body ?? anthropicErrorBody(behavior.status, undefined, undefined, requestId);
    return writeJson(response, behavior.status, errorBody, { ...headers, ...extra });
  }
  if (behavior.kind === 'reply' && behavior.delayMs && !(await exchange.wait(behavior.delayMs))) return;
  const reply = planFakeReply(
    readPrompt(body),
    behavior.kind === 'reply' ? { text: behavior.text, usage: behavior.usage } : undefined,
  );
  const message = {
    id: `msg_fake${sequence}`,
    type: 'message',
    role: 'assistant',
    model: body.model ?? 'unknown',
    content: [{ type: 'text', text: reply.text }],
    stop_reason: stopReason(reply),
    stop_sequence: reply.stopSequence ?? null,
    usage:
      behavior.kind === 'no-usage' ? undefined : wireUsage(reply.usage.inputTokens, reply.usage.outputTokens),
  };
  if (body.stream) return streamMessage(exchange, message, reply, headers);
  if (behavior.kind === 'stream-error') {
    return writeJson(response, 529, anthropicErrorBody(529, undefined, undefined, requestId), headers);
  }
  await writeJson(response, 200, message, headers, behavior, exchange.wait);
}

function streamMessage(
  exchange: FakeExchange,
  message: { usage?: unknown; content: unknown[]; stop_reason: string | null; stop_sequence: string | null },
  reply: FakeReply,
  headers: Record<string, string>,
): Promise<void> {
  const { behavior } = exchange;
  const noUsage = behavior.kind === 'no-usage';
  const event = (name: string, data: unknown) => `event: ${name}\ndata: ${JSON.stringify(data)}\n\n`;
  const start = {
    ...message,
    content: [],
    stop_reason: null,
    stop_sequence: null,
    usage: noUsage ? undefined : wireUsage(reply.usage.inputTokens, 1),
  };
  const events = [
    event('message_start', { type: 'message_start', message: start }),
    event('content_block_start', {
      type: 'content_block_start',
      index: 0,
      content_block: { type: 'text', text: '' },
    }),
    event('ping', { type: 'ping' }),
  ];
  const pieces = splitIntoChunks(reply.text);
  const textDelta = (text: string) =>
    event('content_block_delta', {
      type: 'content_block_delta',
      index: 0,
      delta: { type: 'text_delta', text },
    });
  if (behavior.kind === 'stream-error') {
    for (const piece of pieces.slice(0, behavior.afterChunks ?? 1)) events.push(textDelta(piece));
    const type = behavior.errorType ?? 'overloaded_error';
    events.push(
      event('error', { type: 'error', error: { type, message: behavior.message ?? 'Overloaded' } }),
    );
    return writeEvents(exchange.response, events, headers, behavior, exchange.wait);
  }
  for (const piece of pieces) events.push(textDelta(piece));
  if (behavior.kind === 'malformed')
    events.push('event: content_block_delta\ndata: {"type": "content_block_delta", "ind\n\n');
  events.push(event('content_block_stop', { type: 'content_block_stop', index: 0 }));
  events.push(
    event('message_delta', {
      type: 'message_delta',
      delta: { stop_reason: message.stop_reason, stop_sequence: message.stop_sequence },
      usage: noUsage ? undefined : { output_tokens: reply.usage.outputTokens },
    }),
  );
  events.push(event('message_stop', { type: 'message_stop' }));
  return writeEvents(exchange.response, events, headers, behavior, exchange.wait);
}

function readPrompt(body: MessagesRequest) {
  const texts = [textOf(body.system)];
  let lastUserText = '';
  for (const message of body.messages ?? []) {
    const text = textOf(message.content);
    texts.push(text);
    if (message.role === 'user') lastUserText = text;
  }
  const last = body.messages?.[body.messages.length - 1];
  const prefilled = last?.role === 'assistant' && textOf(last.content).trimEnd() === '{';
  return {
    texts,
    lastUserText,
    maxTokens: body.max_tokens,
    stop: body.stop_sequences,
    json: prefilled ? ('continue-object' as const) : undefined,
  };
}

function stopReason(reply: FakeReply): string {
  if (reply.finish === 'length') return 'max_tokens';
  return reply.finish === 'stop-sequence' ? 'stop_sequence' : 'end_turn';
}

function wireUsage(inputTokens: number, outputTokens: number) {
  return {
    input_tokens: inputTokens,
    output_tokens: outputTokens,
    cache_creation_input_tokens: 0,
    cache_read_input_tokens: 0,
    service_tier: 'standard',
  };
}
