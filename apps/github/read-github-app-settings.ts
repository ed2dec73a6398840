import { createPrivateKey } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { Environment } from '../../core/config/environment.js';
import { SwitchyardError } from '../../core/errors/switchyard-error.js';

/** A registered GitHub App's credentials, and the API it lives on. */
export interface GitHubAppSettings {
  appId: number;
  privateKey: string;
  webhookSecret: string;
  /** `https://api.github.com`, or `<GHE_PROTOCOL>://<GHE_HOST>/api/v3` for GitHub Enterprise Server. */
  baseUrl: string;
  /** Spacing of content-creating calls per installation (GITHUB_WRITE_INTERVAL_MS). */
  writeIntervalMs: number;
  /** Retries of a call that failed with a 5xx (GITHUB_REQUEST_RETRIES). */
  requestRetries: number;
}

/** The GitHub API base URL: github.com, or a GitHub Enterprise Server from GHE_HOST / GHE_PROTOCOL. */
export function githubApiBaseUrl(environment: Pick<Environment, 'GHE_HOST' | 'GHE_PROTOCOL'>): string {
  return environment.GHE_HOST
    ? `${environment.GHE_PROTOCOL}://${environment.GHE_HOST}/api/v3`
    : 'https://api.github.com';
}

/**
 * Reads the GitHub App from the environment (Probot's variable names); undefined when none is configured,
 * which starts the manifest flow instead. A key that is not a PEM private key stops start-up with a message
 * naming the variable.
 */
export function readGitHubAppSettings(environment: Environment): GitHubAppSettings | undefined {
  if (environment.APP_ID === undefined || environment.WEBHOOK_SECRET === undefined) return undefined;
  let privateKey: string;
  let source: string;
  if (environment.PRIVATE_KEY !== undefined) {
    // .env files often carry the PEM on one line with literal \n.
    privateKey = environment.PRIVATE_KEY.replace(/\\n/g, '\n');
    source = 'PRIVATE_KEY';
  } else {
    source = `PRIVATE_KEY_PATH (${environment.PRIVATE_KEY_PATH})`;
    try {
      privateKey = readFileSync(environment.PRIVATE_KEY_PATH!, 'utf8');
    } catch (cause) {
      throw new SwitchyardError({
        code: 'github.private_key_unreadable',
        message: `${source} cannot be read: ${(cause as Error).message}`,
        cause,
      });
    }
  }
  try {
    createPrivateKey(privateKey);
  } catch (cause) {
    throw new SwitchyardError({
      code: 'github.private_key_invalid',
      message: `${source} is not a PEM private key: download one from the GitHub App settings ("Generate a private key")`,
      cause,
    });
  }
  return {
    appId: environment.APP_ID,
    privateKey,
    webhookSecret: environment.WEBHOOK_SECRET,
    baseUrl: githubApiBaseUrl(environment),
    writeIntervalMs: environment.GITHUB_WRITE_INTERVAL_MS,
    requestRetries: environment.GITHUB_REQUEST_RETRIES,
  };
}
