import { commentableLines, diffHunkUpTo } from './github-diff.js';
import {
  comparePull,
  type FakeIssue,
  type FakeReviewComment,
  type RepositoryState,
  resolveRef,
} from './github-repository.js';

type ResolvedComment = Pick<
  FakeReviewComment,
  'path' | 'line' | 'side' | 'startLine' | 'startSide' | 'position' | 'body' | 'diffHunk'
>;

export type ReviewCommentsResult =
  | { success: true; value: { commitId: string; comments: ResolvedComment[] } }
  | { success: false; error: string[] };

type Side = 'LEFT' | 'RIGHT';

/**
 * Places a review's inline comments on the pull request's diff at `commitId`, as GitHub does: every comment must
 * name a file of the diff and a line inside one of its hunks (or a legacy `position`), else the whole review is
 * refused with GitHub's messages.
 */
export function resolveReviewComments(
  repository: RepositoryState,
  issue: FakeIssue,
  commitId: string,
  comments: unknown,
): ReviewCommentsResult {
  const commit = resolveRef(repository, commitId);
  if (!commit) return { success: false, error: [`No commit found for SHA: ${commitId}`] };
  const files = comparePull(repository, issue, commit.sha)!.files;
  const resolved: ResolvedComment[] = [];
  const errors = new Set<string>();
  for (const raw of Array.isArray(comments) ? comments : []) {
    const comment = (typeof raw === 'object' && raw !== null ? raw : {}) as Record<string, unknown>;
    const file = files.find((candidate) => candidate.filename === comment.path);
    if (typeof comment.body !== 'string' || comment.body === '') {
      errors.add('Body cannot be blank');
      continue;
    }
    if (!file) {
      errors.add('Path could not be resolved');
      continue;
    }
    const lines = commentableLines(file);
    let side: Side = comment.side === 'LEFT' ? 'LEFT' : 'RIGHT';
    let line = Number(comment.line);
    let hunk: number | undefined;
    if (comment.line === undefined && comment.position !== undefined) {
      const target = lines.positions.get(Number(comment.position));
      if (!target) {
        errors.add('Pull request review thread position is invalid');
        continue;
      }
      ({ side, line, hunk } = target);
    } else {
      hunk = lines[side].get(line);
      if (hunk === undefined) {
        errors.add('Line could not be resolved');
        continue;
      }
    }
    let startLine: number | undefined;
    let startSide: Side | undefined;
    if (comment.start_line !== undefined) {
      startLine = Number(comment.start_line);
      startSide = comment.start_side === 'LEFT' ? 'LEFT' : comment.start_side === 'RIGHT' ? 'RIGHT' : side;
      if (lines[startSide].get(startLine) !== hunk || startLine >= line) {
        errors.add('Pull request review thread start line must be part of the same hunk as the line.');
        continue;
      }
    }
    let position = 0;
    for (const [candidate, target] of lines.positions) {
      if ((side === 'LEFT' ? target.oldNumber : target.newNumber) === line) position = candidate;
    }
    resolved.push({
      path: file.filename,
      line,
      side,
      startLine,
      startSide,
      position,
      body: comment.body,
      diffHunk: diffHunkUpTo(file.hunks[hunk]!, side, line),
    });
  }
  if (errors.size > 0) return { success: false, error: [...errors] };
  return { success: true, value: { commitId: commit.sha, comments: resolved } };
}
