import { describe, expect, it } from '@jest/globals';
import type { InlineComment } from '../../../core/agents/pull-request-platform.js';
import { findAnchorableComments } from '../../../integrations/github/find-anchorable-comments.js';

const patch = [
  '@@ -1,3 +1,4 @@',
  ' import a from "a";',
  '-const b = 1;',
  '+const b = 2;',
  '+const c = 3;',
  ' export { b };',
  '@@ -20,2 +21,2 @@ function tail() {',
  '-  return 1;',
  '+  return 2;',
  ' }',
  '\\ No newline at end of file',
].join('\n');

function comment(line: number, extra: Partial<InlineComment> = {}): InlineComment {
  return { path: 'src/b.ts', line, side: 'RIGHT', body: `at ${line}`, fingerprint: String(line), ...extra };
}

describe('findAnchorableComments', () => {
  const patches = [{ path: 'src/b.ts', patch }, { path: 'logo.png' }];

  it('accepts added and context lines on the right, deleted lines on the left', () => {
    const comments = [
      comment(1),
      comment(3),
      comment(4),
      comment(22),
      comment(2, { side: 'LEFT' }),
      comment(20, { side: 'LEFT' }),
    ];
    expect(findAnchorableComments(comments, patches)).toEqual({ anchorable: comments, rejected: [] });
  });

  it('refuses lines outside the hunks, files outside the diff or without a patch, and ranges across hunks', () => {
    const outside = [
      comment(10),
      comment(5),
      comment(4, { side: 'LEFT' }),
      comment(1, { path: 'README.md' }),
      comment(1, { path: 'logo.png' }),
      comment(22, { startLine: 3 }),
      comment(3, { startLine: 4 }),
    ];
    const inside = comment(4, { startLine: 2 });
    expect(findAnchorableComments([...outside, inside], patches)).toEqual({
      anchorable: [inside],
      rejected: outside,
    });
  });
});
