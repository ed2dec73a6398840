import Anthropic from '@anthropic-ai/sdk';
import { gateFetch } from '../gate-fetch.js';
import { sdkTimeoutMs } from '../provider-options.js';

const defaultBaseUrl = 'https://api.anthropic.com';

/** Creates the one Anthropic SDK client of a provider instance. */
export function createAnthropicClient(options: {
  apiKey: string;
  baseUrl?: string;
  headers?: Record<string, string>;
  fetch?: typeof fetch;
}): Anthropic {
  return new Anthropic({
    // An explicit key and base URL keep the SDK from reading ANTHROPIC_* variables or profiles on disk: the
    // caller resolves ANTHROPIC_BASE_URL and the keys.
    apiKey: options.apiKey,
    baseURL: options.baseUrl || defaultBaseUrl,
    webhookKey: null,
    defaultHeaders: options.headers,
    // The router owns retries and failover; a retry here would hide a 429 and double the latency.
    maxRetries: 0,
    // Also keeps the SDK from refusing large non-streaming `max_tokens` (it derives a timeout from them otherwise).
    timeout: sdkTimeoutMs,
    // Gated so the router can place the budget hold while the SDK prepares the request (CallOptions.sendAfter).
    fetch: gateFetch(options.fetch),
    logLevel: 'off',
    // No tracing spans on the hot path; Switchyard records its own attempts.
    openTelemetry: false,
  });
}
