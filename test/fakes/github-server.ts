import type { KeyObject } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createResponseWaits } from './create-response-waits.js';
import { appManifestRoutes, unauthenticatedRoutes } from './github-app-manifest-routes.js';
import { readAppJwt, readInstallationToken } from './github-auth.js';
import type { GitHubAnswer, GitHubExchange, GitHubRouteHandler } from './github-exchange.js';
import { type FakeGitHubBehavior, githubFailure } from './github-failures.js';
import { errorBody } from './github-json.js';
import { readRoutes } from './github-read-routes.js';
import {
  createRepositoryBuilder,
  type FakeRepository,
  type FakeRepositoryOptions,
} from './github-repository-builder.js';
import { createGitHubState, type FakePermission, type IssuedToken } from './github-state.js';
import { writeRoutes } from './github-write-routes.js';

export type { FakeGitHubBehavior } from './github-failures.js';
export type { FakePullRequest, FakePullRequestOptions, FakeRepository } from './github-repository-builder.js';
export type { FakePermission, IssuedToken } from './github-state.js';

const routes = { ...readRoutes, ...writeRoutes, ...appManifestRoutes };

/** A route of the stand-in, as `METHOD /path/:param`: what `script` takes and calls record. */
export type FakeGitHubRoute = keyof typeof routes;

/** One call as the stand-in received it. */
export interface RecordedGitHubCall {
  method: string;
  /** As received, query and `/api/v3` prefix included. */
  path: string;
  /** The matched route; undefined when no route matched (answered 404): an unexpected call. */
  route?: FakeGitHubRoute;
  params: Record<string, string>;
  headers: IncomingHttpHeaders;
  /** The parsed JSON body (the raw text when it was not JSON; undefined for no body). */
  body: unknown;
  /** The installation whose token the call carried. */
  installationId?: number;
  /** The status answered (unset while the call hangs). */
  status?: number;
}

export interface FakeGitHubOptions {
  /** Record calls (default true); benchmarks turn it off. */
  record?: boolean;
  /** The app's slug: its comments are by `<slug>[bot]` (default `switchyard`). */
  appSlug?: string;
  /** The permission of logins never given one (default `read`; private repositories: `none`). */
  defaultPermission?: FakePermission;
  /** When set, app JWT signatures are verified with this public key. */
  appPublicKey?: KeyObject | string;
  /** Refuse calls without an installation token issued by this stand-in with a 401 (default true). */
  requireAuth?: boolean;
}

/** A stand-in for the GitHub REST API over real HTTP, with in-memory repositories. */
export interface FakeGitHub {
  /** `http://127.0.0.1:<port>`: Octokit's or Probot's `baseUrl`. */
  readonly baseUrl: string;
  /** `http://127.0.0.1:<port>/api/v3`: what Probot builds from GHE_HOST and GHE_PROTOCOL=http. */
  readonly enterpriseBaseUrl: string;
  /** `127.0.0.1:<port>`, for GHE_HOST. */
  readonly host: string;
  readonly calls: RecordedGitHubCall[];
  /** Installation tokens issued so far, with the JWT that asked for each. */
  issuedTokens(): IssuedToken[];
  /** The seeding handle of `owner/name`, creating the repository the first time. */
  repository(owner: string, name: string, options?: FakeRepositoryOptions): FakeRepository;
  /** The collaborator permission the permission endpoint reports for `login` (any repository). */
  setPermission(login: string, permission: FakePermission): void;
  /** Queues behaviors for `route`, consumed one per call. */
  script(route: FakeGitHubRoute, behaviors: FakeGitHubBehavior[]): void;
  /**
   * Forgets calls, scripts, permissions and repositories. Issued tokens stay valid, as on GitHub, so a server
   * under test that cached one keeps working across tests.
   */
  reset(): void;
  /** Ends every open connection (hanging ones included) and stops listening. */
  close(): Promise<void>;
}

interface CompiledRoute {
  key: FakeGitHubRoute;
  method: string;
  pattern: RegExp;
  names: string[];
  handler: GitHubRouteHandler;
}

const enterprisePrefix = '/api/v3';
const appRoutes = new Set<string>([
  'POST /app/installations/:installation_id/access_tokens',
  'GET /app',
  'GET /repos/:owner/:repo/installation',
]);
let requestSequence = 0;

