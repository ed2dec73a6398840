import { z } from 'zod';
import { repositoryConfigPath } from './load-pull-request-config.js';

/** The files one pushed commit lists, as GitHub's and GitLab's push webhooks both carry them. */
export const pushedCommitFilesSchema = z.object({
  added: z.array(z.string()).optional().default([]),
  modified: z.array(z.string()).optional().default([]),
  removed: z.array(z.string()).optional().default([]),
});
export type PushedCommitFiles = z.infer<typeof pushedCommitFilesSchema>;

/** A push, in the terms both platforms' push webhooks give. */
export interface ConfigPush {
  /** `refs/heads/<branch>` (or `refs/tags/…`). */
  ref: string;
  /** The repository's default branch; null or undefined for an empty repository. */
  defaultBranch: string | null | undefined;
  /** The push deleted the branch. */
  deleted: boolean;
  /**
   * The commits below may not show every file the push changed: it created or rewrote the branch, or the
   * platform cut the list short (GitLab lists the newest 20 commits, GitHub at most 2,048).
   */
  partial: boolean;
  commits: readonly PushedCommitFiles[];
}

function touchesConfig(commit: PushedCommitFiles): boolean {
  return [commit.added, commit.modified, commit.removed].some((paths) =>
    paths.includes(repositoryConfigPath),
  );
}

/**
 * Why a push cannot have changed the configuration Switchyard records (`.switchyard.yml` on the default
 * branch), or undefined when it may have: then one `config` job re-reads the file. When the push does not
 * say which files changed, it counts as a change: a read is cheap, a stale prefix is not. Bot pushes count
 * too: the file changed all the same.
 */
export function screenConfigPush(push: ConfigPush): string | undefined {
  if (!push.defaultBranch) return 'the repository has no default branch yet';
  if (push.ref !== `refs/heads/${push.defaultBranch}`) {
    return `a push to ${push.ref}, not to the default branch ${push.defaultBranch}, changes no configuration`;
  }
  if (push.deleted) return 'the push deleted the branch';
  if (push.partial || push.commits.some(touchesConfig)) return undefined;
  return `the push does not change ${repositoryConfigPath}`;
}
