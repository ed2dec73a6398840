import type { PathFilter } from '../../config/repository-config/match-repository-paths.js';
import type { ChangedFile } from '../pull-request-platform.js';
import { type PatchHunk, parsePatch } from './parse-patch.js';
import {
  type FilePart,
  renderFileHeading,
  renderNumberedFile,
  renderNumberedPatch,
} from './render-numbered-patch.js';

/** Why a changed file was not reviewed. */
export type SkipReason =
  | 'excluded'
  | 'binary-or-no-diff'
  | 'renamed-only'
  | 'removed'
  | 'too-large'
  | 'chunk-limit'
  | 'review-failed';

/** A file, or a run of its hunks, inside a review chunk. */
export interface ChunkFile {
  file: ChangedFile;
  hunks: PatchHunk[];
  /** Set when the file was split at hunk boundaries across chunks. */
  part?: FilePart;
  estimatedTokens: number;
}

/** What one model call reviews. */
export interface ReviewChunk {
  files: ChunkFile[];
  estimatedTokens: number;
}

/** A changed file left out of the review, with why. */
export interface SkippedFile {
  path: string;
  reason: SkipReason;
}

/** The chunks to review, in pull request order, and the files left out. */
export interface ChunkPlan {
  chunks: ReviewChunk[];
  skipped: SkippedFile[];
}

/** Limits of one review run. */
export interface ChunkOptions {
  /** Budget for the rendered diff of one chunk (prompt instructions and PR text come on top). */
  maxTokensPerChunk: number;
  maxChunks: number;
  /** The repository's `paths` filter; every file is included without one. */
  pathFilter?: Pick<PathFilter, 'includes'>;
}

const skipReasonTexts: Record<SkipReason, string> = {
  excluded: 'excluded by `paths` in .switchyard.yml',
  'binary-or-no-diff': 'binary, or no diff from the platform',
  'renamed-only': 'renamed without changes',
  removed: 'deleted',
  'too-large': 'a single change is too large to review',
  'chunk-limit': 'over the size limit of one review',
  'review-failed': 'the model call for it failed',
};

/** Plain English for a skip reason, e.g. "deleted" or "binary, or no diff from the platform". */
export function describeSkipReason(reason: SkipReason): string {
  return skipReasonTexts[reason];
}

/** About four bytes a token for English and code: the ratio of `estimateInputTokens` in core/llm. */
export function estimateTextTokens(text: string): number {
  return Math.ceil(Buffer.byteLength(text) / 4);
}

/**
 * Splits changed files into chunks that each fit `maxTokensPerChunk`, keeping the pull request's order and
 * packing whole files greedily. A file larger than the budget is split at hunk boundaries; one with a hunk
 * larger than the budget is skipped. Deleted files are skipped (their code is gone: there is nothing to
 * comment on, and the rest of the diff shows what their removal broke). A file that no longer fits within
 * `maxChunks` is skipped whole; later, smaller files may still fill the last chunk.
 */
export function chunkChangedFiles(files: readonly ChangedFile[], options: ChunkOptions): ChunkPlan {
  if (!(options.maxTokensPerChunk > 0)) throw new RangeError('maxTokensPerChunk must be positive');
  if (!(options.maxChunks >= 1)) throw new RangeError('maxChunks must be at least 1');
  const chunks: ReviewChunk[] = [];
  const skipped: SkippedFile[] = [];
  for (const file of files) {
    const reason = reasonToSkip(file, options);
    if (reason) {
      skipped.push({ path: file.path, reason });
      continue;
    }
    const pieces = splitFile(file, parsePatch(file.patch!), options.maxTokensPerChunk);
    if (typeof pieces === 'string') skipped.push({ path: file.path, reason: pieces });
    else if (!place(chunks, pieces, options)) skipped.push({ path: file.path, reason: 'chunk-limit' });
  }
  return { chunks, skipped };
}