/** Starts the GitHub stand-in on 127.0.0.1, answering both at the root and below `/api/v3`. */
export async function startFakeGitHub(options: FakeGitHubOptions = {}): Promise<FakeGitHub> {
  const record = options.record ?? true;
  const requireAuth = options.requireAuth ?? true;
  const state = createGitHubState({
    appSlug: options.appSlug ?? 'switchyard',
    defaultPermission: options.defaultPermission ?? 'read',
  });
  const calls: RecordedGitHubCall[] = [];
  const scripts = new Map<string, FakeGitHubBehavior[]>();
  const compiled = Object.entries(routes).map(([key, handler]) =>
    compileRoute(key as FakeGitHubRoute, handler),
  );

  const { wait, cancelAll: cancelPendingWaits } = createResponseWaits();

  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', async () => {
      const raw = request.url ?? '/';
      const url = new URL(raw, 'http://fake.invalid');
      const enterprise = url.pathname === enterprisePrefix || url.pathname.startsWith(`${enterprisePrefix}/`);
      const path = enterprise ? url.pathname.slice(enterprisePrefix.length) || '/' : url.pathname;
      const method = request.method ?? 'GET';
      const match = matchRoute(compiled, method, path);
      const call: RecordedGitHubCall = {
        method,
        path: raw,
        route: match?.route.key,
        params: match?.params ?? {},
        headers: request.headers,
        body: parseBody(chunks),
      };
      if (record) calls.push(call);
      const answer = (result: GitHubAnswer) => {
        call.status = result.status;
        writeAnswer(response, result);
      };
      if (!match) return answer({ status: 404, json: errorBody(404, 'Not Found') });

      const behavior = scripts.get(match.route.key)?.shift() ?? { kind: 'pass' };
      if (behavior.kind === 'hang') return;
      if (behavior.kind === 'slow' && !(await wait(response, behavior.delayMs))) return;
      const failure = githubFailure(behavior);
      if (failure) return answer(failure);

      const exchange: GitHubExchange = {
        params: match.params,
        query: url.searchParams,
        headers: request.headers,
        body: call.body,
        api: `http://${request.headers.host}${enterprise ? enterprisePrefix : ''}`,
        path,
        state,
      };
      if (appRoutes.has(match.route.key)) {
        const jwt = readAppJwt(request.headers.authorization, options.appPublicKey);
        if (!jwt.success) return answer({ status: 401, json: errorBody(401, jwt.error) });
        exchange.jwt = jwt.value;
      } else if (requireAuth && !unauthenticatedRoutes.has(match.route.key)) {
        const token = readInstallationToken(request.headers.authorization, state.tokens);
        if (!token.success) return answer({ status: 401, json: errorBody(401, token.error) });
        exchange.token = token.value;
        call.installationId = token.value.installationId;
      }
      try {
        answer(match.route.handler(exchange));
      } catch (error) {
        // A bug in the stand-in, not a GitHub behavior: make it loud.
        answer({ status: 500, json: errorBody(500, `fake GitHub failed: ${(error as Error).stack}`) });
      }
    });
  });
  server.keepAliveTimeout = 60_000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const host = `127.0.0.1:${port}`;

  return {
    baseUrl: `http://${host}`,
    enterpriseBaseUrl: `http://${host}${enterprisePrefix}`,
    host,
    calls,
    issuedTokens: () => [...state.tokens.values()],
    repository: (owner, name, repositoryOptions) =>
      createRepositoryBuilder(state, owner, name, repositoryOptions),
    setPermission(login, permission) {
      state.permissions.set(login.toLowerCase(), permission);
    },
    script(route, behaviors) {
      if (!(route in routes)) throw new Error(`The GitHub stand-in has no route ${route}`);
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

function compileRoute(key: FakeGitHubRoute, handler: GitHubRouteHandler): CompiledRoute {
  const [method, template] = key.split(' ') as [string, string];
  const names: string[] = [];
  const source = template.replace(/:([a-z_]+)/g, (_, name: string) => {
    names.push(name);
    if (name === 'path') return '(.*)';
    return /^(number|comment_id|reaction_id|installation_id)$/.test(name) ? '(\\d+)' : '([^/]+)';
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

function writeAnswer(response: ServerResponse, answer: GitHubAnswer): void {
  requestSequence += 1;
  const headers: Record<string, string> = {
    'x-github-request-id': `FAKE:${requestSequence.toString(16).toUpperCase()}`,
    'x-github-media-type': 'github.v3; format=json',
    'x-ratelimit-limit': '5000',
    'x-ratelimit-remaining': '4999',
    'x-ratelimit-reset': String(Math.floor(Date.now() / 1000) + 3600),
    'x-ratelimit-used': '1',
    'x-ratelimit-resource': 'core',
    ...answer.headers,
  };
  if (answer.status === 204) {
    response.writeHead(204, headers);
    response.end();
    return;
  }
  const text = answer.text ?? JSON.stringify(answer.json ?? null);
  headers['content-type'] = answer.contentType ?? 'application/json; charset=utf-8';
  response.writeHead(answer.status, headers);
  response.end(text);
}

function parseBody(chunks: Buffer[]): unknown {
  if (chunks.length === 0) return undefined;
  const text = Buffer.concat(chunks).toString();
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}
