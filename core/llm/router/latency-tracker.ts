import type { Redis } from '../../redis/create-redis-client.js';

/**
 * Exponentially weighted latency per `provider:model` for the `fastest` policy. Each process keeps its own
 * average and, every two seconds, writes what changed to a Redis hash and blends in the shared values, so a new process starts from what the others have seen.
 */
export interface LatencyTracker {
  observe(candidate: string, milliseconds: number): void;
  /** The weighted latency, or undefined when no call to the candidate has been seen. */
  latencyOf(candidate: string): number | undefined;
  refresh(): Promise<void>;
  close(): void;
}

export function createLatencyTracker(options: {
  redis: Redis;
  keyPrefix: string;
  /** Weight of the newest observation, 0..1. */
  smoothing?: number;
  refreshIntervalMs?: number;
}): LatencyTracker {
  const smoothing = options.smoothing ?? 0.2;
  const key = `${options.keyPrefix}latency-ewma`;
  const averages = new Map<string, number>();
  // Written to Redis with the periodic refresh, not per call: one HSET per request cost the gateway a write.
  const changed = new Set<string>();
  const publish = async () => {
    if (changed.size === 0) return;
    const fields: string[] = [];
    for (const candidate of changed) fields.push(candidate, averages.get(candidate)!.toFixed(1));
    changed.clear();
    await options.redis.hset(key, ...fields);
  };
  const refresh = async () => {
    await publish();
    const shared = await options.redis.hgetall(key);
    for (const [candidate, value] of Object.entries(shared)) {
      const theirs = Number(value);
      if (!Number.isFinite(theirs)) continue;
      const ours = averages.get(candidate);
      averages.set(candidate, ours === undefined ? theirs : (ours + theirs) / 2);
    }
  };
  const timer = setInterval(() => void refresh().catch(() => {}), options.refreshIntervalMs ?? 2000);
  timer.unref();
  return {
    observe(candidate, milliseconds) {
      const previous = averages.get(candidate);
      const next = previous === undefined ? milliseconds : previous + smoothing * (milliseconds - previous);
      averages.set(candidate, next);
      changed.add(candidate);
    },
    latencyOf: (candidate) => averages.get(candidate),
    refresh,
    close: () => clearInterval(timer),
  };
}
