import type { IncomingHttpHeaders } from 'node:http';
import type { AppJwt } from './github-auth.js';
import { errorBody } from './github-json.js';
import type { FakeIssue, RepositoryState } from './github-repository.js';
import { findRepository, type GitHubState, type IssuedToken } from './github-state.js';
import type { FakeAnswer } from './start-fake-rest-api.js';

/** One request as a route handler sees it. */
export interface GitHubExchange {
  params: Record<string, string>;
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
  body: unknown;
  /** The API root as the client addressed it (`http://127.0.0.1:<port>` or `…/api/v3`), for URLs in answers. */
  api: string;
  /** The path below the API root, for pagination links. */
  path: string;
  state: GitHubState;
  /** The installation token the call carried (undefined on app routes or when auth is not required). */
  token?: IssuedToken;
  /** The decoded app JWT, on app routes. */
  jwt?: AppJwt;
}

export type GitHubAnswer = FakeAnswer;

export type GitHubRouteHandler = (exchange: GitHubExchange) => GitHubAnswer;

export function json(status: number, body: unknown, headers?: Record<string, string>): GitHubAnswer {
  return { status, json: body, headers };
}

export function notFound(documentation = 'https://docs.github.com/rest'): GitHubAnswer {
  return json(404, errorBody(404, 'Not Found', documentation));
}

/** A 422 in GitHub's validation shape. */
export function unprocessable(documentation: string, errors: unknown[]): GitHubAnswer {
  return json(422, errorBody(422, 'Unprocessable Entity', documentation, errors));
}

/** The repository named by `:owner/:repo`, or GitHub's 404. */
export function withRepository(
  exchange: GitHubExchange,
  answer: (repository: RepositoryState) => GitHubAnswer,
): GitHubAnswer {
  const repository = findRepository(exchange.state, exchange.params.owner!, exchange.params.repo!);
  return repository
    ? answer(repository)
    : notFound('https://docs.github.com/rest/repos/repos#get-a-repository');
}

/** The pull request `:number`, or GitHub's 404. */
export function withPull(
  exchange: GitHubExchange,
  answer: (repository: RepositoryState, issue: FakeIssue) => GitHubAnswer,
): GitHubAnswer {
  return withRepository(exchange, (repository) => {
    const issue = repository.issues.get(Number(exchange.params.number));
    return issue?.pull
      ? answer(repository, issue)
      : notFound('https://docs.github.com/rest/pulls/pulls#get-a-pull-request');
  });
}

/** One page of `items` by `per_page` (default 30, at most 100) and `page`, with GitHub's Link header. */
export function paginate<T>(exchange: GitHubExchange, items: T[], map: (item: T) => unknown): GitHubAnswer {
  const perPage = Math.min(100, Math.max(1, Number(exchange.query.get('per_page')) || 30));
  const page = Math.max(1, Number(exchange.query.get('page')) || 1);
  const last = Math.max(1, Math.ceil(items.length / perPage));
  const link = (target: number, rel: string) => {
    const query = new URLSearchParams(exchange.query);
    query.set('per_page', String(perPage));
    query.set('page', String(target));
    return `<${exchange.api}${exchange.path}?${query}>; rel="${rel}"`;
  };
  const links: string[] = [];
  if (page > 1) links.push(link(page - 1, 'prev'));
  if (page < last) links.push(link(page + 1, 'next'), link(last, 'last'));
  if (page > 1) links.push(link(1, 'first'));
  const slice = items.slice((page - 1) * perPage, page * perPage).map(map);
  return json(200, slice, links.length > 0 ? { link: links.join(', ') } : undefined);
}

/** The request's JSON body as an object (empty when it was not one). */
export function bodyObject(exchange: GitHubExchange): Record<string, unknown> {
  const body = exchange.body;
  return typeof body === 'object' && body !== null && !Array.isArray(body)
    ? (body as Record<string, unknown>)
    : {};
}
