import type { FastifyRequest } from 'fastify';
import type { AuditActor } from '../../core/audit/record-audit-event.js';

/** Who sent a management request and from where, for its audit event. */
export function readAuditOrigin(request: FastifyRequest): {
  actor: AuditActor;
  ipAddress: string;
  requestId: string;
} {
  // Only the admin token can reach the management API today; user sessions will set their own actor here.
  return { actor: { type: 'admin-token' }, ipAddress: request.ip, requestId: request.id };
}
