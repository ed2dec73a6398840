import type { FastifyInstance } from 'fastify';
import { readHeader, registerRawBodyRoute } from '../server/register-raw-body-route.js';
import type { GitLabDelivery, GitLabWebhookAnswer } from './create-gitlab-webhook-handler.js';

/** Where GitLab posts webhooks (the webhook's URL is `<PUBLIC_URL>/api/gitlab/webhooks`). */
export const gitlabWebhookPath = '/api/gitlab/webhooks';

/** Mounts the webhook endpoint over the raw body the signature covers. */
export async function registerGitLabWebhookRoute(
  server: FastifyInstance,
  handle: (delivery: GitLabDelivery) => Promise<GitLabWebhookAnswer>,
): Promise<void> {
  await registerRawBodyRoute(server, {
    path: gitlabWebhookPath,
    label: 'gitlab webhook',
    handle: (request, rawBody) =>
      handle({
        token: readHeader(request, 'x-gitlab-token'),
        event: readHeader(request, 'x-gitlab-event'),
        idempotencyKey: readHeader(request, 'idempotency-key'),
        eventUuid: readHeader(request, 'x-gitlab-event-uuid'),
        signature: {
          id: readHeader(request, 'webhook-id'),
          timestamp: readHeader(request, 'webhook-timestamp'),
          signature: readHeader(request, 'webhook-signature'),
        },
        rawBody,
      }),
  });
}
