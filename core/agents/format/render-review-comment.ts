import { formatCodeBlock, formatInlineCode } from '../../config/repository-config/format-markdown.js';
import { describeSkipReason, type ReviewCoverage, type SkipReason } from '../diff/chunk-changed-files.js';
import type { MaskFinding } from '../diff/mask-secrets.js';
import type { AnchoredFinding } from '../review/anchor-findings.js';
import { clampText } from '../review/extract-json-value.js';
import type { MergedReview } from '../review/merge-chunk-reviews.js';
import { stickyMarker } from '../sticky-markers.js';
import { fitCommentLength } from './fit-comment-length.js';
import { neutralizeModelOutput } from './neutralize-model-output.js';
import { type FooterInput, renderFooter } from './render-footer.js';
import { severityBadges } from './render-inline-comment.js';

/** What the sticky review comment reports. */
export interface ReviewCommentInput {
  review: MergedReview;
  coverage: ReviewCoverage;
  maskedSecrets?: readonly MaskFinding[];
  /** Set for an incremental review: the commit the reviewed changes start from. */
  sinceSha?: string;
  /** The inline comment limit, named when findings overflowed it. */
  maxInlineComments?: number;
  footer: FooterInput;
}

const maxListedSkippedPaths = 20;
const maxListedBodyCharacters = 1_500;

/**
 * The sticky summary comment of a review: summary, the findings that are not inline comments (outside the
 * diff, or over the inline limit), coverage, masked secrets, the incremental note, footer and marker.
 */
export function renderReviewComment(input: ReviewCommentInput): string {
  const { review } = input;
  const sections = ['### Switchyard review', review.summary || '_The model gave no summary._'];
  if (review.outsideDiff.length > 0) {
    sections.push(`#### Findings outside the diff\n\n${renderFindingList(review.outsideDiff)}`);
  }
  if (review.overflow.length > 0) {
    const limit =
      input.maxInlineComments === undefined
        ? 'Not posted as inline comments:'
        : `Over the limit of ${input.maxInlineComments} inline comments:`;
    sections.push(`#### More findings\n\n${limit}\n\n${renderFindingList(review.overflow)}`);
  }
  if (review.inline.length + review.outsideDiff.length + review.overflow.length === 0) {
    sections.push(review.alreadyPosted > 0 ? 'No new findings.' : 'No findings.');
  }
  const body = neutralizeModelOutput(sections.join('\n\n'));

  const notes = [renderCoverage(input.coverage)];
  if (review.alreadyPosted > 0) {
    notes.push(`Not repeated: ${plural(review.alreadyPosted, 'finding')} already commented on earlier.`);
  }
  if (review.droppedFindings > 0) {
    notes.push(`Left out: ${plural(review.droppedFindings, 'finding')} the model wrote in an invalid shape.`);
  }
  const secrets = describeMaskedSecrets(input.maskedSecrets ?? []);
  if (secrets) notes.push(`🔒 ${secrets} before the diff was sent to the model.`);
  if (input.sinceSha) notes.push(`Reviewed changes since ${formatInlineCode(input.sinceSha.slice(0, 7))}.`);

  // Paths are untrusted too: a file name could carry a forged marker.
  const tail = `\n\n${neutralizeModelOutput(notes.join('\n\n'))}\n\n---\n${renderFooter(input.footer)}\n${stickyMarker('review')}`;
  return fitCommentLength(body, { tail });
}

function renderFindingList(findings: readonly AnchoredFinding[]): string {
  return findings.map(renderListedFinding).join('\n');
}

function renderListedFinding(anchored: AnchoredFinding): string {
  const { finding } = anchored;
  const line = anchored.anchor?.line ?? finding.line;
  const location = formatInlineCode(`${finding.path}:${line}`);
  const details: string[] = [];
  if (finding.body) details.push(clampText(finding.body, maxListedBodyCharacters));
  if (finding.suggestion !== undefined) details.push(formatCodeBlock(finding.suggestion));
  const indented = details.map((detail) => indent(detail)).join('\n\n');
  return `- ${severityBadges[finding.severity]} ${location} ${finding.title}${indented ? `\n\n${indented}\n` : ''}`;
}

/** Indents every line by two spaces so that it stays inside its list item. */
function indent(text: string): string {
  return text
    .split('\n')
    .map((line) => (line ? `  ${line}` : line))
    .join('\n');
}

function renderCoverage(coverage: ReviewCoverage): string {
  const reviewed = `**Coverage:** reviewed ${coverage.reviewedFiles} of ${plural(coverage.totalFiles, 'file')}.`;
  if (coverage.skipped.length === 0) return reviewed;
  const byReason = new Map<SkipReason, string[]>();
  for (const file of coverage.skipped) {
    const paths = byReason.get(file.reason) ?? [];
    paths.push(file.path);
    byReason.set(file.reason, paths);
  }
  let budget = maxListedSkippedPaths;
  const lines = [...byReason].map(([reason, paths]) => {
    const listed = paths.slice(0, Math.max(0, budget));
    budget -= listed.length;
    const more = paths.length - listed.length;
    const names = [...listed.map(formatInlineCode), ...(more > 0 ? [`${more} more`] : [])].join(', ');
    return `- ${describeSkipReason(reason)}: ${names}`;
  });
  return `${reviewed} Skipped:\n${lines.join('\n')}`;
}

/** "2 secrets masked (github-token, private-key)", or undefined when nothing was masked. */
export function describeMaskedSecrets(findings: readonly MaskFinding[]): string | undefined {
  const total = findings.reduce((sum, finding) => sum + finding.count, 0);
  if (total === 0) return undefined;
  return `${plural(total, 'secret')} masked (${findings.map((finding) => finding.kind).join(', ')})`;
}

function plural(count: number, word: string): string {
  return `${count} ${word}${count === 1 ? '' : 's'}`;
}
