import { setTimeout as sleep } from 'node:timers/promises';
import type { Gitlab } from '@gitbeaker/rest';
import type { Logger } from '../../core/logging/create-logger.js';
import { GitLabRequestError } from './gitlab-request-error.js';
import { readGitLabRateLimitWait } from './map-gitlab-error.js';

/** gitbeaker's `requesterFn` (its types live in @gitbeaker/requester-utils, which is not a direct dependency). */
export type GitLabRequesterFunction = NonNullable<ConstructorParameters<typeof Gitlab>[0]['requesterFn']>;
type ResourceOptions = Parameters<GitLabRequesterFunction>[0];
type Requester = ReturnType<GitLabRequesterFunction>;
type RequestOptions = NonNullable<Parameters<Requester['get']>[1]>;

/** How calls are timed out and retried (see gitlabClientOptionsSchema for what each one means). */
export interface GitLabRequesterOptions {
  requestRetries: number;
  retryBaseDelayMs: number;
  rateLimitRetries: number;
  maximumRateLimitWaitSeconds: number;
  requestTimeoutMs: number;
  logger: Logger;
}

// Replayed after a 5xx or a dropped connection: repeating them cannot create a second note or discussion.
const idempotentMethods = new Set(['GET', 'HEAD', 'PUT', 'DELETE']);
const maximumDescriptionLength = 300;

/**
 * The requester gitbeaker sends every call through, replacing its default one, which retries 429 and 502 ten
 * times within a quarter of a second whatever `Retry-After` says, never retries a 500 or 503, and throws errors
 * that lose the status and headers. This one waits as long as GitLab asks after a 429 (then gives up with
 * the wait, for the job queue), retries 5xx answers and dropped connections of idempotent calls only (a POST
 * that failed may have created its note: createIdempotently looks before trying again), and times out each
 * attempt on its own.
 */
export function createGitLabRequester(options: GitLabRequesterOptions): GitLabRequesterFunction {
  return (resource: ResourceOptions) => {
    const send = (method: string) => (endpoint: string, request?: RequestOptions) =>
      sendWithRetries(options, resource, method, endpoint, request ?? {});
    return {
      get: send('GET'),
      post: send('POST'),
      put: send('PUT'),
      patch: send('PATCH'),
      delete: send('DELETE'),
    } as Requester;
  };
}

