import { formatInlineCode } from '../../config/repository-config/format-markdown.js';
import type { MaskFinding } from '../diff/mask-secrets.js';
import type { DescribeOutput } from '../review/parse-describe-output.js';
import { stickyMarker } from '../sticky-markers.js';
import { fitCommentLength } from './fit-comment-length.js';
import { neutralizeModelOutput } from './neutralize-model-output.js';
import { type FooterInput, renderFooter } from './render-footer.js';
import { describeMaskedSecrets } from './render-review-comment.js';

/** What the description comment shows. */
export interface DescribeCommentInput {
  description: DescribeOutput;
  maskedSecrets?: readonly MaskFinding[];
  footer: FooterInput;
}

/** The sticky description comment: summary, changes, risks, suggested title, footer and marker. */
export function renderDescribeComment(input: DescribeCommentInput): string {
  const { description } = input;
  const sections = ['### Switchyard description', description.summary];
  if (description.changes.length > 0) sections.push(`#### Changes\n\n${renderList(description.changes)}`);
  if (description.risks.length > 0)
    sections.push(`#### Worth a closer look\n\n${renderList(description.risks)}`);
  if (description.suggestedTitle) {
    sections.push(`**Suggested title:** ${formatInlineCode(description.suggestedTitle)}`);
  }
  const notes: string[] = [];
  const secrets = describeMaskedSecrets(input.maskedSecrets ?? []);
  if (secrets) notes.push(`\n\n🔒 ${secrets} before the diff was sent to the model.`);
  const tail = `${notes.join('')}\n\n---\n${renderFooter(input.footer)}\n${stickyMarker('describe')}`;
  return fitCommentLength(neutralizeModelOutput(sections.join('\n\n')), { tail });
}

/** One list item per entry, each flattened to one line so that the list stays a list. */
function renderList(items: readonly string[]): string {
  return items.map((item) => `- ${item.replace(/\s*\n\s*/g, ' ')}`).join('\n');
}
