import type { IncomingHttpHeaders, IncomingMessage, ServerResponse } from 'node:http';
import { parseJsonBody, startFakeHttpServer } from './start-fake-http-server.js';

/** Token counts a scripted reply reports instead of the estimate. */
export interface FakeUsage {
  inputTokens: number;
  outputTokens: number;
}

/** What the stand-in does with one request. Scripted per model; when a model's script is empty, the default applies. */
export type FakeBehavior =
  /** Answers (JSON or SSE, as asked); `delayMs` holds the whole response back. */
  | { kind: 'reply'; text?: string; usage?: FakeUsage; delayMs?: number }
  /** Answers with the provider's real error shape; `body` replaces the default one for `status`. */
  | { kind: 'error'; status: number; body?: unknown; headers?: Record<string, string> }
  /** Never answers, until the client gives up or the server closes. */
  | { kind: 'hang' }
  /** Sends the headers at once, then the body after `delayMs` (streams: each event `delayMs` apart). */
  | { kind: 'slow'; delayMs: number }
  /** Status 200 with a body that is not JSON (`body` replaces the default garbage; streams get a broken event). */
  | { kind: 'malformed'; body?: string; contentType?: string }
  /** Destroys the socket after `afterChunks` stream events (a JSON answer: after half its body). */
  | { kind: 'cut-stream'; afterChunks: number }
  /** Answers without any usage, as many OpenAI-compatible servers do. */
  | { kind: 'no-usage' }
  /** Streams `afterChunks` text events (default 1), then the provider's in-stream error event. */
  | { kind: 'stream-error'; afterChunks?: number; errorType?: string; message?: string };

/** One request as the stand-in received it. */
export interface RecordedCall {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  /** The parsed JSON body (the raw text when it was not JSON; undefined for no body). */
  body: unknown;
  /** The client's port: the same port on two calls means the connection was kept alive. */
  remotePort?: number;
}

/** The API every provider stand-in offers to tests and benchmarks. */
export interface FakeProviderServer {
  /** Base URL to hand to an SDK or to provider settings (OpenAI: ends in `/v1`; Anthropic: the host, as ANTHROPIC_BASE_URL). */
  readonly baseUrl: string;
  /** Requests received, in order (empty when started with `record: false`). */
  readonly calls: RecordedCall[];
  /** Queues behaviors for `model`, consumed one per request. */
  script(model: string, behaviors: FakeBehavior[]): void;
  /** The behavior for requests whose model has no script left. */
  setDefault(behavior: FakeBehavior): void;
  /** Forgets calls and scripts and restores the default reply. */
  reset(): void;
  /** Ends every open connection (hanging ones included) and stops listening. */
  close(): Promise<void>;
}

/** Options shared by the stand-ins. */
export interface FakeServerOptions {
  /** Record calls (default true); benchmarks turn it off. */
  record?: boolean;
  /** When set, requests must carry this key (401 in the provider's format otherwise). */
  apiKey?: string;
}

/** One request handed to a wire-format handler, with its behavior already chosen. */
export interface FakeExchange {
  request: IncomingMessage;
  response: ServerResponse;
  body: unknown;
  behavior: FakeBehavior;
  /** Waits `ms`; resolves false when the client went away or the server is closing. */
  wait(ms: number): Promise<boolean>;
}

export type FakeRouteHandler = (exchange: FakeExchange) => void | Promise<void>;

const defaultReply: FakeBehavior = { kind: 'reply' };

/** Starts an HTTP stand-in on 127.0.0.1 with routes keyed `METHOD /path`; shared plumbing of the provider fakes. */
export async function startFakeServer(
  routes: Record<string, FakeRouteHandler>,
  options: FakeServerOptions & { basePath: string },
): Promise<FakeProviderServer> {
  const record = options.record ?? true;
  const calls: RecordedCall[] = [];
  const scripts = new Map<string, FakeBehavior[]>();
  let fallback = defaultReply;

  function nextBehavior(body: unknown): FakeBehavior {
    const model = (body as { model?: unknown } | undefined)?.model;
    if (typeof model !== 'string') return fallback;
    return scripts.get(model)?.shift() ?? fallback;
  }

  const server = await startFakeHttpServer((request, response, raw) => {
    const body = parseJsonBody(raw);
    const path = request.url ?? '/';
    if (record) {
      calls.push({
        method: request.method ?? 'GET',
        path,
        headers: request.headers,
        body,
        remotePort: request.socket.remotePort,
      });
    }
    const handler = routes[`${request.method} ${path.split('?')[0]}`];
    if (!handler) {
      response.writeHead(404, { 'content-type': 'application/json' });
      response.end(
        JSON.stringify({ error: { message: `no route ${request.method} ${path}`, type: 'not_found' } }),
      );
      return;
    }
    const behavior = nextBehavior(body);
    if (behavior.kind === 'hang') return;
    return handler({ request, response, body, behavior, wait: (ms) => server.wait(response, ms) });
  });

  return {
    baseUrl: `${server.origin}${options.basePath}`,
    calls,
    script(model, behaviors) {
      const queue = scripts.get(model);
      if (queue) queue.push(...behaviors);
      else scripts.set(model, [...behaviors]);
    },
    setDefault(behavior) {
      fallback = behavior;
    },
    reset() {
      calls.length = 0;
      scripts.clear();
      fallback = defaultReply;
    },
    close: server.close,
  };
}
