import type { FastifyInstance } from 'fastify';
import { describeAuditActor, recordAuditEvent } from '../../core/audit/record-audit-event.js';
import { grantRoleAction } from '../../core/auth/can.js';
import { createSecretToken, hashSessionToken } from '../../core/auth/hash-session-token.js';
import { normalizeEmail } from '../../core/auth/normalize-email.js';
import type { OrganizationRole } from '../../core/auth/principal.js';
import type { PrismaClient } from '../../core/db/create-prisma-client.js';
import { SwitchyardError } from '../../core/errors/switchyard-error.js';
import { isUuid } from '../../core/projects/is-uuid.js';
import type { AppContext } from '../server/create-app-context.js';
import { createInviteBodySchema } from './auth-schemas.js';
import { authorize, authorizeOrganization } from './authorize-target.js';
import { parseRequestPart } from './parse-request-part.js';
import { readAuditOrigin } from './read-audit-origin.js';

function inviteNotFoundError(organizationId: string, inviteId: string): SwitchyardError {
  return new SwitchyardError({
    code: 'invite.not_found',
    message: `Organization ${organizationId} has no invite ${inviteId}: list pending invites with GET /api/v1/orgs/${organizationId}/invites`,
    status: 404,
  });
}

/** The users behind `user:<id>` creators, so the list can say who invited whom (others: null). */
async function findCreators(
  prisma: PrismaClient,
  createdBy: string[],
): Promise<Map<string, { id: string; email: string; name: string }>> {
  const ids = [...new Set(createdBy.map((actor) => actor.replace(/^user:/, '')))].filter(isUuid);
  const users = await prisma.user.findMany({
    where: { id: { in: ids } },
    select: { id: true, email: true, name: true },
  });
  return new Map(users.map((user) => [`user:${user.id}`, user]));
}

/**
 * Invites to an organization: admins create one-time links (owners for an owner), list the pending ones and
 * revoke them; revoking follows the creating rule, so an admin cannot revoke an owner's invite to an owner.
 */
export async function registerInviteRoutes(server: FastifyInstance, context: AppContext): Promise<void> {
  const { prisma } = context;

  server.post<{ Params: { id: string } }>('/orgs/:id/invites', async (request, reply) => {
    const body = parseRequestPart(createInviteBodySchema, request.body, 'body');
    const role = body.role as OrganizationRole;
    const organization = await authorizeOrganization(
      request,
      prisma,
      request.params.id,
      grantRoleAction(role),
    );
    const token = createSecretToken();
    const expiresAt = new Date(Date.now() + body.expiresInHours * 3_600_000);
    const email = normalizeEmail(body.email);
    const invite = await prisma.$transaction(async (transaction) => {
      const origin = readAuditOrigin(request);
      const created = await transaction.invite.create({
        data: {
          tokenHash: hashSessionToken(token),
          organizationId: organization.id,
          role,
          email,
          expiresAt,
          createdBy: describeAuditActor(origin.actor),
        },
        select: { id: true },
      });
      await recordAuditEvent(transaction, {
        ...origin,
        action: 'invite.create',
        target: { type: 'invite', id: created.id },
        organizationId: organization.id,
        details: { email, role, expiresAt: expiresAt.toISOString() },
      });
      return created;
    });
    // The token sits in the URL fragment, which browsers never send to a server, so no access log holds it.
    const base = context.environment.PUBLIC_URL ?? `${request.protocol}://${request.host}`;
    return reply.code(201).send({
      id: invite.id,
      email,
      role,
      expiresAt,
      token,
      url: `${base.replace(/\/$/, '')}/accept-invite#token=${token}`,
    });
  });

  server.get<{ Params: { id: string } }>('/orgs/:id/invites', async (request) => {
    const organization = await authorizeOrganization(request, prisma, request.params.id, 'member.invite');
    const invites = await prisma.invite.findMany({
      where: {
        organizationId: organization.id,
        acceptedAt: null,
        revokedAt: null,
        expiresAt: { gt: new Date() },
      },
      // Never the token hash: it only serves to match a link, and has no business leaving the server.
      select: { id: true, email: true, role: true, createdBy: true, createdAt: true, expiresAt: true },
      orderBy: { createdAt: 'desc' },
    });
    const creators = await findCreators(
      prisma,
      invites.map((invite) => invite.createdBy),
    );
    return {
      invites: invites.map((invite) => ({
        ...invite,
        createdByUser: creators.get(invite.createdBy) ?? null,
      })),
    };
  });

  type InviteParams = { Params: { id: string; inviteId: string } };
  server.delete<InviteParams>('/orgs/:id/invites/:inviteId', async (request, reply) => {
    const { id, inviteId } = request.params;
    const organization = await authorizeOrganization(request, prisma, id, 'member.invite');
    const invite = isUuid(inviteId)
      ? await prisma.invite.findFirst({
          where: { id: inviteId, organizationId: organization.id },
          select: { id: true, email: true, role: true, acceptedAt: true, revokedAt: true },
        })
      : null;
    if (!invite) throw inviteNotFoundError(organization.id, inviteId);
    authorize(request, grantRoleAction(invite.role as OrganizationRole), { organizationId: organization.id });
    if (invite.acceptedAt) {
      throw new SwitchyardError({
        code: 'invite.accepted',
        message: `The invite for ${invite.email} was already accepted: remove the member with DELETE /api/v1/orgs/${organization.id}/members/:userId instead`,
        status: 409,
      });
    }
    // Revoking twice is a no-op, like revoking an API key. The update is conditional so that a revoke and an
    // accept at the same moment cannot both win.
    if (invite.revokedAt) return reply.code(204).send();
    await prisma.$transaction(async (transaction) => {
      const origin = readAuditOrigin(request);
      const revoked = await transaction.invite.updateMany({
        where: { id: invite.id, acceptedAt: null, revokedAt: null },
        data: { revokedAt: new Date(), revokedBy: describeAuditActor(origin.actor) },
      });
      if (revoked.count === 0) {
        throw new SwitchyardError({
          code: 'invite.accepted',
          message: `The invite for ${invite.email} was accepted or revoked a moment ago: list pending invites again`,
          status: 409,
        });
      }
      await recordAuditEvent(transaction, {
        ...origin,
        action: 'invite.revoke',
        target: { type: 'invite', id: invite.id },
        organizationId: organization.id,
        details: { email: invite.email, role: invite.role },
      });
    });
    return reply.code(204).send();
  });
}
