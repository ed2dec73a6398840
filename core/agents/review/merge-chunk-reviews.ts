import type { AnchoredFinding, AnchoredFindings } from './anchor-findings.js';
import { clampText } from './extract-json-value.js';
import { type FindingSeverity, findingSeverityNames } from './parse-review-output.js';

/** The review of one chunk, parsed and anchored. */
export interface ChunkReviewResult {
  summary: string;
  findings: AnchoredFindings;
  droppedFindings: number;
}

/** How many inline comments a review may post, and which were posted before. */
export interface MergeOptions {
  /** `review.maxInlineComments`: findings past it are listed in the summary comment instead. */
  maxInlineComments: number;
  /** `review.inlineComments`: false lists every finding in the summary comment. */
  inlineComments?: boolean;
  /** Fingerprints already posted on the pull request (`ResultSink.listPostedFingerprints`): not repeated. */
  postedFingerprints?: ReadonlySet<string>;
}

/** The review of a whole pull request. */
export interface MergedReview {
  summary: string;
  /** To post as inline comments, worst first. */
  inline: AnchoredFinding[];
  /** On lines outside the diff: listed in the summary comment. */
  outsideDiff: AnchoredFinding[];
  /** Anchorable, but over the inline limit (or inline comments are off): listed in the summary comment. */
  overflow: AnchoredFinding[];
  /** Inline findings left out because an earlier review posted them already. */
  alreadyPosted: number;
  droppedFindings: number;
}

const maxSummaryCharacters = 8_000;
const severityRank = new Map<FindingSeverity, number>(
  findingSeverityNames.map((name, index) => [name, index]),
);

/**
 * Merges chunk reviews: findings are deduplicated by fingerprint (an inline one wins over a summary-only
 * one, then the worse severity), ordered by severity then path and line, and capped at the inline limit.
 */
export function mergeChunkReviews(
  reviews: readonly ChunkReviewResult[],
  options: MergeOptions,
): MergedReview {
  const byFingerprint = new Map<string, AnchoredFinding>();
  for (const review of reviews) {
    for (const finding of [...review.findings.inline, ...review.findings.summaryOnly]) {
      const existing = byFingerprint.get(finding.fingerprint);
      if (!existing || isPreferred(finding, existing)) byFingerprint.set(finding.fingerprint, finding);
    }
  }
  const findings = [...byFingerprint.values()].sort(compareFindings);
  const posted = options.postedFingerprints ?? new Set<string>();
  const anchored = findings.filter((finding) => finding.anchor);
  const fresh = anchored.filter((finding) => !posted.has(finding.fingerprint));
  const limit = options.inlineComments === false ? 0 : Math.max(0, options.maxInlineComments);
  return {
    summary: combineSummaries(reviews.map((review) => review.summary)),
    inline: fresh.slice(0, limit),
    outsideDiff: findings.filter((finding) => !finding.anchor),
    overflow: fresh.slice(limit),
    alreadyPosted: anchored.length - fresh.length,
    droppedFindings: reviews.reduce((total, review) => total + review.droppedFindings, 0),
  };
}

function isPreferred(candidate: AnchoredFinding, existing: AnchoredFinding): boolean {
  if (Boolean(candidate.anchor) !== Boolean(existing.anchor)) return Boolean(candidate.anchor);
  return rank(candidate) < rank(existing);
}

function rank(finding: AnchoredFinding): number {
  return severityRank.get(finding.finding.severity) ?? findingSeverityNames.length;
}

/** Worst first, then by path and line, so the order of a review does not depend on chunking. */
export function compareFindings(left: AnchoredFinding, right: AnchoredFinding): number {
  return (
    rank(left) - rank(right) ||
    (left.finding.path < right.finding.path ? -1 : left.finding.path > right.finding.path ? 1 : 0) ||
    (left.anchor?.line ?? left.finding.line) - (right.anchor?.line ?? right.finding.line)
  );
}

function combineSummaries(summaries: readonly string[]): string {
  const distinct = [...new Set(summaries.map((summary) => summary.trim()).filter(Boolean))];
  return clampText(distinct.join('\n\n'), maxSummaryCharacters);
}
