import { Agent, fetch as undiciFetch } from 'undici';

/**
 * A `fetch` on one shared undici connection pool with keep-alive, for every provider SDK client: upstream
 * connections are reused across requests and projects instead of being opened per call.
 */
export function createKeepAliveFetch(options: { connectionsPerOrigin?: number } = {}): { fetch: typeof fetch; close(): Promise<void> } {
  const agent = new Agent({
    connections: options.connectionsPerOrigin ?? 256,
    keepAliveTimeout: 30_000,
    keepAliveMaxTimeout: 600_000,
    // Model calls can take minutes before the first byte.
    headersTimeout: 0,
    bodyTimeout: 0,
  });
  const keepAliveFetch = ((input: Parameters<typeof fetch>[0], init?: Parameters<typeof fetch>[1]) =>
    undiciFetch(input as Parameters<typeof undiciFetch>[0], { ...(init as Parameters<typeof undiciFetch>[1]), dispatcher: agent })) as unknown as typeof fetch;
  return { fetch: keepAliveFetch, close: () => agent.close() };
}
