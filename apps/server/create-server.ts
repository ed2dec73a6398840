import Fastify, { type FastifyBaseLogger, type FastifyInstance, LogController } from 'fastify';
import type { AppContext } from './create-app-context.js';
import { sendApiError } from './error-response.js';
import { registerHealthRoutes } from './health-routes.js';
import { maskQuerySecrets } from './mask-query-secrets.js';
import { generateRequestId } from './request-id.js';

/** A route plugin: each app folder (gateway, web, github, …) exports one of these. */
export type RouteRegistrar = (server: FastifyInstance, context: AppContext) => Promise<void>;

/**
 * Switchyard's HTTP server: health and metrics, plus the routes each app registers.
 * Every log line of a request carries its `requestId` (pino child logger), echoed as `x-request-id`.
 */
export async function createServer(
  context: AppContext,
  registrars: RouteRegistrar[] = [],
): Promise<FastifyInstance> {
  const server: FastifyInstance = Fastify({
    loggerInstance: context.logger as FastifyBaseLogger,
    genReqId: generateRequestId,
    // One access-log line per request (onResponse below) instead of Fastify's two.
    logController: new LogController({ requestIdLogLabel: 'requestId', disableRequestLogging: true }),
    trustProxy: context.environment.TRUST_PROXY,
    bodyLimit: 20 * 1024 * 1024,
    keepAliveTimeout: 65_000,
    return503OnClosing: true,
  });

  server.addHook('onRequest', async (request, reply) => {
    reply.header('x-request-id', request.id);
  });
  server.addHook('onResponse', async (request, reply) => {
    const route = request.routeOptions.url ?? 'unmatched';
    const seconds = reply.elapsedTime / 1000;
    context.metrics.httpRequestDuration.observe(
      { method: request.method, route, status: reply.statusCode },
      seconds,
    );
    request.log.info(
      {
        method: request.method,
        url: maskQuerySecrets(request.url),
        route,
        status: reply.statusCode,
        durationMs: Math.round(reply.elapsedTime * 100) / 100,
      },
      'request completed',
    );
  });
  server.setErrorHandler((error, request, reply) => sendApiError(error, request, reply));
  server.setNotFoundHandler((request, reply) =>
    reply.code(404).send({
      error: {
        code: 'request.not_found',
        message: `No route for ${request.method} ${request.url.split('?')[0]}`,
        requestId: request.id,
      },
    }),
  );

  await registerHealthRoutes(server, context);
  for (const register of registrars) await register(server, context);
  return server;
}
