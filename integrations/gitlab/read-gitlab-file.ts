import type { Gitlab } from '@gitbeaker/rest';
import { hasGitLabStatus, withGitLabErrors } from './map-gitlab-error.js';

/** A file's text at a ref in a project (path or id); undefined when it (or the ref) does not exist there. */
export function readGitLabFile(
  api: Gitlab,
  project: string | number,
  path: string,
  ref: string,
): Promise<string | undefined> {
  return withGitLabErrors(`read ${path} at ${ref} in ${project}`, async () => {
    try {
      const raw = await api.RepositoryFiles.showRaw(project, path, ref);
      return typeof raw === 'string' ? raw : await (raw as Blob).text();
    } catch (error) {
      // "404 File Not Found", or "404 Commit Not Found" for an unknown ref.
      if (hasGitLabStatus(error, 404)) return undefined;
      throw error;
    }
  });
}
