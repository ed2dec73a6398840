import type { ServerResponse } from 'node:http';

/**
 * Delays for the stand-in servers that end early when the client goes away, and that `cancelAll` ends at
 * once so `close()` never waits on a slow or hanging scripted answer.
 */
export function createResponseWaits() {
  const pending = new Set<() => void>();
  return {
    /** Waits `ms`; resolves false when the client went away or the server is closing. */
    wait(response: ServerResponse, ms: number): Promise<boolean> {
      return new Promise((resolve) => {
        const finish = (completed: boolean) => {
          clearTimeout(timer);
          response.off('close', cancel);
          pending.delete(cancel);
          resolve(completed && !response.destroyed);
        };
        const cancel = () => finish(false);
        const timer = setTimeout(() => finish(true), ms);
        response.once('close', cancel);
        pending.add(cancel);
      });
    },
    cancelAll() {
      for (const cancel of [...pending]) cancel();
    },
  };
}
