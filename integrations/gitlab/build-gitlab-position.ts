import { createHash } from 'node:crypto';
import type { DiscussionNotePositionOptions } from '@gitbeaker/rest';
import { parsePatch } from '../../core/agents/diff/parse-patch.js';
import type { ChangedFile, InlineComment } from '../../core/agents/pull-request-platform.js';
import type { GitLabDiffRefs } from './map-gitlab-merge-request.js';

/** A line of a file's diff as GitLab numbers it: both counters, whatever the line's kind. */
interface GitLabDiffLine {
  kind: 'context' | 'added' | 'deleted';
  /** The old file's counter at this line (for an added line: the number of the next old line). */
  oldPosition: number;
  /** The new file's counter at this line (for a deleted line: the number of the next new line). */
  newPosition: number;
  hunk: number;
}

interface FileLines {
  file: Pick<ChangedFile, 'path' | 'previousPath'>;
  right: Map<number, GitLabDiffLine>;
  left: Map<number, GitLabDiffLine>;
}

/** Builds the `position` of a diff discussion, or says GitLab would refuse it (undefined). */
export type GitLabPositionBuilder = (
  comment: InlineComment,
  options?: { withLineRange?: boolean },
) => DiscussionNotePositionOptions | undefined;

/**
 * The position builder for one diff version (`refs` and its files). GitLab finds the diff line whose old and new
 * numbers are exactly the position's, so an added line carries `new_line` only, a deleted one `old_line` only
 * and a context line both; anything else is answered "line_code can't be blank". A range adds `line_range`,
 * whose ends are named by line codes, `sha1(path)_old_new`, with GitLab's counters (see GitLabDiffLine).
 */
export function createGitLabPositionBuilder(
  refs: GitLabDiffRefs,
  files: ReadonlyArray<Pick<ChangedFile, 'path' | 'previousPath' | 'patch'>>,
): GitLabPositionBuilder {
  const byPath = new Map<string, FileLines>();
  for (const file of files) if (file.patch) byPath.set(file.path, readLines(file, file.patch));

  return (comment, options = {}) => {
    const lines = byPath.get(comment.path);
    const end = lines && (comment.side === 'LEFT' ? lines.left : lines.right).get(comment.line);
    if (!lines || !end) return undefined;
    const position: DiscussionNotePositionOptions = {
      positionType: 'text',
      baseSha: refs.base_sha,
      startSha: refs.start_sha,
      headSha: refs.head_sha,
      oldPath: lines.file.previousPath ?? lines.file.path,
      newPath: lines.file.path,
      ...asText(lineNumbers(end)),
    };
    const startLine = comment.startLine;
    if (options.withLineRange === false || startLine === undefined || startLine >= comment.line)
      return position;
    const start = (comment.side === 'LEFT' ? lines.left : lines.right).get(startLine);
    // A range GitLab could not draw (another hunk, outside the diff) is posted on its last line alone.
    if (!start || start.hunk !== end.hunk) return position;
    const pathHash = createHash('sha1').update(lines.file.path).digest('hex');
    const anchor = (line: GitLabDiffLine) => ({
      lineCode: `${pathHash}_${line.oldPosition}_${line.newPosition}`,
      type: comment.side === 'LEFT' ? ('old' as const) : ('new' as const),
      ...lineNumbers(line),
    });
    return { ...position, lineRange: { start: anchor(start), end: anchor(end) } };
  };
}

function lineNumbers(line: GitLabDiffLine): { oldLine?: number; newLine?: number } {
  if (line.kind === 'added') return { newLine: line.newPosition };
  if (line.kind === 'deleted') return { oldLine: line.oldPosition };
  return { oldLine: line.oldPosition, newLine: line.newPosition };
}

/** gitbeaker types the top-level lines as strings (they travel as form fields either way). */
function asText(lines: { oldLine?: number; newLine?: number }): { oldLine?: string; newLine?: string } {
  return Object.fromEntries(Object.entries(lines).map(([key, value]) => [key, String(value)]));
}

function readLines(file: Pick<ChangedFile, 'path' | 'previousPath'>, patch: string): FileLines {
  const lines: FileLines = { file, right: new Map(), left: new Map() };
  parsePatch(patch).forEach((hunk, index) => {
    let oldPosition = hunk.oldStart;
    let newPosition = hunk.newStart;
    for (const line of hunk.lines) {
      const entry: GitLabDiffLine = { kind: line.kind, oldPosition, newPosition, hunk: index };
      if (line.kind !== 'deleted') lines.right.set(newPosition, entry);
      if (line.kind !== 'added') lines.left.set(oldPosition, entry);
      if (line.kind !== 'added') oldPosition += 1;
      if (line.kind !== 'deleted') newPosition += 1;
    }
  });
  return lines;
}
