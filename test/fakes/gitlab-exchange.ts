import type { IncomingHttpHeaders } from 'node:http';
import { errorBody } from './gitlab-json.js';
import type { FakeMergeRequest, FakeNote, FakeProject, GitLabState } from './gitlab-state.js';
import type { FakeAnswer } from './start-fake-rest-api.js';

/** One request as a route handler sees it. */
export interface GitLabExchange {
  params: Record<string, string>;
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
  /** JSON, form-urlencoded and multipart bodies alike, `a[b]` keys nested as Rails reads them. */
  body: Record<string, unknown>;
  /** `http://127.0.0.1:<port>`: the instance's root, for `web_url`s. */
  web: string;
  /** The path below `/api/v4` as requested (still encoded), for pagination links. */
  path: string;
  state: GitLabState;
}

export type GitLabAnswer = FakeAnswer;

export type GitLabRouteHandler = (exchange: GitLabExchange) => GitLabAnswer;

export function json(status: number, body: unknown, headers?: Record<string, string>): GitLabAnswer {
  return { status, json: body, headers };
}

/** GitLab's 404: `{"message":"404 Project Not Found"}`, `{"message":"404 Not found"}`… */
export function notFound(what = 'Not found'): GitLabAnswer {
  return json(404, errorBody(`404 ${what}`));
}

export function badRequest(message: string): GitLabAnswer {
  return json(400, errorBody(`400 Bad request - ${message}`));
}

/** The project `:id` (numeric, or its URL-encoded path), or GitLab's 404. */
export function withProject(
  exchange: GitLabExchange,
  answer: (project: FakeProject) => GitLabAnswer,
): GitLabAnswer {
  const project = exchange.state.findProject(exchange.params.id!);
  return project ? answer(project) : notFound('Project Not Found');
}

/** The merge request `:merge_request_iid` of the project, or GitLab's 404. */
export function withMergeRequest(
  exchange: GitLabExchange,
  answer: (project: FakeProject, mergeRequest: FakeMergeRequest) => GitLabAnswer,
): GitLabAnswer {
  return withProject(exchange, (project) => {
    const mergeRequest = project.mergeRequests.get(Number(exchange.params.merge_request_iid));
    return mergeRequest ? answer(project, mergeRequest) : notFound();
  });
}

/** The note `:note_id` of the merge request, or GitLab's 404. */
export function withNote(
  exchange: GitLabExchange,
  answer: (project: FakeProject, mergeRequest: FakeMergeRequest, note: FakeNote) => GitLabAnswer,
): GitLabAnswer {
  return withMergeRequest(exchange, (project, mergeRequest) => {
    const note = allNotes(mergeRequest).find((candidate) => candidate.id === Number(exchange.params.note_id));
    return note ? answer(project, mergeRequest, note) : notFound('Note Not Found');
  });
}

export function allNotes(mergeRequest: FakeMergeRequest): FakeNote[] {
  return mergeRequest.discussions.flatMap((discussion) => discussion.notes);
}

/**
 * One page of `items` by `per_page` (default 20, at most 100) and `page`, with GitLab's headers: `x-page`,
 * `x-per-page`, `x-next-page`, `x-prev-page`, `x-total`, `x-total-pages` and a `link` header.
 */
export function paginate<T>(exchange: GitLabExchange, items: T[], map: (item: T) => unknown): GitLabAnswer {
  const perPage = Math.min(100, Math.max(1, Number(exchange.query.get('per_page')) || 20));
  const page = Math.max(1, Number(exchange.query.get('page')) || 1);
  const last = Math.max(1, Math.ceil(items.length / perPage));
  const link = (target: number, rel: string) => {
    const query = new URLSearchParams(exchange.query);
    query.set('page', String(target));
    query.set('per_page', String(perPage));
    return `<${exchange.web}/api/v4/${exchange.path}?${query}>; rel="${rel}"`;
  };
  const links = [
    ...(page > 1 ? [link(page - 1, 'prev')] : []),
    ...(page < last ? [link(page + 1, 'next')] : []),
    link(1, 'first'),
    link(last, 'last'),
  ];
  return json(200, items.slice((page - 1) * perPage, page * perPage).map(map), {
    link: links.join(', '),
    'x-page': String(page),
    'x-per-page': String(perPage),
    'x-next-page': page < last ? String(page + 1) : '',
    'x-prev-page': page > 1 ? String(page - 1) : '',
    'x-total': String(items.length),
    'x-total-pages': String(last),
  });
}

/** Rails' reading of bracketed form keys: `position[line_range][start][line_code]` → nested objects. */
export function nestFields(entries: Iterable<[string, unknown]>): Record<string, unknown> {
  const root: Record<string, unknown> = {};
  for (const [key, value] of entries) {
    const [head, ...rest] = key.split('[').map((part) => part.replace(/]$/, ''));
    let target = root;
    const path = [head!, ...rest];
    path.slice(0, -1).forEach((part) => {
      if (typeof target[part] !== 'object' || target[part] === null) target[part] = {};
      target = target[part] as Record<string, unknown>;
    });
    target[path.at(-1)!] = value;
  }
  return root;
}

/** Parses a request body the way GitLab's API accepts them: JSON, urlencoded or multipart. */
export async function parseBody(
  raw: Buffer,
  contentType: string | undefined,
): Promise<Record<string, unknown>> {
  if (raw.length === 0) return {};
  const type = (contentType ?? '').split(';')[0]!.trim();
  if (type === 'multipart/form-data') {
    const form = await new Response(raw, { headers: { 'content-type': contentType! } }).formData();
    return nestFields([...form.entries()].map(([key, value]) => [key, String(value)]));
  }
  if (type === 'application/x-www-form-urlencoded')
    return nestFields(new URLSearchParams(raw.toString()).entries());
  try {
    const parsed: unknown = JSON.parse(raw.toString());
    return typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)
      ? (parsed as Record<string, unknown>)
      : {};
  } catch {
    return {};
  }
}
