import type { PrismaClient } from '../../core/db/create-prisma-client.js';
import { SwitchyardError } from '../../core/errors/switchyard-error.js';
import { isUuid } from '../../core/projects/is-uuid.js';

/** The 404 of every project route. */
export function projectNotFoundError(projectId: string): SwitchyardError {
  return new SwitchyardError({
    code: 'project.not_found',
    message: `There is no project ${projectId}: list projects with GET /api/v1/orgs/:id/projects`,
    status: 404,
  });
}

/** The project named in a management URL, or a 404 `project.not_found`. */
export async function findProjectOrThrow(
  prisma: PrismaClient,
  projectId: string,
): Promise<{ id: string; organizationId: string; name: string }> {
  const project = isUuid(projectId)
    ? await prisma.project.findUnique({
        where: { id: projectId },
        select: { id: true, organizationId: true, name: true },
      })
    : null;
  if (!project) throw projectNotFoundError(projectId);
  return project;
}

/** The 404 of every organization route. */
export function organizationNotFoundError(organizationId: string): SwitchyardError {
  return new SwitchyardError({
    code: 'organization.not_found',
    message: `There is no organization ${organizationId}: list organizations with GET /api/v1/orgs`,
    status: 404,
  });
}

/** The organization named in a management URL or body, or a 404 `organization.not_found`. */
export async function findOrganizationOrThrow(
  prisma: PrismaClient,
  organizationId: string,
): Promise<{ id: string; name: string }> {
  const organization = isUuid(organizationId)
    ? await prisma.organization.findUnique({
        where: { id: organizationId },
        select: { id: true, name: true },
      })
    : null;
  if (!organization) throw organizationNotFoundError(organizationId);
  return organization;
}
