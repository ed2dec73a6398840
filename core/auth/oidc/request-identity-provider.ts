import { OidcSignInError } from './oidc-sign-in-error.js';

/** How Switchyard reaches the identity provider. */
export interface IdentityProviderTransport {
  /** Defaults to the global fetch. */
  fetch?: typeof fetch;
  /** Per request, body included. */
  timeoutMs: number;
}

/** A JSON answer of the identity provider; `body` is undefined when an error answer was not JSON. */
export interface IdentityProviderAnswer {
  status: number;
  body: unknown;
}

// Read by shape: errors from fetch may come from another realm (a test runner's), where instanceof fails.
function describeFailure(error: unknown, timeoutMs: number): string {
  const failure = (error ?? {}) as {
    name?: unknown;
    message?: unknown;
    cause?: { code?: unknown; message?: unknown };
  };
  if (failure.name === 'TimeoutError' || failure.name === 'AbortError')
    return `no answer within ${timeoutMs} ms`;
  if (typeof failure.cause?.code === 'string') return failure.cause.code;
  if (typeof failure.cause?.message === 'string') return failure.cause.message;
  return typeof failure.message === 'string' ? failure.message : String(error);
}

/**
 * Sends one request to the identity provider (`what` names the endpoint in messages) and reads its JSON.
 * Throws `oidc.idp_unreachable` when it cannot be reached, does not answer in time, redirects, or answers
 * a success that is not JSON. Messages name the URL, never the request body (it holds the code and secret).
 */
export async function requestIdentityProvider(
  url: string,
  init: RequestInit,
  what: string,
  transport: IdentityProviderTransport,
): Promise<IdentityProviderAnswer> {
  const signal = AbortSignal.timeout(transport.timeoutMs);
  let status: number;
  let text: string;
  try {
    const response = await (transport.fetch ?? fetch)(url, { ...init, redirect: 'error', signal });
    status = response.status;
    text = await response.text();
  } catch (error) {
    throw new OidcSignInError(
      'idp_unreachable',
      `The identity provider's ${what} (${url}) cannot be reached: ${describeFailure(error, transport.timeoutMs)}`,
      { cause: error },
    );
  }
  try {
    return { status, body: JSON.parse(text) as unknown };
  } catch {
    if (status >= 200 && status < 300) {
      throw new OidcSignInError(
        'idp_unreachable',
        `The identity provider's ${what} (${url}) answered ${status} with something other than JSON`,
      );
    }
    return { status, body: undefined };
  }
}
