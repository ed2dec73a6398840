import type { IncomingHttpHeaders, ServerResponse } from 'node:http';
import { type FakeSlackSocketMode, startFakeSlackSocketMode } from './slack-socket-mode-server.js';
import {
  createSlackState,
  type FakeSlackChannel,
  type FakeSlackUser,
  type SlackState,
} from './slack-state.js';
import { startFakeHttpServer } from './start-fake-http-server.js';

export type {
  FakeSlackChannel,
  FakeSlackEphemeral,
  FakeSlackMessage,
  FakeSlackUser,
} from './slack-state.js';

/** One Web API call (or response_url post) as the stand-in received it. */
export interface RecordedSlackCall {
  /** `chat.postMessage`, or `response_url` for a post to a response URL. */
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  /** Form or JSON fields; `blocks` and `attachments` sent as JSON text are parsed. */
  body: Record<string, unknown>;
}

/** What the stand-in does with the next call of a method instead of answering normally. */
export type FakeSlackBehavior =
  /** `{ ok: false, error }` with HTTP 200, as Slack reports API errors. */
  | { kind: 'error'; error: string }
  /** HTTP 429 with `Retry-After`, as Slack rate-limits. */
  | { kind: 'rate-limited'; retryAfterSeconds: number }
  /** Answers normally after `delayMs`. */
  | { kind: 'slow'; delayMs: number };

export interface FakeSlackOptions {
  /** The bot token calls must carry (`Authorization: Bearer …`). */
  botToken: string;
  /** The workspace (`T…`). */
  teamId?: string;
  /** The app-level token (`xapp-…`): with it, `apps.connections.open` opens Socket Mode connections. */
  appToken?: string;
}

/** A stand-in for the Slack Web API (`/api/<method>`) and for response URLs, over real HTTP. */
export interface FakeSlack {
  /** `http://127.0.0.1:<port>/api/`: SLACK_API_URL. */
  readonly apiUrl: string;
  readonly teamId: string;
  readonly calls: RecordedSlackCall[];
  readonly state: SlackState;
  /** The Socket Mode stand-in, when started with `appToken`. */
  readonly socketMode: FakeSlackSocketMode | undefined;
  /** A response URL for one slash command; posts to it are recorded as method `response_url`. */
  responseUrl(id?: string): string;
  addUser(user: Partial<FakeSlackUser> & { id: string }): FakeSlackUser;
  addChannel(channel: Partial<FakeSlackChannel> & { id: string }): FakeSlackChannel;
  /** Queues behaviors for a Web API method, consumed one per call. */
  script(method: string, behaviors: FakeSlackBehavior[]): void;
  /** Calls of one method, in order. */
  callsOf(method: string): RecordedSlackCall[];
  reset(): void;
  close(): Promise<void>;
}

function send(response: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) {
  response.writeHead(status, { 'content-type': 'application/json; charset=utf-8', ...headers });
  response.end(JSON.stringify(body));
}

/** Form fields (what WebClient sends) or JSON, with JSON-valued fields parsed as Slack does. */
function parseBody(text: string, contentType: string | undefined): Record<string, unknown> {
  if (text === '') return {};
  if (contentType?.includes('application/json')) {
    try {
      return JSON.parse(text) as Record<string, unknown>;
    } catch {
      return { raw: text };
    }
  }
  const fields: Record<string, unknown> = Object.fromEntries(new URLSearchParams(text));
  for (const key of ['blocks', 'attachments', 'metadata']) {
    if (typeof fields[key] === 'string') {
      try {
        fields[key] = JSON.parse(fields[key] as string);
      } catch {
        // Left as text: the handler answers invalid_blocks.
      }
    }
  }
  return fields;
}

export async function startFakeSlack(options: FakeSlackOptions): Promise<FakeSlack> {
  const teamId = options.teamId ?? 'T0SWITCHY';
  const calls: RecordedSlackCall[] = [];
  const scripts = new Map<string, FakeSlackBehavior[]>();
  const state = createSlackState(teamId);
  const socketMode = options.appToken
    ? await startFakeSlackSocketMode({ appToken: options.appToken })
    : undefined;

  const server = await startFakeHttpServer((request, response, raw) => {
    const path = (request.url ?? '/').split('?')[0]!;
    const body = parseBody(raw.toString(), request.headers['content-type']);
    if (path.startsWith('/response/')) {
      calls.push({ method: 'response_url', path, headers: request.headers, body });
      state.recordResponse(path.slice('/response/'.length), body);
      send(response, 200, { ok: true });
      return;
    }
    const method = path.startsWith('/api/') ? path.slice('/api/'.length) : '';
    calls.push({ method, path, headers: request.headers, body });
    const answer = () => {
      if (socketMode && method === 'apps.connections.open')
        return send(response, 200, socketMode.openConnection(request.headers.authorization));
      if (request.headers.authorization === undefined)
        return send(response, 200, { ok: false, error: 'not_authed' });
      if (request.headers.authorization !== `Bearer ${options.botToken}`) {
        return send(response, 200, { ok: false, error: 'invalid_auth' });
      }
      send(response, 200, state.call(method, body));
    };
    const behavior = scripts.get(method)?.shift();
    if (!behavior) return answer();
    if (behavior.kind === 'error') return send(response, 200, { ok: false, error: behavior.error });
    if (behavior.kind === 'rate-limited') {
      return send(
        response,
        429,
        { ok: false, error: 'ratelimited' },
        {
          'retry-after': String(behavior.retryAfterSeconds),
        },
      );
    }
    setTimeout(answer, behavior.delayMs);
  });
  let responseCounter = 0;

  return {
    apiUrl: `${server.origin}/api/`,
    teamId,
    calls,
    state,
    socketMode,
    responseUrl(id) {
      responseCounter += 1;
      return `${server.origin}/response/${id ?? `r${responseCounter}`}`;
    },
    addUser: (user) => state.addUser(user),
    addChannel: (channel) => state.addChannel(channel),
    script(method, behaviors) {
      scripts.set(method, [...(scripts.get(method) ?? []), ...behaviors]);
    },
    callsOf: (method) => calls.filter((call) => call.method === method),
    reset() {
      calls.length = 0;
      scripts.clear();
      state.reset();
    },
    async close() {
      await socketMode?.close();
      await server.close();
    },
  };
}
