import type { InlineComment } from '../../core/agents/pull-request-platform.js';

type Side = InlineComment['side'];

/** For each side, the lines a review comment may sit on (added, deleted and context lines), with their hunk. */
interface CommentableLines {
  LEFT: Map<number, number>;
  RIGHT: Map<number, number>;
}

/**
 * Splits inline comments into those GitHub can anchor on the diff and those it would refuse: a file absent from
 * the diff or without a patch (binary, too large), a line outside every hunk, or a range that starts after its
 * end or in another hunk. `patches` maps each changed file's path to its unified diff hunks.
 */
export function findAnchorableComments(
  comments: InlineComment[],
  patches: ReadonlyMap<string, string | undefined>,
): { anchorable: InlineComment[]; rejected: InlineComment[] } {
  const indexed = new Map<string, CommentableLines>();
  const anchorable: InlineComment[] = [];
  const rejected: InlineComment[] = [];
  for (const comment of comments) {
    const patch = patches.get(comment.path);
    let lines = indexed.get(comment.path);
    if (!lines && patch !== undefined) {
      lines = indexPatch(patch);
      indexed.set(comment.path, lines);
    }
    (lines && isAnchorable(comment, lines) ? anchorable : rejected).push(comment);
  }
  return { anchorable, rejected };
}

function isAnchorable(comment: InlineComment, lines: CommentableLines): boolean {
  const hunk = lines[comment.side].get(comment.line);
  if (hunk === undefined) return false;
  if (comment.startLine === undefined || comment.startLine === comment.line) return true;
  return comment.startLine < comment.line && lines[comment.side].get(comment.startLine) === hunk;
}

/** Reads `@@ -a,b +c,d @@` hunks: context lines count on both sides, `-` on the left, `+` on the right. */
function indexPatch(patch: string): CommentableLines {
  const lines: CommentableLines = { LEFT: new Map(), RIGHT: new Map() };
  let hunk = -1;
  let oldLine = 0;
  let newLine = 0;
  for (const text of patch.split('\n')) {
    const header = /^@@ -(\d+)(?:,\d+)? \+(\d+)(?:,\d+)? @@/.exec(text);
    if (header) {
      hunk += 1;
      oldLine = Number(header[1]);
      newLine = Number(header[2]);
      continue;
    }
    if (hunk < 0 || text === '' || text.startsWith('\\')) continue;
    const marker: Side | 'both' = text.startsWith('-') ? 'LEFT' : text.startsWith('+') ? 'RIGHT' : 'both';
    if (marker !== 'RIGHT') lines.LEFT.set(oldLine++, hunk);
    if (marker !== 'LEFT') lines.RIGHT.set(newLine++, hunk);
  }
  return lines;
}
