import { createHmac, timingSafeEqual } from 'node:crypto';
import { createRequire } from 'node:module';
import type { WebhookDefinition } from '@octokit/webhooks-examples';

type EventName = WebhookDefinition['name'];

const definitions = createRequire(import.meta.url)(
  '@octokit/webhooks-examples/api.github.com/index.json',
) as WebhookDefinition[];

/**
 * A deep copy of a real GitHub payload of `name` (and `action`) from @octokit/webhooks-examples, preferring
 * one sent to an installation, as GitHub App webhooks are.
 */
export function webhookExample<Name extends EventName>(
  name: Name,
  action?: string,
): WebhookDefinition<Name>['examples'][number] {
  const examples = (definitions.find((definition) => definition.name === name)?.examples ?? []).filter(
    (example) => action === undefined || (example as { action?: string }).action === action,
  );
  const example = examples.find((candidate) => 'installation' in candidate) ?? examples[0];
  if (!example) throw new Error(`@octokit/webhooks-examples has no ${name}${action ? `.${action}` : ''}`);
  return structuredClone(example) as WebhookDefinition<Name>['examples'][number];
}

/** The real issue_comment.created example, moved onto a pull request (`issue.pull_request` set), saying `body`. */
export function pullRequestCommentExample(body: string) {
  const payload = webhookExample('issue_comment', 'created');
  payload.issue.pull_request = { url: 'https://api.github.com/repos/Codertocat/Hello-World/pulls/1' };
  payload.comment.body = body;
  return payload;
}

/** The real push of one commit (adding README.md) to the default branch `master`, sent to an installation. */
export function defaultBranchPushExample(): WebhookDefinition<'push'>['examples'][number] {
  const example = definitions
    .find((definition) => definition.name === 'push')
    ?.examples.find(
      (candidate) =>
        'installation' in candidate && (candidate as { ref?: string }).ref === 'refs/heads/master',
    );
  if (!example) throw new Error('@octokit/webhooks-examples has no push to refs/heads/master');
  return structuredClone(example) as WebhookDefinition<'push'>['examples'][number];
}

/** `X-Hub-Signature-256` as GitHub computes it: HMAC-SHA256 of the raw body with the webhook secret. */
export function signWebhookBody(body: string, secret: string): string {
  return `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;
}

/** Checks a signature the way GitHub documents it, in constant time. */
export function verifyWebhookSignature(body: string, signature: string, secret: string): boolean {
  const expected = Buffer.from(signWebhookBody(body, secret));
  const received = Buffer.from(signature);
  return expected.length === received.length && timingSafeEqual(expected, received);
}
