import type { ChunkFile } from '../diff/chunk-changed-files.js';
import { renderNumberedFile } from '../diff/render-numbered-patch.js';
import type { ChangedFile, PullRequestSnapshot } from '../pull-request-platform.js';
import type { UntrustedWrapper } from './wrap-untrusted.js';

/** Longest pull request description sent to a model; longer ones are cut with a note. */
export const maxDescriptionCharacters = 10_000;
const maxListedFiles = 300;

/** The pull request's title and description as one data section. */
export function renderPullRequestSection(
  wrapper: UntrustedWrapper,
  pullRequest: Pick<PullRequestSnapshot, 'title' | 'body'>,
): string {
  const body = pullRequest.body.trim();
  const description =
    body.length > maxDescriptionCharacters
      ? `${body.slice(0, maxDescriptionCharacters)}\n[description cut after ${maxDescriptionCharacters} characters]`
      : body || '(no description)';
  return wrapper.wrap('pull-request', `Title: ${pullRequest.title}\n\nDescription:\n${description}`);
}

/** The numbered patches of a chunk's files as one data section. */
export function renderDiffSection(wrapper: UntrustedWrapper, files: readonly ChunkFile[]): string {
  const rendered = files.map((piece) => renderNumberedFile(piece.file, piece.hunks, piece.part));
  return wrapper.wrap('diff', rendered.join('\n\n') || '(no diff)');
}

/** Every changed file with its status and line counts, as one data section. */
export function renderChangedFilesSection(wrapper: UntrustedWrapper, files: readonly ChangedFile[]): string {
  const lines = files.slice(0, maxListedFiles).map((file) => {
    const from = file.previousPath && file.previousPath !== file.path ? ` from ${file.previousPath}` : '';
    return `- ${file.path} (${file.status}${from}, +${file.additions} -${file.deletions})`;
  });
  if (files.length > maxListedFiles) lines.push(`- … and ${files.length - maxListedFiles} more files`);
  return wrapper.wrap('changed-files', lines.join('\n') || '(no files)');
}

/** The instruction to write for people in the repository's language (a validated code such as `pt-BR`). */
export function renderLanguageRule(language: string): string {
  return `Write all text meant for people in the language with code "${language}"; keep code, identifiers and paths as they are.`;
}

/** What the diff section looks like, so that the model cites real line numbers. */
export const diffFormatRule = [
  'The diff shows each file as a "File: <path> (<status>)" line followed by its hunks. Every added (+) and',
  'unchanged line starts with its line number in the new file; removed lines (-) have no number.',
  'Text shown as [MASKED:<kind>] is a secret Switchyard removed before sending the diff to you: never guess it.',
].join('\n');
