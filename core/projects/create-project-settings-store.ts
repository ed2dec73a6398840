import type { Environment } from '../config/environment.js';
import type { PrismaClient } from '../db/create-prisma-client.js';
import type { Logger } from '../logging/create-logger.js';
import type { Redis } from '../redis/create-redis-client.js';
import { subscribeToChannel } from '../redis/subscribe-to-channel.js';
import { loadProjectSettings } from './load-project-settings.js';
import type { EncryptionKeyring } from './parse-encryption-keyring.js';
import type { ProjectSettings } from './project-settings.js';

/** What to drop from every process's settings cache: one project, or every project of an organization. */
export interface SettingsInvalidation {
  projectId?: string;
  organizationId?: string;
}

/** Project settings for the router and the gateway, cached in memory and invalidated across processes. */
export interface ProjectSettingsStore {
  /** The project's settings; throws `project.not_found` (404) for an unknown project. */
  get(projectId: string): Promise<ProjectSettings>;
  /** Drops the entries here and, through Redis pub/sub, in every other process (within the TTL if Redis is down). */
  invalidate(target: SettingsInvalidation): Promise<void>;
  /** Resolves when invalidations from other processes are being received. */
  ready: Promise<void>;
  close(): Promise<void>;
}

export interface ProjectSettingsStoreOptions {
  prisma: PrismaClient;
  redis: Redis;
  environment: Environment;
  keyring: EncryptionKeyring | undefined;
  logger: Logger;
  keyPrefix: string;
  /** After this an entry is refreshed in the background; pub/sub is the real invalidation, this is the safety net. */
  timeToLiveMs?: number;
  maxEntries?: number;
}

interface CacheEntry {
  loading: Promise<ProjectSettings>;
  settings?: ProjectSettings;
  loadedAt: number;
  refreshing: boolean;
}

/** The Redis channel on which settings invalidations are announced. */
export function settingsInvalidationChannel(keyPrefix: string): string {
  return `${keyPrefix}project-settings-invalidate`;
}

/** Creates the project settings store: one load (and one decryption) per project until it is invalidated. */
export function createProjectSettingsStore(options: ProjectSettingsStoreOptions): ProjectSettingsStore {
  const { redis, logger } = options;
  const timeToLiveMs = options.timeToLiveMs ?? 60_000;
  const maxEntries = options.maxEntries ?? 5_000;
  const channel = settingsInvalidationChannel(options.keyPrefix);
  const entries = new Map<string, CacheEntry>();

  const load = (projectId: string) =>
    loadProjectSettings({
      prisma: options.prisma,
      environment: options.environment,
      keyring: options.keyring,
      logger,
      projectId,
    });

  function drop(target: SettingsInvalidation): void {
    if (target.projectId) entries.delete(target.projectId);
    if (target.organizationId) {
      for (const [projectId, entry] of entries) {
        // An entry still loading has no organization yet: drop it too rather than risk keeping stale data.
        if (!entry.settings || entry.settings.organizationId === target.organizationId)
          entries.delete(projectId);
      }
    }
  }

  const subscription = subscribeToChannel({
    redis,
    channel,
    logger,
    onMessage: (message) => drop(JSON.parse(message) as SettingsInvalidation),
    onReconnect: () => entries.clear(),
  });

  function startLoad(projectId: string): CacheEntry {
    const entry: CacheEntry = { loading: load(projectId), loadedAt: Date.now(), refreshing: false };
    entries.set(projectId, entry);
    while (entries.size > maxEntries) {
      const oldest = entries.keys().next().value;
      if (oldest === undefined) break;
      entries.delete(oldest);
    }
    entry.loading.then(
      (settings) => {
        entry.settings = settings;
        entry.loadedAt = Date.now();
      },
      // Failures are not cached: the caller sees the error and the next call tries again.
      () => {
        if (entries.get(projectId) === entry) entries.delete(projectId);
      },
    );
    return entry;
  }

  function refreshInBackground(projectId: string, entry: CacheEntry): void {
    entry.refreshing = true;
    load(projectId).then(
      (settings) => {
        // An invalidation during the refresh replaced or removed the entry; its successor is fresher.
        if (entries.get(projectId) !== entry) return;
        entry.settings = settings;
        entry.loadedAt = Date.now();
        entry.refreshing = false;
      },
      (error: unknown) => {
        logger.warn({ err: error, projectId }, 'could not refresh project settings; reloading on next use');
        if (entries.get(projectId) === entry) entries.delete(projectId);
      },
    );
  }

  return {
    async get(projectId) {
      const entry = entries.get(projectId) ?? startLoad(projectId);
      if (!entry.settings) return entry.loading;
      if (!entry.refreshing && Date.now() - entry.loadedAt > timeToLiveMs)
        refreshInBackground(projectId, entry);
      return entry.settings;
    },
    async invalidate(target) {
      drop(target);
      try {
        await redis.publish(channel, JSON.stringify(target));
      } catch (error) {
        // The change is already committed; failing the request would not undo it. Other processes pick it
        // up when their entry's time to live runs out.
        logger.warn(
          { err: error, ...target },
          'could not announce a settings change; other processes refresh later',
        );
      }
    },
    ready: subscription.ready,
    close: () => subscription.close(),
  };
}
