import { createHmac, timingSafeEqual } from 'node:crypto';

/** The Standard Webhooks headers of a signed GitLab webhook (`webhook-id`, `-timestamp`, `-signature`). */
export interface GitLabSignatureHeaders {
  id: string | undefined;
  timestamp: string | undefined;
  signature: string | undefined;
}

/** Why a signed webhook was refused, or that it passed. */
export type GitLabSignatureCheck =
  | { valid: true }
  | {
      valid: false;
      code: 'gitlab.signature_missing' | 'gitlab.signature_expired' | 'gitlab.signature_invalid';
      message: string;
    };

/** How far `webhook-timestamp` may be from this machine's clock, either way (the Standard Webhooks default). */
export const signatureToleranceSeconds = 300;

/** The HMAC key of a signing token: the bytes after `whsec_` (base64), else the token's own text. */
function keyOf(signingToken: string): Buffer {
  return signingToken.startsWith('whsec_')
    ? Buffer.from(signingToken.slice('whsec_'.length), 'base64')
    : Buffer.from(signingToken, 'utf8');
}

/**
 * Verifies a GitLab signed webhook (Standard Webhooks): `webhook-signature` holds space-separated
 * `v1,<base64>` entries, one of which must be the HMAC-SHA256 of `${webhook-id}.${webhook-timestamp}.${body}`
 * with the signing token, compared in constant time; a timestamp more than five minutes off either way is
 * refused, so a captured delivery cannot be replayed later.
 */
export function verifyGitLabSignature(
  headers: GitLabSignatureHeaders,
  rawBody: string,
  signingToken: string,
  now: number = Date.now(),
): GitLabSignatureCheck {
  const { id, timestamp, signature } = headers;
  if (!id || !timestamp || !signature) {
    return {
      valid: false,
      code: 'gitlab.signature_missing',
      message:
        'webhook-id, webhook-timestamp and webhook-signature are required because GITLAB_SIGNING_TOKEN is set: set the same signing token on the GitLab webhook, or unset GITLAB_SIGNING_TOKEN.',
    };
  }
  const seconds = /^\d{1,15}$/.test(timestamp) ? Number(timestamp) : Number.NaN;
  if (!(Math.abs(now / 1000 - seconds) <= signatureToleranceSeconds)) {
    return {
      valid: false,
      code: 'gitlab.signature_expired',
      message: `webhook-timestamp is more than ${signatureToleranceSeconds} seconds away from this server's clock: check the clocks, or redeliver the webhook from GitLab.`,
    };
  }
  const expected = createHmac('sha256', keyOf(signingToken)).update(`${id}.${timestamp}.${rawBody}`).digest();
  const matches = signature.split(' ').some((entry) => {
    const [version, value] = entry.split(',', 2);
    if (version !== 'v1' || !value) return false;
    const received = Buffer.from(value, 'base64');
    return received.length === expected.length && timingSafeEqual(received, expected);
  });
  if (matches) return { valid: true };
  return {
    valid: false,
    code: 'gitlab.signature_invalid',
    message:
      'webhook-signature does not match: check that GITLAB_SIGNING_TOKEN is the signing token set on the GitLab webhook.',
  };
}
