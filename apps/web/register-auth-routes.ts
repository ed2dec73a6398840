import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { recordAuditEvent } from '../../core/audit/record-audit-event.js';
import { deriveCsrfToken } from '../../core/auth/derive-csrf-token.js';
import { hashPassword } from '../../core/auth/hash-password.js';
import { hashSessionToken } from '../../core/auth/hash-session-token.js';
import { normalizeEmail } from '../../core/auth/normalize-email.js';
import type { OrganizationRole, Principal } from '../../core/auth/principal.js';
import { verifyPassword } from '../../core/auth/verify-password.js';
import type { PrismaClient } from '../../core/db/create-prisma-client.js';
import { isUniqueViolation } from '../../core/db/is-unique-violation.js';
import { SwitchyardError } from '../../core/errors/switchyard-error.js';
import type { AppContext } from '../server/create-app-context.js';
import { acceptInviteBodySchema, loginBodySchema } from './auth-schemas.js';
import type { AuthServices } from './create-auth-services.js';
import { parseRequestPart } from './parse-request-part.js';
import { readPrincipal } from './resolve-principal.js';
import { type SignInMethod, startUserSession } from './start-user-session.js';
import { clearSessionCookie } from './write-session-cookie.js';

// One answer for an unknown email, a wrong password and a disabled account, so sign-in cannot be used to
// find out which accounts exist or are disabled.
const invalidCredentials = () =>
  new SwitchyardError({
    code: 'auth.invalid_credentials',
    message: 'The email or password is wrong, or the account is disabled',
    status: 401,
  });

const invalidInvite = () =>
  new SwitchyardError({
    code: 'invite.invalid',
    message:
      'The invite link is invalid, expired or already used: ask an admin of the organization for a new one',
    status: 400,
  });

// Only someone holding the link's token learns that it was revoked, which tells them whom to ask.
const revokedInvite = (revokedBy: string | null) =>
  new SwitchyardError({
    code: 'invite.revoked',
    message: revokedBy?.startsWith('system:')
      ? 'This invite link was withdrawn after too many wrong passwords for the account: ask an admin of the organization for a new one'
      : 'This invite link was revoked by an admin of the organization: ask them for a new one',
    status: 400,
  });

/** What `GET /auth/me` (and a sign-in) answers: the user, their organizations and roles, the CSRF token. */
async function presentSignedInUser(prisma: PrismaClient, principal: Principal) {
  if (principal.type !== 'user') {
    return { type: principal.type, user: null, memberships: [], csrfToken: null };
  }
  const organizations = await prisma.organization.findMany({
    where: { id: { in: [...principal.memberships.keys()] } },
    select: { id: true, name: true },
    orderBy: { name: 'asc' },
  });
  return {
    type: 'user' as const,
    user: { id: principal.userId, email: principal.email, name: principal.name },
    memberships: organizations.map((organization) => ({
      organizationId: organization.id,
      organizationName: organization.name,
      role: principal.memberships.get(organization.id),
    })),
    csrfToken: deriveCsrfToken(principal.session),
  };
}

