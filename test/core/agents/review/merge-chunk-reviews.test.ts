import { describe, expect, it } from '@jest/globals';
import type { AnchoredFinding } from '../../../../core/agents/review/anchor-findings.js';
import {
  type ChunkReviewResult,
  mergeChunkReviews,
} from '../../../../core/agents/review/merge-chunk-reviews.js';
import { anchoredFinding } from '../__fixtures__/agent-fixtures.js';

function chunk(
  inline: AnchoredFinding[],
  summaryOnly: AnchoredFinding[] = [],
  summary = 'ok',
  dropped = 0,
): ChunkReviewResult {
  return { summary, findings: { inline, summaryOnly }, droppedFindings: dropped };
}

const titles = (findings: readonly AnchoredFinding[]) => findings.map((finding) => finding.finding.title);

describe('mergeChunkReviews', () => {
  it('orders findings by severity, then path, then line', () => {
    const merged = mergeChunkReviews(
      [
        chunk([
          anchoredFinding({ title: 'nit b', severity: 'nit', path: 'b.ts' }),
          anchoredFinding({ title: 'major b', severity: 'major', path: 'b.ts' }),
        ]),
        chunk([
          anchoredFinding({ title: 'major a 9', severity: 'major', path: 'a.ts', line: 9 }),
          anchoredFinding({ title: 'major a 2', severity: 'major', path: 'a.ts', line: 2 }),
          anchoredFinding({ title: 'critical z', severity: 'critical', path: 'z.ts' }),
        ]),
      ],
      { maxInlineComments: 20 },
    );
    expect(titles(merged.inline)).toEqual(['critical z', 'major a 2', 'major a 9', 'major b', 'nit b']);
  });

  it('deduplicates by fingerprint, preferring an inline finding and then the worse severity', () => {
    const summaryOnly = anchoredFinding(
      { title: 'same', severity: 'critical' },
      { fingerprint: 'aaaaaaaaaaaaaaaa', anchor: undefined },
    );
    const minor = anchoredFinding({ title: 'same', severity: 'minor' }, { fingerprint: 'aaaaaaaaaaaaaaaa' });
    const major = anchoredFinding({ title: 'same', severity: 'major' }, { fingerprint: 'aaaaaaaaaaaaaaaa' });
    const merged = mergeChunkReviews([chunk([], [summaryOnly]), chunk([minor]), chunk([major])], {
      maxInlineComments: 5,
    });
    expect(merged.inline).toEqual([major]);
    expect(merged.outsideDiff).toEqual([]);
  });

  it('lists findings over the inline limit in the summary instead', () => {
    const findings = ['one', 'two', 'three'].map((title, index) =>
      anchoredFinding({ title, line: index + 1 }),
    );
    const merged = mergeChunkReviews([chunk(findings)], { maxInlineComments: 2 });
    expect(titles(merged.inline)).toEqual(['one', 'two']);
    expect(titles(merged.overflow)).toEqual(['three']);
  });

  it('lists every finding in the summary when inline comments are off', () => {
    const merged = mergeChunkReviews([chunk([anchoredFinding()])], {
      maxInlineComments: 20,
      inlineComments: false,
    });
    expect(merged.inline).toEqual([]);
    expect(merged.overflow).toHaveLength(1);
  });

  it('keeps findings outside the diff apart from inline ones', () => {
    const outside = anchoredFinding({ title: 'outside' }, { anchor: undefined });
    const merged = mergeChunkReviews([chunk([anchoredFinding()], [outside])], { maxInlineComments: 20 });
    expect(titles(merged.outsideDiff)).toEqual(['outside']);
    expect(merged.inline).toHaveLength(1);
  });

  it('does not repeat findings posted by an earlier review, and counts them', () => {
    const posted = anchoredFinding({ title: 'posted' });
    const fresh = anchoredFinding({ title: 'fresh' });
    const merged = mergeChunkReviews([chunk([posted, fresh])], {
      maxInlineComments: 1,
      postedFingerprints: new Set([posted.fingerprint]),
    });
    expect(titles(merged.inline)).toEqual(['fresh']);
    expect(merged.overflow).toEqual([]);
    expect(merged.alreadyPosted).toBe(1);
  });

  it('combines distinct chunk summaries and adds up dropped findings', () => {
    const merged = mergeChunkReviews(
      [chunk([], [], 'First part.', 1), chunk([], [], ' First part. ', 2), chunk([], [], 'Second.')],
      {
        maxInlineComments: 20,
      },
    );
    expect(merged.summary).toBe('First part.\n\nSecond.');
    expect(merged.droppedFindings).toBe(3);
  });
});
