import { pino } from 'pino';
import type { ProbotOctokit } from 'probot';
import type { ChangedFile, ChangeSource } from '../../core/agents/pull-request-platform.js';
import type { Logger } from '../../core/logging/create-logger.js';
import { hasGitHubStatus, withGitHubErrors } from './map-github-error.js';
import { mapGitHubFile, mapGitHubPermission, mapGitHubPullRequest } from './map-github-pull-request.js';
import { readGitHubFile } from './read-github-file.js';

/** One pull request of one repository, read through an installation client. */
export interface GitHubPullRequestScope {
  octokit: ProbotOctokit;
  owner: string;
  repo: string;
  number: number;
  logger?: Logger;
}

// GitHub lists at most 3,000 files of a pull request, and at most 300 files of a comparison.
const pullRequestFileCap = 3000;
const comparisonFileCap = 300;

/** The ChangeSource of one GitHub pull request. */
export function createGitHubChangeSource(scope: GitHubPullRequestScope): ChangeSource {
  const { octokit, owner, repo, number } = scope;
  const logger = scope.logger ?? pino({ level: 'silent' });
  const repository = `${owner}/${repo}`;
  const pull = `${repository}#${number}`;

  return {
    getPullRequest: () =>
      withGitHubErrors(`read pull request ${pull}`, async () => {
        const { data } = await octokit.rest.pulls.get({ owner, repo, pull_number: number });
        return mapGitHubPullRequest(data, repository);
      }),

    listChangedFiles: () =>
      withGitHubErrors(`list the files of ${pull}`, async () => {
        const files = await octokit.paginate(octokit.rest.pulls.listFiles, {
          owner,
          repo,
          pull_number: number,
          per_page: 100,
        });
        if (files.length >= pullRequestFileCap) {
          logger.warn(
            { pull, files: files.length },
            'GitHub lists only the first 3,000 files of a pull request',
          );
        }
        return files.map(mapGitHubFile);
      }),

    compareCommits: (base, head) =>
      withGitHubErrors(`compare ${base}...${head} in ${repository}`, async () => {
        let data: { status: string; files?: Parameters<typeof mapGitHubFile>[0][] };
        try {
          ({ data } = await octokit.rest.repos.compareCommitsWithBasehead({
            owner,
            repo,
            basehead: `${base}...${head}`,
          }));
        } catch (error) {
          // A force-push can leave `base` unreachable: GitHub no longer knows the commit.
          if (hasGitHubStatus(error, 404)) return undefined;
          throw error;
        }
        // `diverged` or `behind`: head does not descend from base (a rebase or force-push), so the files
        // between them are not "what changed since the last review".
        if (data.status !== 'ahead' && data.status !== 'identical') return undefined;
        const files: ChangedFile[] = (data.files ?? []).map(mapGitHubFile);
        // Past the cap the list is cut short; an incremental review would miss files, so fall back to a full one.
        if (files.length >= comparisonFileCap) return undefined;
        return files;
      }),

    readFile: (path, ref) => readGitHubFile(octokit, { owner, repo }, path, ref),

    getPermission: (login) =>
      withGitHubErrors(`read the permission of ${login} on ${repository}`, async () => {
        try {
          const { data } = await octokit.rest.repos.getCollaboratorPermissionLevel({
            owner,
            repo,
            username: login,
          });
          return mapGitHubPermission(data);
        } catch (error) {
          // GitHub answers 404 for a login that is not a user (or not visible to the installation).
          if (hasGitHubStatus(error, 404)) return 'none';
          throw error;
        }
      }),
  };
}
