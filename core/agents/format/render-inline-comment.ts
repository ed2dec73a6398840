import { formatCodeBlock } from '../../config/repository-config/format-markdown.js';
import type { InlineComment } from '../pull-request-platform.js';
import type { AnchoredFinding } from '../review/anchor-findings.js';
import { renderFindingMarker } from '../review/fingerprint-finding.js';
import type { FindingSeverity } from '../review/parse-review-output.js';
import { fitCommentLength } from './fit-comment-length.js';
import { neutralizeModelOutput } from './neutralize-model-output.js';

/** How the platform spells an applicable suggestion: GitHub's ```` ```suggestion ```` or GitLab's `suggestion:-N+0`. */
export type SuggestionSyntax = 'github' | 'gitlab';

/** The badge each severity is shown with. */
export const severityBadges: Record<FindingSeverity, string> = {
  critical: '🔴 **Critical**',
  major: '🟠 **Major**',
  minor: '🟡 **Minor**',
  nit: '⚪ **Nit**',
};

/**
 * The Markdown of an inline comment: severity badge and title, body, an applicable suggestion (right side
 * only; on removed lines it is shown as plain code), and the finding's hidden fingerprint marker last.
 */
export function renderInlineComment(
  finding: AnchoredFinding,
  options: { suggestionSyntax?: SuggestionSyntax } = {},
): string {
  const { title, body, suggestion } = finding.finding;
  const parts = [`${severityBadges[finding.finding.severity]} · ${title}`];
  if (body) parts.push(body);
  if (suggestion !== undefined) parts.push(renderSuggestion(finding, suggestion, options.suggestionSyntax));
  return fitCommentLength(neutralizeModelOutput(parts.join('\n\n')), {
    tail: `\n\n${renderFindingMarker(finding.fingerprint)}`,
  });
}

function renderSuggestion(
  finding: AnchoredFinding,
  suggestion: string,
  syntax: SuggestionSyntax = 'github',
): string {
  const anchor = finding.anchor;
  if (anchor?.side !== 'RIGHT') return formatCodeBlock(suggestion);
  if (syntax === 'github') return formatCodeBlock(suggestion, 'suggestion');
  const linesAbove = anchor.startLine === undefined ? 0 : anchor.line - anchor.startLine;
  return formatCodeBlock(suggestion, `suggestion:-${linesAbove}+0`);
}

/** The inline comment to post for an anchored finding; throws for a finding without an anchor. */
export function toInlineComment(
  finding: AnchoredFinding,
  options: { suggestionSyntax?: SuggestionSyntax } = {},
): InlineComment {
  const anchor = finding.anchor;
  if (!anchor) throw new Error(`finding ${finding.fingerprint} is not anchored to the diff`);
  const comment: InlineComment = {
    path: finding.finding.path,
    line: anchor.line,
    side: anchor.side,
    body: renderInlineComment(finding, options),
    fingerprint: finding.fingerprint,
  };
  if (anchor.startLine !== undefined) comment.startLine = anchor.startLine;
  return comment;
}
