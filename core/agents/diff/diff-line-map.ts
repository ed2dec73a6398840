import type { ChangedFile } from '../pull-request-platform.js';
import { parsePatch } from './parse-patch.js';

/** The side of a diff a comment sits on: `RIGHT` the new file, `LEFT` the old one. */
export type DiffSide = 'LEFT' | 'RIGHT';

/** A line a review comment can be anchored to. */
export interface DiffLine {
  /** Index of the hunk in the file's patch: a multi-line comment must start and end in the same one. */
  hunk: number;
  text: string;
}

/** Answers "can a comment sit on (path, side, line) of this diff", as GitHub and GitLab decide it. */
export interface DiffLineMap {
  /** The anchorable line, or undefined when it is not part of the diff. */
  lookup(path: string, side: DiffSide, line: number): DiffLine | undefined;
  /** True when a comment can be anchored to the line: RIGHT for added or context lines, LEFT for deleted ones. */
  isCommentable(path: string, side: DiffSide, line: number): boolean;
  /** The text of an anchorable line (without its diff prefix). */
  lineText(path: string, side: DiffSide, line: number): string | undefined;
  /** True when the file has at least one hunk in the diff. */
  hasFile(path: string): boolean;
}

/** Builds the line map of the files' patches (files without a patch have no commentable lines). */
export function createDiffLineMap(files: ReadonlyArray<Pick<ChangedFile, 'path' | 'patch'>>): DiffLineMap {
  const lines = new Map<string, DiffLine>();
  const paths = new Set<string>();
  for (const file of files) {
    if (!file.patch) continue;
    const hunks = parsePatch(file.patch);
    if (hunks.length > 0) paths.add(file.path);
    hunks.forEach((hunk, index) => {
      for (const line of hunk.lines) {
        const entry = { hunk: index, text: line.text };
        if (line.newLine !== undefined) lines.set(key(file.path, 'RIGHT', line.newLine), entry);
        if (line.kind === 'deleted' && line.oldLine !== undefined) {
          lines.set(key(file.path, 'LEFT', line.oldLine), entry);
        }
      }
    });
  }
  const lookup = (path: string, side: DiffSide, line: number) => lines.get(key(path, side, line));
  return {
    lookup,
    isCommentable: (path, side, line) => lookup(path, side, line) !== undefined,
    lineText: (path, side, line) => lookup(path, side, line)?.text,
    hasFile: (path) => paths.has(path),
  };
}

function key(path: string, side: DiffSide, line: number): string {
  return `${side}:${line}:${path}`;
}
