import type { FastifyInstance, FastifyRequest } from 'fastify';

/** What a raw-body route answers. */
export interface RawBodyAnswer {
  status: number;
  body: Record<string, unknown>;
}

/** One header's value (the first, when repeated). */
export function readHeader(request: FastifyRequest, name: string): string | undefined {
  const value = request.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

/**
 * Mounts a POST route whose body stays the raw text a signature covers, in its own encapsulated scope so
 * other routes keep Fastify's JSON parser. Refusals are logged with their answer (never the body).
 */
export async function registerRawBodyRoute(
  server: FastifyInstance,
  options: {
    path: string;
    /** For the log line of a refusal, e.g. `github webhook`. */
    label: string;
    bodyLimit?: number;
    handle(request: FastifyRequest, rawBody: string): Promise<RawBodyAnswer>;
  },
): Promise<void> {
  await server.register(async (scope) => {
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser(
      '*',
      { parseAs: 'string', bodyLimit: options.bodyLimit ?? 25 * 1024 * 1024 },
      (_request, body, done) => done(null, body),
    );
    scope.post(options.path, async (request, reply) => {
      const answer = await options.handle(request, typeof request.body === 'string' ? request.body : '');
      if (answer.status >= 400) {
        request.log.warn({ status: answer.status, body: answer.body }, `${options.label} refused`);
      }
      return reply.code(answer.status).send(answer.body);
    });
  });
}
