import { describe, expect, it } from '@jest/globals';
import { createDiffLineMap } from '../../../../core/agents/diff/diff-line-map.js';
import { changedFile } from '../__fixtures__/agent-fixtures.js';

describe('createDiffLineMap', () => {
  const map = createDiffLineMap([changedFile(), changedFile({ path: 'logo.png', patch: undefined })]);

  it('makes added and context lines commentable on the right side', () => {
    for (const line of [1, 2, 3, 4, 11, 12, 13])
      expect(map.isCommentable('src/app.ts', 'RIGHT', line)).toBe(true);
  });

  it('makes lines between hunks and past the end not commentable', () => {
    for (const line of [0, 5, 10, 14]) expect(map.isCommentable('src/app.ts', 'RIGHT', line)).toBe(false);
  });

  it('makes only deleted lines commentable on the left side', () => {
    expect(map.isCommentable('src/app.ts', 'LEFT', 2)).toBe(true);
    expect(map.isCommentable('src/app.ts', 'LEFT', 11)).toBe(true);
    expect(map.isCommentable('src/app.ts', 'LEFT', 1)).toBe(false);
    expect(map.isCommentable('src/app.ts', 'LEFT', 3)).toBe(false);
  });

  it('gives the text of a line on either side', () => {
    expect(map.lineText('src/app.ts', 'RIGHT', 3)).toBe('added three');
    expect(map.lineText('src/app.ts', 'LEFT', 2)).toBe('old two');
    expect(map.lineText('src/app.ts', 'RIGHT', 5)).toBeUndefined();
  });

  it('tells which hunk a line belongs to', () => {
    expect(map.lookup('src/app.ts', 'RIGHT', 4)?.hunk).toBe(0);
    expect(map.lookup('src/app.ts', 'RIGHT', 11)?.hunk).toBe(1);
  });

  it('knows no lines of files without a patch or outside the change', () => {
    expect(map.hasFile('src/app.ts')).toBe(true);
    expect(map.hasFile('logo.png')).toBe(false);
    expect(map.isCommentable('logo.png', 'RIGHT', 1)).toBe(false);
    expect(map.isCommentable('src/other.ts', 'RIGHT', 1)).toBe(false);
  });
});
