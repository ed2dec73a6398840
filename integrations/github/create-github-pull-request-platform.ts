import type { PullRequestPlatform } from '../../core/agents/pull-request-platform.js';
import type { Logger } from '../../core/logging/create-logger.js';
import { createGitHubChangeSource } from './create-github-change-source.js';
import type { GitHubClientFactory } from './create-github-client-factory.js';
import { createGitHubRepositorySource } from './create-github-repository-source.js';
import { createGitHubResultSink } from './create-github-result-sink.js';
import { GitHubError } from './github-error.js';

/** What the GitHub platform needs: the app's clients, and which installation serves an organization. */
export interface GitHubPullRequestPlatformOptions {
  clients: GitHubClientFactory;
  /** The GitHub App installation of a Switchyard organization (and repository, `owner/name`). */
  installationIdOf(organizationId: string, repository: string): Promise<number>;
  logger?: Logger;
}

/** The PullRequestPlatform of GitHub: opens a pull request's source and sink with an installation client. */
export function createGitHubPullRequestPlatform(
  options: GitHubPullRequestPlatformOptions,
): PullRequestPlatform {
  return {
    async open(target) {
      const match = parseRepositoryName(target.repository);
      const installationId = await options.installationIdOf(target.organizationId, target.repository);
      const [octokit, botLogin] = await Promise.all([
        options.clients.forInstallation(installationId),
        options.clients.botLogin(),
      ]);
      const scope = {
        octokit,
        owner: match[1]!,
        repo: match[2]!,
        number: target.number,
        logger: options.logger?.child({ repository: target.repository, pullRequest: target.number }),
      };
      return {
        source: createGitHubChangeSource(scope),
        sink: createGitHubResultSink({ ...scope, botLogin, retryPolicy: options.clients.retryPolicy }),
      };
    },

    async openRepository(target) {
      const match = parseRepositoryName(target.repository);
      const installationId = await options.installationIdOf(target.organizationId, target.repository);
      const octokit = await options.clients.forInstallation(installationId);
      return createGitHubRepositorySource({ octokit, owner: match[1]!, repo: match[2]! });
    },
  };
}

function parseRepositoryName(repository: string): RegExpExecArray {
  const match = /^([^/\s]+)\/([^/\s]+)$/.exec(repository);
  if (!match) {
    throw new GitHubError({
      code: 'github.invalid_repository',
      message: `"${repository}" is not a GitHub repository name: expected owner/name`,
    });
  }
  return match;
}
