import type { FastifyInstance, FastifyRequest } from 'fastify';
import { recordAuditEvent } from '../../core/audit/record-audit-event.js';
import { grantRoleAction } from '../../core/auth/can.js';
import { hashPassword } from '../../core/auth/hash-password.js';
import { normalizeEmail } from '../../core/auth/normalize-email.js';
import type { OrganizationRole } from '../../core/auth/principal.js';
import { isUniqueViolation } from '../../core/db/is-unique-violation.js';
import { SwitchyardError } from '../../core/errors/switchyard-error.js';
import { isUuid } from '../../core/projects/is-uuid.js';
import type { AppContext } from '../server/create-app-context.js';
import { createUserBodySchema, updateMembershipBodySchema } from './auth-schemas.js';
import { authorizeOrganization, forbiddenError } from './authorize-target.js';
import { parseRequestPart } from './parse-request-part.js';
import { readAuditOrigin } from './read-audit-origin.js';
import { readPrincipal } from './resolve-principal.js';

function memberNotFoundError(organizationId: string, userId: string): SwitchyardError {
  return new SwitchyardError({
    code: 'member.not_found',
    message: `User ${userId} is not a member of organization ${organizationId}: list members with GET /api/v1/orgs/${organizationId}/members`,
    status: 404,
  });
}

function userNotFoundError(userId: string): SwitchyardError {
  return new SwitchyardError({
    code: 'user.not_found',
    message: `There is no user ${userId}: list users with GET /api/v1/users`,
    status: 404,
  });
}

/** What the user administration routes answer about an account: never its password hash. */
const accountFields = {
  id: true,
  email: true,
  name: true,
  createdAt: true,
  disabledAt: true,
  memberships: { select: { organizationId: true, role: true }, orderBy: { createdAt: 'asc' } },
} as const;

/** Users are global, not owned by an organization: only the admin token administers accounts. */
function authorizeAccountAdministration(request: FastifyRequest): void {
  const principal = readPrincipal(request);
  if (principal.type !== 'admin-token') throw forbiddenError(principal, 'user.manage');
}

/**
 * Disables (ending every session in the same transaction) or enables an account, and audits the change in
 * each of the user's organizations so their admins see it in their audit log. Doing it twice changes nothing.
 */
async function setAccountDisabled(
  prisma: AppContext['prisma'],
  request: FastifyRequest,
  userId: string,
  disabled: boolean,
) {
  if (!isUuid(userId)) throw userNotFoundError(userId);
  return prisma.$transaction(async (transaction) => {
    const changed = await transaction.user.updateMany({
      where: { id: userId, disabledAt: disabled ? null : { not: null } },
      data: { disabledAt: disabled ? new Date() : null },
    });
    const account = await transaction.user.findUnique({ where: { id: userId }, select: accountFields });
    if (!account) throw userNotFoundError(userId);
    // The session store refuses a disabled user's session anyway; deleting them makes the end final.
    const ended = disabled ? await transaction.session.deleteMany({ where: { userId } }) : { count: 0 };
    if (changed.count === 0) return account;
    const organizationIds = account.memberships.map((membership) => membership.organizationId);
    for (const organizationId of organizationIds.length > 0 ? organizationIds : [undefined]) {
      await recordAuditEvent(transaction, {
        ...readAuditOrigin(request),
        action: disabled ? 'user.disable' : 'user.enable',
        target: { type: 'user', id: userId },
        organizationId,
        details: disabled ? { email: account.email, sessionsEnded: ended.count } : { email: account.email },
      });
    }
    return account;
  });
}

/**
 * Changes (or removes, with `role` null) one membership and audits it, under a lock on the organization so
 * two owners demoting each other at once cannot leave it without an owner. A user acting is checked again
 * under the lock: a role taken away a moment ago no longer counts.
 */
