import type { Logger } from '../logging/create-logger.js';
import type { Redis } from './create-redis-client.js';

/** A live Redis pub/sub subscription on its own connection. */
export interface ChannelSubscription {
  /** Resolves once the first SUBSCRIBE is acknowledged: messages published after this are received. */
  ready: Promise<void>;
  close(): Promise<void>;
}

/**
 * Subscribes to one channel on a duplicate of `redis` (a subscribed connection can send nothing else).
 * `onReconnect` runs after a reconnection, when messages may have been missed, so callers can drop caches.
 */
export function subscribeToChannel(options: {
  redis: Redis;
  channel: string;
  logger: Logger;
  onMessage: (message: string) => void;
  onReconnect?: () => void;
}): ChannelSubscription {
  const subscriber = options.redis.duplicate({ enableAutoPipelining: false, maxRetriesPerRequest: null });
  let readyOnce = false;
  subscriber.on('error', (error) =>
    options.logger.warn({ err: error, channel: options.channel }, 'redis subscriber connection error'),
  );
  subscriber.on('ready', () => {
    if (readyOnce) options.onReconnect?.();
    readyOnce = true;
  });
  subscriber.on('message', (channel, message) => {
    if (channel !== options.channel) return;
    try {
      options.onMessage(message);
    } catch (error) {
      options.logger.warn({ err: error, channel }, 'ignored a malformed pub/sub message');
    }
  });
  const ready = subscriber.subscribe(options.channel).then(() => undefined);
  // Callers that never await `ready` must not see an unhandled rejection; the error handler logs it.
  ready.catch(() => {});
  return {
    ready,
    async close() {
      await subscriber.quit().catch(() => subscriber.disconnect());
    },
  };
}
