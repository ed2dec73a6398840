import { createDiffLineMap } from '../../core/agents/diff/diff-line-map.js';
import type { ChangedFile, InlineComment } from '../../core/agents/pull-request-platform.js';

/**
 * Splits inline comments into those GitHub can anchor on the diff of `files` and those it would refuse: a file
 * absent from the diff or without a patch (binary, too large), a line outside every hunk, or a range that
 * starts after its end or in another hunk.
 */
export function findAnchorableComments(
  comments: InlineComment[],
  files: ReadonlyArray<Pick<ChangedFile, 'path' | 'patch'>>,
): { anchorable: InlineComment[]; rejected: InlineComment[] } {
  const lines = createDiffLineMap(files);
  const anchorable: InlineComment[] = [];
  const rejected: InlineComment[] = [];
  for (const comment of comments) {
    const end = lines.lookup(comment.path, comment.side, comment.line);
    const start =
      comment.startLine === undefined || comment.startLine === comment.line
        ? end
        : comment.startLine < comment.line
          ? lines.lookup(comment.path, comment.side, comment.startLine)
          : undefined;
    (end !== undefined && start?.hunk === end.hunk ? anchorable : rejected).push(comment);
  }
  return { anchorable, rejected };
}