async function changeMembership(
  prisma: AppContext['prisma'],
  request: FastifyRequest,
  target: { organizationId: string; userId: string },
  role: OrganizationRole | null,
): Promise<void> {
  const { organizationId, userId } = target;
  const principal = readPrincipal(request);
  await prisma.$transaction(async (transaction) => {
    await transaction.$queryRaw`SELECT id FROM organizations WHERE id = ${organizationId}::uuid FOR UPDATE`;
    if (principal.type === 'user') {
      const acting = await transaction.organizationMembership.findUnique({
        where: { userId_organizationId: { userId: principal.userId, organizationId } },
        select: { role: true },
      });
      if (acting?.role !== 'owner') throw forbiddenError(principal, 'member.manage-roles', organizationId);
    }
    const membership = isUuid(userId)
      ? await transaction.organizationMembership.findUnique({
          where: { userId_organizationId: { userId, organizationId } },
        })
      : null;
    if (!membership) throw memberNotFoundError(organizationId, userId);
    // Setting the role someone has already changes nothing, so nothing is audited.
    if (membership.role === role) return;
    if (membership.role === 'owner' && role !== 'owner') {
      const owners = await transaction.organizationMembership.count({
        where: { organizationId, role: 'owner' },
      });
      if (owners <= 1) {
        throw new SwitchyardError({
          code: 'member.last_owner',
          message: 'This is the last owner of the organization: make someone else an owner first',
          status: 409,
        });
      }
    }
    const where = { userId_organizationId: { userId, organizationId } };
    if (role === null) await transaction.organizationMembership.delete({ where });
    else await transaction.organizationMembership.update({ where, data: { role } });
    await recordAuditEvent(transaction, {
      ...readAuditOrigin(request),
      action: role === null ? 'membership.delete' : 'membership.update',
      target: { type: 'membership', id: userId },
      organizationId,
      details: role === null ? { previousRole: membership.role } : { previousRole: membership.role, role },
    });
  });
}

/**
 * Users and memberships: admins add people, owners change roles, the admin token lists, disables and enables
 * accounts; every change is audited. Invites are in register-invite-routes.ts.
 */
export async function registerUserRoutes(server: FastifyInstance, context: AppContext): Promise<void> {
  const { prisma } = context;

  server.post('/users', async (request, reply) => {
    const body = parseRequestPart(createUserBodySchema, request.body, 'body');
    const role = body.role as OrganizationRole;
    const organization = await authorizeOrganization(
      request,
      prisma,
      body.organizationId,
      grantRoleAction(role),
    );
    const email = normalizeEmail(body.email);
    const passwordHash = await hashPassword(body.password);
    try {
      const user = await prisma.$transaction(async (transaction) => {
        const created = await transaction.user.create({
          data: { email, name: body.name, passwordHash },
          select: { id: true, email: true, name: true, createdAt: true },
        });
        await transaction.organizationMembership.create({
          data: { userId: created.id, organizationId: organization.id, role },
        });
        await recordAuditEvent(transaction, {
          ...readAuditOrigin(request),
          action: 'user.create',
          target: { type: 'user', id: created.id },
          organizationId: organization.id,
          details: { email, name: body.name, role },
        });
        return created;
      });
      return reply.code(201).send({ ...user, memberships: [{ organizationId: organization.id, role }] });
    } catch (error) {
      if (!isUniqueViolation(error)) throw error;
      throw new SwitchyardError({
        code: 'user.email_taken',
        message: `There is already a user with the email ${email}: invite them with POST /api/v1/orgs/:id/invites instead`,
        status: 409,
      });
    }
  });

  server.get('/users', async (request) => {
    authorizeAccountAdministration(request);
    const users = await prisma.user.findMany({ select: accountFields, orderBy: { createdAt: 'asc' } });
    return { users };
  });

  server.post<{ Params: { id: string } }>('/users/:id/disable', async (request) => {
    authorizeAccountAdministration(request);
    return setAccountDisabled(prisma, request, request.params.id, true);
  });

  server.post<{ Params: { id: string } }>('/users/:id/enable', async (request) => {
    authorizeAccountAdministration(request);
    return setAccountDisabled(prisma, request, request.params.id, false);
  });

  server.get<{ Params: { id: string } }>('/orgs/:id/members', async (request) => {
    const organization = await authorizeOrganization(request, prisma, request.params.id, 'organization.read');
    const rows = await prisma.organizationMembership.findMany({
      where: { organizationId: organization.id },
      select: { role: true, createdAt: true, user: { select: { id: true, email: true, name: true } } },
      orderBy: { createdAt: 'asc' },
    });
    return {
      members: rows.map((row) => ({ ...row.user, role: row.role, memberSince: row.createdAt })),
    };
  });

  type MemberParams = { Params: { id: string; userId: string } };
  server.put<MemberParams>('/orgs/:id/members/:userId', async (request) => {
    const { id, userId } = request.params;
    const organization = await authorizeOrganization(request, prisma, id, 'member.manage-roles');
    const role = parseRequestPart(updateMembershipBodySchema, request.body, 'body').role as OrganizationRole;
    await changeMembership(prisma, request, { organizationId: organization.id, userId }, role);
    return { userId, organizationId: organization.id, role };
  });

  server.delete<MemberParams>('/orgs/:id/members/:userId', async (request, reply) => {
    const { id, userId } = request.params;
    const organization = await authorizeOrganization(request, prisma, id, 'member.manage-roles');
    await changeMembership(prisma, request, { organizationId: organization.id, userId }, null);
    return reply.code(204).send();
  });
}
