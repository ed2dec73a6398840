import type { z } from 'zod';
import type { JobQueue } from '../../core/jobs/create-job-queue.js';
import type { WebhookDeliveryLog } from '../../core/jobs/create-webhook-delivery-log.js';
import type { WebhookIntake } from '../../core/jobs/create-webhook-intake.js';
import type { Logger } from '../../core/logging/create-logger.js';
import type { PlatformProjectDirectory } from '../../core/projects/create-platform-project-directory.js';
import { enqueueConnectedConfigJobs } from './enqueue-connected-config-jobs.js';
import { installationPayloadSchema, parseGitHubEventPayload } from './github-payloads.js';
import { screenGitHubEvent } from './plan-github-jobs.js';

/** One webhook delivery as it arrived: headers and the raw body the signature covers. */
export interface GitHubDelivery {
  id: string | undefined;
  name: string | undefined;
  signature: string | undefined;
  rawBody: string;
}

/** What to answer GitHub with. */
export interface GitHubWebhookAnswer {
  status: number;
  body: Record<string, unknown>;
}

export interface GitHubWebhookHandlerOptions {
  /** Checks `X-Hub-Signature-256` against the raw body (Probot's `webhooks.verify`). */
  verify(rawBody: string, signature: string): Promise<boolean>;
  directory: PlatformProjectDirectory;
  /** Where verified pull request, comment and push deliveries wait to be planned and enqueued. */
  intake: Pick<WebhookIntake, 'accept'>;
  /** Where a newly connected repository's `config` job goes (installation events are handled here). */
  queue: Pick<JobQueue, 'enqueue'>;
  deliveries: WebhookDeliveryLog;
  logger: Logger;
}

const error = (status: number, code: string, message: string): GitHubWebhookAnswer => ({
  status,
  body: { error: { code, message } },
});

const invalidPayload = (event: string, fields: string[]): GitHubWebhookAnswer =>
  error(
    400,
    'github.payload_invalid',
    `The ${event} payload is missing or has invalid fields: ${fields.join(', ')}`,
  );

function parsePayload<Schema extends z.ZodType>(
  schema: Schema,
  payload: unknown,
  event: string,
): { success: true; value: z.output<Schema> } | { success: false; answer: GitHubWebhookAnswer } {
  const result = schema.safeParse(payload);
  if (result.success) return { success: true, value: result.data };
  const fields = result.error.issues.map((issue) => issue.path.join('.') || 'payload');
  return { success: false, answer: invalidPayload(event, fields) };
}

/**
 * Handles a GitHub webhook delivery: verifies the signature over the raw body, validates the payload,
 * drops events that can start nothing (every push but one that may change `.switchyard.yml` on the default
 * branch), and appends the rest to the webhook intake (one Redis round trip), where a worker deduplicates,
 * plans and enqueues them (createGitHubIntakeHandler). It never calls GitHub or Postgres for pull request,
 * comment and push events: the answer takes about a millisecond. When the append fails (Redis down) it
 * answers 503 and nothing is recorded, so a redelivery works. Installation events are rare and change
 * organizations and projects at once, then queue a read of each added repository's `.switchyard.yml`.
 */
