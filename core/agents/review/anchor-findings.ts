import type { DiffLineMap, DiffSide } from '../diff/diff-line-map.js';
import { fingerprintFinding } from './fingerprint-finding.js';
import type { ReviewFinding } from './parse-review-output.js';

/** A finding with its fingerprint and where it goes: inline on the diff, or in the summary's list. */
export interface AnchoredFinding {
  finding: ReviewFinding;
  fingerprint: string;
  /** Set when the finding can be an inline comment. */
  anchor?: {
    side: DiffSide;
    /** The (last) line the comment sits on. */
    line: number;
    /** First line of a multi-line comment, in the same hunk. */
    startLine?: number;
  };
}

/** Findings split by where they can be posted. */
export interface AnchoredFindings {
  inline: AnchoredFinding[];
  /** Findings on lines outside the diff: they go into the summary comment, never dropped. */
  summaryOnly: AnchoredFinding[];
}

/**
 * Anchors findings to the diff. A range stays a range only when both ends are commentable in the same hunk;
 * otherwise it collapses to its end line, or to its start line when only that one is in the diff.
 */
export function anchorFindings(findings: readonly ReviewFinding[], lineMap: DiffLineMap): AnchoredFindings {
  const result: AnchoredFindings = { inline: [], summaryOnly: [] };
  for (const finding of findings) {
    const anchor = anchorOf(finding, lineMap);
    const lineText = anchor ? (lineMap.lineText(finding.path, anchor.side, anchor.line) ?? '') : '';
    const fingerprint = fingerprintFinding({ path: finding.path, title: finding.title, lineText });
    if (anchor) result.inline.push({ finding, fingerprint, anchor });
    else result.summaryOnly.push({ finding, fingerprint });
  }
  return result;
}

function anchorOf(finding: ReviewFinding, lineMap: DiffLineMap): AnchoredFinding['anchor'] {
  const { path, side } = finding;
  const start = lineMap.lookup(path, side, finding.line);
  if (finding.endLine === undefined) return start ? { side, line: finding.line } : undefined;
  const end = lineMap.lookup(path, side, finding.endLine);
  if (start && end && start.hunk === end.hunk)
    return { side, line: finding.endLine, startLine: finding.line };
  if (end) return { side, line: finding.endLine };
  if (start) return { side, line: finding.line };
  return undefined;
}
