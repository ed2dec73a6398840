import type {
  ChangedFile,
  ChangedFileStatus,
  PullRequestSnapshot,
  RepositoryPermission,
} from '../../core/agents/pull-request-platform.js';

/** The fields of GitHub's pull request JSON (REST `pulls.get`, or a webhook's `pull_request`) that we read. */
export interface GitHubPullRequestJson {
  number: number;
  title: string;
  body?: string | null;
  html_url: string;
  state: string;
  draft?: boolean;
  merged?: boolean | null;
  merged_at?: string | null;
  user: { login: string; type?: string } | null;
  labels?: Array<{ name?: string | null } | string>;
  base: { ref: string; sha: string; repo: { full_name: string; default_branch?: string } | null };
  head: { ref: string; sha: string };
}

/** One file of GitHub's `pulls.listFiles` or `compare` answer. */
export interface GitHubFileJson {
  filename: string;
  previous_filename?: string;
  status: string;
  additions: number;
  deletions: number;
  patch?: string;
}

/** GitHub's collaborator permission answer. */
export interface GitHubPermissionJson {
  permission: string;
  role_name?: string;
  user?: { permissions?: { admin?: boolean; maintain?: boolean; push?: boolean; pull?: boolean } } | null;
}

const fileStatuses: ReadonlySet<string> = new Set<ChangedFileStatus>([
  'added',
  'modified',
  'removed',
  'renamed',
  'copied',
  'changed',
  'unchanged',
]);

/** Maps GitHub's pull request JSON to the platform-neutral snapshot. */
export function mapGitHubPullRequest(pull: GitHubPullRequestJson, repository?: string): PullRequestSnapshot {
  const merged = pull.merged === true || (pull.merged_at !== undefined && pull.merged_at !== null);
  return {
    repository: repository ?? pull.base.repo?.full_name ?? '',
    number: pull.number,
    title: pull.title,
    body: pull.body ?? '',
    // A deleted account shows as `user: null` (GitHub's "ghost").
    author: { login: pull.user?.login ?? 'ghost', isBot: pull.user?.type === 'Bot' },
    draft: pull.draft === true,
    state: merged ? 'merged' : pull.state === 'closed' ? 'closed' : 'open',
    labels: (pull.labels ?? [])
      .map((label) => (typeof label === 'string' ? label : (label.name ?? '')))
      .filter((name) => name !== ''),
    baseRef: pull.base.ref,
    baseSha: pull.base.sha,
    headRef: pull.head.ref,
    headSha: pull.head.sha,
    defaultBranch: pull.base.repo?.default_branch ?? pull.base.ref,
    url: pull.html_url,
  };
}

/** Maps one file of a GitHub diff; `patch` stays undefined for binary files and diffs too large for the API. */
export function mapGitHubFile(file: GitHubFileJson): ChangedFile {
  return {
    path: file.filename,
    ...(file.previous_filename ? { previousPath: file.previous_filename } : {}),
    status: fileStatuses.has(file.status) ? (file.status as ChangedFileStatus) : 'modified',
    additions: file.additions,
    deletions: file.deletions,
    ...(file.patch ? { patch: file.patch } : {}),
  };
}

/**
 * Maps GitHub's collaborator permission: `permission` is already the base role (`maintain` reports `write`,
 * `triage` reports `read`); a custom role's unknown name falls back to the user's permission flags.
 */
export function mapGitHubPermission(answer: GitHubPermissionJson): RepositoryPermission {
  switch (answer.permission) {
    case 'admin':
      return 'admin';
    case 'maintain':
    case 'write':
      return 'write';
    case 'triage':
    case 'read':
      return 'read';
    case 'none':
      return 'none';
  }
  const flags = answer.user?.permissions;
  if (flags?.admin) return 'admin';
  if (flags?.maintain || flags?.push) return 'write';
  if (flags?.pull) return 'read';
  return 'none';
}
