import type { PrismaClient } from '../db/create-prisma-client.js';

/** Who made a change: the bootstrap admin token, a signed-in user, a project API key, a component. */
export type AuditActor =
  | { type: 'admin-token' }
  | { type: 'user'; userId: string }
  | { type: 'api-key'; apiKeyId: string }
  | { type: 'system'; component: string }
  /** Someone acting through a platform (a comment command): `github:octocat`. */
  | { type: 'platform-user'; platform: string; login: string };

/** What was done, noun first. */
export type AuditAction =
  | 'organization.create'
  | 'organization.connect'
  | 'organization.disconnect'
  | 'project.create'
  | 'project.connect'
  | 'project.disconnect'
  | 'pull-request.pause'
  | 'pull-request.resume'
  | 'slack-channel.link'
  | 'slack-channel.unlink'
  | 'slack-identity.save'
  | 'slack-identity.remove'
  | 'project-cache.update'
  | 'api-key.create'
  | 'api-key.revoke'
  | 'budget.update'
  | 'provider-credential.update'
  | 'provider-credential.delete'
  | 'routing-rule.update'
  | 'price-override.update'
  | 'user.create'
  | 'user.disable'
  | 'user.enable'
  | 'session.create'
  | 'session.revoke'
  | 'invite.create'
  | 'invite.accept'
  | 'invite.revoke'
  | 'membership.create'
  | 'membership.update'
  | 'membership.delete'
  | 'job.rerun';

/** One audit row to write. `details` must describe the change without its secrets. */
export interface AuditEventInput {
  actor: AuditActor;
  action: AuditAction;
  target: { type: string; id?: string };
  organizationId?: string;
  projectId?: string;
  details?: Record<string, unknown>;
  ipAddress?: string;
  requestId?: string;
}

/** The `actor` column: `admin-token`, `user:<id>`, `api-key:<id>` or `system:<component>`. */
export function describeAuditActor(actor: AuditActor): string {
  switch (actor.type) {
    case 'admin-token':
      return 'admin-token';
    case 'user':
      return `user:${actor.userId}`;
    case 'api-key':
      return `api-key:${actor.apiKeyId}`;
    case 'system':
      return `system:${actor.component}`;
    case 'platform-user':
      return `${actor.platform}:${actor.login}`;
  }
}

// Names that end like a secret (`apiKey`, `clientSecret`, `accessToken`), but not `apiKeyId` or `keyHint`.
const secretLikeName = /(api[-_]?key|secret|password|token|authorization|ciphertext)$|^key$/i;

/** A copy of `value` with every secret-looking field replaced, as a last guard for callers' mistakes. */
export function removeSecrets(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(removeSecrets);
  if (value === null || typeof value !== 'object' || value instanceof Date) return value;
  return Object.fromEntries(
    Object.entries(value).map(([name, field]) => [
      name,
      secretLikeName.test(name) && field !== null && typeof field !== 'boolean'
        ? '[redacted]'
        : removeSecrets(field),
    ]),
  );
}

/** Writes one audit event (pass a transaction client to commit it together with the change it records). */
export async function recordAuditEvent(
  prisma: Pick<PrismaClient, 'auditEvent'>,
  event: AuditEventInput,
): Promise<void> {
  await prisma.auditEvent.create({
    data: {
      actor: describeAuditActor(event.actor),
      action: event.action,
      targetType: event.target.type,
      targetId: event.target.id ?? null,
      organizationId: event.organizationId ?? null,
      projectId: event.projectId ?? null,
      details: removeSecrets(event.details ?? {}) as object,
      ipAddress: event.ipAddress ?? null,
      requestId: event.requestId ?? null,
    },
  });
}
