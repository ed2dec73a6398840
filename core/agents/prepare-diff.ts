import { createHash } from 'node:crypto';
import { createPathFilter, type PathFilter } from '../config/repository-config/match-repository-paths.js';
import { lookupPrice } from '../llm/pricing/lookup-price.js';
import { routingFor } from '../llm/router/plan-candidates.js';
import type { AgentRun } from './agent-run.js';
import { type ChunkPlan, chunkChangedFiles, type ReviewChunk } from './diff/chunk-changed-files.js';
import { type MaskFinding, maskChangedFiles, maskSecrets, mergeMaskFindings } from './diff/mask-secrets.js';
import type { ChangedFile, PullRequestSnapshot } from './pull-request-platform.js';

/** A chunk's diff is kept well inside any model's window: review quality drops on huge prompts. */
const maxDiffTokensPerChunk = 24_000;
/** Room for instructions, the PR's description and the model's answer. */
const promptOverheadTokens = 6_000;
/** Chunks one review may call the model for; files past it are listed as skipped. */
export const maxReviewChunks = 8;
/** When no candidate's context window is known. */
const assumedContextWindow = 128_000;

/** The diff of a run, secrets masked, split into chunks, with the PR's text masked too. */
export interface PreparedDiff {
  files: ChangedFile[];
  plan: ChunkPlan;
  pathFilter: PathFilter;
  pullRequest: Pick<PullRequestSnapshot, 'title' | 'body'>;
  maskedSecrets: MaskFinding[];
}

/** The smallest context window among the run's candidates decides the chunk size. */
function chunkTokenBudget(run: AgentRun): number {
  const candidates = run.config.models.candidates ?? routingFor(run.settings, run.job.request.agent).models;
  const windows = candidates
    .map((candidate) => lookupPrice(candidate, run.settings.priceOverrides)?.contextWindow)
    .filter((window): window is number => window !== undefined);
  const window = windows.length > 0 ? Math.min(...windows) : assumedContextWindow;
  return Math.max(1_000, Math.min(maxDiffTokensPerChunk, window - promptOverheadTokens));
}

/**
 * Masks obvious secrets in the diff and the PR's text before anything leaves for a provider, and plans the
 * chunks (`maxChunks` of them) by tokens, file boundaries first, honouring `paths` in `.switchyard.yml`.
 */
export function prepareDiff(run: AgentRun, files: readonly ChangedFile[], maxChunks: number): PreparedDiff {
  const masked = maskChangedFiles(files);
  const title = maskSecrets(run.pullRequest.title);
  const body = maskSecrets(run.pullRequest.body);
  const pathFilter = createPathFilter(run.config);
  const plan = chunkChangedFiles(masked.files, {
    maxTokensPerChunk: chunkTokenBudget(run),
    maxChunks,
    pathFilter,
  });
  return {
    files: masked.files,
    plan,
    pathFilter,
    pullRequest: { title: title.text, body: body.text },
    maskedSecrets: mergeMaskFindings(masked.findings, title.findings, body.findings),
  };
}

/**
 * A name for a model call that is the same on every run of a job with the same input, so a rerun replays
 * the journaled answer (see createAgentModelCaller) and a changed input makes a new call.
 */
export function callName(kind: string, ...parts: ReadonlyArray<string | ReviewChunk | undefined>): string {
  const hash = createHash('sha256');
  for (const part of parts) {
    if (part === undefined) continue;
    if (typeof part === 'string') hash.update(part);
    else
      for (const piece of part.files)
        hash.update(`${piece.file.path}\n${piece.file.patch ?? ''}\n${piece.hunks.length}`);
    hash.update('\u0000');
  }
  return `${kind}-${hash.digest('hex').slice(0, 16)}`;
}
