import { parsePatch } from '../../core/agents/diff/parse-patch.js';
import type {
  ChangedFile,
  PullRequestSnapshot,
  RepositoryPermission,
} from '../../core/agents/pull-request-platform.js';

/** The fields of GitLab's merge request JSON (REST `GET …/merge_requests/:iid`) that we read. */
export interface GitLabMergeRequestJson {
  iid: number;
  title: string;
  description?: string | null;
  web_url: string;
  state: string;
  draft?: boolean;
  work_in_progress?: boolean;
  author?: { username: string; bot?: boolean | null } | null;
  labels?: Array<string | { name?: string | null }>;
  target_branch: string;
  source_branch: string;
  sha: string;
  diff_refs?: GitLabDiffRefs | null;
}

/** The commits a merge request's diff is computed from: GitLab asks for them on every diff position. */
export interface GitLabDiffRefs {
  /** The merge base of the source and target branches. */
  base_sha: string;
  /** The target branch's tip when the diff was computed. */
  start_sha: string;
  head_sha: string;
}

/** One file of GitLab's merge request diffs, compare or diff version answer. */
export interface GitLabDiffJson {
  old_path: string;
  new_path: string;
  new_file: boolean;
  renamed_file: boolean;
  deleted_file: boolean;
  /** The hunks, from the first `@@` line; empty for binary files and diffs GitLab will not show. */
  diff: string;
  too_large?: boolean | null;
  collapsed?: boolean | null;
}

/** GitLab's merge request JSON as the platform-neutral snapshot (`diff_refs` must be there: see the source). */
export function mapGitLabMergeRequest(
  mergeRequest: GitLabMergeRequestJson,
  project: { path: string; defaultBranch: string },
): PullRequestSnapshot {
  return {
    repository: project.path,
    number: mergeRequest.iid,
    title: mergeRequest.title,
    body: mergeRequest.description ?? '',
    // GitLab names bots (project and group access tokens, service accounts) with the `bot` flag when it sends
    // one; a username that merely looks like a bot's is not trusted.
    author: {
      login: mergeRequest.author?.username ?? 'ghost',
      isBot: mergeRequest.author?.bot === true,
    },
    draft: mergeRequest.draft === true || mergeRequest.work_in_progress === true,
    // `locked` is the short state while GitLab merges: still open.
    state: mergeRequest.state === 'merged' ? 'merged' : mergeRequest.state === 'closed' ? 'closed' : 'open',
    labels: (mergeRequest.labels ?? [])
      .map((label) => (typeof label === 'string' ? label : (label.name ?? '')))
      .filter((name) => name !== ''),
    baseRef: mergeRequest.target_branch,
    baseSha: mergeRequest.diff_refs?.base_sha ?? '',
    headRef: mergeRequest.source_branch,
    headSha: mergeRequest.diff_refs?.head_sha ?? mergeRequest.sha,
    defaultBranch: project.defaultBranch,
    url: mergeRequest.web_url,
  };
}

/**
 * One file of a GitLab diff. GitLab sends no counts, so additions and deletions are counted from the hunks;
 * `patch` stays undefined for binary files and diffs too large or collapsed (their counts are then 0).
 */
export function mapGitLabDiff(file: GitLabDiffJson): ChangedFile {
  const shown = !file.too_large && !file.collapsed && file.diff.startsWith('@@');
  // GitLab ends the text with a newline; the neutral `patch` ends at its last line, as GitHub's does.
  const patch = shown ? file.diff.replace(/\n$/, '') : undefined;
  let additions = 0;
  let deletions = 0;
  for (const line of patch ? parsePatch(patch).flatMap((hunk) => hunk.lines) : []) {
    if (line.kind === 'added') additions += 1;
    if (line.kind === 'deleted') deletions += 1;
  }
  return {
    path: file.deleted_file ? file.old_path : file.new_path,
    ...(file.renamed_file ? { previousPath: file.old_path } : {}),
    status: file.new_file
      ? 'added'
      : file.deleted_file
        ? 'removed'
        : file.renamed_file
          ? 'renamed'
          : 'modified',
    additions,
    deletions,
    ...(patch ? { patch } : {}),
  };
}

/**
 * GitLab's access level as a repository permission: Developer (30) pushes, Maintainer (40) and Owner (50)
 * administer, Guest (10), Planner (15) and Reporter (20) read; Minimal Access (5) cannot see the code.
 */
export function mapGitLabAccessLevel(accessLevel: number): RepositoryPermission {
  if (accessLevel >= 40) return 'admin';
  if (accessLevel >= 30) return 'write';
  if (accessLevel >= 10) return 'read';
  return 'none';
}
