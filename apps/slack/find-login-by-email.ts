import type { Environment } from '../../core/config/environment.js';
import type { PrismaClient } from '../../core/db/create-prisma-client.js';
import type { CodePlatform } from '../../core/jobs/job-request.js';
import type { Logger } from '../../core/logging/create-logger.js';
import { withGitHubErrors } from '../../integrations/github/map-github-error.js';
import { createGitLabClient, type GitLabClient } from '../../integrations/gitlab/create-gitlab-client.js';
import { withGitLabErrors } from '../../integrations/gitlab/map-gitlab-error.js';
import type { GitHubApp } from '../github/create-github-app.js';

/** Finds the one platform account with this email, as the platform's API reports it; undefined when not exactly one. */
export type FindLoginByEmail = (input: {
  platform: CodePlatform;
  email: string;
  /** The Switchyard organization whose platform credentials ask (a GitHub installation). */
  organizationId: string;
}) => Promise<string | undefined>;

/**
 * The email lookups of SLACK_USER_MAPPING=email. GitHub: the user search `<email> in:email` through the
 * project's installation, which matches only an account's public email (GitHub only lets a verified address
 * be public). GitLab: the user search (`GET /api/v4/users?search=<email>&active=true`) through gitbeaker with
 * GITLAB_TOKEN; an administrator's token also matches private emails and sees blocked users, others match
 * public emails only. Failures are logged and count as no match.
 */
export function createFindLoginByEmail(options: {
  environment: Pick<Environment, 'GITLAB_URL' | 'GITLAB_TOKEN'>;
  github: Pick<GitHubApp, 'clients'> | undefined;
  prisma: PrismaClient;
  logger: Logger;
}): FindLoginByEmail {
  const { environment, github, prisma, logger } = options;
  const gitlab = environment.GITLAB_TOKEN
    ? createGitLabClient({
        host: environment.GITLAB_URL,
        token: environment.GITLAB_TOKEN,
        // Someone is waiting in Slack for the answer: one retry, and no long waits for GitLab's throttle.
        requestRetries: 1,
        requestTimeoutMs: 10_000,
        maximumRateLimitWaitSeconds: 5,
        logger,
      })
    : undefined;

  const findOnGitHub = async (email: string, organizationId: string) => {
    if (!github) return undefined;
    const organization = await prisma.organization.findUnique({
      where: { id: organizationId },
      select: { platform: true, externalId: true },
    });
    if (organization?.platform !== 'github' || !organization.externalId) return undefined;
    const octokit = await github.clients.forInstallation(Number(organization.externalId));
    const { data } = await withGitHubErrors('search users by email', () =>
      octokit.rest.search.users({ q: `${email} in:email`, per_page: 2 }),
    );
    return data.total_count === 1 ? data.items[0]?.login : undefined;
  };

  return async ({ platform, email, organizationId }) => {
    try {
      if (platform === 'github') return await findOnGitHub(email, organizationId);
      if (!gitlab) return undefined;
      return await findOnGitLab(gitlab, email);
    } catch (error) {
      logger.warn({ err: error, platform }, 'slack: looking up a login by email failed');
      return undefined;
    }
  };
}

async function findOnGitLab(gitlab: GitLabClient, email: string): Promise<string | undefined> {
  // Two are enough to tell "exactly one" from "more than one"; `maxPages` keeps gitbeaker from paging on.
  const users = await withGitLabErrors('search users by email', () =>
    gitlab.api.Users.all({ search: email, active: true, perPage: 2, maxPages: 1 }),
  );
  // `active` asks GitLab to leave blocked users out; checked again in case an instance ignores it.
  const active = users.filter((user) => user.state === undefined || user.state === 'active');
  return active.length === 1 ? active[0]?.username : undefined;
}
