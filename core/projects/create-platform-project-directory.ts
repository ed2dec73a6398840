import { recordAuditEvent } from '../audit/record-audit-event.js';
import type { RepositoryConfigSummary } from '../config/repository-config/summarize-repository-config.js';
import type { PrismaClient } from '../db/create-prisma-client.js';
import { isUniqueViolation } from '../db/is-unique-violation.js';
import type { Logger } from '../logging/create-logger.js';
import type { Redis } from '../redis/create-redis-client.js';
import { createBoundedCache } from './create-bounded-cache.js';
import {
  createDirectoryInvalidations,
  type DirectoryInvalidation,
} from './create-directory-invalidations.js';

/** The platforms whose organizations and projects Switchyard creates on first contact. */
export type ProjectPlatform = 'github' | 'gitlab';

/** A platform's account (GitHub installation, GitLab group) and repository, by the platform's own ids. */
export interface PlatformProjectReference {
  platform: ProjectPlatform;
  organization: { externalId: string; name: string };
  project: { externalId: string; name: string };
}

/** A Switchyard project as the webhook apps need it on every event. */
export interface PlatformProject {
  projectId: string;
  organizationId: string;
  /** False once the app was uninstalled or the repository removed from it: its events are ignored. */
  active: boolean;
  /** The comment prefix the repository's config last set; undefined means the default. */
  commandPrefix?: string;
}

/** A repository an installation connected, with its Switchyard ids. */
export interface ConnectedProject {
  projectId: string;
  organizationId: string;
  /** `owner/name` (GitHub) or the project path (GitLab). */
  name: string;
}

/** Finds (or on first contact creates) the organization and project behind a platform event. */
export interface PlatformProjectDirectory {
  resolve(reference: PlatformProjectReference): Promise<PlatformProject>;
  /**
   * An installation (GitHub) or group hook (GitLab) was added: (re)activates it and the listed repositories,
   * and returns those repositories' projects.
   */
  connect(input: {
    platform: ProjectPlatform;
    organization: { externalId: string; name: string };
    projects: Array<{ externalId: string; name: string }>;
  }): Promise<ConnectedProject[]>;
  /** Deactivates the organization (all: true) or only the listed projects; nothing is deleted. */
  disconnect(input: {
    platform: ProjectPlatform;
    organizationExternalId: string;
    projectExternalIds?: string[];
  }): Promise<void>;
  /**
   * Records what the repository's configuration on its default branch says: the command prefix (for the
   * webhook apps to recognize commands) and the enabled agents (for the settings page).
   */
  recordRepositoryConfig(projectId: string, summary: RepositoryConfigSummary): Promise<void>;
}

/** The directory as a process owns it, with the subscription that keeps its cache coherent across processes. */
export interface CachedPlatformProjectDirectory extends PlatformProjectDirectory {
  /** Resolves when other processes' changes are being received (at once without Redis). */
  ready: Promise<void>;
  close(): Promise<void>;
}

const cacheTtlMs = 60_000;
const actor = (platform: ProjectPlatform) => ({ type: 'system' as const, component: `${platform}-app` });

/**
 * Creates the directory: a bounded in-memory cache (60 s) over Postgres, so a webhook costs no query. With
 * `redis`, a change made here (a new command prefix, an installation added or removed) also empties the
 * other processes' caches at once, over pub/sub; without it they catch up within the 60 s.
 */
