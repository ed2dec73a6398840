import type { FastifyReply, FastifyRequest } from 'fastify';
import { recordAuditEvent } from '../../core/audit/record-audit-event.js';
import type { Principal } from '../../core/auth/principal.js';
import type { PrismaClient } from '../../core/db/create-prisma-client.js';
import type { AuthServices } from './create-auth-services.js';
import { writeSessionCookie } from './write-session-cookie.js';

/** How the person proved who they are: recorded in the `session.create` audit row. */
export type SignInMethod = 'password' | 'invite' | 'oidc';

/**
 * Starts a session for a user who has proved who they are: creates it, sets the session cookie and audits
 * `session.create` with the method. Answers the new session's principal, or null when the account was
 * disabled in the meantime (no audit row then).
 */
export async function startUserSession(
  request: FastifyRequest,
  reply: FastifyReply,
  services: { prisma: PrismaClient; auth: AuthServices },
  userId: string,
  method: SignInMethod,
): Promise<Extract<Principal, { type: 'user' }> | null> {
  const { prisma, auth } = services;
  const created = await auth.sessions.create({
    userId,
    ipAddress: request.ip,
    userAgent: request.headers['user-agent'],
  });
  writeSessionCookie(request, reply, created.token, auth.cookieMaxAgeSeconds);
  const principal = await auth.sessions.lookUp(created.token);
  if (!principal) return null;
  await recordAuditEvent(prisma, {
    actor: { type: 'user', userId },
    action: 'session.create',
    target: { type: 'session', id: created.id.slice(0, 12) },
    ipAddress: request.ip,
    requestId: request.id,
    details: { method, userAgent: request.headers['user-agent']?.slice(0, 200) ?? null },
  });
  return principal;
}
