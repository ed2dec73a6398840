import type { AgentRun, AgentRunResult } from './agent-run.js';
import { renderDescribeComment } from './format/render-describe-comment.js';
import { callName, prepareDiff } from './prepare-diff.js';
import { buildDescribePrompt } from './prompts/build-describe-prompt.js';
import { parseDescribeOutput } from './review/parse-describe-output.js';
import { stickyMarker } from './sticky-markers.js';

/** `describe`: what the pull request does, its risks and a suggested title, in its own sticky comment. */
export async function runDescribeAgent(run: AgentRun): Promise<AgentRunResult> {
  const prepared = prepareDiff(run, await run.source.listChangedFiles(), 1);
  const request = buildDescribePrompt({
    pullRequest: prepared.pullRequest,
    files: prepared.files,
    chunk: prepared.plan.chunks[0],
    config: run.config,
  });
  const record = await run.caller.call(
    callName('describe', prepared.pullRequest.title, prepared.pullRequest.body, prepared.plan.chunks[0]),
    request,
  );
  const parsed = parseDescribeOutput(record.text);
  // A description in the wrong shape is still a description: post its text rather than nothing.
  const description = parsed.success
    ? parsed.value
    : { summary: record.text.trim() || '_The model gave no description._', changes: [], risks: [] };
  const body = renderDescribeComment({
    description,
    maskedSecrets: prepared.maskedSecrets,
    footer: { calls: run.caller.records },
  });
  const posted = await run.sink.upsertStickyComment(stickyMarker('describe'), body);
  return { resultUrl: posted.url, summary: description.summary };
}
