import type { PullRequestPlatform } from '../../core/agents/pull-request-platform.js';
import { SwitchyardError } from '../../core/errors/switchyard-error.js';
import type { JobPlatform } from '../../core/jobs/job-request.js';
import { createGitHubPullRequestPlatform } from '../../integrations/github/create-github-pull-request-platform.js';
import { createGitLabClient } from '../../integrations/gitlab/create-gitlab-client.js';
import { createGitLabPullRequestPlatform } from '../../integrations/gitlab/create-gitlab-pull-request-platform.js';
import type { AppContext } from '../server/create-app-context.js';

/** The platforms this process can post to, from what the environment configures. */
export function createPlatforms(context: AppContext): Partial<Record<JobPlatform, PullRequestPlatform>> {
  const platforms: Partial<Record<JobPlatform, PullRequestPlatform>> = {};
  const { github, prisma } = context;
  if (github) {
    platforms.github = createGitHubPullRequestPlatform({
      clients: github.clients,
      logger: context.logger.child({ component: 'github' }),
      async installationIdOf(organizationId) {
        const organization = await prisma.organization.findUnique({
          where: { id: organizationId },
          select: { platform: true, externalId: true, deactivatedAt: true },
        });
        if (organization?.platform !== 'github' || !organization.externalId) {
          throw new SwitchyardError({
            code: 'github.installation_unknown',
            message: 'The organization of this job is not a GitHub App installation Switchyard knows.',
          });
        }
        if (organization.deactivatedAt) {
          throw new SwitchyardError({
            code: 'github.installation_removed',
            message: 'The GitHub App was uninstalled from this organization; nothing can be posted.',
          });
        }
        return Number(organization.externalId);
      },
    });
  }
  const { GITLAB_URL, GITLAB_TOKEN } = context.environment;
  if (GITLAB_TOKEN) {
    const logger = context.logger.child({ component: 'gitlab' });
    platforms.gitlab = createGitLabPullRequestPlatform({
      client: createGitLabClient({ host: GITLAB_URL, token: GITLAB_TOKEN, logger }),
      logger,
      async verifyOrganization(organizationId, repository) {
        const organization = await prisma.organization.findUnique({
          where: { id: organizationId },
          select: { platform: true, externalId: true, deactivatedAt: true },
        });
        // A GitLab organization is a top-level group (apps/gitlab): it may post on its own projects only.
        const topLevelGroup = repository.split('/')[0]!.toLowerCase();
        if (organization?.platform !== 'gitlab' || organization.externalId !== topLevelGroup) {
          throw new SwitchyardError({
            code: 'gitlab.organization_unknown',
            message: `The organization of this job is not the GitLab group of ${repository} that Switchyard knows.`,
          });
        }
        if (organization.deactivatedAt) {
          throw new SwitchyardError({
            code: 'gitlab.organization_removed',
            message: 'Switchyard was removed from this GitLab group; nothing can be posted.',
          });
        }
      },
    });
  }
  return platforms;
}
