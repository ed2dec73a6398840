import type { PrismaClient } from '../../core/db/create-prisma-client.js';
import type { CodePlatform } from '../../core/jobs/job-request.js';

/** A project as Slack commands name it: `owner/name` on GitHub, the project path on GitLab. */
export interface NamedProject {
  projectId: string;
  organizationId: string;
  name: string;
  platform: CodePlatform;
  /** False once the app was uninstalled from it (or its organization). */
  active: boolean;
}

const select = {
  id: true,
  organizationId: true,
  name: true,
  platform: true,
  deactivatedAt: true,
  organization: { select: { deactivatedAt: true } },
} as const;

type ProjectRow = {
  id: string;
  organizationId: string;
  name: string;
  platform: string;
  deactivatedAt: Date | null;
  organization: { deactivatedAt: Date | null };
};

function toNamedProject(row: ProjectRow): NamedProject | undefined {
  if (row.platform !== 'github' && row.platform !== 'gitlab') return undefined;
  return {
    projectId: row.id,
    organizationId: row.organizationId,
    name: row.name,
    platform: row.platform,
    active: row.deactivatedAt === null && row.organization.deactivatedAt === null,
  };
}

/**
 * The GitHub and GitLab projects Switchyard knows under this repository path (case-insensitive, as both
 * platforms treat paths), on one platform or on both.
 */
export async function findProjectsByName(
  prisma: PrismaClient,
  name: string,
  platform?: CodePlatform,
): Promise<NamedProject[]> {
  const rows = await prisma.project.findMany({
    where: {
      name: { equals: name, mode: 'insensitive' },
      platform: platform ?? { in: ['github', 'gitlab'] },
    },
    select,
    orderBy: { createdAt: 'asc' },
  });
  return rows.flatMap((row) => toNamedProject(row) ?? []);
}

/** These projects by id (the ones a channel links), those that still exist. */
export async function findProjectsById(
  prisma: PrismaClient,
  projectIds: readonly string[],
): Promise<NamedProject[]> {
  if (projectIds.length === 0) return [];
  const rows = await prisma.project.findMany({
    where: { id: { in: [...projectIds] } },
    select,
    orderBy: { name: 'asc' },
  });
  return rows.flatMap((row) => toNamedProject(row) ?? []);
}
