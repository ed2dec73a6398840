import type { Logger } from '../../core/logging/create-logger.js';
import {
  createGitHubClientFactory,
  type GitHubClientFactory,
} from '../../integrations/github/create-github-client-factory.js';
import type { GitHubAppSettings } from './read-github-app-settings.js';

/** The Probot app Switchyard runs: webhook verification and installation-authenticated Octokit clients. */
export interface GitHubApp {
  settings: GitHubAppSettings;
  /** Installation clients (paced writes, retries, rate limits honoured) over the app's one Probot instance. */
  clients: GitHubClientFactory;
  /** Checks `X-Hub-Signature-256` (sha256 HMAC of the raw body with WEBHOOK_SECRET), in constant time. */
  verify(rawBody: string, signature: string): Promise<boolean>;
}

/** Builds the GitHub App from its settings, logging through Switchyard's logger. */
export function createGitHubApp(settings: GitHubAppSettings, logger: Logger): GitHubApp {
  const clients = createGitHubClientFactory({ ...settings, logger: logger.child({ name: 'probot' }) });
  return {
    settings,
    clients,
    async verify(rawBody, signature) {
      await clients.probot.ready();
      return clients.probot.webhooks.verify(rawBody, signature);
    },
  };
}
