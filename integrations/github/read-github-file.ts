import type { ProbotOctokit } from 'probot';
import { hasGitHubStatus, withGitHubErrors } from './map-github-error.js';

/** A file's text at a ref in `owner/repo`; undefined when it (or the ref) does not exist there. */
export function readGitHubFile(
  octokit: ProbotOctokit,
  repository: { owner: string; repo: string },
  path: string,
  ref: string,
): Promise<string | undefined> {
  const { owner, repo } = repository;
  return withGitHubErrors(`read ${path} at ${ref} in ${owner}/${repo}`, async () => {
    try {
      const { data } = await octokit.rest.repos.getContent({ owner, repo, path, ref });
      if (Array.isArray(data) || data.type !== 'file') return undefined;
      // Files of 1–100 MB come without content (`encoding: none`): ask for the raw bytes instead.
      if ('encoding' in data && data.encoding === 'none') {
        const raw = await octokit.rest.repos.getContent({
          owner,
          repo,
          path,
          ref,
          mediaType: { format: 'raw' },
        });
        return String(raw.data);
      }
      return 'content' in data ? Buffer.from(data.content, 'base64').toString('utf8') : undefined;
    } catch (error) {
      if (hasGitHubStatus(error, 404)) return undefined;
      throw error;
    }
  });
}
