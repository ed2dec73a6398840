import type { FastifyInstance } from 'fastify';
import { createEventHub } from '../../core/events/create-event-hub.js';
import type { SwitchyardEvent } from '../../core/events/switchyard-event.js';
import type { AppContext } from '../server/create-app-context.js';
import { authorizeOrganization } from './authorize-target.js';
import { eventStreamQuerySchema } from './management-schemas.js';
import { parseRequestPart } from './parse-request-part.js';

export interface EventRouteOptions {
  /** How often an idle stream gets a `: ping` comment, so proxies keep it open (15 s). */
  heartbeatMs?: number;
}

// A client that reads slower than events arrive is cut off; EventSource reconnects by itself.
const maxBufferedBytes = 1024 * 1024;

/** The text of one Server-Sent Event. */
export function formatServerSentEvent(event: SwitchyardEvent): string {
  return `event: ${event.type}\ndata: ${JSON.stringify(event.data)}\n\n`;
}

/**
 * Live updates of an organization as Server-Sent Events (`job` and `usage`), fanned out from one Redis
 * subscription per process. Streams end when the client goes away and when the server closes.
 */
export async function registerEventRoutes(
  server: FastifyInstance,
  context: AppContext,
  options: EventRouteOptions = {},
): Promise<void> {
  const heartbeatMs = options.heartbeatMs ?? 15_000;
  const hub = createEventHub({
    redis: context.redis,
    keyPrefix: context.environment.REDIS_KEY_PREFIX,
    logger: context.logger,
  });
  const openStreams = new Set<() => void>();
  // Before the HTTP server waits for its connections: an open stream would otherwise hold close() forever.
  server.addHook('preClose', async () => {
    for (const end of [...openStreams]) end();
  });
  server.addHook('onClose', async () => {
    await hub.close();
  });

  server.get('/events', async (request, reply) => {
    const query = parseRequestPart(eventStreamQuerySchema, request.query, 'query');
    const organization = await authorizeOrganization(
      request,
      context.prisma,
      query.orgId,
      'organization.read',
    );
    const response = reply.raw;
    let started = false;
    const early: string[] = [];
    let heartbeat: NodeJS.Timeout | undefined;
    let removeListener: (() => void) | undefined;

    const write = (text: string) => {
      if (!started) {
        early.push(text);
        return;
      }
      if (response.writableEnded || response.destroyed) return;
      response.write(text);
      if (response.writableLength > maxBufferedBytes) end();
    };
    const end = () => {
      openStreams.delete(end);
      clearInterval(heartbeat);
      removeListener?.();
      if (!response.writableEnded) response.end();
    };

    // Subscribed before the answer starts: what happens after the client sees 200 reaches it.
    removeListener = await hub.listen(organization.id, (event) => write(formatServerSentEvent(event)));
    reply.hijack();
    if (response.destroyed || request.raw.destroyed) {
      // The client left while the subscription was being set up.
      end();
      return;
    }
    response.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-cache, no-transform',
      connection: 'keep-alive',
      'x-accel-buffering': 'no',
      'x-request-id': request.id,
    });
    started = true;
    response.write(`retry: 5000\n: connected\n\n${early.join('')}`);
    openStreams.add(end);
    heartbeat = setInterval(() => write(': ping\n\n'), heartbeatMs);
    heartbeat.unref();
    response.on('close', end);
    request.log.info({ organizationId: organization.id, streams: openStreams.size }, 'event stream opened');
  });
}
