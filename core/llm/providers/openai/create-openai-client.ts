import OpenAI from 'openai';
import { gateFetch } from '../gate-fetch.js';
import { sdkTimeoutMs } from '../provider-options.js';

const defaultBaseUrl = 'https://api.openai.com/v1';
// The SDK refuses to start without a credential; a keyless server (Ollama, a local vLLM) gets this placeholder,
// and the `authorization: null` header below keeps it off the wire.
const keylessPlaceholder = 'no-key';

/**
 * The SDK reads an error's message from `body.error`; vLLM and others put it at the top level
 * (`{"object":"error","message":…,"type":…}`), which would leave only "400 status code (no body)".
 */
class OpenAIProtocolClient extends OpenAI {
  protected override makeStatusError(
    status: number,
    error: object,
    message: string | undefined,
    headers: Headers,
  ) {
    const body = error as { error?: unknown; message?: unknown } | undefined;
    if (body && body.error === undefined && typeof body.message === 'string') {
      return super.makeStatusError(status, { error: body }, message, headers);
    }
    return super.makeStatusError(status, error, message, headers);
  }
}

/** Creates the one OpenAI SDK client of a provider instance. */
export function createOpenAIClient(options: {
  apiKey?: string;
  baseUrl?: string;
  headers?: Record<string, string>;
  fetch?: typeof fetch;
}): OpenAI {
  return new OpenAIProtocolClient({
    apiKey: options.apiKey || keylessPlaceholder,
    // Every option the SDK would otherwise read from process.env is passed explicitly: the caller resolves
    // OPENAI_BASE_URL and the keys, and a stray OPENAI_ORG_ID must not leak into another provider's calls.
    baseURL: options.baseUrl || defaultBaseUrl,
    organization: null,
    project: null,
    adminAPIKey: null,
    webhookSecret: null,
    defaultHeaders: options.apiKey ? options.headers : { ...options.headers, authorization: null },
    // The router owns retries and failover; a retry here would hide a 429 and double the latency.
    maxRetries: 0,
    timeout: sdkTimeoutMs,
    // Gated so the router can place the budget hold while the SDK prepares the request (CallOptions.sendAfter).
    fetch: gateFetch(options.fetch),
    logLevel: 'off',
  });
}
