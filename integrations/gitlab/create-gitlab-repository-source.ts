import type { Gitlab } from '@gitbeaker/rest';
import type { RepositorySource } from '../../core/agents/pull-request-platform.js';
import { withGitLabErrors } from './map-gitlab-error.js';
import { readGitLabFile } from './read-gitlab-file.js';

/** The RepositorySource of one GitLab project, read with the instance's token. */
export function createGitLabRepositorySource(scope: {
  api: Gitlab;
  project: string | number;
}): RepositorySource {
  const { api, project } = scope;
  return {
    getDefaultBranch: () =>
      withGitLabErrors(`read the project ${project}`, async () => {
        const data = await api.Projects.show(project);
        // An empty project has no default branch yet.
        return data.default_branch || undefined;
      }),
    readFile: (path, ref) => readGitLabFile(api, project, path, ref),
  };
}