export function createPlatformProjectDirectory(
  prisma: PrismaClient,
  options: { redis?: Redis; keyPrefix?: string; logger?: Logger } = {},
): CachedPlatformProjectDirectory {
  const cache = createBoundedCache<PlatformProject>({ maxEntries: 20_000 });
  const cacheKey = (platform: ProjectPlatform, externalId: string) => `${platform}:${externalId}`;
  const drop = (target: DirectoryInvalidation) =>
    cache.deleteWhere(
      (project) => project.projectId === target.projectId || project.organizationId === target.organizationId,
    );
  const invalidations =
    options.redis && options.logger
      ? createDirectoryInvalidations({
          redis: options.redis,
          keyPrefix: options.keyPrefix ?? '',
          logger: options.logger,
          drop,
          clear: () => cache.clear(),
        })
      : undefined;
  /** Drops the entries here, then in every other process. */
  const invalidate = async (target: DirectoryInvalidation) => {
    drop(target);
    await invalidations?.announce(target);
  };

  const upsertOrganization = async (
    platform: ProjectPlatform,
    organization: { externalId: string; name: string },
  ) =>
    prisma.organization.upsert({
      where: { platform_externalId: { platform, externalId: organization.externalId } },
      create: { platform, externalId: organization.externalId, name: organization.name },
      update: {},
      select: { id: true, name: true, deactivatedAt: true },
    });

  /**
   * A repository renamed on the platform keeps its row (found by external id); if a new repository later
   * takes its old name, the stale row still holds that name. It is moved aside (`name~github-<id>`), never
   * adopted: the new repository must not inherit another one's settings, budgets and keys.
   */
  const moveStaleNameAside = async (
    organizationId: string,
    project: { externalId: string; name: string },
  ) => {
    const holder = await prisma.project.findUnique({
      where: { organizationId_name: { organizationId, name: project.name } },
      select: { id: true, externalId: true, platform: true },
    });
    if (!holder || holder.externalId === null || holder.externalId === project.externalId) return;
    await prisma.project.update({
      where: { id: holder.id },
      data: { name: `${project.name}~${holder.platform}-${holder.externalId}` },
    });
  };

  /** Finds the project by the platform's id (surviving renames), else creates it (or adopts a manual one) by name. */
  const upsertProject = async (
    platform: ProjectPlatform,
    organizationId: string,
    project: { externalId: string; name: string },
  ) => {
    const select = { id: true, name: true, deactivatedAt: true, commandPrefix: true } as const;
    const existing = await prisma.project.findFirst({
      where: { platform, externalId: project.externalId, organizationId },
      select,
    });
    if (existing) {
      if (existing.name === project.name) return existing;
      await moveStaleNameAside(organizationId, project);
      return prisma.project.update({ where: { id: existing.id }, data: { name: project.name }, select });
    }
    await moveStaleNameAside(organizationId, project);
    for (let attempt = 0; ; attempt += 1) {
      try {
        // A project an admin created by hand under this name (no external id yet) is adopted.
        const adopted = await prisma.project.updateMany({
          where: { organizationId, name: project.name, externalId: null },
          data: { platform, externalId: project.externalId },
        });
        if (adopted.count === 0) {
          await prisma.project.create({
            data: { organizationId, name: project.name, platform, externalId: project.externalId },
          });
        }
        return await prisma.project.findFirstOrThrow({
          where: { organizationId, platform, externalId: project.externalId },
          select,
        });
      } catch (error) {
        if (!isUniqueViolation(error) || attempt > 1) throw error;
        // Two first deliveries racing: the other one created it (found now), or took the name first.
        const created = await prisma.project.findFirst({
          where: { organizationId, platform, externalId: project.externalId },
          select,
        });
        if (created) return created;
      }
    }
  };

  return {
    async resolve(reference) {
      const key = cacheKey(reference.platform, reference.project.externalId);
      const cached = cache.get(key);
      if (cached) return cached;
      let organization: Awaited<ReturnType<typeof upsertOrganization>>;
      try {
        organization = await upsertOrganization(reference.platform, reference.organization);
      } catch (error) {
        if (!isUniqueViolation(error)) throw error;
        organization = await upsertOrganization(reference.platform, reference.organization);
      }
      const project = await upsertProject(reference.platform, organization.id, reference.project);
      const resolved: PlatformProject = {
        projectId: project.id,
        organizationId: organization.id,
        active: organization.deactivatedAt === null && project.deactivatedAt === null,
        commandPrefix: project.commandPrefix ?? undefined,
      };
      cache.set(key, resolved, cacheTtlMs);
      return resolved;
    },

    async connect(input) {
      const organization = await upsertOrganization(input.platform, input.organization);
      await prisma.organization.update({
        where: { id: organization.id },
        data: { deactivatedAt: null, name: input.organization.name },
      });
      const connected: ConnectedProject[] = [];
      for (const reference of input.projects) {
        const project = await upsertProject(input.platform, organization.id, reference);
        if (project.deactivatedAt !== null) {
          await prisma.project.update({ where: { id: project.id }, data: { deactivatedAt: null } });
        }
        connected.push({ projectId: project.id, organizationId: organization.id, name: reference.name });
      }
      // Also projects the event does not list (an unsuspended installation lists none).
      await invalidate({ organizationId: organization.id });
      await recordAuditEvent(prisma, {
        actor: actor(input.platform),
        action: 'organization.connect',
        target: { type: 'organization', id: organization.id },
        organizationId: organization.id,
        details: {
          platform: input.platform,
          externalId: input.organization.externalId,
          projects: input.projects.map((project) => project.name),
        },
      });
      return connected;
    },

    async disconnect(input) {
      const organization = await prisma.organization.findUnique({
        where: {
          platform_externalId: { platform: input.platform, externalId: input.organizationExternalId },
        },
        select: { id: true },
      });
      if (!organization) return;
      const now = new Date();
      if (input.projectExternalIds === undefined) {
        await prisma.organization.update({ where: { id: organization.id }, data: { deactivatedAt: now } });
      } else {
        await prisma.project.updateMany({
          where: {
            organizationId: organization.id,
            platform: input.platform,
            externalId: { in: input.projectExternalIds },
          },
          data: { deactivatedAt: now },
        });
      }
      // Every cached project of the organization: an uninstall stops all of them at once.
      await invalidate({ organizationId: organization.id });
      await recordAuditEvent(prisma, {
        actor: actor(input.platform),
        action: input.projectExternalIds === undefined ? 'organization.disconnect' : 'project.disconnect',
        target: { type: 'organization', id: organization.id },
        organizationId: organization.id,
        details: { platform: input.platform, projects: input.projectExternalIds ?? 'all' },
      });
    },

    async recordRepositoryConfig(projectId, summary) {
      // One statement that also returns the prefix it replaced: the intake plans from the cache without a
      // query, so the caches (this process's and, over pub/sub, the others') are emptied only when the
      // prefix really changed.
      const prefix = summary.commandPrefix ?? null;
      const rows = await prisma.$queryRaw<Array<{ previousPrefix: string | null }>>`
        WITH previous AS (SELECT command_prefix FROM projects WHERE id = ${projectId}::uuid FOR UPDATE)
        UPDATE projects
        SET command_prefix = ${prefix},
            config_source = ${summary.source},
            config_agents = ${JSON.stringify(summary.agents)}::jsonb,
            config_read_at = now()
        FROM previous
        WHERE projects.id = ${projectId}::uuid
        RETURNING previous.command_prefix AS "previousPrefix"`;
      const [row] = rows;
      if (row && row.previousPrefix !== prefix) await invalidate({ projectId });
    },

    ready: invalidations?.ready ?? Promise.resolve(),
    close: async () => {
      await invalidations?.close();
    },
  };
}
