import type { PullRequestPlatform } from '../../core/agents/pull-request-platform.js';
import type { Logger } from '../../core/logging/create-logger.js';
import { createGitLabChangeSource } from './create-gitlab-change-source.js';
import type { GitLabClient } from './create-gitlab-client.js';
import { createGitLabRepositorySource } from './create-gitlab-repository-source.js';
import { createGitLabResultSink } from './create-gitlab-result-sink.js';
import { GitLabError } from './gitlab-error.js';

/** What the GitLab platform needs: the instance's client, and a check that an organization may use a project. */
export interface GitLabPullRequestPlatformOptions {
  client: GitLabClient;
  /**
   * Throws when the Switchyard organization may not post on `repository` (unknown, deactivated). The token
   * reaches whatever its user can; this is where the organization is held to its own projects.
   */
  verifyOrganization?(organizationId: string, repository: string): Promise<void>;
  logger?: Logger;
}

// `group/subgroup/project`: at least two segments, no empty one, no spaces.
const projectPathPattern = /^[^/\s]+(?:\/[^/\s]+)+$/;

/** The PullRequestPlatform of GitLab: opens a merge request's source and sink with the instance's token. */
export function createGitLabPullRequestPlatform(
  options: GitLabPullRequestPlatformOptions,
): PullRequestPlatform {
  const verify = async (target: { organizationId: string; repository: string }) => {
    if (!projectPathPattern.test(target.repository)) {
      throw new GitLabError({
        code: 'gitlab.invalid_project',
        message: `"${target.repository}" is not a GitLab project path: expected group/project or group/subgroup/project`,
      });
    }
    await options.verifyOrganization?.(target.organizationId, target.repository);
  };
  return {
    async open(target) {
      await verify(target);
      const tokenUser = await options.client.tokenUser();
      const scope = {
        api: options.client.api,
        project: target.repository,
        iid: target.number,
        logger: options.logger?.child({ repository: target.repository, mergeRequest: target.number }),
      };
      return {
        source: createGitLabChangeSource(scope),
        sink: createGitLabResultSink({ ...scope, tokenUser, retryPolicy: options.client.retryPolicy }),
      };
    },

    async openRepository(target) {
      await verify(target);
      return createGitLabRepositorySource({ api: options.client.api, project: target.repository });
    },
  };
}