export function createGitHubWebhookHandler(options: GitHubWebhookHandlerOptions) {
  const { directory, intake, deliveries, logger } = options;
  const connect = async (input: Parameters<PlatformProjectDirectory['connect']>[0], deliveryId: string) => {
    const connected = await directory.connect(input);
    await enqueueConnectedConfigJobs({
      queue: options.queue,
      logger,
      platform: 'github',
      connected,
      deliveryId,
    });
  };

  const handleInstallation = async (name: string, payload: unknown, deliveryId: string) => {
    const parsed = parsePayload(installationPayloadSchema, payload, name);
    if (!parsed.success) return parsed.answer;
    const { action, installation } = parsed.value;
    const organization = {
      externalId: String(installation.id),
      name: installation.account?.login ?? `installation-${installation.id}`,
    };
    const toProjects = (repositories: Array<{ id: number; full_name?: string }> = []) =>
      repositories.flatMap((repository) =>
        repository.full_name ? [{ externalId: String(repository.id), name: repository.full_name }] : [],
      );
    if (
      name === 'installation' &&
      (action === 'created' || action === 'unsuspend' || action === 'new_permissions_accepted')
    ) {
      await connect(
        { platform: 'github', organization, projects: toProjects(parsed.value.repositories) },
        deliveryId,
      );
    } else if (name === 'installation' && (action === 'deleted' || action === 'suspend')) {
      await directory.disconnect({ platform: 'github', organizationExternalId: organization.externalId });
    } else if (name === 'installation_repositories' && action === 'added') {
      await connect(
        { platform: 'github', organization, projects: toProjects(parsed.value.repositories_added) },
        deliveryId,
      );
    } else if (name === 'installation_repositories' && action === 'removed') {
      await directory.disconnect({
        platform: 'github',
        organizationExternalId: organization.externalId,
        projectExternalIds: (parsed.value.repositories_removed ?? []).map((repository) =>
          String(repository.id),
        ),
      });
    } else {
      return { status: 200, body: { status: 'ignored', reason: `${name}.${action} changes nothing` } };
    }
    await deliveries.record({ platform: 'github', deliveryId, event: `${name}.${action}` });
    return { status: 200, body: { status: 'accepted' } };
  };

  return async function handle(delivery: GitHubDelivery): Promise<GitHubWebhookAnswer> {
    if (!delivery.signature) {
      return error(
        401,
        'github.signature_missing',
        'X-Hub-Signature-256 is missing: GitHub signs every webhook when the app has a webhook secret.',
      );
    }
    if (!(await options.verify(delivery.rawBody, delivery.signature))) {
      return error(
        401,
        'github.signature_invalid',
        'X-Hub-Signature-256 does not match: check that WEBHOOK_SECRET is the secret set in the GitHub App settings.',
      );
    }
    if (!delivery.id || !delivery.name) {
      return error(400, 'github.headers_missing', 'X-GitHub-Delivery and X-GitHub-Event are required.');
    }
    if (delivery.name === 'ping') return { status: 200, body: { status: 'pong' } };
    let payload: unknown;
    try {
      payload = JSON.parse(delivery.rawBody);
    } catch {
      return error(
        400,
        'github.payload_invalid',
        'The body is not JSON: GitHub App webhooks are JSON; check that no proxy in front of Switchyard rewrites them.',
      );
    }
    const name = delivery.name;
    if (name === 'installation' || name === 'installation_repositories') {
      if (await deliveries.has('github', delivery.id)) {
        return { status: 200, body: { status: 'duplicate', reason: 'this delivery was handled already' } };
      }
      return handleInstallation(name, payload, delivery.id);
    }
    const parsed = parseGitHubEventPayload(name, payload);
    if (!parsed) return { status: 200, body: { status: 'ignored', reason: `${name} events start nothing` } };
    if (!parsed.success) return invalidPayload(name, parsed.fields);
    const screened = screenGitHubEvent(parsed.value);
    if (screened) return { status: 200, body: { status: 'ignored', reason: screened } };
    let accepted: 'accepted' | 'duplicate';
    try {
      accepted = await intake.accept({
        platform: 'github',
        deliveryId: delivery.id,
        event: name,
        payload: parsed.value.value,
      });
    } catch (cause) {
      logger.error({ err: cause, deliveryId: delivery.id }, 'github webhook: intake append failed');
      return error(
        503,
        'github.enqueue_failed',
        'Switchyard could not queue the work (is Redis reachable?). Nothing was recorded: redeliver this webhook once it is back.',
      );
    }
    if (accepted === 'duplicate') {
      return { status: 200, body: { status: 'duplicate', reason: 'this delivery was accepted already' } };
    }
    return { status: 202, body: { status: 'accepted' } };
  };
}
