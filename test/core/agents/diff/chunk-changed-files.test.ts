import { describe, expect, it } from '@jest/globals';
import {
  type ChunkPlan,
  chunkChangedFiles,
  coverageOfPlan,
  describeSkipReason,
  type SkipReason,
} from '../../../../core/agents/diff/chunk-changed-files.js';
import { createPathFilter } from '../../../../core/config/repository-config/match-repository-paths.js';
import { parseRepositoryConfig } from '../../../../core/config/repository-config/parse-repository-config.js';
import { addedFilePatch, changedFile, manyHunkPatch } from '../__fixtures__/agent-fixtures.js';

function layout(plan: ChunkPlan): string[][] {
  return plan.chunks.map((chunk) =>
    chunk.files.map((piece) =>
      piece.part ? `${piece.file.path}#${piece.part.index}/${piece.part.count}` : piece.file.path,
    ),
  );
}

const generous = { maxTokensPerChunk: 100_000, maxChunks: 10 };

/** Files that each add the given number of lines, and the estimate of a file of `unitLines` lines. */
function addedFiles(lineCounts: Record<string, number>, unitLines = 60) {
  const files = Object.entries(lineCounts).map(([path, lines]) =>
    changedFile({ path, patch: addedFilePatch(lines) }),
  );
  const unit = chunkChangedFiles([changedFile({ patch: addedFilePatch(unitLines) })], generous).chunks[0]!;
  return { files, unitTokens: unit.estimatedTokens };
}

describe('chunkChangedFiles', () => {
  it('puts small files together into one chunk, in pull request order', () => {
    const files = ['b.ts', 'a.ts', 'c.ts'].map((path) => changedFile({ path }));
    const plan = chunkChangedFiles(files, generous);
    expect(layout(plan)).toEqual([['b.ts', 'a.ts', 'c.ts']]);
    expect(plan.skipped).toEqual([]);
    expect(plan.chunks[0]!.estimatedTokens).toBe(
      plan.chunks[0]!.files.reduce((sum, piece) => sum + piece.estimatedTokens, 0),
    );
  });

  it('starts a new chunk when the next file does not fit, keeping the order', () => {
    const { files, unitTokens: single } = addedFiles({ 'one.ts': 60, 'two.ts': 60, 'three.ts': 10 });
    const plan = chunkChangedFiles(files, { maxTokensPerChunk: Math.ceil(single * 1.5), maxChunks: 10 });
    expect(layout(plan)).toEqual([['one.ts'], ['two.ts', 'three.ts']]);
    for (const chunk of plan.chunks)
      expect(chunk.estimatedTokens).toBeLessThanOrEqual(Math.ceil(single * 1.5));
  });

  it('splits a file larger than the budget at hunk boundaries, never inside a hunk', () => {
    const big = changedFile({ path: 'big.ts', patch: manyHunkPatch(6, 10) });
    const budget = 400;
    const plan = chunkChangedFiles([big, changedFile({ path: 'small.ts' })], {
      maxTokensPerChunk: budget,
      maxChunks: 10,
    });
    const pieces = plan.chunks
      .flatMap((chunk) => chunk.files)
      .filter((piece) => piece.file.path === 'big.ts');
    expect(pieces.length).toBeGreaterThan(1);
    expect(pieces.flatMap((piece) => piece.hunks.map((hunk) => hunk.newStart))).toEqual([
      1, 101, 201, 301, 401, 501,
    ]);
    expect(pieces.map((piece) => piece.part)).toEqual(
      pieces.map((_, index) => ({ index: index + 1, count: pieces.length })),
    );
    for (const chunk of plan.chunks) expect(chunk.estimatedTokens).toBeLessThanOrEqual(budget);
    expect(plan.skipped).toEqual([]);
  });

  it('skips a file with a single hunk larger than the budget, and reviews the others', () => {
    const files = [
      changedFile({ path: 'huge.ts', patch: addedFilePatch(2_000) }),
      changedFile({ path: 'ok.ts' }),
    ];
    const plan = chunkChangedFiles(files, { maxTokensPerChunk: 2_000, maxChunks: 10 });
    expect(layout(plan)).toEqual([['ok.ts']]);
    expect(plan.skipped).toEqual([{ path: 'huge.ts', reason: 'too-large' }]);
  });

  it('skips excluded, binary, renamed-only and deleted files with their reasons', () => {
    const parsed = parseRepositoryConfig('paths:\n  exclude: ["*.lock"]\n');
    if (!parsed.success) throw new Error('invalid config');
    const files = [
      changedFile({ path: 'yarn.lock' }),
      changedFile({ path: 'logo.png', patch: undefined, additions: 0, deletions: 0 }),
      changedFile({ path: 'huge.json', patch: undefined, additions: 50_000, deletions: 0 }),
      changedFile({
        path: 'moved.ts',
        previousPath: 'old.ts',
        status: 'renamed',
        patch: undefined,
        additions: 0,
        deletions: 0,
      }),
      changedFile({ path: 'gone.ts', status: 'removed' }),
      changedFile({ path: 'garbage.ts', patch: 'not a diff' }),
      changedFile({ path: 'kept.ts' }),
    ];
    const plan = chunkChangedFiles(files, { ...generous, pathFilter: createPathFilter(parsed.value) });
    expect(layout(plan)).toEqual([['kept.ts']]);
    expect(plan.skipped).toEqual([
      { path: 'yarn.lock', reason: 'excluded' },
      { path: 'logo.png', reason: 'binary-or-no-diff' },
      { path: 'huge.json', reason: 'binary-or-no-diff' },
      { path: 'moved.ts', reason: 'renamed-only' },
      { path: 'gone.ts', reason: 'removed' },
      { path: 'garbage.ts', reason: 'binary-or-no-diff' },
    ]);
  });

  it('skips files past the chunk limit with a reason, but lets a later small file fill the last chunk', () => {
    const { files, unitTokens: single } = addedFiles({
      'one.ts': 60,
      'two.ts': 60,
      'three.ts': 60,
      'tiny.ts': 2,
    });
    const plan = chunkChangedFiles(files, { maxTokensPerChunk: Math.ceil(single * 1.2), maxChunks: 2 });
    expect(layout(plan)).toEqual([['one.ts'], ['two.ts', 'tiny.ts']]);
    expect(plan.skipped).toEqual([{ path: 'three.ts', reason: 'chunk-limit' }]);
  });

  it('skips a split file whole when its parts do not fit in the chunks left', () => {
    const plan = chunkChangedFiles([changedFile({ path: 'big.ts', patch: manyHunkPatch(6, 10) })], {
      maxTokensPerChunk: 400,
      maxChunks: 1,
    });
    expect(plan.chunks).toEqual([]);
    expect(plan.skipped).toEqual([{ path: 'big.ts', reason: 'chunk-limit' }]);
  });

  it('refuses a budget that cannot hold anything', () => {
    expect(() => chunkChangedFiles([], { maxTokensPerChunk: 0, maxChunks: 1 })).toThrow(RangeError);
    expect(() => chunkChangedFiles([], { maxTokensPerChunk: 10, maxChunks: 0 })).toThrow(RangeError);
  });
});

