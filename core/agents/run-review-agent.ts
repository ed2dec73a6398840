import { isSwitchyardError } from '../errors/switchyard-error.js';
import type { AgentRun, AgentRunResult } from './agent-run.js';
import type { PullRequestState } from './create-pull-request-state-store.js';
import { coverageOfPlan } from './diff/chunk-changed-files.js';
import { createDiffLineMap } from './diff/diff-line-map.js';
import { maskChangedFiles } from './diff/mask-secrets.js';
import { toInlineComment } from './format/render-inline-comment.js';
import { renderReviewComment } from './format/render-review-comment.js';
import { callName, maxReviewChunks, prepareDiff } from './prepare-diff.js';
import { buildReviewPrompt } from './prompts/build-review-prompt.js';
import type { ChangedFile } from './pull-request-platform.js';
import { anchorFindings } from './review/anchor-findings.js';
import { type ChunkReviewResult, mergeChunkReviews } from './review/merge-chunk-reviews.js';
import { parseReviewOutput } from './review/parse-review-output.js';
import { reviewRunMarker, stickyMarker } from './sticky-markers.js';

/** Chunk reviews in flight at once: parallel where the budget allows, without flooding a provider. */
const chunkConcurrency = 3;

/** What to review: the whole pull request, or on a push only what changed since the last reviewed commit. */
async function selectFiles(run: AgentRun, state: PullRequestState, pullRequestFiles: ChangedFile[]) {
  const { request } = run.job;
  const since = state.lastReviewedSha;
  if (
    request.trigger !== 'automatic' ||
    request.event !== 'synchronize' ||
    !since ||
    since === run.pullRequest.headSha
  ) {
    return { files: pullRequestFiles, sinceSha: undefined };
  }
  const changed = await run.source.compareCommits(since, run.pullRequest.headSha);
  // A force-push dropped the reviewed commit: review the whole pull request again.
  if (!changed) return { files: pullRequestFiles, sinceSha: undefined };
  const inPullRequest = new Set(pullRequestFiles.map((file) => file.path));
  // Changes merged in from the base branch are not this pull request's.
  return { files: changed.filter((file) => inPullRequest.has(file.path)), sinceSha: since };
}

/** Runs `work` over `items` with at most `limit` in flight, keeping each result at its index. */
async function mapLimited<Item, Result>(
  items: readonly Item[],
  limit: number,
  work: (item: Item, index: number) => Promise<Result>,
): Promise<Result[]> {
  const results: Result[] = new Array(items.length);
  let next = 0;
  const lanes = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await work(items[index]!, index);
    }
  });
  await Promise.all(lanes);
  return results;
}

type ChunkOutcome = { ok: true; review: ChunkReviewResult } | { ok: false; error: unknown };

/**
 * `review`: chunks the diff, reviews chunks in parallel, merges them into one sticky summary comment plus
 * one review of inline findings anchored to real diff lines. A finding whose line is not in the diff, over
 * the inline limit, or refused by the platform goes into the summary; one already posted is not repeated.
 */
