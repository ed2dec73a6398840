import type { Logger } from '../logging/create-logger.js';
import type { Redis } from '../redis/create-redis-client.js';
import { eventChannelName, type SwitchyardEvent } from './switchyard-event.js';

/** Sends live updates to every process's subscribers (the web page's event stream). */
export interface EventPublisher {
  /** Fire and forget: a lost live update must never fail the work it reports on. */
  publish(event: SwitchyardEvent): void;
}

/** Publishes events as JSON on `${keyPrefix}events`. */
export function createEventPublisher(options: {
  redis: Pick<Redis, 'publish'>;
  keyPrefix: string;
  logger: Logger;
}): EventPublisher {
  const channel = eventChannelName(options.keyPrefix);
  return {
    publish(event) {
      options.redis.publish(channel, JSON.stringify(event)).catch((error: unknown) => {
        options.logger.warn({ err: error, type: event.type }, 'could not publish a live update');
      });
    },
  };
}
