import { describe, expect, it } from '@jest/globals';
import { formatHunkHeader, parsePatch } from '../../../../core/agents/diff/parse-patch.js';
import { twoHunkPatch } from '../__fixtures__/agent-fixtures.js';

describe('parsePatch', () => {
  it('reads every hunk with its header numbers and section', () => {
    const hunks = parsePatch(twoHunkPatch);
    expect(hunks.map(({ lines: _lines, ...header }) => header)).toEqual([
      { oldStart: 1, oldLines: 3, newStart: 1, newLines: 4, section: 'import x' },
      { oldStart: 10, oldLines: 3, newStart: 11, newLines: 3, section: 'function foo() {' },
    ]);
  });

  it('numbers context lines in both files, added lines in the new one and deleted lines in the old one', () => {
    const [first] = parsePatch(twoHunkPatch);
    expect(first!.lines).toEqual([
      { kind: 'context', text: 'line one', oldLine: 1, newLine: 1 },
      { kind: 'deleted', text: 'old two', oldLine: 2 },
      { kind: 'added', text: 'new two', newLine: 2 },
      { kind: 'added', text: 'added three', newLine: 3 },
      { kind: 'context', text: 'line four', oldLine: 3, newLine: 4 },
    ]);
  });

  it('reads an omitted count as one line, as unified diffs write single-line hunks', () => {
    const [hunk] = parsePatch('@@ -5 +5 @@\n-a\n+b');
    expect(hunk).toMatchObject({ oldStart: 5, oldLines: 1, newStart: 5, newLines: 1 });
    expect(hunk!.lines.map((line) => [line.kind, line.oldLine, line.newLine])).toEqual([
      ['deleted', 5, undefined],
      ['added', undefined, 5],
    ]);
  });

  it('marks the line before "\\ No newline at end of file" instead of reading it as a line', () => {
    const [hunk] = parsePatch(
      '@@ -1,1 +1,1 @@\n-old\n\\ No newline at end of file\n+new\n\\ No newline at end of file',
    );
    expect(hunk!.lines).toEqual([
      { kind: 'deleted', text: 'old', oldLine: 1, noNewlineAtEnd: true },
      { kind: 'added', text: 'new', newLine: 1, noNewlineAtEnd: true },
    ]);
  });

  it('ignores the diff --git and ---/+++ header before the first hunk', () => {
    const hunks = parsePatch(`diff --git a/x b/x\nindex 1..2 100644\n--- a/x\n+++ b/x\n${twoHunkPatch}`);
    expect(hunks).toHaveLength(2);
    expect(hunks[0]!.lines[0]).toEqual({ kind: 'context', text: 'line one', oldLine: 1, newLine: 1 });
  });

  it('reads an empty line inside a hunk as a context line whose space was stripped, but not a trailing newline', () => {
    const [hunk] = parsePatch('@@ -1,3 +1,3 @@\n a\n\n c\n');
    expect(hunk!.lines.map((line) => [line.kind, line.text, line.newLine])).toEqual([
      ['context', 'a', 1],
      ['context', '', 2],
      ['context', 'c', 3],
    ]);
  });

  it('skips a malformed hunk header and the lines under it', () => {
    const hunks = parsePatch('@@ garbage @@\n+lost\n@@ -1 +1 @@\n+kept');
    expect(hunks).toHaveLength(1);
    expect(hunks[0]!.lines).toEqual([{ kind: 'added', text: 'kept', newLine: 1 }]);
  });

  it('gives no hunks for an empty patch', () => {
    expect(parsePatch('')).toEqual([]);
  });

  it('writes a hunk header back in unified diff form', () => {
    expect(parsePatch(twoHunkPatch).map(formatHunkHeader)).toEqual([
      '@@ -1,3 +1,4 @@ import x',
      '@@ -10,3 +11,3 @@ function foo() {',
    ]);
  });
});
