import type { ChangedFile } from '../pull-request-platform.js';
import { formatHunkHeader, type PatchHunk, type PatchLine } from './parse-patch.js';

const minimumNumberWidth = 4;

/** Which part of a file's hunks a chunk carries, when the file was split at hunk boundaries. */
export interface FilePart {
  /** 1-based. */
  index: number;
  count: number;
}

/**
 * Renders hunks for the model with the new file's line number in front of every added and context line
 * (`  42 + code`, `  43   code`) and none in front of deleted lines (`     - old`), so that the model cites
 * real line numbers instead of counting from the hunk header.
 */
export function renderNumberedPatch(hunks: readonly PatchHunk[]): string {
  const width = Math.max(minimumNumberWidth, String(largestNewLine(hunks)).length);
  const output: string[] = [];
  for (const hunk of hunks) {
    output.push(formatHunkHeader(hunk));
    for (const line of hunk.lines) output.push(renderLine(line, width));
  }
  return output.join('\n');
}

/** A file's heading (path, status, old path, part) followed by its numbered hunks. */
export function renderNumberedFile(
  file: Pick<ChangedFile, 'path' | 'previousPath' | 'status'>,
  hunks: readonly PatchHunk[],
  part?: FilePart,
): string {
  return `${renderFileHeading(file, part)}\n${renderNumberedPatch(hunks)}`;
}

/** `File: src/app.ts (renamed from src/main.ts; part 2 of 3)`. */
export function renderFileHeading(
  file: Pick<ChangedFile, 'path' | 'previousPath' | 'status'>,
  part?: FilePart,
): string {
  const details: string[] = [file.status];
  if (file.previousPath && file.previousPath !== file.path) details.push(`from ${file.previousPath}`);
  if (part && part.count > 1) details.push(`part ${part.index} of ${part.count}`);
  return `File: ${file.path} (${details.join('; ')})`;
}

function renderLine(line: PatchLine, width: number): string {
  const marker = line.kind === 'added' ? '+' : line.kind === 'deleted' ? '-' : ' ';
  const number = line.kind === 'deleted' ? '' : String(line.newLine);
  return `${number.padStart(width)} ${marker} ${line.text}`;
}

function largestNewLine(hunks: readonly PatchHunk[]): number {
  let largest = 0;
  for (const hunk of hunks) largest = Math.max(largest, hunk.newStart + hunk.newLines);
  return largest;
}
