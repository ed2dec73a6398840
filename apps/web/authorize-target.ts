import type { FastifyRequest } from 'fastify';
import { type Action, can, canSee, isInstanceAction, requiredRoles } from '../../core/auth/can.js';
import type { Principal } from '../../core/auth/principal.js';
import type { PrismaClient } from '../../core/db/create-prisma-client.js';
import { SwitchyardError } from '../../core/errors/switchyard-error.js';
import {
  findOrganizationOrThrow,
  findProjectOrThrow,
  organizationNotFoundError,
  projectNotFoundError,
} from './find-management-target.js';
import { readPrincipal } from './resolve-principal.js';

/** The 403 of a principal that may see the target but not do `action` there. */
export function forbiddenError(
  principal: Principal,
  action: Action,
  organizationId?: string,
): SwitchyardError {
  let message: string;
  if (isInstanceAction(action)) {
    message =
      action === 'organization.create'
        ? 'Only the bootstrap admin token (ADMIN_TOKEN) can create organizations'
        : 'Only the bootstrap admin token (ADMIN_TOKEN) can list, disable and enable user accounts';
  } else if (principal.type === 'api-key') {
    message =
      "A project API key may only read its own project's usage (GET /api/v1/projects/:id/usage): sign in or use the admin token";
  } else {
    const role =
      principal.type === 'user' && organizationId ? principal.memberships.get(organizationId) : undefined;
    message = `This needs the ${requiredRoles[action]} role in the organization${role ? ` (yours is ${role})` : ''}: ask one of its owners`;
  }
  return new SwitchyardError({ code: 'auth.forbidden', message, status: 403 });
}

/**
 * Checks that the caller may do `action` in an organization. An organization the caller cannot see at
 * all answers the same 404 as a missing one, so its existence does not leak; a visible one answers 403.
 */
export function authorize(
  request: FastifyRequest,
  action: Action,
  target: { organizationId: string; projectId?: string },
): Principal {
  const principal = readPrincipal(request);
  if (can(principal, action, target.organizationId, target.projectId)) return principal;
  if (!canSee(principal, target.organizationId, target.projectId)) {
    throw target.projectId
      ? projectNotFoundError(target.projectId)
      : organizationNotFoundError(target.organizationId);
  }
  throw forbiddenError(principal, action, target.organizationId);
}

/** The organization of a management URL or body, once the caller may do `action` there. */
export async function authorizeOrganization(
  request: FastifyRequest,
  prisma: PrismaClient,
  organizationId: string,
  action: Action,
): Promise<{ id: string; name: string }> {
  const organization = await findOrganizationOrThrow(prisma, organizationId);
  authorize(request, action, { organizationId: organization.id });
  return organization;
}

/** The project of a management URL, once the caller may do `action` in it. */
export async function authorizeProject(
  request: FastifyRequest,
  prisma: PrismaClient,
  projectId: string,
  action: Action,
): Promise<{ id: string; organizationId: string; name: string }> {
  const project = await findProjectOrThrow(prisma, projectId);
  authorize(request, action, { organizationId: project.organizationId, projectId: project.id });
  return project;
}
