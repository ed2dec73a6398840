import { Probot, ProbotOctokit } from 'probot';
import type { Logger } from '../../core/logging/create-logger.js';
import type { GitHubAppSettings } from './read-github-app-settings.js';

/** The Probot app Switchyard runs: webhook verification and installation-authenticated Octokit clients. */
export interface GitHubApp {
  settings: GitHubAppSettings;
  probot: Probot;
  /** Checks `X-Hub-Signature-256` (sha256 HMAC of the raw body with WEBHOOK_SECRET), in constant time. */
  verify(rawBody: string, signature: string): Promise<boolean>;
}

/** Builds the Probot instance from the app's settings, logging through Switchyard's logger. */
export function createGitHubApp(
  settings: GitHubAppSettings,
  logger: Logger,
  Octokit: typeof ProbotOctokit = ProbotOctokit,
): GitHubApp {
  const probot = new Probot({
    appId: settings.appId,
    privateKey: settings.privateKey,
    secret: settings.webhookSecret,
    baseUrl: settings.baseUrl,
    log: logger.child({ name: 'probot' }) as never,
    Octokit,
  });
  return {
    settings,
    probot,
    async verify(rawBody, signature) {
      await probot.ready();
      return probot.webhooks.verify(rawBody, signature);
    },
  };
}
