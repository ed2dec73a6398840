import type { RepositoryConfig } from '../../config/repository-config/repository-config-schema.js';
import type { ModelRequest } from '../../llm/spec/model-request.js';
import type { ReviewChunk } from '../diff/chunk-changed-files.js';
import type { ChangedFile, PullRequestSnapshot } from '../pull-request-platform.js';
import {
  diffFormatRule,
  renderChangedFilesSection,
  renderDiffSection,
  renderLanguageRule,
  renderPullRequestSection,
} from './render-prompt-sections.js';
import { createUntrustedWrapper } from './wrap-untrusted.js';

/** What the describe prompt is built from. */
export interface DescribePromptInput {
  pullRequest: Pick<PullRequestSnapshot, 'title' | 'body'>;
  /** Every changed file, listed by name even when its diff does not fit. */
  files: readonly ChangedFile[];
  /** The diff to show (usually the first chunk of a plan); the file list stands in for the rest. */
  chunk?: ReviewChunk;
  config: { review: Pick<RepositoryConfig['review'], 'language'> };
  maxOutputTokens?: number;
  /** For tests only: a fixed section id instead of a random one. */
  nonce?: string;
}

const defaultMaxOutputTokens = 1_500;

/** The JSON the describe agent must answer with, as the model reads it. */
export const describeOutputSchemaText = `{
  "summary": string,         // 2-5 sentences: what the change does and why
  "changes": string[],       // one item per notable change, e.g. "core/router: retries on 429"
  "risks": string[],         // what a reviewer should check closely; empty when nothing stands out
  "suggestedTitle": string   // a clear title under 72 characters, imperative mood
}`;

/** The model request that describes a pull request, answering in JSON. */
export function buildDescribePrompt(input: DescribePromptInput): ModelRequest {
  const wrapper = createUntrustedWrapper(input.nonce);
  const system = [
    'You are Switchyard, describing a pull request for its reviewers: factual, concise, no marketing.',
    renderLanguageRule(input.config.review.language),
    wrapper.rule,
    diffFormatRule,
    'Describe what the diff does, not what the description claims; where they disagree, say so under "risks".',
    'Never write @mentions or lines that start with "/".',
    `Answer with one JSON object and nothing else (no prose, no code fences), in this shape:\n${describeOutputSchemaText}`,
  ].join('\n\n');

  const shownPaths = new Set(input.chunk?.files.map((piece) => piece.file.path) ?? []);
  const introduction =
    shownPaths.size < input.files.length
      ? `Describe this pull request. The diff shows ${shownPaths.size} of its ${input.files.length} files; ` +
        'describe the others from the file list.'
      : 'Describe this pull request.';
  const sections = [
    introduction,
    renderPullRequestSection(wrapper, input.pullRequest),
    renderChangedFilesSection(wrapper, input.files),
    renderDiffSection(wrapper, input.chunk?.files ?? []),
    'Answer with the JSON object only.',
  ];
  return {
    system,
    messages: [{ role: 'user', content: sections.join('\n\n') }],
    maxOutputTokens: input.maxOutputTokens ?? defaultMaxOutputTokens,
    responseFormat: 'json',
  };
}
