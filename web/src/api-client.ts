/** An error answered by `/api/v1`, shown to the user as the API wrote it. */
export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  constructor(status: number, code: string, message: string) {
    super(message);
    this.status = status;
    this.code = code;
  }
}

let csrfToken: string | undefined;

/** Remembers the session's CSRF token (from `/auth/me`), sent with every state-changing request. */
export function setCsrfToken(token: string | undefined): void {
  csrfToken = token;
}

/** Calls `/api/v1` with the session cookie: the page uses the public API only, like any other client. */
export async function api<Result>(method: string, path: string, body?: unknown): Promise<Result> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (body !== undefined) headers['content-type'] = 'application/json';
  if (method !== 'GET' && csrfToken) headers['x-csrf-token'] = csrfToken;
  const response = await fetch(`/api/v1${path}`, {
    method,
    headers,
    credentials: 'same-origin',
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  const parsed = text ? (JSON.parse(text) as unknown) : undefined;
  if (!response.ok) {
    const error = (parsed as { error?: { code?: string; message?: string } } | undefined)?.error;
    throw new ApiError(
      response.status,
      error?.code ?? 'request.failed',
      error?.message ?? `The server answered ${response.status}.`,
    );
  }
  return parsed as Result;
}

/** A message for any error, API or network. */
export function describeError(error: unknown): string {
  if (error instanceof ApiError) return error.message;
  if (error instanceof TypeError) return 'Switchyard cannot be reached: check your connection and try again.';
  return error instanceof Error ? error.message : String(error);
}
