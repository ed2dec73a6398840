import type { FastifyInstance } from 'fastify';
import { readHeader, registerRawBodyRoute } from '../server/register-raw-body-route.js';
import type { GitHubDelivery, GitHubWebhookAnswer } from './create-github-webhook-handler.js';

/** Where GitHub posts webhooks (the App's "Webhook URL" is `<PUBLIC_URL>/api/github/webhooks`). */
export const githubWebhookPath = '/api/github/webhooks';

/** Mounts the webhook endpoint over the raw body the signature covers. */
export async function registerGitHubWebhookRoute(
  server: FastifyInstance,
  handle: (delivery: GitHubDelivery) => Promise<GitHubWebhookAnswer>,
): Promise<void> {
  await registerRawBodyRoute(server, {
    path: githubWebhookPath,
    label: 'github webhook',
    handle: (request, rawBody) =>
      handle({
        id: readHeader(request, 'x-github-delivery'),
        name: readHeader(request, 'x-github-event'),
        signature: readHeader(request, 'x-hub-signature-256'),
        rawBody,
      }),
  });
}