export async function runReviewAgent(run: AgentRun, state: PullRequestState): Promise<AgentRunResult> {
  const { pullRequest, config, sink, caller, job } = run;
  if (job.request.trigger === 'automatic' && state.lastReviewedSha === pullRequest.headSha) {
    return { skipped: `${pullRequest.headSha.slice(0, 7)} was reviewed already` };
  }
  // Read while the model works: they are needed only to post.
  const postedFingerprints = sink.listPostedFingerprints();
  postedFingerprints.catch(() => {});
  const pullRequestFiles = await run.source.listChangedFiles();
  const selection = await selectFiles(run, state, pullRequestFiles);
  const prepared = prepareDiff(run, selection.files, maxReviewChunks);
  // Inline comments anchor to the pull request's own diff, whatever part of it this run reviewed.
  const lineMap = createDiffLineMap(maskChangedFiles(pullRequestFiles).files);

  const outcomes = await mapLimited(
    prepared.plan.chunks,
    chunkConcurrency,
    async (chunk, index): Promise<ChunkOutcome> => {
      if (caller.capReached()) return { ok: false, error: new Error('per-run cost cap reached') };
      try {
        const request = buildReviewPrompt({
          pullRequest: prepared.pullRequest,
          chunk,
          chunkPosition:
            prepared.plan.chunks.length > 1
              ? { index: index + 1, count: prepared.plan.chunks.length }
              : undefined,
          config,
          pathFilter: prepared.pathFilter,
          sinceSha: selection.sinceSha,
        });
        const record = await caller.call(
          callName(
            'review',
            prepared.pullRequest.title,
            prepared.pullRequest.body,
            selection.sinceSha,
            chunk,
          ),
          request,
        );
        const parsed = parseReviewOutput(record.text);
        if (!parsed.success)
          return {
            ok: false,
            error: new Error(`the model's answer was not a valid review: ${parsed.error}`),
          };
        return {
          ok: true,
          review: {
            summary: parsed.value.summary,
            findings: anchorFindings(parsed.value.findings, lineMap),
            droppedFindings: parsed.value.droppedFindings,
          },
        };
      } catch (error) {
        return { ok: false, error };
      }
    },
  );

  const failed = outcomes.flatMap((outcome, index) => (outcome.ok ? [] : [index]));
  if (prepared.plan.chunks.length > 0 && failed.length === prepared.plan.chunks.length) {
    // Nothing reviewed: fail the job with the first error (a budget, an outage) so it retries or says why.
    const first = outcomes.find((outcome) => !outcome.ok) as { ok: false; error: unknown };
    if (isSwitchyardError(first.error) || first.error instanceof Error) throw first.error;
    throw new Error(String(first.error));
  }
  for (const index of failed) {
    job.logger.warn(
      { err: (outcomes[index] as { error: unknown }).error, chunk: index },
      'a review chunk failed',
    );
  }

  const reviews = outcomes.flatMap((outcome) => (outcome.ok ? [outcome.review] : []));
  const merged = mergeChunkReviews(reviews, {
    maxInlineComments: config.review.maxInlineComments,
    inlineComments: config.review.inlineComments,
    postedFingerprints: await postedFingerprints,
  });
  if (merged.inline.length > 0) {
    const posted = await sink.postReview({
      runMarker: reviewRunMarker(job.jobId),
      commitSha: pullRequest.headSha,
      body: `Switchyard found ${merged.inline.length} ${merged.inline.length === 1 ? 'thing' : 'things'} to look at in this diff; the summary comment has the overview.`,
      comments: merged.inline.map((finding) =>
        toInlineComment(finding, { suggestionSyntax: sink.suggestionSyntax }),
      ),
    });
    // Findings the platform would not anchor are listed in the summary: nothing is lost.
    const rejected = new Set(posted.rejected.map((comment) => comment.fingerprint));
    merged.outsideDiff.push(...merged.inline.filter((finding) => rejected.has(finding.fingerprint)));
    merged.inline = merged.inline.filter((finding) => !rejected.has(finding.fingerprint));
  }
  const coverage = coverageOfPlan(selection.files, prepared.plan, failed);
  const body = renderReviewComment({
    review: merged,
    coverage,
    maskedSecrets: prepared.maskedSecrets,
    sinceSha: selection.sinceSha,
    maxInlineComments: config.review.maxInlineComments,
    footer: { calls: caller.records, coverage },
  });
  const sticky = await sink.upsertStickyComment(stickyMarker('review'), body);
  await run.states.setLastReviewed(job.request.projectId, pullRequest.number, pullRequest.headSha);
  const findings = merged.inline.length + merged.outsideDiff.length + merged.overflow.length;
  const gist = `${merged.summary}\n\n${findings === 0 ? 'No findings.' : `${findings} finding${findings === 1 ? '' : 's'} posted on the pull request.`}`;
  return { resultUrl: sticky.url, summary: gist };
}
