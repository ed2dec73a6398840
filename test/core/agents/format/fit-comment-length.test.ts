import { describe, expect, it } from '@jest/globals';
import { fitCommentLength, maxCommentLength } from '../../../../core/agents/format/fit-comment-length.js';

describe('fitCommentLength', () => {
  it('returns body and tail unchanged when they fit', () => {
    expect(fitCommentLength('body', { tail: '\ntail' })).toBe('body\ntail');
  });

  it("cuts a long body to GitHub's limit with a visible note and keeps the tail whole", () => {
    const body = Array.from({ length: 5_000 }, (_, index) => `line ${index} ${'x'.repeat(20)}`).join('\n');
    const tail = '\n---\nfooter\n<!-- switchyard:review -->';
    const fitted = fitCommentLength(body, { tail });
    expect(fitted.length).toBeLessThanOrEqual(maxCommentLength);
    expect(fitted.endsWith(tail)).toBe(true);
    expect(fitted).toMatch(/> \*\*Note:\*\* [\d,]+ characters were cut to fit the comment size limit\./);
    expect(body.startsWith(fitted.slice(0, fitted.indexOf('\n\n> **Note:**')))).toBe(true);
  });

  it('closes a code block left open by the cut', () => {
    const body = `intro\n\`\`\`\`ts\n${'const a = 1;\n'.repeat(100)}\`\`\`\`\nafter`;
    const fitted = fitCommentLength(body, { maxLength: 600 });
    expect(fitted.length).toBeLessThanOrEqual(600);
    const beforeNote = fitted.slice(0, fitted.indexOf('\n\n> **Note:**'));
    expect(beforeNote.endsWith('\n````')).toBe(true);
  });

  it('never leaves half a surrogate pair', () => {
    const fitted = fitCommentLength('😀'.repeat(1_000), { maxLength: 301 });
    expect(fitted.length).toBeLessThanOrEqual(301);
    expect(fitted).not.toMatch(/[\ud800-\udbff](?![\udc00-\udfff])/);
  });
});
