/** What a line of a hunk does: kept (context), added in the new file, or deleted from the old one. */
export type PatchLineKind = 'context' | 'added' | 'deleted';

/** One line of a hunk, numbered in the file(s) it belongs to. */
export interface PatchLine {
  kind: PatchLineKind;
  /** The line's text without its ` `/`+`/`-` prefix. */
  text: string;
  /** Line number in the old file (context and deleted lines). */
  oldLine?: number;
  /** Line number in the new file (context and added lines). */
  newLine?: number;
  /** Followed by `\ No newline at end of file`. */
  noNewlineAtEnd?: boolean;
}

/** One `@@ -a,b +c,d @@` hunk of a unified diff. */
export interface PatchHunk {
  oldStart: number;
  oldLines: number;
  newStart: number;
  newLines: number;
  /** What follows the second `@@` (often the enclosing function), without the leading space. */
  section: string;
  lines: PatchLine[];
}

const hunkHeaderPattern = /^@@ -(\d+)(?:,(\d+))? \+(\d+)(?:,(\d+))? @@ ?(.*)$/;

/** The header line of `hunk`, as a unified diff writes it. */
export function formatHunkHeader(hunk: PatchHunk): string {
  const section = hunk.section ? ` ${hunk.section}` : '';
  return `@@ -${hunk.oldStart},${hunk.oldLines} +${hunk.newStart},${hunk.newLines} @@${section}`;
}

/**
 * Parses the hunks of a unified diff (GitHub's and GitLab's `patch`/`diff` fields). Text before the first
 * hunk header (`diff --git`, `---`, `+++`) is ignored, and so is a malformed header with what follows it up
 * to the next header. An empty line inside a hunk is a context line whose trailing space was stripped.
 */
export function parsePatch(patch: string): PatchHunk[] {
  const hunks: PatchHunk[] = [];
  let hunk: PatchHunk | undefined;
  let oldLine = 0;
  let newLine = 0;
  let remainingOld = 0;
  let remainingNew = 0;

  for (const raw of patch.split('\n')) {
    if (raw.startsWith('@@')) {
      const header = hunkHeaderPattern.exec(raw);
      hunk = header ? createHunk(header) : undefined;
      if (!hunk) continue;
      hunks.push(hunk);
      oldLine = hunk.oldStart;
      newLine = hunk.newStart;
      remainingOld = hunk.oldLines;
      remainingNew = hunk.newLines;
      continue;
    }
    if (!hunk) continue;
    const prefix = raw[0];
    if (prefix === '\\') {
      const previous = hunk.lines.at(-1);
      if (previous) previous.noNewlineAtEnd = true;
    } else if (prefix === '+') {
      hunk.lines.push({ kind: 'added', text: raw.slice(1), newLine: newLine++ });
      remainingNew--;
    } else if (prefix === '-') {
      hunk.lines.push({ kind: 'deleted', text: raw.slice(1), oldLine: oldLine++ });
      remainingOld--;
    } else if (prefix === ' ' || (raw === '' && remainingOld > 0 && remainingNew > 0)) {
      hunk.lines.push({ kind: 'context', text: raw.slice(1), oldLine: oldLine++, newLine: newLine++ });
      remainingOld--;
      remainingNew--;
    }
  }
  return hunks;
}

function createHunk(header: RegExpExecArray): PatchHunk {
  return {
    oldStart: Number(header[1]),
    oldLines: header[2] === undefined ? 1 : Number(header[2]),
    newStart: Number(header[3]),
    newLines: header[4] === undefined ? 1 : Number(header[4]),
    section: header[5] ?? '',
    lines: [],
  };
}
