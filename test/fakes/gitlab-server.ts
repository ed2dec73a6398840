import { createServer, type IncomingHttpHeaders, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createResponseWaits } from './create-response-waits.js';
import type { GitLabAnswer, GitLabExchange, GitLabRouteHandler } from './gitlab-exchange.js';
import { parseBody } from './gitlab-exchange.js';
import { type FakeGitLabBehavior, gitlabFailure } from './gitlab-failures.js';
import { errorBody } from './gitlab-json.js';
import { noteRoutes } from './gitlab-note-routes.js';
import {
  createProjectBuilder,
  type FakeGitLabProject,
  type FakeGitLabProjectOptions,
} from './gitlab-project-builder.js';
import { readRoutes } from './gitlab-read-routes.js';
import { createGitLabState, type FakeGitLabUser } from './gitlab-state.js';

export type { FakeGitLabBehavior } from './gitlab-failures.js';
export type {
  FakeGitLabMergeRequest,
  FakeGitLabProject,
  FakeGitLabProjectOptions,
  FakeMergeRequestOptions,
} from './gitlab-project-builder.js';
export type { FakeAccessLevel, FakeGitLabUser, FakeNote } from './gitlab-state.js';

const routes = { ...readRoutes, ...noteRoutes };

/** A route of the stand-in, as `METHOD /path/:param` below `/api/v4`: what `script` takes and calls record. */
export type FakeGitLabRoute = keyof typeof routes;

/** One call as the stand-in received it. */
export interface RecordedGitLabCall {
  method: string;
  /** As received, `/api/v4` and query included. */
  path: string;
  /** The matched route; undefined when no route matched (answered 404): an unexpected call. */
  route?: FakeGitLabRoute;
  params: Record<string, string>;
  headers: IncomingHttpHeaders;
  /** The parsed body (JSON, form or multipart), `a[b]` keys nested. */
  body: Record<string, unknown>;
  /** The status answered (unset while the call hangs). */
  status?: number;
}

export interface FakeGitLabOptions {
  /** Record calls (default true); benchmarks turn it off. */
  record?: boolean;
  /** The access token calls must carry in `PRIVATE-TOKEN` (or as a Bearer token). */
  token?: string;
  /** The token user's username (default `switchyard-bot`). */
  tokenUsername?: string;
}

/** A stand-in for GitLab's REST API (v4) over real HTTP, with in-memory projects. */
export interface FakeGitLab {
  /** `http://127.0.0.1:<port>`: GITLAB_URL, gitbeaker's `host`. */
  readonly url: string;
  readonly token: string;
  /** The user the token acts as. */
  readonly tokenUser: FakeGitLabUser;
  readonly calls: RecordedGitLabCall[];
  /** The user `username`, created the first time (`bot` for access-token users). */
  user(username: string, options?: { name?: string; bot?: boolean }): FakeGitLabUser;
  /** The seeding handle of the project at `path` (`group/subgroup/project`), creating it the first time. */
  project(path: string, options?: FakeGitLabProjectOptions): FakeGitLabProject;
  /** Queues behaviors for `route`, consumed one per call. */
  script(route: FakeGitLabRoute, behaviors: FakeGitLabBehavior[]): void;
  /** Forgets calls, scripts, projects and users (the token and its user stay). */
  reset(): void;
  /** Ends every open connection (hanging ones included) and stops listening. */
  close(): Promise<void>;
}

interface CompiledRoute {
  key: FakeGitLabRoute;
  method: string;
  pattern: RegExp;
  names: string[];
  handler: GitLabRouteHandler;
}

const apiPrefix = '/api/v4/';

