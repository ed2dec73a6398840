import { Pool } from 'undici';

/** Throughput and latency percentiles of one load run. */
export interface LoadFigures {
  requestsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  errors: number;
  requests: number;
}

function percentile(sorted: Float64Array, fraction: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * fraction))]!;
}

/**
 * Sends the same POST over `connections` keep-alive connections, each waiting for its answer before the
 * next (closed loop), for `seconds`; latencies are measured per request with a microsecond clock
 * (autocannon reports whole milliseconds, too coarse for a sub-millisecond hop).
 */
export async function measureLoad(options: {
  url: string;
  headers: Record<string, string>;
  body: string;
  connections: number;
  seconds: number;
}): Promise<LoadFigures> {
  const target = new URL(options.url);
  const pool = new Pool(target.origin, {
    connections: options.connections,
    pipelining: 1,
    keepAliveTimeout: 60_000,
  });
  const latencies: number[] = [];
  let errors = 0;
  const deadline = performance.now() + options.seconds * 1000;
  const path = `${target.pathname}${target.search}`;
  const headers = { 'content-type': 'application/json', ...options.headers };
  const loop = async () => {
    while (performance.now() < deadline) {
      const started = performance.now();
      try {
        const response = await pool.request({ method: 'POST', path, headers, body: options.body });
        await response.body.arrayBuffer();
        if (response.statusCode !== 200) errors += 1;
      } catch {
        errors += 1;
      }
      latencies.push(performance.now() - started);
    }
  };
  const started = performance.now();
  await Promise.all(Array.from({ length: options.connections }, loop));
  const elapsedSeconds = (performance.now() - started) / 1000;
  await pool.close();
  const sorted = Float64Array.from(latencies).sort();
  return {
    requestsPerSecond: latencies.length / elapsedSeconds,
    p50Ms: percentile(sorted, 0.5),
    p99Ms: percentile(sorted, 0.99),
    errors,
    requests: latencies.length,
  };
}
