import {
  addCommit,
  createRepositoryState,
  type FakeFileChanges,
  type FakeIssue,
  type FakeIssueComment,
  type FakeReview,
  type FakeReviewComment,
  timestamp,
} from './github-repository.js';
import { type GitHubState, repositoryKey } from './github-state.js';

export interface FakeRepositoryOptions {
  defaultBranch?: string;
  private?: boolean;
  /** The first commit on the default branch (default: a README). */
  files?: FakeFileChanges;
  /** The first commit's sha (default: made up), e.g. a webhook payload's `pull_request.base.sha`. */
  initialSha?: string;
}

export interface FakePullRequestOptions {
  /** Default: the next free issue number. */
  number?: number;
  title?: string;
  body?: string | null;
  /** The author's login (default `octocat`). */
  author?: string;
  draft?: boolean;
  labels?: string[];
  /** Base branch (default: the default branch). */
  base?: string;
  /** Head branch, created from the base (default `feature-<number>`). */
  head?: string;
  /** The pull request's changes, committed on the head branch: content, or null to delete. */
  files: FakeFileChanges;
  message?: string;
  /** The head commit's sha (default: made up), e.g. a webhook payload's `pull_request.head.sha`. */
  headSha?: string;
}

/** A seeded pull request: push more commits, change it, and read what was written to it. */
export interface FakePullRequest {
  readonly number: number;
  readonly headRef: string;
  readonly baseRef: string;
  readonly headSha: string;
  /** The base branch's tip. */
  readonly baseSha: string;
  /** Commits on the head branch and returns the new head sha; `force` rebases onto the base tip instead. */
  push(files: FakeFileChanges, options?: { message?: string; force?: boolean; sha?: string }): string;
  update(fields: Partial<Pick<FakeIssue, 'title' | 'body' | 'state' | 'labels'>> & { draft?: boolean }): void;
  /** Seeds a comment from someone (default `octocat`), e.g. a `/agent ask` command. */
  comment(body: string, author?: string): FakeIssueComment;
  issueComments(): FakeIssueComment[];
  reviews(): FakeReview[];
  reviewComments(): FakeReviewComment[];
}

/** A seeded repository. */
export interface FakeRepository {
  readonly owner: string;
  readonly name: string;
  readonly fullName: string;
  readonly defaultBranch: string;
  /** Commits `files` on `branch` (created from the default branch when new); returns the sha. */
  commit(branch: string, files: FakeFileChanges, message?: string): string;
  pullRequest(options: FakePullRequestOptions): FakePullRequest;
  /** The handle of an existing pull request. */
  pull(number: number): FakePullRequest;
  /** Opens a plain issue; returns its number. */
  issue(options: { number?: number; title: string; body?: string; author?: string }): number;
  comment(issueNumber: number, body: string, author?: string): FakeIssueComment;
  issueComments(issueNumber: number): FakeIssueComment[];
}

