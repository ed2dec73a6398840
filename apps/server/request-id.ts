import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

const acceptableRequestId = /^[A-Za-z0-9._:-]{8,128}$/;

/** Honours a well-formed incoming `x-request-id` (from a proxy) and otherwise makes a new one. */
export function generateRequestId(request: IncomingMessage): string {
  const incoming = request.headers['x-request-id'];
  if (typeof incoming === 'string' && acceptableRequestId.test(incoming)) return incoming;
  return randomUUID();
}
