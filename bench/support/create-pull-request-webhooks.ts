import { createHmac, randomBytes, randomUUID } from 'node:crypto';
import { createRequire } from 'node:module';
import type { WebhookDefinition } from '@octokit/webhooks-examples';

/** One signed delivery, as GitHub posts it. */
export interface SignedWebhook {
  headers: Record<string, string>;
  body: string;
}

export interface PullRequestWebhookOptions {
  /** WEBHOOK_SECRET: the body is signed with it, as `X-Hub-Signature-256`. */
  secret: string;
  installationId: number;
  repository: { id: number; fullName: string };
  /** `opened` (a review and a describe job) or `synchronize` (a review job). */
  action: 'opened' | 'synchronize';
}

const numberMark = '"__BENCH_NUMBER__"';
const headShaMark = '"__BENCH_HEAD_SHA__"';

/** A new 40-hex commit sha, so every delivery names a revision nobody has seen. */
export function randomHeadSha(): string {
  return randomBytes(20).toString('hex');
}

/**
 * Signed `pull_request` deliveries built from the real payload in @octokit/webhooks-examples, with the
 * fields Switchyard reads (installation, repository, number, head sha, state) set. The payload is
 * serialized once; each delivery only splices in its number and sha, then signs, so the load generator
 * spends microseconds per request on a ~23 KB body.
 */
export function createPullRequestWebhooks(options: PullRequestWebhookOptions) {
  const definitions: WebhookDefinition[] = createRequire(import.meta.url)('@octokit/webhooks-examples');
  const example = definitions
    .find((definition) => definition.name === 'pull_request')
    ?.examples.find((candidate) => (candidate as { action?: string }).action === options.action);
  if (!example) throw new Error(`@octokit/webhooks-examples has no pull_request.${options.action} example`);
  // biome-ignore lint/suspicious/noExplicitAny: the example is edited as plain JSON.
  const payload = structuredClone(example) as any;
  const [owner, name] = options.repository.fullName.split('/') as [string, string];
  payload.installation = { id: options.installationId, node_id: 'MDIzOkludGVncmF0aW9uSW5zdGFsbGF0aW9u' };
  payload.repository.id = options.repository.id;
  payload.repository.full_name = options.repository.fullName;
  payload.repository.name = name;
  payload.repository.owner.login = owner;
  payload.number = '__BENCH_NUMBER__';
  payload.pull_request.number = '__BENCH_NUMBER__';
  payload.pull_request.state = 'open';
  payload.pull_request.draft = false;
  payload.pull_request.head.sha = '__BENCH_HEAD_SHA__';
  const template = JSON.stringify(payload);

  return {
    /** A delivery for pull request `number` at `headSha`, with a fresh delivery id. */
    next(number: number, headSha: string = randomHeadSha()): SignedWebhook {
      const body = template.replaceAll(numberMark, String(number)).replaceAll(headShaMark, `"${headSha}"`);
      return {
        headers: {
          'content-type': 'application/json',
          'x-github-event': 'pull_request',
          'x-github-delivery': randomUUID(),
          'x-hub-signature-256': `sha256=${createHmac('sha256', options.secret).update(body).digest('hex')}`,
          'user-agent': 'GitHub-Hookshot/bench',
        },
        body,
      };
    },
  };
}
