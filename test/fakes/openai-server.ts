import { type FakeReply, planFakeReply, splitIntoChunks, textOf } from './plan-fake-reply.js';
import {
  type FakeExchange,
  type FakeProviderServer,
  type FakeServerOptions,
  startFakeServer,
} from './start-fake-server.js';
import { writeEvents, writeJson } from './write-fake-response.js';

export type { FakeBehavior, FakeProviderServer, RecordedCall } from './start-fake-server.js';

/** A stand-in for the OpenAI API (and any OpenAI-compatible server) speaking its real JSON and SSE formats. */
export type FakeOpenAI = FakeProviderServer;

interface ChatRequest {
  model?: string;
  messages?: Array<{ role?: string; content?: unknown }>;
  stream?: boolean;
  stream_options?: { include_usage?: boolean };
  max_completion_tokens?: number;
  max_tokens?: number;
  stop?: string | string[];
  response_format?: { type?: string };
}

const listedModels = ['gpt-4.1', 'gpt-4.1-mini', 'gpt-4o-mini'];
const created = Math.floor(Date.now() / 1000);
let sequence = 0;

/** Starts the OpenAI stand-in on 127.0.0.1: POST /v1/chat/completions and GET /v1/models. */
export function startFakeOpenAI(options: FakeServerOptions = {}): Promise<FakeOpenAI> {
  return startFakeServer(
    {
      'POST /v1/chat/completions': (exchange) => handleChatCompletion(exchange, options.apiKey),
      'GET /v1/models': ({ response }) =>
        writeJson(response, 200, {
          object: 'list',
          data: listedModels.map((id) => ({ id, object: 'model', created, owned_by: 'system' })),
        }),
    },
    { ...options, basePath: '/v1' },
  );
}

/** The body OpenAI sends with an error status. */
export function openAIErrorBody(status: number, message?: string): unknown {
  const [type, code, text] = defaultErrors[status] ?? ['api_error', null, `Upstream error ${status}.`];
  return { error: { message: message ?? text, type, param: null, code } };
}

const defaultErrors: Record<number, [string, string | null, string]> = {
  400: ['invalid_request_error', null, 'Invalid request.'],
  401: ['invalid_request_error', 'invalid_api_key', 'Incorrect API key provided.'],
  403: [
    'invalid_request_error',
    'unsupported_country_region_territory',
    'Country, region, or territory not supported.',
  ],
  404: [
    'invalid_request_error',
    'model_not_found',
    'The model does not exist or you do not have access to it.',
  ],
  409: ['invalid_request_error', null, 'Another request is being processed for this resource.'],
  422: ['invalid_request_error', null, 'Unprocessable request.'],
  429: [
    'requests',
    'rate_limit_exceeded',
    'Rate limit reached for requests per min (RPM). Please try again in 1s.',
  ],
  500: ['server_error', null, 'The server had an error while processing your request. Sorry about that!'],
  503: ['server_error', null, 'The engine is currently overloaded, please try again later.'],
};

async function handleChatCompletion(exchange: FakeExchange, apiKey: string | undefined): Promise<void> {
  const { response, behavior } = exchange;
  const body = (
    typeof exchange.body === 'object' && exchange.body !== null ? exchange.body : {}
  ) as ChatRequest;
  const id = `chatcmpl-fake${++sequence}`;
  const headers = { 'x-request-id': `req_fake${sequence}`, 'openai-processing-ms': '1' };
  if (typeof exchange.body !== 'object' || !Array.isArray(body.messages)) {
    return writeJson(
      response,
      400,
      openAIErrorBody(400, 'We could not parse the JSON body of your request.'),
      headers,
    );
  }
  if (apiKey !== undefined && exchange.request.headers.authorization !== `Bearer ${apiKey}`) {
    return writeJson(response, 401, openAIErrorBody(401), headers);
  }
  if (behavior.kind === 'error') {
    const errorBody = behavior.body ?? openAIErrorBody(behavior.status);
    return writeJson(response, behavior.status, errorBody, { ...headers, ...behavior.headers });
  }
  if (behavior.kind === 'reply' && behavior.delayMs && !(await exchange.wait(behavior.delayMs))) return;
  const reply = planFakeReply(
    readPrompt(body),
    behavior.kind === 'reply' ? { text: behavior.text, usage: behavior.usage } : undefined,
  );
  const model = body.model ?? 'unknown';
  if (body.stream)
    return streamCompletion(exchange, { id, model, reply, headers, usage: body.stream_options });
  if (behavior.kind === 'stream-error') return writeJson(response, 500, openAIErrorBody(500), headers);
  const completion = {
    id,
    object: 'chat.completion',
    created,
    model,
    choices: [
      {
        index: 0,
        message: { role: 'assistant', content: reply.text, refusal: null, annotations: [] },
        logprobs: null,
        finish_reason: reply.finish === 'length' ? 'length' : 'stop',
      },
    ],
    usage: behavior.kind === 'no-usage' ? undefined : wireUsage(reply),
    service_tier: 'default',
    system_fingerprint: 'fp_fake',
  };
  await writeJson(response, 200, completion, headers, behavior, exchange.wait);
}

