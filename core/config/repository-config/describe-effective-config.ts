import { Document, isMap } from 'yaml';
import { escapeMarkdown, formatCodeBlock } from './format-markdown.js';
import type { RepositoryConfig } from './repository-config-schema.js';

/**
 * Markdown for the comment posted when a pull request edits `.switchyard.yml`: the effective
 * configuration after merge (defaults filled in, budgets capped by the project) and any warnings.
 */
export function describeEffectiveConfig(config: RepositoryConfig, warnings: readonly string[]): string {
  const document = new Document(config);
  explainUnsetSection(document, 'models', " the project's routing settings choose the models");
  explainUnsetSection(document, 'limits', ' no budget limits set for this repository or project');
  const parts = [
    '### Switchyard configuration',
    '',
    '`.switchyard.yml` in this pull request is valid. Once it is merged, pull requests into this branch ' +
      "are handled with this configuration (defaults filled in, budgets capped by the project's limits):",
    '',
    formatCodeBlock(document.toString({ lineWidth: 0 }).trimEnd(), 'yaml'),
  ];
  if (warnings.length > 0) {
    parts.push('', '**Warnings**', '', ...warnings.map((warning) => `- ${escapeMarkdown(warning)}`));
  }
  return parts.join('\n');
}

/** An empty section prints as `{}`; a comment beside it says what applies instead. */
function explainUnsetSection(document: Document, key: 'models' | 'limits', comment: string): void {
  const node = document.get(key, true);
  if (!isMap(node) || node.items.length > 0) return;
  node.flow = true;
  node.comment = comment;
}
