import type { IncomingHttpHeaders, IncomingMessage, ServerResponse } from 'node:http';
import { startFakeHttpServer } from './start-fake-http-server.js';

/** What a route handler or a scripted failure answers: JSON, or text with its content type. */
export interface FakeAnswer {
  status: number;
  json?: unknown;
  text?: string;
  contentType?: string;
  headers?: Record<string, string>;
}

/** Scripted behaviors that change when, or whether, a call is answered; each platform adds its failures. */
export type FakeTimingBehavior =
  /** Never answers, until the client gives up or the stand-in closes. */
  | { kind: 'hang' }
  /** Answers normally after `delayMs`. */
  | { kind: 'slow'; delayMs: number }
  /** Answers normally (to script a failure after a success). */
  | { kind: 'pass' };

/**
 * One call as a REST stand-in received it: `path` as received (API prefix and query included); `route`
 * undefined when no route matched (answered 404), an unexpected call; `status` unset while the call hangs.
 */
export interface RecordedFakeCall<Route extends string, Body> {
  method: string;
  path: string;
  route?: Route;
  params: Record<string, string>;
  headers: IncomingHttpHeaders;
  body: Body;
  status?: number;
}

/** A call that matched a route and that its scripted behavior let through. */
export interface FakeRouteCall<Route extends string, Handler, Body> {
  route: Route;
  handler: Handler;
  params: Record<string, string>;
  url: URL;
  /** The path below the API root, as `routePath` gave it. */
  path: string;
  request: IncomingMessage;
  call: RecordedFakeCall<Route, Body>;
}

/** What makes a REST stand-in one platform's: its routes, paths, bodies, headers, errors and auth. */
export interface FakeRestApiOptions<Route extends string, Handler, Body, Behavior extends { kind: string }> {
  /** Names the stand-in in errors: `The <name> stand-in has no route …`. */
  name: string;
  /** Handlers keyed `METHOD /path/:param`. */
  routes: Record<Route, Handler>;
  record: boolean;
  /** The pattern a `:name` parameter of a route matches. */
  paramPattern(name: string): string;
  /** The path below the API root (starting with `/`), or undefined for a URL outside the API. */
  routePath(url: URL): string | undefined;
  parseBody(body: Buffer, headers: IncomingHttpHeaders): Body | Promise<Body>;
  /** The headers of every answer, before the answer's own. */
  headers(): Record<string, string>;
  /** The content type of an answer that does not name one. */
  contentType: string;
  /** The answer to a call no route matches. */
  notFound: FakeAnswer;
  /** The answer when a handler throws: a bug in the stand-in, not a platform behavior, so it is loud. */
  crashed(error: Error): FakeAnswer;
  /** A refusal that comes before any scripted behavior is used, or undefined to let the call through. */
  refuse?(request: IncomingMessage): FakeAnswer | undefined;
  /** The answer a scripted behavior gives, or undefined when the call should be answered normally. */
  failure(behavior: Behavior): FakeAnswer | undefined;
  /** Answers a call that got through: the platform's checks, then the route's handler. */
  handle(call: FakeRouteCall<Route, Handler, Body>): FakeAnswer;
}

/** A REST stand-in listening on 127.0.0.1, with its recorded calls and scripts. */
export interface FakeRestApi<Route extends string, Body, Behavior> {
  /** `127.0.0.1:<port>` */
  readonly host: string;
  /** `http://127.0.0.1:<port>` */
  readonly origin: string;
  readonly calls: RecordedFakeCall<Route, Body>[];
  /** Queues behaviors for `route`, consumed one per call. */
  script(route: Route, behaviors: Behavior[]): void;
  /** Forgets calls and scripts. */
  reset(): void;
  close(): Promise<void>;
}

interface CompiledRoute<Route extends string, Handler> {
  route: Route;
  method: string;
  pattern: RegExp;
  names: string[];
  handler: Handler;
}

/**
 * Starts a stand-in for a platform's REST API: routes with parameters, calls recorded with the status
 * answered, behaviors scripted per route (`hang`, `slow`, `pass`, or the platform's failures).
 */
