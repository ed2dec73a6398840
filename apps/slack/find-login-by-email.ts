import type { Environment } from '../../core/config/environment.js';
import type { PrismaClient } from '../../core/db/create-prisma-client.js';
import type { CodePlatform } from '../../core/jobs/job-request.js';
import type { Logger } from '../../core/logging/create-logger.js';
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
 * be public). GitLab: `GET /api/v4/users?search=<email>` with GITLAB_TOKEN (an administrator's token also
 * matches private emails; others only public ones).
 */
export function createFindLoginByEmail(options: {
  environment: Pick<Environment, 'GITLAB_URL' | 'GITLAB_TOKEN'>;
  github: GitHubApp | undefined;
  prisma: PrismaClient;
  logger: Logger;
}): FindLoginByEmail {
  const { environment, github, prisma, logger } = options;
  return async ({ platform, email, organizationId }) => {
    try {
      if (platform === 'github') {
        if (!github) return undefined;
        const organization = await prisma.organization.findUnique({
          where: { id: organizationId },
          select: { platform: true, externalId: true },
        });
        if (organization?.platform !== 'github' || !organization.externalId) return undefined;
        const octokit = await github.clients.forInstallation(Number(organization.externalId));
        const { data } = await octokit.rest.search.users({ q: `${email} in:email`, per_page: 2 });
        return data.total_count === 1 ? data.items[0]?.login : undefined;
      }
      if (!environment.GITLAB_TOKEN) return undefined;
      const url = new URL(`${environment.GITLAB_URL.replace(/\/+$/, '')}/api/v4/users`);
      url.searchParams.set('search', email);
      const response = await fetch(url, {
        headers: { 'PRIVATE-TOKEN': environment.GITLAB_TOKEN },
        signal: AbortSignal.timeout(10_000),
      });
      if (!response.ok) return undefined;
      const users = (await response.json()) as Array<{ username?: string; state?: string }>;
      const active = users.filter((user) => user.state === undefined || user.state === 'active');
      return active.length === 1 ? active[0]?.username : undefined;
    } catch (error) {
      logger.warn({ err: error, platform }, 'slack: looking up a login by email failed');
      return undefined;
    }
  };
}