function reasonToSkip(file: ChangedFile, options: ChunkOptions): SkipReason | undefined {
  if (options.pathFilter && !options.pathFilter.includes(file.path)) return 'excluded';
  if (file.status === 'removed') return 'removed';
  if (!file.patch) {
    const renamed = file.status === 'renamed' || file.status === 'copied' || file.status === 'unchanged';
    return renamed && file.additions === 0 && file.deletions === 0 ? 'renamed-only' : 'binary-or-no-diff';
  }
  return undefined;
}

function splitFile(file: ChangedFile, hunks: PatchHunk[], budget: number): ChunkFile[] | SkipReason {
  if (hunks.length === 0) return 'binary-or-no-diff';
  const whole = estimateTextTokens(renderNumberedFile(file, hunks));
  if (whole <= budget) return [{ file, hunks, estimatedTokens: whole }];

  // The heading of a part is longer than the plain one ("part 12 of 13"): estimate with the longest.
  const headingTokens = estimateTextTokens(renderFileHeading(file, { index: 999, count: 999 })) + 1;
  const parts: Array<{ hunks: PatchHunk[]; estimatedTokens: number }> = [];
  let current: { hunks: PatchHunk[]; estimatedTokens: number } | undefined;
  for (const hunk of hunks) {
    const tokens = estimateTextTokens(renderNumberedPatch([hunk])) + 1;
    if (headingTokens + tokens > budget) return 'too-large';
    if (current && current.estimatedTokens + tokens <= budget) {
      current.hunks.push(hunk);
      current.estimatedTokens += tokens;
    } else {
      current = { hunks: [hunk], estimatedTokens: headingTokens + tokens };
      parts.push(current);
    }
  }
  return parts.map((part, index) => ({
    file,
    hunks: part.hunks,
    part: { index: index + 1, count: parts.length },
    estimatedTokens: part.estimatedTokens,
  }));
}

/** Adds every piece of one file, or none when they would need more than `maxChunks` chunks. */
function place(chunks: ReviewChunk[], pieces: readonly ChunkFile[], options: ChunkOptions): boolean {
  const budget = options.maxTokensPerChunk;
  let count = chunks.length;
  let lastTokens = chunks.at(-1)?.estimatedTokens;
  for (const piece of pieces) {
    if (lastTokens !== undefined && lastTokens + piece.estimatedTokens <= budget) {
      lastTokens += piece.estimatedTokens;
    } else {
      count++;
      lastTokens = piece.estimatedTokens;
    }
  }
  if (count > options.maxChunks) return false;

  for (const piece of pieces) {
    const last = chunks.at(-1);
    if (last && last.estimatedTokens + piece.estimatedTokens <= budget) {
      last.files.push(piece);
      last.estimatedTokens += piece.estimatedTokens;
    } else {
      chunks.push({ files: [piece], estimatedTokens: piece.estimatedTokens });
    }
  }
  return true;
}

/** Coverage of a review: how many of the changed files were reviewed, and the rest with reasons. */
export interface ReviewCoverage {
  totalFiles: number;
  reviewedFiles: number;
  skipped: SkippedFile[];
}

/**
 * The coverage of a plan once its chunks ran: files of `failedChunks` (indexes into `plan.chunks`) count as
 * skipped with `review-failed`, unless another part of them was reviewed.
 */
export function coverageOfPlan(
  files: readonly ChangedFile[],
  plan: ChunkPlan,
  failedChunks: readonly number[] = [],
): ReviewCoverage {
  const failed = new Set(failedChunks);
  const reviewed = new Set<string>();
  const failedPaths = new Set<string>();
  plan.chunks.forEach((chunk, index) => {
    for (const piece of chunk.files) (failed.has(index) ? failedPaths : reviewed).add(piece.file.path);
  });
  const skipped = [...plan.skipped];
  for (const path of failedPaths) if (!reviewed.has(path)) skipped.push({ path, reason: 'review-failed' });
  return { totalFiles: files.length, reviewedFiles: reviewed.size, skipped };
}
