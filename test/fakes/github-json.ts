import type { FileDiff } from './github-diff.js';
import {
  blobSha,
  type Comparison,
  type FakeCommit,
  type FakeIssue,
  type FakeIssueComment,
  type FakeReaction,
  type FakeReview,
  type FakeReviewComment,
  type FakeUser,
  type RepositoryState,
} from './github-repository.js';

/** The JSON shapes GitHub's REST API answers with, trimmed to the fields clients read. */

const web = 'https://github.com';
const reactionContents = ['+1', '-1', 'laugh', 'confused', 'heart', 'hooray', 'rocket', 'eyes'] as const;

export function isReactionContent(value: unknown): boolean {
  return (reactionContents as readonly unknown[]).includes(value);
}

/** GitHub's error body: `status` is a string, `errors` only on validation failures. */
export function errorBody(
  status: number,
  message: string,
  documentation = 'https://docs.github.com/rest',
  errors?: unknown[],
) {
  return { message, ...(errors ? { errors } : {}), documentation_url: documentation, status: String(status) };
}

/** Stable small ids for logins, so the same user has the same id in every answer. */
function userId(login: string): number {
  let hash = 0;
  for (const character of login) hash = (hash * 31 + character.charCodeAt(0)) % 9_000_000;
  return 1_000_000 + hash;
}

export function userJson(user: FakeUser, api: string) {
  const id = userId(user.login);
  const app = user.login.replace(/\[bot\]$/, '');
  return {
    login: user.login,
    id,
    node_id: Buffer.from(`04:User${id}`).toString('base64'),
    avatar_url: `https://avatars.githubusercontent.com/u/${id}?v=4`,
    url: `${api}/users/${encodeURIComponent(user.login)}`,
    html_url: user.type === 'Bot' ? `${web}/apps/${app}` : `${web}/${user.login}`,
    type: user.type,
    site_admin: false,
  };
}

export function repositoryJson(repository: RepositoryState, api: string) {
  const fullName = `${repository.owner}/${repository.name}`;
  return {
    id: repository.id,
    node_id: Buffer.from(`010:Repository${repository.id}`).toString('base64'),
    name: repository.name,
    full_name: fullName,
    private: repository.private,
    owner: userJson({ login: repository.owner, type: 'User' }, api),
    html_url: `${web}/${fullName}`,
    url: `${api}/repos/${fullName}`,
    fork: false,
    default_branch: repository.defaultBranch,
    visibility: repository.private ? 'private' : 'public',
  };
}

export function pullRequestJson(
  repository: RepositoryState,
  issue: FakeIssue,
  comparison: Comparison,
  api: string,
) {
  const pull = issue.pull!;
  const fullName = `${repository.owner}/${repository.name}`;
  const repo = repositoryJson(repository, api);
  const html = `${web}/${fullName}/pull/${issue.number}`;
  const sum = (pick: (file: FileDiff) => number) =>
    comparison.files.reduce((total, file) => total + pick(file), 0);
  const branch = (ref: string, sha: string) => ({
    label: `${repository.owner}:${ref}`,
    ref,
    sha,
    user: repo.owner,
    repo,
  });
  return {
    url: `${api}/repos/${fullName}/pulls/${issue.number}`,
    id: repository.id * 10_000 + issue.number,
    node_id: Buffer.from(`011:PullRequest${repository.id}${issue.number}`).toString('base64'),
    html_url: html,
    diff_url: `${html}.diff`,
    patch_url: `${html}.patch`,
    issue_url: `${api}/repos/${fullName}/issues/${issue.number}`,
    number: issue.number,
    state: issue.state,
    locked: false,
    title: issue.title,
    user: userJson(issue.user, api),
    body: issue.body,
    labels: issue.labels.map((name, index) => ({ id: index + 1, name, color: 'ededed', default: false })),
    created_at: issue.createdAt,
    updated_at: issue.updatedAt,
    closed_at: issue.state === 'closed' ? issue.updatedAt : null,
    merged_at: null,
    merge_commit_sha: null,
    draft: pull.draft,
    head: branch(pull.head, pull.headSha),
    base: branch(pull.base, comparison.base.sha),
    author_association: 'CONTRIBUTOR',
    merged: false,
    mergeable: true,
    mergeable_state: 'clean',
    comments: [...repository.issueComments.values()].filter((comment) => comment.issueNumber === issue.number)
      .length,
    review_comments: repository.reviewComments.filter((comment) => comment.pullNumber === issue.number)
      .length,
    commits: comparison.commits.length,
    additions: sum((file) => file.additions),
    deletions: sum((file) => file.deletions),
    changed_files: comparison.files.length,
  };
}

export function fileJson(repository: RepositoryState, file: FileDiff, headSha: string, api: string) {
  const fullName = `${repository.owner}/${repository.name}`;
  const content = file.after ?? file.before ?? '';
  return {
    sha: blobSha(content),
    filename: file.filename,
    status: file.status,
    additions: file.additions,
    deletions: file.deletions,
    changes: file.additions + file.deletions,
    blob_url: `${web}/${fullName}/blob/${headSha}/${file.filename}`,
    raw_url: `${web}/${fullName}/raw/${headSha}/${file.filename}`,
    contents_url: `${api}/repos/${fullName}/contents/${file.filename}?ref=${headSha}`,
    patch: file.patch,
  };
}

