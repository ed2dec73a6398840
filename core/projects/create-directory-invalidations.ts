import type { Logger } from '../logging/create-logger.js';
import type { Redis } from '../redis/create-redis-client.js';
import { subscribeToChannel } from '../redis/subscribe-to-channel.js';

/** What to drop from every process's project directory cache: one project, or an organization's projects. */
export interface DirectoryInvalidation {
  projectId?: string;
  organizationId?: string;
}

/** Cache drops announced to, and heard from, the other processes' project directories. */
export interface DirectoryInvalidations {
  /** Tells the other processes to drop these entries (theirs are cached up to 60 s otherwise). */
  announce(target: DirectoryInvalidation): Promise<void>;
  /** Resolves when announcements from other processes are being received. */
  ready: Promise<void>;
  close(): Promise<void>;
}

/** The Redis channel on which project directory invalidations are announced. */
export function directoryInvalidationChannel(keyPrefix: string): string {
  return `${keyPrefix}project-directory-invalidate`;
}

/**
 * Redis pub/sub for the project directory's cache: `drop` runs for every announcement (this process's own
 * included), and `clear` after a reconnection, when announcements may have been missed.
 */
export function createDirectoryInvalidations(options: {
  redis: Redis;
  keyPrefix: string;
  logger: Logger;
  drop(target: DirectoryInvalidation): void;
  clear(): void;
}): DirectoryInvalidations {
  const { redis, logger } = options;
  const channel = directoryInvalidationChannel(options.keyPrefix);
  const subscription = subscribeToChannel({
    redis,
    channel,
    logger,
    onMessage: (message) => options.drop(JSON.parse(message) as DirectoryInvalidation),
    onReconnect: () => options.clear(),
  });
  return {
    async announce(target) {
      try {
        await redis.publish(channel, JSON.stringify(target));
      } catch (error) {
        // The change is committed already; the other processes' entries expire within their 60 s.
        logger.warn({ err: error, ...target }, 'could not announce a project directory change');
      }
    },
    ready: subscription.ready,
    close: () => subscription.close(),
  };
}