/** Starts the GitLab stand-in on 127.0.0.1; the API answers below `/api/v4`. */
export async function startFakeGitLab(options: FakeGitLabOptions = {}): Promise<FakeGitLab> {
  const record = options.record ?? true;
  const state = createGitLabState({
    token: options.token ?? 'glpat-switchyard-test-0123456789',
    tokenUsername: options.tokenUsername ?? 'switchyard-bot',
  });
  const calls: RecordedGitLabCall[] = [];
  const scripts = new Map<string, FakeGitLabBehavior[]>();
  const compiled = Object.entries(routes).map(([key, handler]) =>
    compileRoute(key as FakeGitLabRoute, handler),
  );
  const { wait, cancelAll: cancelPendingWaits } = createResponseWaits();

  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', async () => {
      const raw = request.url ?? '/';
      const url = new URL(raw, 'http://fake.invalid');
      const method = request.method ?? 'GET';
      const path = url.pathname.startsWith(apiPrefix) ? url.pathname.slice(apiPrefix.length) : undefined;
      const match = path === undefined ? undefined : matchRoute(compiled, method, path);
      const call: RecordedGitLabCall = {
        method,
        path: raw,
        route: match?.route.key,
        params: match?.params ?? {},
        headers: request.headers,
        body: await parseBody(chunks, request.headers['content-type']),
      };
      if (record) calls.push(call);
      const answer = (result: GitLabAnswer) => {
        call.status = result.status;
        writeAnswer(response, result);
      };
      if (!match || path === undefined) return answer({ status: 404, json: errorBody('404 Not Found') });
      const presented =
        request.headers['private-token'] ?? request.headers.authorization?.replace(/^Bearer /, '');
      if (presented !== state.token) return answer({ status: 401, json: errorBody('401 Unauthorized') });

      const behavior = scripts.get(match.route.key)?.shift() ?? { kind: 'pass' };
      if (behavior.kind === 'hang') return;
      if (behavior.kind === 'slow' && !(await wait(response, behavior.delayMs))) return;
      const failure = gitlabFailure(behavior);
      if (failure) return answer(failure);

      const exchange: GitLabExchange = {
        params: match.params,
        query: url.searchParams,
        headers: request.headers,
        body: call.body,
        web: `http://${request.headers.host}`,
        path,
        state,
      };
      try {
        answer(match.route.handler(exchange));
      } catch (error) {
        // A bug in the stand-in, not a GitLab behavior: make it loud.
        answer({ status: 500, json: errorBody(`fake GitLab failed: ${(error as Error).stack}`) });
      }
    });
  });
  server.keepAliveTimeout = 60_000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    token: state.token,
    tokenUser: state.tokenUser,
    calls,
    user: (username, userOptions) => state.user(username, userOptions),
    project: (path, projectOptions) => createProjectBuilder(state, path, projectOptions),
    script(route, behaviors) {
      if (!(route in routes)) throw new Error(`The GitLab stand-in has no route ${route}`);
      const queue = scripts.get(route);
      if (queue) queue.push(...behaviors);
      else scripts.set(route, [...behaviors]);
    },
    reset() {
      calls.length = 0;
      scripts.clear();
      state.clear();
    },
    close() {
      cancelPendingWaits();
      return new Promise((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
    },
  };
}

function compileRoute(key: FakeGitLabRoute, handler: GitLabRouteHandler): CompiledRoute {
  const [method, template] = key.split(' ') as [string, string];
  const names: string[] = [];
  const source = template.slice(1).replace(/:([a-z_]+)/g, (_, name: string) => {
    names.push(name);
    return /_(iid|id)$/.test(name) && name !== 'discussion_id' ? '(\\d+)' : '([^/]+)';
  });
  return { key, method, pattern: new RegExp(`^${source}$`), names, handler };
}

function matchRoute(compiled: CompiledRoute[], method: string, path: string) {
  for (const route of compiled) {
    if (route.method !== method) continue;
    const found = route.pattern.exec(path);
    if (!found) continue;
    const params: Record<string, string> = {};
    route.names.forEach((name, index) => {
      params[name] = decodeURIComponent(found[index + 1]!);
    });
    return { route, params };
  }
  return undefined;
}

function writeAnswer(response: ServerResponse, answer: GitLabAnswer): void {
  const headers: Record<string, string> = {
    'x-request-id': `01FAKE${Date.now().toString(36).toUpperCase()}`,
    'cache-control': 'max-age=0, private, must-revalidate',
    ...answer.headers,
  };
  if (answer.status === 204) {
    response.writeHead(204, headers);
    response.end();
    return;
  }
  headers['content-type'] = answer.contentType ?? 'application/json';
  response.writeHead(answer.status, headers);
  response.end(answer.text ?? JSON.stringify(answer.json ?? null));
}
