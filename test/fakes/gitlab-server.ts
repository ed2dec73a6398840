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
import { createGitLabState, type FakeGitLabUser, type FakeGitLabUserOptions } from './gitlab-state.js';
import { type RecordedFakeCall, startFakeRestApi } from './start-fake-rest-api.js';

export type { FakeGitLabBehavior } from './gitlab-failures.js';
export type {
  FakeGitLabMergeRequest,
  FakeGitLabProject,
  FakeGitLabProjectOptions,
  FakeMergeRequestOptions,
} from './gitlab-project-builder.js';
export type { FakeAccessLevel, FakeGitLabUser, FakeGitLabUserOptions, FakeNote } from './gitlab-state.js';

const routes = { ...readRoutes, ...noteRoutes };

/** A route of the stand-in, as `METHOD /path/:param` below `/api/v4`: what `script` takes and calls record. */
export type FakeGitLabRoute = keyof typeof routes;

/**
 * One call as the stand-in received it; `path` includes `/api/v4` and the query, `body` is the parsed body
 * (JSON, form or multipart) with `a[b]` keys nested.
 */
export type RecordedGitLabCall = RecordedFakeCall<FakeGitLabRoute, Record<string, unknown>>;

export interface FakeGitLabOptions {
  /** Record calls (default true); benchmarks turn it off. */
  record?: boolean;
  /** The access token calls must carry in `PRIVATE-TOKEN` (or as a Bearer token). */
  token?: string;
  /** The token user's username (default `switchyard-bot`). */
  tokenUsername?: string;
  /**
   * Whether the token's user is an instance administrator (default false). As on GitLab, an administrator's
   * `GET /users` lists blocked users too, shows private emails, and its `search` matches them; anyone else's
   * lists active users only and matches public emails only.
   */
  admin?: boolean;
}

/** A stand-in for GitLab's REST API (v4) over real HTTP, with in-memory projects. */
export interface FakeGitLab {
  /** `http://127.0.0.1:<port>`: GITLAB_URL, gitbeaker's `host`. */
  readonly url: string;
  readonly token: string;
  /** The user the token acts as. */
  readonly tokenUser: FakeGitLabUser;
  readonly calls: RecordedGitLabCall[];
  /**
   * The user `username`, created the first time with `options` (`bot` for access-token users; `email` private,
   * `publicEmail` shown on the profile; `state: 'blocked'` for a blocked user).
   */
  user(username: string, options?: FakeGitLabUserOptions): FakeGitLabUser;
  /** The seeding handle of the project at `path` (`group/subgroup/project`), creating it the first time. */
  project(path: string, options?: FakeGitLabProjectOptions): FakeGitLabProject;
  /** Queues behaviors for `route`, consumed one per call. */
  script(route: FakeGitLabRoute, behaviors: FakeGitLabBehavior[]): void;
  /** Forgets calls, scripts, projects and users (the token and its user stay). */
  reset(): void;
  /** Ends every open connection (hanging ones included) and stops listening. */
  close(): Promise<void>;
}

const apiRoot = '/api/v4';

/** Starts the GitLab stand-in on 127.0.0.1; the API answers below `/api/v4`. */
export async function startFakeGitLab(options: FakeGitLabOptions = {}): Promise<FakeGitLab> {
  const state = createGitLabState({
    token: options.token ?? 'glpat-switchyard-test-0123456789',
    tokenUsername: options.tokenUsername ?? 'switchyard-bot',
    admin: options.admin ?? false,
  });

  const api = await startFakeRestApi({
    name: 'GitLab',
    routes,
    record: options.record ?? true,
    paramPattern: (name) => (/_(iid|id)$/.test(name) && name !== 'discussion_id' ? '\\d+' : '[^/]+'),
    routePath: (url) =>
      url.pathname.startsWith(`${apiRoot}/`) ? url.pathname.slice(apiRoot.length) : undefined,
    parseBody: (body, headers) => parseBody(body, headers['content-type']),
    headers: () => ({
      'x-request-id': `01FAKE${Date.now().toString(36).toUpperCase()}`,
      'cache-control': 'max-age=0, private, must-revalidate',
    }),
    contentType: 'application/json',
    notFound: { status: 404, json: errorBody('404 Not Found') },
    // A bug in the stand-in, not a GitLab behavior: make it loud.
    crashed: (error) => ({ status: 500, json: errorBody(`fake GitLab failed: ${error.stack}`) }),
    // GitLab authenticates before anything else, so a refused call leaves the route's script alone.
    refuse(request) {
      const presented =
        request.headers['private-token'] ?? request.headers.authorization?.replace(/^Bearer /, '');
      return presented === state.token ? undefined : { status: 401, json: errorBody('401 Unauthorized') };
    },
    failure: gitlabFailure,
    handle: ({ handler, params, url, path, request, call }) =>
      handler({
        params,
        query: url.searchParams,
        headers: request.headers,
        body: call.body,
        web: `http://${request.headers.host}`,
        path: path.slice(1),
        state,
      }),
  });

  return {
    url: api.origin,
    token: state.token,
    tokenUser: state.tokenUser,
    calls: api.calls,
    user: (username, userOptions) => state.user(username, userOptions),
    project: (path, projectOptions) => createProjectBuilder(state, path, projectOptions),
    script: api.script,
    reset() {
      api.reset();
      state.clear();
    },
    close: api.close,
  };
}
