import { randomBytes } from 'node:crypto';
import type { PrismaClient } from '../db/create-prisma-client.js';
import { createSecretToken, hashSessionToken } from './hash-session-token.js';
import type { OrganizationRole, Principal } from './principal.js';

/** A session just created: `token` goes into the cookie and is never stored. */
export interface CreatedSession {
  token: string;
  id: string;
  expiresAt: Date;
}

/** Sessions of signed-in users, stored in Postgres by the SHA-256 of their cookie token. */
export interface SessionStore {
  create(options: { userId: string; ipAddress?: string; userAgent?: string }): Promise<CreatedSession>;
  /** The user principal of a live session, or null for an unknown, expired or disabled one. Slides expiry. */
  lookUp(token: string): Promise<Extract<Principal, { type: 'user' }> | null>;
  /** Ends a session (logout). */
  revoke(sessionId: string): Promise<void>;
}

export interface SessionStoreOptions {
  prisma: PrismaClient;
  /** A session unused this long expires. */
  idleTimeoutMs: number;
  /** A session expires this long after sign-in however much it is used. */
  maxAgeMs: number;
  /** `lastSeenAt`/`expiresAt` are rewritten at most this often per session. */
  touchIntervalMs?: number;
  now?: () => Date;
}

/** Creates the session store: sliding idle expiry capped by an absolute maximum age. */
export function createSessionStore(options: SessionStoreOptions): SessionStore {
  const { prisma, idleTimeoutMs, maxAgeMs } = options;
  const touchIntervalMs = options.touchIntervalMs ?? 60_000;
  const now = options.now ?? (() => new Date());

  const expiryAt = (createdAt: Date, at: Date) =>
    new Date(Math.min(at.getTime() + idleTimeoutMs, createdAt.getTime() + maxAgeMs));

  return {
    async create({ userId, ipAddress, userAgent }) {
      const token = createSecretToken();
      const createdAt = now();
      const session = await prisma.session.create({
        data: {
          id: hashSessionToken(token),
          userId,
          createdAt,
          lastSeenAt: createdAt,
          expiresAt: expiryAt(createdAt, createdAt),
          csrfSecret: randomBytes(32).toString('base64url'),
          ipAddress: ipAddress ?? null,
          userAgent: userAgent?.slice(0, 512) ?? null,
        },
        select: { id: true, expiresAt: true },
      });
      // Expired sessions of this user go when they sign in again; nothing else needs a sweeper.
      await prisma.session.deleteMany({ where: { userId, expiresAt: { lt: createdAt } } });
      return { token, id: session.id, expiresAt: session.expiresAt };
    },

    async lookUp(token) {
      if (token.length < 20 || token.length > 100) return null;
      const at = now();
      const session = await prisma.session.findUnique({
        where: { id: hashSessionToken(token) },
        include: {
          user: {
            select: {
              id: true,
              email: true,
              name: true,
              disabledAt: true,
              memberships: { select: { organizationId: true, role: true } },
            },
          },
        },
      });
      if (!session || session.expiresAt <= at || session.user.disabledAt) return null;
      if (at.getTime() - session.lastSeenAt.getTime() >= touchIntervalMs) {
        await prisma.session.update({
          where: { id: session.id },
          data: { lastSeenAt: at, expiresAt: expiryAt(session.createdAt, at) },
        });
      }
      return {
        type: 'user',
        userId: session.user.id,
        email: session.user.email,
        name: session.user.name,
        memberships: new Map(
          session.user.memberships.map((row) => [row.organizationId, row.role as OrganizationRole]),
        ),
        session: { id: session.id, csrfSecret: session.csrfSecret },
      };
    },

    async revoke(sessionId) {
      await prisma.session.deleteMany({ where: { id: sessionId } });
    },
  };
}
