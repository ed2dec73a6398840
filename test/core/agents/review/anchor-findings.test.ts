import { describe, expect, it } from '@jest/globals';
import { createDiffLineMap } from '../../../../core/agents/diff/diff-line-map.js';
import { anchorFindings } from '../../../../core/agents/review/anchor-findings.js';
import { fingerprintFinding } from '../../../../core/agents/review/fingerprint-finding.js';
import { changedFile, reviewFinding } from '../__fixtures__/agent-fixtures.js';

const lineMap = createDiffLineMap([changedFile()]);

describe('anchorFindings', () => {
  it('makes a finding on a commentable line an inline comment', () => {
    const { inline, summaryOnly } = anchorFindings([reviewFinding({ line: 3 })], lineMap);
    expect(inline.map((finding) => finding.anchor)).toEqual([{ side: 'RIGHT', line: 3 }]);
    expect(summaryOnly).toEqual([]);
  });

  it('keeps a finding on a line outside the diff for the summary instead of dropping it', () => {
    const outside = [
      reviewFinding({ line: 7 }),
      reviewFinding({ path: 'src/other.ts' }),
      reviewFinding({ side: 'LEFT', line: 3 }),
    ];
    const { inline, summaryOnly } = anchorFindings(outside, lineMap);
    expect(inline).toEqual([]);
    expect(summaryOnly.map((anchored) => anchored.finding)).toEqual(outside);
    expect(summaryOnly.every((anchored) => anchored.anchor === undefined)).toBe(true);
  });

  it('anchors a finding on a deleted line to the left side', () => {
    const { inline } = anchorFindings([reviewFinding({ side: 'LEFT', line: 2 })], lineMap);
    expect(inline[0]!.anchor).toEqual({ side: 'LEFT', line: 2 });
  });

  it('keeps a range whose ends are in the same hunk', () => {
    const { inline } = anchorFindings([reviewFinding({ line: 1, endLine: 4 })], lineMap);
    expect(inline[0]!.anchor).toEqual({ side: 'RIGHT', line: 4, startLine: 1 });
  });

  it('collapses a range across hunks to its end line, or to its start line when only that is in the diff', () => {
    const { inline } = anchorFindings(
      [
        reviewFinding({ line: 3, endLine: 12 }),
        reviewFinding({ line: 4, endLine: 8 }),
        reviewFinding({ line: 6, endLine: 8 }),
      ],
      lineMap,
    );
    expect(inline.map((finding) => finding.anchor)).toEqual([
      { side: 'RIGHT', line: 12 },
      { side: 'RIGHT', line: 4 },
    ]);
  });

  it('fingerprints with the anchored line text, so the number of the line does not matter', () => {
    const { inline, summaryOnly } = anchorFindings(
      [reviewFinding({ line: 3 }), reviewFinding({ line: 7 })],
      lineMap,
    );
    expect(inline[0]!.fingerprint).toBe(
      fingerprintFinding({ path: 'src/app.ts', title: 'Null dereference', lineText: 'added three' }),
    );
    expect(summaryOnly[0]!.fingerprint).toBe(
      fingerprintFinding({ path: 'src/app.ts', title: 'Null dereference', lineText: '' }),
    );
    const shifted = createDiffLineMap([changedFile({ patch: '@@ -40,1 +41,2 @@\n line one\n+added three' })]);
    expect(anchorFindings([reviewFinding({ line: 42 })], shifted).inline[0]!.fingerprint).toBe(
      inline[0]!.fingerprint,
    );
  });
});
