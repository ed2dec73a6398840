import { Pool } from 'undici';
import type { SignedWebhook } from './create-pull-request-webhooks.js';
import type { LoadFigures } from './measure-load.js';

/** Load figures of a webhook run: `requestsPerSecond` counts accepted deliveries (202) only. */
export interface WebhookLoadFigures extends LoadFigures {
  /** Answers by status code, e.g. `{ 202: 9000 }`; `error` counts connection failures. */
  statuses: Record<string, number>;
}

function percentile(sorted: Float64Array, fraction: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * fraction))]!;
}

/**
 * Posts a different signed webhook per request (`nextWebhook`) over `connections` keep-alive connections,
 * closed loop, for `seconds` or until `maxRequests` were sent, whichever comes first. Latency is measured per
 * request with a microsecond clock; only 202 answers count as accepted.
 */
export async function measureWebhookLoad(options: {
  url: string;
  nextWebhook: () => SignedWebhook;
  connections: number;
  seconds: number;
  maxRequests: number;
}): Promise<WebhookLoadFigures> {
  const target = new URL(options.url);
  const pool = new Pool(target.origin, {
    connections: options.connections,
    pipelining: 1,
    keepAliveTimeout: 60_000,
  });
  const path = `${target.pathname}${target.search}`;
  const latencies: number[] = [];
  const statuses: Record<string, number> = {};
  let accepted = 0;
  let sent = 0;
  const deadline = performance.now() + options.seconds * 1000;
  const loop = async () => {
    while (performance.now() < deadline && sent < options.maxRequests) {
      sent += 1;
      const webhook = options.nextWebhook();
      const started = performance.now();
      let status = 'error';
      try {
        const response = await pool.request({
          method: 'POST',
          path,
          headers: webhook.headers,
          body: webhook.body,
        });
        await response.body.arrayBuffer();
        status = String(response.statusCode);
      } catch {
        // counted as `error`
      }
      latencies.push(performance.now() - started);
      statuses[status] = (statuses[status] ?? 0) + 1;
      if (status === '202') accepted += 1;
    }
  };
  const started = performance.now();
  await Promise.all(Array.from({ length: options.connections }, loop));
  const elapsedSeconds = (performance.now() - started) / 1000;
  await pool.close();
  const sorted = Float64Array.from(latencies).sort();
  return {
    requestsPerSecond: accepted / elapsedSeconds,
    p50Ms: percentile(sorted, 0.5),
    p99Ms: percentile(sorted, 0.99),
    errors: latencies.length - accepted,
    requests: latencies.length,
    statuses,
  };
}
