import { describe, expect, it } from '@jest/globals';
import { maxCommentLength } from '../../../../core/agents/format/fit-comment-length.js';
import {
  describeMaskedSecrets,
  type ReviewCommentInput,
  renderReviewComment,
} from '../../../../core/agents/format/render-review-comment.js';
import type { MergedReview } from '../../../../core/agents/review/merge-chunk-reviews.js';
import { stickyMarker } from '../../../../core/agents/sticky-markers.js';
import { anchoredFinding } from '../__fixtures__/agent-fixtures.js';

function review(overrides: Partial<MergedReview> = {}): MergedReview {
  return {
    summary: 'Adds retries; one bug.',
    inline: [anchoredFinding()],
    outsideDiff: [],
    overflow: [],
    alreadyPosted: 0,
    droppedFindings: 0,
    ...overrides,
  };
}

function input(overrides: Partial<ReviewCommentInput> = {}): ReviewCommentInput {
  return {
    review: review(),
    coverage: { totalFiles: 3, reviewedFiles: 3, skipped: [] },
    footer: { calls: [] },
    ...overrides,
  };
}

describe('renderReviewComment', () => {
  it('shows heading, summary, coverage and footer, and ends with the sticky marker', () => {
    const body = renderReviewComment(input());
    expect(body.startsWith('### Switchyard review\n\nAdds retries; one bug.')).toBe(true);
    expect(body).toContain('**Coverage:** reviewed 3 of 3 files.');
    expect(body).toContain('<sub>Switchyard · no model calls</sub>');
    expect(body.endsWith(`\n${stickyMarker('review')}`)).toBe(true);
  });

  it('lists findings outside the diff with severity and path:line, and findings over the inline limit', () => {
    const body = renderReviewComment(
      input({
        review: review({
          outsideDiff: [
            anchoredFinding({ title: 'Outside', line: 70, severity: 'critical' }, { anchor: undefined }),
          ],
          overflow: [anchoredFinding({ title: 'Extra', line: 12, severity: 'nit', suggestion: 'fix();' })],
        }),
        maxInlineComments: 20,
      }),
    );
    expect(body).toContain('#### Findings outside the diff\n\n- 🔴 **Critical** `src/app.ts:70` Outside');
    expect(body).toContain(
      '#### More findings\n\nOver the limit of 20 inline comments:\n\n- ⚪ **Nit** `src/app.ts:12` Extra',
    );
    expect(body).toContain('  ```\n  fix();\n  ```');
  });

  it('groups skipped files by reason in plain English', () => {
    const body = renderReviewComment(
      input({
        coverage: {
          totalFiles: 5,
          reviewedFiles: 2,
          skipped: [
            { path: 'yarn.lock', reason: 'excluded' },
            { path: 'logo.png', reason: 'binary-or-no-diff' },
            { path: 'Cargo.lock', reason: 'excluded' },
          ],
        },
      }),
    );
    expect(body).toContain(
      '**Coverage:** reviewed 2 of 5 files. Skipped:\n' +
        '- excluded by `paths` in .switchyard.yml: `yarn.lock`, `Cargo.lock`\n' +
        '- binary, or no diff from the platform: `logo.png`',
    );
  });

  it('caps the skipped list and says how many more there are', () => {
    const skipped = Array.from({ length: 30 }, (_, index) => ({
      path: `f${index}.bin`,
      reason: 'binary-or-no-diff' as const,
    }));
    const body = renderReviewComment(input({ coverage: { totalFiles: 30, reviewedFiles: 0, skipped } }));
    expect(body).toContain('`f19.bin`, 10 more');
    expect(body).not.toContain('`f20.bin`');
  });

  it('notes masked secrets, the incremental base, repeated and dropped findings', () => {
    const body = renderReviewComment(
      input({
        review: review({ alreadyPosted: 2, droppedFindings: 1 }),
        maskedSecrets: [
          { kind: 'github-token', count: 1 },
          { kind: 'private-key', count: 1 },
        ],
        sinceSha: 'abc1234def5678',
      }),
    );
    expect(body).toContain(
      '🔒 2 secrets masked (github-token, private-key) before the diff was sent to the model.',
    );
    expect(body).toContain('Reviewed changes since `abc1234`.');
    expect(body).toContain('Not repeated: 2 findings already commented on earlier.');
    expect(body).toContain('Left out: 1 finding the model wrote in an invalid shape.');
  });

  it('says so when there are no findings', () => {
    expect(renderReviewComment(input({ review: review({ inline: [] }) }))).toContain('\n\nNo findings.');
    expect(renderReviewComment(input({ review: review({ inline: [], alreadyPosted: 1 }) }))).toContain(
      'No new findings.',
    );
  });

  it('neutralizes a summary that forges the sticky marker or mentions people', () => {
    const body = renderReviewComment(
      input({ review: review({ summary: `${stickyMarker('review')} @everyone` }) }),
    );
    expect(body.split(stickyMarker('review'))).toHaveLength(2);
    expect(body).toContain('@\u200beveryone');
  });

  it("stays under GitHub's comment limit with the footer and marker intact", () => {
    const body = renderReviewComment(
      input({
        review: review({
          overflow: Array.from({ length: 200 }, (_, index) =>
            anchoredFinding({ title: `Finding ${index}`, body: 'b'.repeat(1_400) }),
          ),
        }),
      }),
    );
    expect(body.length).toBeLessThanOrEqual(maxCommentLength);
    expect(body).toContain('characters were cut to fit the comment size limit');
    expect(body.endsWith(stickyMarker('review'))).toBe(true);
  });
});

describe('describeMaskedSecrets', () => {
  it('counts secrets and names their kinds, or says nothing when none were masked', () => {
    expect(describeMaskedSecrets([{ kind: 'jwt', count: 3 }])).toBe('3 secrets masked (jwt)');
    expect(describeMaskedSecrets([{ kind: 'jwt', count: 1 }])).toBe('1 secret masked (jwt)');
    expect(describeMaskedSecrets([])).toBeUndefined();
  });
});