async function streamCompletion(
  exchange: FakeExchange,
  stream: { id: string; model: string; reply: FakeReply; headers: Record<string, string>; usage?: unknown },
): Promise<void> {
  const { behavior } = exchange;
  const { id, model, reply } = stream;
  const includeUsage = (stream.usage as { include_usage?: boolean } | undefined)?.include_usage === true;
  const chunk = (choices: unknown[], usage?: unknown) =>
    `data: ${JSON.stringify({ id, object: 'chat.completion.chunk', created, model, system_fingerprint: 'fp_fake', choices, ...(includeUsage ? { usage: usage ?? null } : {}) })}\n\n`;
  const delta = (content: unknown, finishReason: string | null = null) => [
    { index: 0, delta: content, logprobs: null, finish_reason: finishReason },
  ];
  const events = [chunk(delta({ role: 'assistant', content: '', refusal: null }))];
  const pieces = splitIntoChunks(reply.text);
  if (behavior.kind === 'stream-error') {
    for (const piece of pieces.slice(0, behavior.afterChunks ?? 1))
      events.push(chunk(delta({ content: piece })));
    const error = { message: behavior.message ?? 'The server had an error while processing your request.' };
    events.push(
      `data: ${JSON.stringify({ error: { ...error, type: behavior.errorType ?? 'server_error', param: null, code: null } })}\n\n`,
    );
    return writeEvents(exchange.response, events, stream.headers, behavior, exchange.wait);
  }
  for (const piece of pieces) events.push(chunk(delta({ content: piece })));
  if (behavior.kind === 'malformed') events.push('data: {"choices": [{"delta": {"content": "broken\n\n');
  events.push(chunk(delta({}, reply.finish === 'length' ? 'length' : 'stop')));
  if (includeUsage && behavior.kind !== 'no-usage') events.push(chunk([], wireUsage(reply)));
  events.push('data: [DONE]\n\n');
  await writeEvents(exchange.response, events, stream.headers, behavior, exchange.wait);
}

function readPrompt(body: ChatRequest) {
  const messages = body.messages ?? [];
  const texts: string[] = [];
  let lastUserText = '';
  for (const message of messages) {
    const text = textOf(message.content);
    texts.push(text);
    if (message.role === 'user') lastUserText = text;
  }
  return {
    texts,
    lastUserText,
    maxTokens: body.max_completion_tokens ?? body.max_tokens,
    stop: typeof body.stop === 'string' ? [body.stop] : body.stop,
    json: body.response_format?.type === 'json_object' ? ('object' as const) : undefined,
  };
}

function wireUsage(reply: FakeReply) {
  const { inputTokens, outputTokens } = reply.usage;
  return {
    prompt_tokens: inputTokens,
    completion_tokens: outputTokens,
    total_tokens: inputTokens + outputTokens,
    prompt_tokens_details: { cached_tokens: 0, audio_tokens: 0 },
    completion_tokens_details: { reasoning_tokens: 0, audio_tokens: 0 },
  };
}