/** The builder for `owner/name`, creating the repository the first time. */
export function createRepositoryBuilder(
  server: GitHubState,
  owner: string,
  name: string,
  options: FakeRepositoryOptions = {},
): FakeRepository {
  const key = repositoryKey(owner, name);
  let state = server.repositories.get(key);
  if (!state) {
    state = createRepositoryState(owner, name, {
      id: server.nextId(),
      defaultBranch: options.defaultBranch ?? 'main',
      private: options.private ?? false,
      files: options.files ?? { 'README.md': `# ${name}\n` },
      sha: options.initialSha,
    });
    server.repositories.set(key, state);
  }
  const repository = state;
  const openIssue = (
    number: number | undefined,
    fields: Omit<FakeIssue, 'number' | 'createdAt' | 'updatedAt'>,
  ) => {
    const chosen = number ?? Math.max(0, ...repository.issues.keys()) + 1;
    if (repository.issues.has(chosen)) throw new Error(`${owner}/${name}#${chosen} already exists`);
    const now = timestamp();
    repository.issues.set(chosen, { ...fields, number: chosen, createdAt: now, updatedAt: now });
    return chosen;
  };
  const comment = (issueNumber: number, body: string, author = 'octocat') => {
    if (!repository.issues.has(issueNumber))
      throw new Error(`${owner}/${name}#${issueNumber} does not exist`);
    const now = timestamp();
    const created: FakeIssueComment = {
      id: server.nextId(),
      issueNumber,
      body,
      user: { login: author, type: author.endsWith('[bot]') ? 'Bot' : 'User' },
      createdAt: now,
      updatedAt: now,
      reactions: [],
    };
    repository.issueComments.set(created.id, created);
    return created;
  };
  const issueComments = (issueNumber: number) =>
    [...repository.issueComments.values()].filter((candidate) => candidate.issueNumber === issueNumber);

  const pullHandle = (number: number): FakePullRequest => {
    const issue = repository.issues.get(number);
    if (!issue?.pull) throw new Error(`${owner}/${name}#${number} is not a pull request`);
    const pull = issue.pull;
    return {
      number,
      headRef: pull.head,
      baseRef: pull.base,
      get headSha() {
        return pull.headSha;
      },
      get baseSha() {
        return repository.branches.get(pull.base)!;
      },
      push(files, pushOptions = {}) {
        const rebase = pushOptions.force
          ? { parent: repository.branches.get(pull.base)!, treeFrom: pull.headSha }
          : {};
        pull.headSha = addCommit(repository, pull.head, files, {
          message: pushOptions.message,
          sha: pushOptions.sha,
          ...rebase,
        });
        issue.updatedAt = timestamp();
        return pull.headSha;
      },
      update(fields) {
        const { draft, ...rest } = fields;
        Object.assign(issue, rest, { updatedAt: timestamp() });
        if (draft !== undefined) pull.draft = draft;
      },
      comment: (body, author) => comment(number, body, author),
      issueComments: () => issueComments(number),
      reviews: () => repository.reviews.filter((review) => review.pullNumber === number),
      reviewComments: () => repository.reviewComments.filter((review) => review.pullNumber === number),
    };
  };

  return {
    owner: repository.owner,
    name: repository.name,
    fullName: `${repository.owner}/${repository.name}`,
    defaultBranch: repository.defaultBranch,
    commit: (branch, files, message) => addCommit(repository, branch, files, { message }),
    pullRequest(pullOptions) {
      const base = pullOptions.base ?? repository.defaultBranch;
      if (!repository.branches.has(base)) throw new Error(`${owner}/${name} has no branch ${base}`);
      const number = pullOptions.number ?? Math.max(0, ...repository.issues.keys()) + 1;
      if (repository.issues.has(number)) throw new Error(`${owner}/${name}#${number} already exists`);
      const head = pullOptions.head ?? `feature-${number}`;
      const author = pullOptions.author ?? 'octocat';
      const parent = repository.branches.get(head) ?? repository.branches.get(base)!;
      const headSha = addCommit(repository, head, pullOptions.files, {
        message: pullOptions.message ?? pullOptions.title,
        author,
        parent,
        sha: pullOptions.headSha,
      });
      openIssue(number, {
        title: pullOptions.title ?? `Change ${Object.keys(pullOptions.files).join(', ')}`,
        body: pullOptions.body === undefined ? 'Please review.' : pullOptions.body,
        user: { login: author, type: author.endsWith('[bot]') ? 'Bot' : 'User' },
        state: 'open',
        labels: pullOptions.labels ?? [],
        reactions: [],
        pull: { head, headSha, base, draft: pullOptions.draft ?? false },
      });
      return pullHandle(number);
    },
    pull: pullHandle,
    issue: (issueOptions) =>
      openIssue(issueOptions.number, {
        title: issueOptions.title,
        body: issueOptions.body ?? null,
        user: { login: issueOptions.author ?? 'octocat', type: 'User' },
        state: 'open',
        labels: [],
        reactions: [],
      }),
    comment,
    issueComments,
  };
}