describe('describeSkipReason', () => {
  it('has a plain English phrase, not the code, for every reason', () => {
    const reasons: SkipReason[] = [
      'excluded',
      'binary-or-no-diff',
      'renamed-only',
      'removed',
      'too-large',
      'chunk-limit',
      'review-failed',
    ];
    for (const reason of reasons) {
      expect(describeSkipReason(reason)).toMatch(/^[a-z`][a-z`., ]+$/);
      expect(describeSkipReason(reason)).not.toBe(reason);
    }
    expect(describeSkipReason('removed')).toBe('deleted');
  });
});

describe('coverageOfPlan', () => {
  it('counts reviewed files and turns the files of failed chunks into skipped ones', () => {
    const added = addedFiles({ 'one.ts': 60, 'two.ts': 60 });
    const files = [...added.files, changedFile({ path: 'gone.ts', status: 'removed' })];
    const single = added.unitTokens;
    const plan = chunkChangedFiles(files, { maxTokensPerChunk: single + 10, maxChunks: 5 });
    expect(coverageOfPlan(files, plan)).toEqual({
      totalFiles: 3,
      reviewedFiles: 2,
      skipped: [{ path: 'gone.ts', reason: 'removed' }],
    });
    expect(coverageOfPlan(files, plan, [1])).toEqual({
      totalFiles: 3,
      reviewedFiles: 1,
      skipped: [
        { path: 'gone.ts', reason: 'removed' },
        { path: 'two.ts', reason: 'review-failed' },
      ],
    });
  });
});
