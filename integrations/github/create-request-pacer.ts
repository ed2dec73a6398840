import { setTimeout as sleep } from 'node:timers/promises';

/** One key's queue: what Octokit's throttling plugin calls on its `write` and `notifications` groups. */
export interface PacedQueue {
  schedule<T>(jobOptions: unknown, task: () => T | Promise<T>): Promise<T>;
}

/**
 * The part of a Bottleneck group that @octokit/plugin-throttling uses (`group.key(id).schedule(options, task)`),
 * spacing the starts of tasks that share a key (an installation) at least `intervalMs` apart, as Bottleneck's
 * `minTime` does. Supplied as the plugin's `write` and `notifications` groups so the spacing is an option
 * (the plugin's own groups are fixed at 1 s and 3 s, and shared by every Octokit in the process).
 */
export interface RequestPacer {
  key(id: string): PacedQueue;
}

// Forget keys idle for a while, so a long-running worker does not keep one entry per installation forever.
const sweepThreshold = 1000;

/** A pacer spacing task starts per key by `intervalMs` (0: no spacing). */
export function createRequestPacer(intervalMs: number): RequestPacer {
  const nextStartByKey = new Map<string, number>();
  const sweep = (now: number) => {
    if (nextStartByKey.size < sweepThreshold) return;
    for (const [key, nextStart] of nextStartByKey) if (nextStart < now) nextStartByKey.delete(key);
  };
  return {
    key(id) {
      return {
        async schedule(_jobOptions, task) {
          if (intervalMs <= 0) return task();
          const now = Date.now();
          sweep(now);
          const start = Math.max(now, nextStartByKey.get(id) ?? 0);
          nextStartByKey.set(id, start + intervalMs);
          if (start > now) await sleep(start - now);
          return task();
        },
      };
    },
  };
}
