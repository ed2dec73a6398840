import type { Environment } from '../config/environment.js';

const repositoryPath = /^[A-Za-z0-9_.-]+(?:\/[A-Za-z0-9_.-]+)+$/;

/**
 * The web address of a project's repository: `owner/name` on github.com (or `GHE_HOST`), the project path
 * under `GITLAB_URL`. Undefined for projects made by hand, and for a stale name moved aside after a rename.
 */
export function repositoryUrl(
  environment: Pick<Environment, 'GHE_HOST' | 'GHE_PROTOCOL' | 'GITLAB_URL'>,
  project: { platform: string; name: string },
): string | undefined {
  if (!repositoryPath.test(project.name)) return undefined;
  if (project.platform === 'github') {
    const base = environment.GHE_HOST
      ? `${environment.GHE_PROTOCOL}://${environment.GHE_HOST}`
      : 'https://github.com';
    return `${base}/${project.name}`;
  }
  if (project.platform === 'gitlab') return `${environment.GITLAB_URL.replace(/\/+$/, '')}/${project.name}`;
  return undefined;
}
