import type { ChangedFile } from '../../../../core/agents/pull-request-platform.js';
import type { AnchoredFinding } from '../../../../core/agents/review/anchor-findings.js';
import type { ReviewFinding } from '../../../../core/agents/review/parse-review-output.js';

/**
 * Two hunks: lines 1-4 of the new file (line 2 replaced, line 3 added) and lines 11-13 (line 12 replaced);
 * old lines 2 and 11 are deleted.
 */
export const twoHunkPatch = [
  '@@ -1,3 +1,4 @@ import x',
  ' line one',
  '-old two',
  '+new two',
  '+added three',
  ' line four',
  '@@ -10,3 +11,3 @@ function foo() {',
  ' ten',
  '-eleven',
  '+eleven!',
  ' twelve',
].join('\n');

/** A modified file with `twoHunkPatch`, or what `overrides` says. */
export function changedFile(overrides: Partial<ChangedFile> = {}): ChangedFile {
  return {
    path: 'src/app.ts',
    status: 'modified',
    additions: 3,
    deletions: 2,
    patch: twoHunkPatch,
    ...overrides,
  };
}

/** A patch adding `lineCount` lines of about `lineLength` characters each, as one hunk. */
export function addedFilePatch(lineCount: number, lineLength = 40): string {
  const lines = Array.from(
    { length: lineCount },
    (_, index) => `+${`line ${index + 1} `.padEnd(lineLength, 'x')}`,
  );
  return [`@@ -0,0 +1,${lineCount} @@`, ...lines].join('\n');
}

/** A patch with `hunkCount` hunks of `linesPerHunk` added lines each, 100 lines apart. */
export function manyHunkPatch(hunkCount: number, linesPerHunk: number): string {
  const output: string[] = [];
  for (let hunk = 0; hunk < hunkCount; hunk++) {
    const start = hunk * 100 + 1;
    output.push(`@@ -${start},0 +${start},${linesPerHunk} @@`);
    for (let line = 0; line < linesPerHunk; line++)
      output.push(`+hunk ${hunk} line ${line} ${'y'.repeat(30)}`);
  }
  return output.join('\n');
}

/** A valid finding on line 3 of src/app.ts, or what `overrides` says. */
export function reviewFinding(overrides: Partial<ReviewFinding> = {}): ReviewFinding {
  return {
    path: 'src/app.ts',
    line: 3,
    side: 'RIGHT',
    severity: 'major',
    title: 'Null dereference',
    body: '`value` may be undefined here.',
    ...overrides,
  };
}

/** An anchored finding with a fingerprint derived from its title, or what `overrides` says. */
export function anchoredFinding(
  finding: Partial<ReviewFinding> = {},
  overrides: Partial<AnchoredFinding> = {},
): AnchoredFinding {
  const value = reviewFinding(finding);
  const fingerprint = Buffer.from(`${value.path}${value.title}`).toString('hex').padEnd(16, '0').slice(-16);
  return { finding: value, fingerprint, anchor: { side: value.side, line: value.line }, ...overrides };
}
