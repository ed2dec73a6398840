import type { FastifyInstance } from 'fastify';
import type { GitHubDelivery, GitHubWebhookAnswer } from './create-github-webhook-handler.js';

/** Where GitHub posts webhooks (the App's "Webhook URL" is `<PUBLIC_URL>/api/github/webhooks`). */
export const githubWebhookPath = '/api/github/webhooks';

function header(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

/**
 * Mounts the webhook endpoint. The body is kept as the raw text the signature covers (in its own
 * encapsulated scope, so other routes keep Fastify's JSON parser).
 */
export async function registerGitHubWebhookRoute(
  server: FastifyInstance,
  handle: (delivery: GitHubDelivery) => Promise<GitHubWebhookAnswer>,
): Promise<void> {
  await server.register(async (scope) => {
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser(
      '*',
      { parseAs: 'string', bodyLimit: 25 * 1024 * 1024 },
      (_request, body, done) => done(null, body),
    );
    scope.post(githubWebhookPath, async (request, reply) => {
      const answer = await handle({
        id: header(request.headers['x-github-delivery']),
        name: header(request.headers['x-github-event']),
        signature: header(request.headers['x-hub-signature-256']),
        rawBody: typeof request.body === 'string' ? request.body : '',
      });
      if (answer.status >= 400) {
        request.log.warn({ status: answer.status, body: answer.body }, 'github webhook refused');
      }
      return reply.code(answer.status).send(answer.body);
    });
  });
}
