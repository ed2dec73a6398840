import { createHash } from 'node:crypto';
import { diffSnapshots, type FileDiff } from './github-diff.js';
import { resolveRef } from './github-repository.js';
import type { FakePosition, FakeProject } from './gitlab-state.js';

export type PositionResult = { success: true; value: FakePosition } | { success: false; error: string };

/** What GitLab answers (400) for a position whose line it cannot find in the diff. */
export const invalidLineCode = 'Note {:line_code=>["can\'t be blank", "must be a valid line code"]}';

interface NumberedLine {
  oldLine: number | null;
  newLine: number | null;
  /** `sha1(path)_old_new` with GitLab's counters (an added line's old counter is the next old line). */
  lineCode: string;
}

/**
 * Checks a diff note's `position` as GitLab does: the diff between `base_sha` and `head_sha` must have the file,
 * and a line whose old and new numbers are exactly the position's (added: `new_line` only; deleted: `old_line`
 * only; context: both). A `line_range` must name lines of that file by their line codes.
 */
export function resolvePosition(project: FakeProject, raw: unknown): PositionResult {
  const position = (typeof raw === 'object' && raw !== null ? raw : {}) as Record<string, unknown>;
  const text = (key: string) =>
    typeof position[key] === 'string' && position[key] !== '' ? (position[key] as string) : undefined;
  const number = (key: string, from = position) =>
    from[key] === undefined || from[key] === '' ? null : Number(from[key]);
  const [baseSha, startSha, headSha] = [text('base_sha'), text('start_sha'), text('head_sha')];
  if (text('position_type') !== 'text' || !baseSha || !startSha || !headSha) {
    return { success: false, error: 'Note {:position=>["is incomplete"]}' };
  }
  const base = resolveRef(project.repository, baseSha);
  const head = resolveRef(project.repository, headSha);
  const newPath = text('new_path') ?? text('old_path');
  const oldPath = text('old_path') ?? newPath;
  if (!base || !head || !newPath || !oldPath) return { success: false, error: invalidLineCode };
  const file = diffSnapshots(base.tree, head.tree).find((candidate) => candidate.filename === newPath);
  if (!file) return { success: false, error: invalidLineCode };
  const lines = numberLines(file);
  const oldLine = number('old_line');
  const newLine = number('new_line');
  if (!lines.some((line) => line.oldLine === oldLine && line.newLine === newLine)) {
    return { success: false, error: invalidLineCode };
  }
  const range = position.line_range as Record<string, Record<string, unknown> | undefined> | undefined;
  if (range !== undefined) {
    const codes = new Set(lines.map((line) => line.lineCode));
    const valid = [range.start, range.end].every(
      (end) => typeof end?.line_code === 'string' && codes.has(end.line_code),
    );
    if (!valid) return { success: false, error: invalidLineCode };
  }
  return {
    success: true,
    value: {
      base_sha: base.sha,
      start_sha: startSha,
      head_sha: head.sha,
      old_path: oldPath,
      new_path: newPath,
      position_type: 'text',
      old_line: oldLine,
      new_line: newLine,
      ...(range !== undefined ? { line_range: range } : {}),
    },
  };
}

function numberLines(file: FileDiff): NumberedLine[] {
  const pathHash = createHash('sha1').update(file.filename).digest('hex');
  const numbered: NumberedLine[] = [];
  for (const hunk of file.hunks) {
    const header = /^@@ -(\d+)(?:,\d+)? \+(\d+)/.exec(hunk.header)!;
    let oldCounter = Number(header[1]);
    let newCounter = Number(header[2]);
    for (const line of hunk.lines) {
      numbered.push({
        oldLine: line.kind === '+' ? null : oldCounter,
        newLine: line.kind === '-' ? null : newCounter,
        lineCode: `${pathHash}_${oldCounter}_${newCounter}`,
      });
      if (line.kind !== '+') oldCounter += 1;
      if (line.kind !== '-') newCounter += 1;
    }
  }
  return numbered;
}