export function commitJson(repository: RepositoryState, commit: FakeCommit, api: string) {
  const fullName = `${repository.owner}/${repository.name}`;
  const person = {
    name: commit.author,
    email: `${commit.author}@users.noreply.github.com`,
    date: commit.date,
  };
  return {
    sha: commit.sha,
    node_id: Buffer.from(`06:Commit${commit.sha}`).toString('base64'),
    commit: { author: person, committer: person, message: commit.message },
    url: `${api}/repos/${fullName}/commits/${commit.sha}`,
    html_url: `${web}/${fullName}/commit/${commit.sha}`,
    author: userJson({ login: commit.author, type: 'User' }, api),
    parents: commit.parents.map((sha) => ({ sha, url: `${api}/repos/${fullName}/commits/${sha}` })),
  };
}

export function reactionJson(reaction: FakeReaction, api: string) {
  return {
    id: reaction.id,
    node_id: Buffer.from(`08:Reaction${reaction.id}`).toString('base64'),
    user: userJson(reaction.user, api),
    content: reaction.content,
    created_at: reaction.createdAt,
  };
}

function reactionSummary(reactions: FakeReaction[], url: string) {
  const counts: Record<string, number> = {};
  for (const content of reactionContents) counts[content] = 0;
  for (const reaction of reactions) counts[reaction.content] = (counts[reaction.content] ?? 0) + 1;
  return { url, total_count: reactions.length, ...counts };
}

export function issueCommentJson(repository: RepositoryState, comment: FakeIssueComment, api: string) {
  const fullName = `${repository.owner}/${repository.name}`;
  const kind = repository.issues.get(comment.issueNumber)?.pull ? 'pull' : 'issues';
  const url = `${api}/repos/${fullName}/issues/comments/${comment.id}`;
  return {
    id: comment.id,
    node_id: Buffer.from(`012:IssueComment${comment.id}`).toString('base64'),
    url,
    html_url: `${web}/${fullName}/${kind}/${comment.issueNumber}#issuecomment-${comment.id}`,
    issue_url: `${api}/repos/${fullName}/issues/${comment.issueNumber}`,
    body: comment.body,
    user: userJson(comment.user, api),
    created_at: comment.createdAt,
    updated_at: comment.updatedAt,
    author_association: comment.user.type === 'Bot' ? 'NONE' : 'CONTRIBUTOR',
    performed_via_github_app: null,
    reactions: reactionSummary(comment.reactions, `${url}/reactions`),
  };
}

export function reviewJson(repository: RepositoryState, review: FakeReview, api: string) {
  const fullName = `${repository.owner}/${repository.name}`;
  return {
    id: review.id,
    node_id: Buffer.from(`017:PullRequestReview${review.id}`).toString('base64'),
    user: userJson(review.user, api),
    body: review.body,
    state: review.state,
    html_url: `${web}/${fullName}/pull/${review.pullNumber}#pullrequestreview-${review.id}`,
    pull_request_url: `${api}/repos/${fullName}/pulls/${review.pullNumber}`,
    author_association: 'NONE',
    submitted_at: review.state === 'PENDING' ? undefined : review.submittedAt,
    commit_id: review.commitId,
  };
}

export function reviewCommentJson(repository: RepositoryState, comment: FakeReviewComment, api: string) {
  const fullName = `${repository.owner}/${repository.name}`;
  return {
    id: comment.id,
    node_id: Buffer.from(`024:PullRequestReviewComment${comment.id}`).toString('base64'),
    url: `${api}/repos/${fullName}/pulls/comments/${comment.id}`,
    pull_request_review_id: comment.reviewId,
    diff_hunk: comment.diffHunk,
    path: comment.path,
    position: comment.position,
    original_position: comment.position,
    commit_id: comment.commitId,
    original_commit_id: comment.commitId,
    user: userJson(comment.user, api),
    body: comment.body,
    created_at: comment.createdAt,
    updated_at: comment.createdAt,
    html_url: `${web}/${fullName}/pull/${comment.pullNumber}#discussion_r${comment.id}`,
    pull_request_url: `${api}/repos/${fullName}/pulls/${comment.pullNumber}`,
    author_association: 'NONE',
    start_line: comment.startLine ?? null,
    original_start_line: comment.startLine ?? null,
    start_side: comment.startSide ?? null,
    line: comment.line,
    original_line: comment.line,
    side: comment.side,
    subject_type: 'line',
  };
}

export function contentJson(
  repository: RepositoryState,
  path: string,
  content: string,
  ref: string,
  api: string,
) {
  const fullName = `${repository.owner}/${repository.name}`;
  const sha = blobSha(content);
  const url = `${api}/repos/${fullName}/contents/${path}?ref=${ref}`;
  const base64 = Buffer.from(content).toString('base64');
  return {
    type: 'file',
    encoding: 'base64',
    size: Buffer.byteLength(content),
    name: path.split('/').pop(),
    path,
    // GitHub wraps the base64 at 60 characters.
    content: `${base64.match(/.{1,60}/g)?.join('\n') ?? ''}\n`,
    sha,
    url,
    git_url: `${api}/repos/${fullName}/git/blobs/${sha}`,
    html_url: `${web}/${fullName}/blob/${ref}/${path}`,
    download_url: `https://raw.githubusercontent.com/${fullName}/${ref}/${path}`,
    _links: {
      self: url,
      git: `${api}/repos/${fullName}/git/blobs/${sha}`,
      html: `${web}/${fullName}/blob/${ref}/${path}`,
    },
  };
}

/** A directory listing entry (the contents endpoint on a folder). */
export function directoryEntryJson(
  repository: RepositoryState,
  path: string,
  type: 'file' | 'dir',
  content: string,
  ref: string,
  api: string,
) {
  const fullName = `${repository.owner}/${repository.name}`;
  return {
    type,
    name: path.split('/').pop(),
    path,
    sha: blobSha(type === 'file' ? content : path),
    size: type === 'file' ? Buffer.byteLength(content) : 0,
    url: `${api}/repos/${fullName}/contents/${path}?ref=${ref}`,
  };
}
