import { createHash } from 'node:crypto';
import { diffSnapshots, type FileDiff } from './github-diff.js';

/** Who wrote something: `type: 'Bot'` for the app itself. */
export interface FakeUser {
  login: string;
  type: 'User' | 'Bot';
}

export interface FakeCommit {
  sha: string;
  parents: string[];
  message: string;
  author: string;
  date: string;
  /** The whole snapshot: path → content. */
  tree: Map<string, string>;
}

export interface FakeReaction {
  id: number;
  content: string;
  user: FakeUser;
  createdAt: string;
}

export interface FakeIssueComment {
  id: number;
  issueNumber: number;
  body: string;
  user: FakeUser;
  createdAt: string;
  updatedAt: string;
  reactions: FakeReaction[];
}

export interface FakeReview {
  id: number;
  pullNumber: number;
  body: string;
  state: 'APPROVED' | 'CHANGES_REQUESTED' | 'COMMENTED' | 'PENDING';
  commitId: string;
  user: FakeUser;
  submittedAt: string;
}

export interface FakeReviewComment {
  id: number;
  reviewId: number;
  pullNumber: number;
  path: string;
  line: number;
  side: 'LEFT' | 'RIGHT';
  startLine?: number;
  startSide?: 'LEFT' | 'RIGHT';
  position: number;
  body: string;
  commitId: string;
  diffHunk: string;
  user: FakeUser;
  createdAt: string;
}

/** An issue, or a pull request when `pull` is set (they share numbers, as on GitHub). */
export interface FakeIssue {
  number: number;
  title: string;
  body: string | null;
  user: FakeUser;
  state: 'open' | 'closed';
  labels: string[];
  createdAt: string;
  updatedAt: string;
  reactions: FakeReaction[];
  pull?: { head: string; headSha: string; base: string; draft: boolean };
}

export interface RepositoryState {
  id: number;
  owner: string;
  name: string;
  defaultBranch: string;
  private: boolean;
  commits: Map<string, FakeCommit>;
  branches: Map<string, string>;
  issues: Map<number, FakeIssue>;
  issueComments: Map<number, FakeIssueComment>;
  reviews: FakeReview[];
  reviewComments: FakeReviewComment[];
}

/** Files to commit: content, or `null` to delete the file. */
export type FakeFileChanges = Record<string, string | null>;

let commitSequence = 0;

/** GitHub's timestamps: ISO 8601 to the second. */
export function timestamp(): string {
  return new Date().toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** The git blob id of `content`, as the contents and files endpoints report it. */
export function blobSha(content: string): string {
  const bytes = Buffer.from(content);
  return createHash('sha1').update(`blob ${bytes.length}\0`).update(bytes).digest('hex');
}

export function createRepositoryState(
  owner: string,
  name: string,
  options: { id: number; defaultBranch: string; private: boolean; files: FakeFileChanges; sha?: string },
): RepositoryState {
  const state: RepositoryState = {
    id: options.id,
    owner,
    name,
    defaultBranch: options.defaultBranch,
    private: options.private,
    commits: new Map(),
    branches: new Map(),
    issues: new Map(),
    issueComments: new Map(),
    reviews: [],
    reviewComments: [],
  };
  addCommit(state, options.defaultBranch, options.files, { message: 'Initial commit', sha: options.sha });
  return state;
}

/**
 * Commits `files` on `branch` (created from the default branch when new) and moves the branch; returns the sha.
 * `parent` overrides the branch tip (a rebase), `treeFrom` the snapshot the changes apply to, `sha` the made-up id
 * (to match a webhook payload's `head.sha`).
 */
export function addCommit(
  state: RepositoryState,
  branch: string,
  files: FakeFileChanges,
  options: { message?: string; author?: string; parent?: string; treeFrom?: string; sha?: string } = {},
): string {
  const parent = options.parent ?? state.branches.get(branch) ?? state.branches.get(state.defaultBranch);
  const start = options.treeFrom ?? parent;
  const tree = new Map(start ? state.commits.get(start)!.tree : []);
  for (const [path, content] of Object.entries(files)) {
    if (content === null) tree.delete(path);
    else tree.set(path, content);
  }
  const message = options.message ?? `Update ${Object.keys(files).join(', ') || branch}`;
  commitSequence += 1;
  const sha =
    options.sha ??
    createHash('sha1')
      .update(`${state.owner}/${state.name}\n${parent}\n${message}\n${commitSequence}`)
      .digest('hex');
  if (!/^[0-9a-f]{40}$/.test(sha) || state.commits.has(sha))
    throw new Error(`${sha} is not a new 40-hex commit sha`);
  state.commits.set(sha, {
    sha,
    parents: parent ? [parent] : [],
    message,
    author: options.author ?? 'octocat',
    date: timestamp(),
    tree,
  });
  state.branches.set(branch, sha);
  return sha;
}

/** A branch name, a full sha or an abbreviated one (7+ characters). */
export function resolveRef(state: RepositoryState, ref: string): FakeCommit | undefined {
  const branch = state.branches.get(ref);
  if (branch) return state.commits.get(branch);
  if (state.commits.has(ref)) return state.commits.get(ref);
  if (/^[0-9a-f]{7,39}$/.test(ref)) {
    for (const [sha, commit] of state.commits) if (sha.startsWith(ref)) return commit;
  }
  return undefined;
}

/** `base...head` as GitHub computes it: commits on head since the merge base, and the diff from that base. */
export interface Comparison {
  status: 'ahead' | 'behind' | 'identical' | 'diverged';
  aheadBy: number;
  behindBy: number;
  base: FakeCommit;
  mergeBase: FakeCommit;
  commits: FakeCommit[];
  files: FileDiff[];
}

export function compareCommits(state: RepositoryState, base: FakeCommit, head: FakeCommit): Comparison {
  const baseAncestors = ancestry(state, base.sha);
  const headAncestors = ancestry(state, head.sha);
  const mergeBaseSha = headAncestors.find((sha) => baseAncestors.includes(sha)) ?? base.sha;
  const mergeBase = state.commits.get(mergeBaseSha)!;
  const commits = headAncestors
    .filter((sha) => !baseAncestors.includes(sha))
    .reverse()
    .map((sha) => state.commits.get(sha)!);
  const behindBy = baseAncestors.filter((sha) => !headAncestors.includes(sha)).length;
  const status =
    base.sha === head.sha
      ? 'identical'
      : behindBy === 0
        ? 'ahead'
        : commits.length === 0
          ? 'behind'
          : 'diverged';
  return {
    status,
    aheadBy: commits.length,
    behindBy,
    base,
    mergeBase,
    commits,
    files: diffSnapshots(mergeBase.tree, head.tree),
  };
}

/** The pull request's comparison: its base branch against `commitId` (default: its head). */
export function comparePull(
  state: RepositoryState,
  issue: FakeIssue,
  commitId?: string,
): Comparison | undefined {
  const pull = issue.pull!;
  const head = resolveRef(state, commitId ?? pull.headSha);
  const base = resolveRef(state, pull.base);
  return head && base ? compareCommits(state, base, head) : undefined;
}

/** Newest first, following first parents (the fakes only make linear histories). */
function ancestry(state: RepositoryState, sha: string): string[] {
  const shas: string[] = [];
  let current: string | undefined = sha;
  while (current) {
    shas.push(current);
    current = state.commits.get(current)?.parents[0];
  }
  return shas;
}
