import type { JobRequest, PullRequestJobRequest } from '../jobs/job-request.js';
import type { AgentRunResult } from './agent-run.js';
import type { AgentModelCaller } from './create-agent-model-caller.js';
import { renderFooter } from './format/render-footer.js';
import type { ConversationSink, PullRequestSnapshot, ResultSink } from './pull-request-platform.js';
import { replyMarker } from './sticky-markers.js';

/** Where a command's acknowledgement, answer and outcome go: the command's comment, or the chat it came from. */
export interface CommandChannel {
  /** "Heard you": 👀 on the comment, or a progress message in the chat. */
  acknowledge(): Promise<void>;
  /** Posts an answer (help, budget, an `ask` reply); returns its link. */
  answer(body: string): Promise<string | undefined>;
  /** Declines the command with a reason (no permission, agent disabled). */
  refuse(message: string): Promise<string | undefined>;
  /** The command finished: 👍, or the chat's result message with what was posted on the pull request. */
  complete(result: AgentRunResult): Promise<string | undefined>;
}

const agentTitles = { review: 'Review', describe: 'Summary', ask: 'Answer', command: 'Command' } as const;

/** A command typed in a pull request comment: answered in the thread, with reactions on the comment. */
export function createCommentChannel(request: JobRequest, sink: ResultSink, jobId: string): CommandChannel {
  const replyTo = request.replyTo ?? {};
  const marker = replyMarker(`${request.platform}-${sink.replyKey(replyTo) ?? jobId}`);
  return {
    acknowledge: () => sink.react(replyTo, 'eyes'),
    answer: async (body) => (await sink.reply(replyTo, marker, body)).url,
    async refuse(message) {
      const url = (await sink.reply(replyTo, marker, message)).url;
      await sink.react(replyTo, '-1');
      return url;
    },
    async complete() {
      await sink.react(replyTo, '+1');
      return undefined;
    },
  };
}

/**
 * A re-run asked for on the web page: there is no comment to react to or answer, and the page follows the
 * job through its status, so every step posts nothing. The agent's own result still goes to the pull request.
 */
export function createWebChannel(): CommandChannel {
  return {
    acknowledge: async () => {},
    answer: async () => undefined,
    refuse: async () => undefined,
    complete: async () => undefined,
  };
}

/** A command from a chat (Slack): progress and the result go to the chat, the work itself to the pull request. */
export function createConversationChannel(
  request: PullRequestJobRequest,
  conversation: ConversationSink,
  context: { pullRequest: PullRequestSnapshot; callers: () => AgentModelCaller[] },
): CommandChannel {
  const replyTo = request.replyTo ?? {};
  const { pullRequest } = context;
  const title = `${agentTitles[request.agent]} of ${pullRequest.repository}#${pullRequest.number}`;
  let answered: string | undefined;
  const footerOf = () => {
    const calls = context.callers().flatMap((caller) => caller.records);
    return {
      footer: renderFooter({ calls }),
      costUsd: calls.reduce((sum, call) => sum + call.costUsd, 0),
    };
  };
  const finish = async (markdown: string, resultUrl?: string) => {
    const posted = await conversation.finish(replyTo, {
      title,
      markdown,
      pullRequestUrl: pullRequest.url,
      resultUrl,
      ...footerOf(),
    });
    answered = posted.url;
    return posted.url;
  };
  return {
    acknowledge: () => conversation.progress(replyTo, `Working on the ${title.toLowerCase()}…`),
    answer: (body) => finish(body),
    async refuse(message) {
      await conversation.fail(replyTo, message);
      return undefined;
    },
    async complete(result) {
      if (answered !== undefined) return answered;
      return finish(result.summary ?? result.skipped ?? 'Done.', result.resultUrl);
    },
  };
}