/** Sign-in with email and password, sign-out, who am I, and accepting an invite. */
export async function registerAuthRoutes(
  server: FastifyInstance,
  context: AppContext,
  auth: AuthServices,
): Promise<void> {
  const { prisma } = context;

  async function startSession(
    request: FastifyRequest,
    reply: FastifyReply,
    userId: string,
    method: SignInMethod,
  ) {
    const principal = await startUserSession(request, reply, { prisma, auth }, userId, method);
    if (!principal) throw invalidCredentials();
    return presentSignedInUser(prisma, principal);
  }

  /** 429 while this email has had too many wrong passwords from this address (sign-in and invites alike). */
  async function refuseWhileLimited(reply: FastifyReply, email: string, ipAddress: string) {
    const retryAfter = await auth.loginLimiter.retryAfterSeconds(email, ipAddress);
    if (retryAfter <= 0) return;
    reply.header('retry-after', String(retryAfter));
    throw new SwitchyardError({
      code: 'auth.too_many_attempts',
      message: `Too many failed sign-ins for this email from your address: try again in ${Math.ceil(retryAfter / 60)} minutes`,
      status: 429,
      retryable: true,
    });
  }

  /**
   * A wrong password given with an invite counts against the account like a failed sign-in, and against the
   * invite: whoever holds the link (its creator too) must not be able to guess the invitee's password, so
   * the link is withdrawn after as many wrong passwords as a sign-in allows.
   */
  async function recordWrongInvitePassword(
    request: FastifyRequest,
    invite: { id: string; email: string; organizationId: string },
  ) {
    const inviteKey = `invite:${invite.id}`;
    await auth.loginLimiter.recordFailure(invite.email, request.ip);
    await auth.loginLimiter.recordFailure(invite.email, inviteKey);
    if ((await auth.loginLimiter.retryAfterSeconds(invite.email, inviteKey)) === 0) return;
    await prisma.$transaction(async (transaction) => {
      const withdrawn = await transaction.invite.updateMany({
        where: { id: invite.id, acceptedAt: null, revokedAt: null },
        data: { revokedAt: new Date(), revokedBy: 'system:too-many-wrong-passwords' },
      });
      if (withdrawn.count === 0) return;
      await recordAuditEvent(transaction, {
        actor: { type: 'system', component: 'sign-in' },
        action: 'invite.revoke',
        target: { type: 'invite', id: invite.id },
        organizationId: invite.organizationId,
        ipAddress: request.ip,
        requestId: request.id,
        details: { email: invite.email, reason: 'too many wrong passwords for the existing account' },
      });
    });
  }

  server.post('/auth/login', { config: { public: true } }, async (request, reply) => {
    const body = parseRequestPart(loginBodySchema, request.body, 'body');
    const email = normalizeEmail(body.email);
    await refuseWhileLimited(reply, email, request.ip);
    const user = await prisma.user.findUnique({
      where: { email },
      select: { id: true, passwordHash: true, disabledAt: true },
    });
    const valid = await verifyPassword(body.password, user?.passwordHash ?? null);
    if (!user || !valid || user.disabledAt) {
      await auth.loginLimiter.recordFailure(email, request.ip);
      request.log.info({ userId: user?.id ?? null }, 'sign-in refused');
      throw invalidCredentials();
    }
    await auth.loginLimiter.reset(email, request.ip);
    return reply.send(await startSession(request, reply, user.id, 'password'));
  });

  server.post('/auth/logout', async (request, reply) => {
    const principal = readPrincipal(request);
    if (principal.type === 'user') {
      await auth.sessions.revoke(principal.session.id);
      await recordAuditEvent(prisma, {
        actor: { type: 'user', userId: principal.userId },
        action: 'session.revoke',
        target: { type: 'session', id: principal.session.id.slice(0, 12) },
        ipAddress: request.ip,
        requestId: request.id,
      });
    }
    clearSessionCookie(request, reply);
    return reply.code(204).send();
  });

  server.get('/auth/me', async (request) => presentSignedInUser(prisma, readPrincipal(request)));

  server.post('/auth/accept-invite', { config: { public: true } }, async (request, reply) => {
    const body = parseRequestPart(acceptInviteBodySchema, request.body, 'body');
    const invite = await prisma.invite.findUnique({ where: { tokenHash: hashSessionToken(body.token) } });
    if (!invite || invite.acceptedAt || invite.expiresAt <= new Date()) throw invalidInvite();
    if (invite.revokedAt) throw revokedInvite(invite.revokedBy);
    // Someone who already has an account joins with it, proving it with their password.
    const existing = await prisma.user.findUnique({
      where: { email: invite.email },
      select: { id: true, passwordHash: true, disabledAt: true },
    });
    if (existing) {
      await refuseWhileLimited(reply, invite.email, request.ip);
      if (existing.disabledAt || !(await verifyPassword(body.password, existing.passwordHash))) {
        await recordWrongInvitePassword(request, invite);
        throw invalidCredentials();
      }
      await auth.loginLimiter.reset(invite.email, request.ip);
    }
    const passwordHash = existing ? null : await hashPassword(body.password);
    const acceptInTransaction = () =>
      prisma.$transaction(async (transaction) => {
        // Conditional, so that an accept and a revoke at the same moment cannot both win.
        const claimed = await transaction.invite.updateMany({
          where: { id: invite.id, acceptedAt: null, revokedAt: null },
          data: { acceptedAt: new Date() },
        });
        if (claimed.count === 0) throw invalidInvite();
        const user =
          existing ??
          (await transaction.user.create({
            data: { email: invite.email, name: body.name, passwordHash: passwordHash as string },
            select: { id: true },
          }));
        await transaction.invite.update({ where: { id: invite.id }, data: { acceptedBy: user.id } });
        // An existing membership keeps its role: an invite never demotes anyone.
        await transaction.organizationMembership.upsert({
          where: { userId_organizationId: { userId: user.id, organizationId: invite.organizationId } },
          create: { userId: user.id, organizationId: invite.organizationId, role: invite.role },
          update: {},
        });
        await recordAuditEvent(transaction, {
          actor: { type: 'user', userId: user.id },
          action: 'invite.accept',
          target: { type: 'invite', id: invite.id },
          organizationId: invite.organizationId,
          ipAddress: request.ip,
          requestId: request.id,
          details: { email: invite.email, role: invite.role as OrganizationRole, newUser: !existing },
        });
        return user.id;
      });
    let userId: string;
    try {
      userId = await acceptInTransaction();
    } catch (error) {
      // An account with this email was created between the check above and the insert (a second tab, an
      // admin): nothing was written, and the link still works, now for that account.
      if (!isUniqueViolation(error)) throw error;
      throw new SwitchyardError({
        code: 'user.email_taken',
        message: `An account for ${invite.email} was created meanwhile: open the invite link again and use that account's password`,
        status: 409,
      });
    }
    return reply.code(201).send(await startSession(request, reply, userId, 'invite'));
  });
}
