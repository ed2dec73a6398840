import type { ProbotOctokit } from 'probot';
import type { RepositorySource } from '../../core/agents/pull-request-platform.js';
import { withGitHubErrors } from './map-github-error.js';
import { readGitHubFile } from './read-github-file.js';

/** The RepositorySource of one GitHub repository, read through an installation client. */
export function createGitHubRepositorySource(scope: {
  octokit: ProbotOctokit;
  owner: string;
  repo: string;
}): RepositorySource {
  const { octokit, owner, repo } = scope;
  return {
    getDefaultBranch: () =>
      withGitHubErrors(`read the repository ${owner}/${repo}`, async () => {
        const { data } = await octokit.rest.repos.get({ owner, repo });
        return data.default_branch;
      }),
    readFile: (path, ref) => readGitHubFile(octokit, { owner, repo }, path, ref),
  };
}
