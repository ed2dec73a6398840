/** How a provider reaches the network; not part of its settings because it is the same for every provider. */
export interface ProviderOptions {
  /** The fetch every request goes through (the gateway passes a keep-alive undici fetch). */
  fetch?: typeof fetch;
}

/**
 * The SDKs' own timeout is only a safety net: the router expresses per-attempt timeouts and deadlines through
 * the AbortSignal in CallOptions, so the SDK must never give up first.
 */
export const sdkTimeoutMs = 15 * 60_000;
