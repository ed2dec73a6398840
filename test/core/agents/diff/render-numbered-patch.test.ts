import { describe, expect, it } from '@jest/globals';
import { parsePatch } from '../../../../core/agents/diff/parse-patch.js';
import {
  renderNumberedFile,
  renderNumberedPatch,
} from '../../../../core/agents/diff/render-numbered-patch.js';
import { twoHunkPatch } from '../__fixtures__/agent-fixtures.js';

describe('renderNumberedPatch', () => {
  it('puts the new line number before added and context lines and none before deleted lines', () => {
    expect(renderNumberedPatch(parsePatch(twoHunkPatch))).toBe(
      [
        '@@ -1,3 +1,4 @@ import x',
        '   1   line one',
        '     - old two',
        '   2 + new two',
        '   3 + added three',
        '   4   line four',
        '@@ -10,3 +11,3 @@ function foo() {',
        '  11   ten',
        '     - eleven',
        '  12 + eleven!',
        '  13   twelve',
      ].join('\n'),
    );
  });

  it('widens the number column for files past line 9999', () => {
    const rendered = renderNumberedPatch(parsePatch('@@ -12344,1 +12345,1 @@\n-a\n+b'));
    expect(rendered.split('\n').slice(1)).toEqual(['      - a', '12345 + b']);
  });
});

describe('renderNumberedFile', () => {
  it('heads the patch with the path, the status, the old path and the part', () => {
    const rendered = renderNumberedFile(
      { path: 'src/new.ts', previousPath: 'src/old.ts', status: 'renamed' },
      parsePatch('@@ -1 +1 @@\n-a\n+b'),
      { index: 2, count: 3 },
    );
    expect(rendered.split('\n')[0]).toBe('File: src/new.ts (renamed; from src/old.ts; part 2 of 3)');
  });

  it('leaves out the part of a file that was not split', () => {
    const rendered = renderNumberedFile({ path: 'a.ts', status: 'added' }, [], { index: 1, count: 1 });
    expect(rendered.split('\n')[0]).toBe('File: a.ts (added)');
  });
});
