/**
 * What the GitLab requester throws when a call fails: GitLab's answer (status, headers, `message`), or no answer
 * at all (a dropped connection, a timeout). Shaped like Octokit's RequestError, `status` 500 standing for "no
 * answer", so the helpers shared with the GitHub integration (createIdempotently) recognise a transient failure.
 */
export class GitLabRequestError extends Error {
  /** GitLab's HTTP status; 500 when there was no answer (`answered` false). */
  readonly status: number;
  readonly answered: boolean;
  readonly method: string;
  /** The path below `/api/v4`, without the query (which may name users or refs, never a token). */
  readonly endpoint: string;
  readonly headers: Record<string, string>;
  /** GitLab's `message` or `error`, flattened to text and bounded. */
  readonly description: string;

  constructor(options: {
    status?: number;
    method: string;
    endpoint: string;
    headers?: Record<string, string>;
    description: string;
    cause?: unknown;
  }) {
    super(
      options.status === undefined
        ? `${options.method} ${options.endpoint}: no answer: ${options.description}`
        : `${options.method} ${options.endpoint}: HTTP ${options.status}${options.description ? `: ${options.description}` : ''}`,
      options.cause === undefined ? undefined : { cause: options.cause },
    );
    this.name = 'GitLabRequestError';
    this.status = options.status ?? 500;
    this.answered = options.status !== undefined;
    this.method = options.method;
    this.endpoint = options.endpoint;
    this.headers = options.headers ?? {};
    this.description = options.description;
  }
}

/** True when `error` is the requester's failure (by shape too: jest may load two copies of this module). */
export function isGitLabRequestError(error: unknown): error is GitLabRequestError {
  return (
    error instanceof Error &&
    error.name === 'GitLabRequestError' &&
    typeof (error as { status?: unknown }).status === 'number'
  );
}
