import { equalSecrets } from '../../core/auth/equal-secrets.js';

/** Checks `X-Gitlab-Token` against the webhook's secret token, in constant time. */
export function verifyGitLabToken(received: string, secret: string): boolean {
  return equalSecrets(received, secret);
}
