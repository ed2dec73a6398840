import type { AgentRun, AgentRunResult } from './agent-run.js';
import { maskSecrets } from './diff/mask-secrets.js';
import { renderAskReply } from './format/render-ask-reply.js';
import { callName, prepareDiff } from './prepare-diff.js';
import { buildAskPrompt } from './prompts/build-ask-prompt.js';

/** `ask`: answers a question with the pull request's diff and description as context, in the thread. */
export async function runAskAgent(
  run: AgentRun,
  input: { question: string; answer: (body: string) => Promise<string> },
): Promise<AgentRunResult> {
  const prepared = prepareDiff(run, await run.source.listChangedFiles(), 1);
  const question = maskSecrets(input.question).text;
  const request = buildAskPrompt({
    question,
    pullRequest: prepared.pullRequest,
    files: prepared.files,
    chunk: prepared.plan.chunks[0],
    config: run.config,
  });
  const record = await run.caller.call(callName('ask', question, prepared.plan.chunks[0]), request);
  const url = await input.answer(
    renderAskReply({ answer: record.text, footer: { calls: run.caller.records } }),
  );
  return { resultUrl: url, summary: record.text };
}