export async function startFakeRestApi<
  Route extends string,
  Handler,
  Body,
  Behavior extends { kind: string },
>(options: FakeRestApiOptions<Route, Handler, Body, Behavior>): Promise<FakeRestApi<Route, Body, Behavior>> {
  const calls: RecordedFakeCall<Route, Body>[] = [];
  const scripts = new Map<Route, Behavior[]>();
  const compiled = (Object.entries(options.routes) as Array<[Route, Handler]>).map(([route, handler]) =>
    compileRoute(route, handler, options.paramPattern),
  );
  const answer = (response: ServerResponse, call: RecordedFakeCall<Route, Body>, result: FakeAnswer) => {
    call.status = result.status;
    writeAnswer(response, result, options.headers(), options.contentType);
  };

  const server = await startFakeHttpServer(async (request, response, raw) => {
    const url = new URL(request.url ?? '/', 'http://fake.invalid');
    const method = request.method ?? 'GET';
    const path = options.routePath(url);
    const match = path === undefined ? undefined : matchRoute(compiled, method, path);
    const call: RecordedFakeCall<Route, Body> = {
      method,
      path: request.url ?? '/',
      route: match?.route,
      params: match?.params ?? {},
      headers: request.headers,
      body: await options.parseBody(raw, request.headers),
    };
    if (options.record) calls.push(call);
    if (!match || path === undefined) return answer(response, call, options.notFound);
    const refusal = options.refuse?.(request);
    if (refusal) return answer(response, call, refusal);

    const behavior = scripts.get(match.route)?.shift();
    if (behavior?.kind === 'hang') return;
    if (isSlow(behavior) && !(await server.wait(response, behavior.delayMs))) return;
    const failure = behavior && options.failure(behavior);
    if (failure) return answer(response, call, failure);
    try {
      answer(response, call, options.handle({ ...match, url, path, request, call }));
    } catch (error) {
      answer(response, call, options.crashed(error as Error));
    }
  });

  return {
    host: server.host,
    origin: server.origin,
    calls,
    script(route, behaviors) {
      if (!Object.hasOwn(options.routes, route))
        throw new Error(`The ${options.name} stand-in has no route ${route}`);
      const queue = scripts.get(route);
      if (queue) queue.push(...behaviors);
      else scripts.set(route, [...behaviors]);
    },
    reset() {
      calls.length = 0;
      scripts.clear();
    },
    close: () => server.close(),
  };
}

function isSlow(behavior: { kind: string } | undefined): behavior is { kind: 'slow'; delayMs: number } {
  return behavior?.kind === 'slow';
}

function compileRoute<Route extends string, Handler>(
  route: Route,
  handler: Handler,
  paramPattern: (name: string) => string,
): CompiledRoute<Route, Handler> {
  const [method, template] = route.split(' ') as [string, string];
  const names: string[] = [];
  const source = template.replace(/:([a-z_]+)/g, (_, name: string) => {
    names.push(name);
    return `(${paramPattern(name)})`;
  });
  return { route, method, pattern: new RegExp(`^${source}$`), names, handler };
}

function matchRoute<Route extends string, Handler>(
  compiled: CompiledRoute<Route, Handler>[],
  method: string,
  path: string,
) {
  for (const { route, method: routeMethod, pattern, names, handler } of compiled) {
    if (routeMethod !== method) continue;
    const found = pattern.exec(path);
    if (!found) continue;
    const params: Record<string, string> = {};
    names.forEach((name, index) => {
      params[name] = decodeURIComponent(found[index + 1]!);
    });
    return { route, handler, params };
  }
  return undefined;
}

function writeAnswer(
  response: ServerResponse,
  answer: FakeAnswer,
  defaults: Record<string, string>,
  contentType: string,
): void {
  const headers: Record<string, string> = { ...defaults, ...answer.headers };
  if (answer.status === 204) {
    response.writeHead(204, headers);
    response.end();
    return;
  }
  headers['content-type'] = answer.contentType ?? contentType;
  response.writeHead(answer.status, headers);
  response.end(answer.text ?? JSON.stringify(answer.json ?? null));
}
