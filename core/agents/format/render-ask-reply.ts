import { fitCommentLength } from './fit-comment-length.js';
import { neutralizeModelOutput } from './neutralize-model-output.js';
import { type FooterInput, renderFooter } from './render-footer.js';

/** What an answer to a question shows. */
export interface AskReplyInput {
  /** The model's Markdown answer. */
  answer: string;
  footer: FooterInput;
  /** A hidden marker to end the reply with, when the sink needs one in the body. */
  marker?: string;
}

/** The reply to a question: the neutralized answer, cut to the comment limit, then the footer. */
export function renderAskReply(input: AskReplyInput): string {
  const answer = input.answer.trim() || '_The model gave no answer._';
  const marker = input.marker ? `\n${input.marker}` : '';
  return fitCommentLength(neutralizeModelOutput(answer), {
    tail: `\n\n---\n${renderFooter(input.footer)}${marker}`,
  });
}
