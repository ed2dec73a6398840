import type { PullRequestPlatform } from '../../core/agents/pull-request-platform.js';
import { SwitchyardError } from '../../core/errors/switchyard-error.js';
import type { JobPlatform } from '../../core/jobs/job-request.js';
import { createGitHubPullRequestPlatform } from '../../integrations/github/create-github-pull-request-platform.js';
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
  return platforms;
}
