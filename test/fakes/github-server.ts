import type { KeyObject } from 'node:crypto';
import { appManifestRoutes, unauthenticatedRoutes } from './github-app-manifest-routes.js';
import { readAppJwt, readInstallationToken } from './github-auth.js';
import type { GitHubExchange } from './github-exchange.js';
import { type FakeGitHubBehavior, githubFailure } from './github-failures.js';
import { errorBody } from './github-json.js';
import { readRoutes } from './github-read-routes.js';
import {
  createRepositoryBuilder,
  type FakeRepository,
  type FakeRepositoryOptions,
} from './github-repository-builder.js';
import { searchRoutes } from './github-search-routes.js';
import {
  createGitHubState,
  type FakeAccount,
  type FakePermission,
  type IssuedToken,
} from './github-state.js';
import { writeRoutes } from './github-write-routes.js';
import { parseJsonBody } from './start-fake-http-server.js';
import { type RecordedFakeCall, startFakeRestApi } from './start-fake-rest-api.js';

export type { FakeGitHubBehavior } from './github-failures.js';
export type { FakePullRequest, FakePullRequestOptions, FakeRepository } from './github-repository-builder.js';
export type { FakeAccount, FakePermission, IssuedToken } from './github-state.js';

const routes = { ...readRoutes, ...searchRoutes, ...writeRoutes, ...appManifestRoutes };

/** A route of the stand-in, as `METHOD /path/:param`: what `script` takes and calls record. */
export type FakeGitHubRoute = keyof typeof routes;

/**
 * One call as the stand-in received it; `path` includes the query and any `/api/v3` prefix, `body` is the
 * parsed JSON (the raw text when it was not JSON; undefined for no body).
 */
export interface RecordedGitHubCall extends RecordedFakeCall<FakeGitHubRoute, unknown> {
  /** The installation whose token the call carried. */
  installationId?: number;
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
  /**
   * An account the user search (`GET /search/users`) finds, created or replaced; `email` is its public email.
   * Unlike GitHub, two accounts may share one, so a search can find both.
   */
  user(login: string, options?: { name?: string; email?: string }): FakeAccount;
  /** The collaborator permission the permission endpoint reports for `login` (any repository). */
  setPermission(login: string, permission: FakePermission): void;
  /** Queues behaviors for `route`, consumed one per call. */
  script(route: FakeGitHubRoute, behaviors: FakeGitHubBehavior[]): void;
  /**
   * Forgets calls, scripts, permissions, accounts and repositories. Issued tokens stay valid, as on GitHub, so a server
   * under test that cached one keeps working across tests.
   */
  reset(): void;
  /** Ends every open connection (hanging ones included) and stops listening. */
  close(): Promise<void>;
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
  const requireAuth = options.requireAuth ?? true;
  const state = createGitHubState({
    appSlug: options.appSlug ?? 'switchyard',
    defaultPermission: options.defaultPermission ?? 'read',
  });

  const api = await startFakeRestApi({
    name: 'GitHub',
    routes,
    record: options.record ?? true,
    paramPattern,
    routePath: (url) =>
      isEnterprise(url) ? url.pathname.slice(enterprisePrefix.length) || '/' : url.pathname,
    parseBody: parseJsonBody,
    headers: defaultHeaders,
    contentType: 'application/json; charset=utf-8',
    notFound: { status: 404, json: errorBody(404, 'Not Found') },
    // A bug in the stand-in, not a GitHub behavior: make it loud.
    crashed: (error) => ({ status: 500, json: errorBody(500, `fake GitHub failed: ${error.stack}`) }),
    failure: githubFailure,
    handle({ route, handler, params, url, path, request, call }) {
      const exchange: GitHubExchange = {
        params,
        query: url.searchParams,
        headers: request.headers,
        body: call.body,
        api: `http://${request.headers.host}${isEnterprise(url) ? enterprisePrefix : ''}`,
        path,
        state,
      };
      if (appRoutes.has(route)) {
        const jwt = readAppJwt(request.headers.authorization, options.appPublicKey);
        if (!jwt.success) return { status: 401, json: errorBody(401, jwt.error) };
        exchange.jwt = jwt.value;
      } else if (requireAuth && !unauthenticatedRoutes.has(route)) {
        const token = readInstallationToken(request.headers.authorization, state.tokens);
        if (!token.success) return { status: 401, json: errorBody(401, token.error) };
        exchange.token = token.value;
        (call as RecordedGitHubCall).installationId = token.value.installationId;
      }
      return handler(exchange);
    },
  });

  return {
    baseUrl: api.origin,
    enterpriseBaseUrl: `${api.origin}${enterprisePrefix}`,
    host: api.host,
    calls: api.calls,
    issuedTokens: () => [...state.tokens.values()],
    repository: (owner, name, repositoryOptions) =>
      createRepositoryBuilder(state, owner, name, repositoryOptions),
    user(login, userOptions = {}) {
      const account = { login, name: userOptions.name ?? null, email: userOptions.email ?? null };
      state.accounts.set(login.toLowerCase(), account);
      return account;
    },
    setPermission(login, permission) {
      state.permissions.set(login.toLowerCase(), permission);
    },
    script: api.script,
    reset() {
      api.reset();
      state.clear();
    },
    close: api.close,
  };
}

function isEnterprise(url: URL): boolean {
  return url.pathname === enterprisePrefix || url.pathname.startsWith(`${enterprisePrefix}/`);
}

function paramPattern(name: string): string {
  if (name === 'path') return '.*';
  return /^(number|comment_id|reaction_id|installation_id)$/.test(name) ? '\\d+' : '[^/]+';
}

function defaultHeaders(): Record<string, string> {
  requestSequence += 1;
  return {
    'x-github-request-id': `FAKE:${requestSequence.toString(16).toUpperCase()}`,
    'x-github-media-type': 'github.v3; format=json',
    'x-ratelimit-limit': '5000',
    'x-ratelimit-remaining': '4999',
    'x-ratelimit-reset': String(Math.floor(Date.now() / 1000) + 3600),
    'x-ratelimit-used': '1',
    'x-ratelimit-resource': 'core',
  };
}
