import { createHash } from 'node:crypto';
import type { WebhookIntake } from '../../core/jobs/create-webhook-intake.js';
import type { Logger } from '../../core/logging/create-logger.js';
import { gitlabHookEventsRead, parseGitLabHookPayload } from './gitlab-payloads.js';
import { screenGitLabHook } from './plan-gitlab-jobs.js';
import { type GitLabSignatureHeaders, verifyGitLabSignature } from './verify-gitlab-signature.js';
import { verifyGitLabToken } from './verify-gitlab-token.js';

/** One webhook delivery as it arrived: headers and the raw body the signature covers. */
export interface GitLabDelivery {
  /** `X-Gitlab-Token`. */
  token: string | undefined;
  /** `X-Gitlab-Event` (`Merge Request Hook`, `Note Hook`, `Push Hook`…). */
  event: string | undefined;
  /** `Idempotency-Key` (GitLab 17.4+), the same on every retry of one delivery. */
  idempotencyKey: string | undefined;
  /** `X-Gitlab-Event-UUID`, for GitLab versions without `Idempotency-Key`. */
  eventUuid: string | undefined;
  /** The Standard Webhooks headers GitLab adds when the webhook has a signing token. */
  signature: GitLabSignatureHeaders;
  rawBody: string;
}

/** What to answer GitLab with. */
export interface GitLabWebhookAnswer {
  status: number;
  body: Record<string, unknown>;
}

export interface GitLabWebhookHandlerOptions {
  /** GITLAB_WEBHOOK_SECRET: the webhook's "Secret token", sent back in `X-Gitlab-Token`. */
  secretToken: string;
  /** GITLAB_SIGNING_TOKEN: when set, every delivery must also carry a valid `webhook-signature`. */
  signingToken?: string;
  /** Where verified merge request, note and push deliveries wait to be planned and enqueued. */
  intake: Pick<WebhookIntake, 'accept'>;
  logger: Logger;
  /** The clock signatures are checked against (tests). */
  now?: () => number;
}

const error = (status: number, code: string, message: string): GitLabWebhookAnswer => ({
  status,
  body: { error: { code, message } },
});

const ignored = (reason: string): GitLabWebhookAnswer => ({
  status: 200,
  body: { status: 'ignored', reason },
});

/** Why a delivery is not from GitLab's webhook, if it is not. */
function authenticate(delivery: GitLabDelivery, options: GitLabWebhookHandlerOptions) {
  if (!delivery.token) {
    return error(
      401,
      'gitlab.token_missing',
      'X-Gitlab-Token is missing: enter GITLAB_WEBHOOK_SECRET as the "Secret token" of the GitLab webhook.',
    );
  }
  if (!verifyGitLabToken(delivery.token, options.secretToken)) {
    return error(
      401,
      'gitlab.token_invalid',
      'X-Gitlab-Token does not match: check that GITLAB_WEBHOOK_SECRET is the "Secret token" of the GitLab webhook.',
    );
  }
  if (options.signingToken === undefined) return undefined;
  const now = options.now?.() ?? Date.now();
  const check = verifyGitLabSignature(delivery.signature, delivery.rawBody, options.signingToken, now);
  return check.valid ? undefined : error(401, check.code, check.message);
}

/**
 * Handles a GitLab project or group webhook delivery: checks the secret token (and the signature when a
 * signing token is configured), validates the payload, drops events that can start nothing with a 200 (GitLab
 * disables webhooks that keep failing; every push but one that may change `.switchyard.yml` on the default
 * branch is one), and appends the rest to the webhook intake in one Redis round trip,
 * where a worker deduplicates, resolves the project, plans and enqueues them (createGitLabIntakeHandler).
 * It calls neither GitLab nor Postgres. When the append fails (Redis down) it answers 503 and nothing is
 * recorded, so GitLab's retry works.
 */
export function createGitLabWebhookHandler(options: GitLabWebhookHandlerOptions) {
  const { intake, logger } = options;

  return async function handle(delivery: GitLabDelivery): Promise<GitLabWebhookAnswer> {
    const refused = authenticate(delivery, options);
    if (refused) return refused;
    if (!delivery.event) return error(400, 'gitlab.headers_missing', 'X-Gitlab-Event is required.');
    // Pipeline and job hooks can be large: events Switchyard does not read are answered before the body is
    // parsed. Push hooks are read (GitLab lists at most 20 commits in one), to notice `.switchyard.yml` changes.
    if (!gitlabHookEventsRead.has(delivery.event)) return ignored(`${delivery.event} events start nothing`);
    let payload: unknown;
    try {
      payload = JSON.parse(delivery.rawBody);
    } catch {
      return error(
        400,
        'gitlab.payload_invalid',
        'The body is not JSON: GitLab webhooks are JSON; check that no proxy in front of Switchyard rewrites them.',
      );
    }
    const parsed = parseGitLabHookPayload(delivery.event, payload);
    if (!parsed) return ignored(`${delivery.event} events start nothing`);
    if (!parsed.success) {
      return error(
        400,
        'gitlab.payload_invalid',
        `The ${delivery.event} payload is missing or has invalid fields: ${parsed.fields.join(', ')}`,
      );
    }
    const screened = screenGitLabHook(parsed.value);
    if (screened) return ignored(screened);
    // GitLab versions before the two headers send neither: the body itself then tells a retry from a new event.
    const deliveryId =
      delivery.idempotencyKey ??
      delivery.eventUuid ??
      `sha256-${createHash('sha256').update(delivery.rawBody).digest('hex')}`;
    let accepted: 'accepted' | 'duplicate';
    try {
      accepted = await intake.accept({
        platform: 'gitlab',
        deliveryId,
        event: delivery.event,
        payload: parsed.value.value,
      });
    } catch (cause) {
      logger.error({ err: cause, deliveryId }, 'gitlab webhook: intake append failed');
      return error(
        503,
        'gitlab.enqueue_failed',
        'Switchyard could not queue the work (is Redis reachable?). Nothing was recorded: use "Resend request" in the webhook\'s recent events once it is back.',
      );
    }
    if (accepted === 'duplicate') {
      return { status: 200, body: { status: 'duplicate', reason: 'this delivery was accepted already' } };
    }
    return { status: 202, body: { status: 'accepted' } };
  };
}