async function sendWithRetries(
  options: GitLabRequesterOptions,
  resource: ResourceOptions,
  method: string,
  endpoint: string,
  request: RequestOptions,
) {
  const url = new URL(endpoint, resource.url.endsWith('/') ? resource.url : `${resource.url}/`);
  url.search = formatQuery(request.searchParams ?? {});
  const path = url.pathname.replace(/^.*?\/api\/v4\//, '');
  const headers: Record<string, string> = { ...resource.headers };
  if (request.sudo !== undefined) headers.sudo = String(request.sudo);
  for (const [name, read] of Object.entries(resource.authHeaders)) headers[name] = await read();
  let body: string | FormData | undefined;
  if (request.body instanceof FormData) body = request.body;
  else if (request.body !== undefined) {
    body = JSON.stringify(decamelizeKeys(request.body));
    headers['content-type'] = 'application/json';
  }

  let transientRetries = 0;
  let rateLimitRetries = 0;
  for (;;) {
    const timeout = AbortSignal.timeout(options.requestTimeoutMs);
    let response: Response;
    try {
      response = await fetch(url, {
        method,
        headers,
        body,
        signal: request.signal ? AbortSignal.any([request.signal, timeout]) : timeout,
      });
    } catch (error) {
      const failure = new GitLabRequestError({
        method,
        endpoint: path,
        description: describeConnectionFailure(error, options.requestTimeoutMs),
        cause: error,
      });
      if (request.signal?.aborted || !idempotentMethods.has(method)) throw failure;
      if (transientRetries >= options.requestRetries) throw failure;
      transientRetries += 1;
      await waitBeforeRetry(options, failure, transientRetries);
      continue;
    }
    if (response.ok) return readAnswer(response, request.asStream === true);

    const failure = await readFailure(response, method, path);
    if (failure.status === 429 && rateLimitRetries < options.rateLimitRetries) {
      const waitMs = readGitLabRateLimitWait(failure.headers);
      const retry = waitMs <= options.maximumRateLimitWaitSeconds * 1000;
      options.logger.warn(
        { method, endpoint: path, waitMs, retry },
        retry
          ? 'GitLab rate limit: waiting as asked, then retrying'
          : 'GitLab rate limit: giving up this call',
      );
      if (!retry) throw failure;
      rateLimitRetries += 1;
      await sleep(waitMs);
      continue;
    }
    if (failure.status >= 500 && idempotentMethods.has(method) && transientRetries < options.requestRetries) {
      transientRetries += 1;
      await waitBeforeRetry(options, failure, transientRetries);
      continue;
    }
    throw failure;
  }
}

async function waitBeforeRetry(options: GitLabRequesterOptions, failure: GitLabRequestError, retry: number) {
  const delayMs = options.retryBaseDelayMs * retry ** 2;
  options.logger.warn(
    { method: failure.method, endpoint: failure.endpoint, status: failure.status, retry, delayMs },
    'GitLab failed to answer; trying again',
  );
  await sleep(delayMs);
}

/** The body as gitbeaker expects it: JSON parsed, text as a string, anything else a Blob. */
async function readAnswer(response: Response, asStream: boolean) {
  const headers = Object.fromEntries(response.headers.entries());
  const { status } = response;
  if (asStream) return { body: response.body, headers, status };
  if (status === 204) return { body: null, headers, status };
  const contentType = (response.headers.get('content-type') ?? '').split(';')[0]!.trim();
  if (contentType === 'application/json') return { body: (await response.json()) || {}, headers, status };
  if (contentType.startsWith('text/')) return { body: await response.text(), headers, status };
  return { body: await response.blob(), headers, status };
}

async function readFailure(
  response: Response,
  method: string,
  endpoint: string,
): Promise<GitLabRequestError> {
  const text = await response.text().catch(() => '');
  let description = text.trimStart().startsWith('<') ? '' : text.trim();
  try {
    const parsed = JSON.parse(text) as { message?: unknown; error?: unknown; error_description?: unknown };
    const detail = parsed.message ?? parsed.error_description ?? parsed.error ?? '';
    description = typeof detail === 'string' ? detail : JSON.stringify(detail);
  } catch {
    // Not JSON: an HTML error page (dropped above) or plain text.
  }
  return new GitLabRequestError({
    status: response.status,
    method,
    endpoint,
    headers: Object.fromEntries(response.headers.entries()),
    description: description.slice(0, maximumDescriptionLength),
  });
}

function describeConnectionFailure(error: unknown, timeoutMs: number): string {
  const name = (error as { name?: unknown } | undefined)?.name;
  if (name === 'TimeoutError') return `no answer within ${timeoutMs} ms`;
  if (name === 'AbortError') return 'the call was cancelled';
  const cause = (error as { cause?: { code?: unknown; message?: unknown } } | undefined)?.cause;
  const detail = typeof cause?.code === 'string' ? cause.code : cause?.message;
  const message = error instanceof Error ? error.message : String(error);
  return (typeof detail === 'string' ? `${message} (${detail})` : message).slice(0, maximumDescriptionLength);
}

/** `perPage` → `per_page`, as gitbeaker's own requester does: its methods take camelCase options. */
function decamelize(key: string): string {
  return key
    .replace(/([a-z\d])([A-Z])/g, '$1_$2')
    .replace(/([A-Z]+)([A-Z][a-z\d]+)/g, '$1_$2')
    .toLowerCase();
}

function decamelizeKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(decamelizeKeys);
  if (typeof value !== 'object' || value === null || value instanceof Date) return value;
  return Object.fromEntries(
    Object.entries(value).map(([key, entry]) => [decamelize(key), decamelizeKeys(entry)]),
  );
}

/** A query string as Rails reads it: `key[]=a&key[]=b` for arrays, `key[inner]=x` for objects. */
function formatQuery(parameters: Record<string, unknown>): string {
  const query = new URLSearchParams();
  const add = (key: string, value: unknown) => {
    if (value === undefined || value === null) return;
    if (Array.isArray(value)) for (const item of value) add(`${key}[]`, item);
    else if (typeof value === 'object' && !(value instanceof Date)) {
      for (const [inner, entry] of Object.entries(value)) add(`${key}[${decamelize(inner)}]`, entry);
    } else query.append(key, value instanceof Date ? value.toISOString() : String(value));
  };
  for (const [key, value] of Object.entries(parameters)) add(decamelize(key), value);
  return query.toString();
}
