import type { FastifyRequest } from 'fastify';
import type { AuditActor } from '../../core/audit/record-audit-event.js';
import type { Principal } from '../../core/auth/principal.js';
import { readPrincipal } from './resolve-principal.js';

/** The audit actor of a principal. */
export function describePrincipalActor(principal: Principal): AuditActor {
  switch (principal.type) {
    case 'admin-token':
      return { type: 'admin-token' };
    case 'user':
      return { type: 'user', userId: principal.userId };
    case 'api-key':
      return { type: 'api-key', apiKeyId: principal.apiKeyId };
  }
}

/** Who sent a management request and from where, for its audit event. */
export function readAuditOrigin(request: FastifyRequest): {
  actor: AuditActor;
  ipAddress: string;
  requestId: string;
} {
  return {
    actor: describePrincipalActor(readPrincipal(request)),
    ipAddress: request.ip,
    requestId: request.id,
  };
}
