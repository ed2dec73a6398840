import type { ConfigProblem } from './config-problem.js';
import { escapeMarkdown, formatCodeBlock, formatInlineCode } from './format-markdown.js';

/** Problems listed in one comment; a file with more has bigger trouble than the list shows. */
const maxListedProblems = 20;

/**
 * Markdown for the one comment about an invalid `.switchyard.yml`: each problem with its key, line,
 * column and the offending line quoted, and what Switchyard does meanwhile.
 */
export function describeConfigProblems(problems: readonly ConfigProblem[]): string {
  const listed = problems.slice(0, maxListedProblems).map(describeProblem);
  const hidden = problems.length - listed.length;
  const parts = [
    '### `.switchyard.yml` is invalid',
    '',
    `Switchyard could not use \`.switchyard.yml\` (${problems.length === 1 ? '1 problem' : `${problems.length} problems`}). ` +
      'The run falls back to defaults until the file is fixed.',
    '',
  ];
  if (hidden > 0) listed.push(`- … and ${hidden} more ${hidden === 1 ? 'problem' : 'problems'}`);
  parts.push(
    listed.join('\n\n'),
    '',
    'Every key, its type and its default are described in `docs/config.md`.',
  );
  return parts.join('\n');
}

function describeProblem(problem: ConfigProblem): string {
  const subject = formatInlineCode(problem.path === '' ? '.switchyard.yml' : problem.path);
  const place =
    problem.line === undefined
      ? ''
      : ` (line ${problem.line}${problem.column === undefined ? '' : `, column ${problem.column}`})`;
  const item = `- ${subject}${place} ${escapeMarkdown(problem.message)}`;
  if (problem.snippet === undefined || problem.snippet.trim() === '') return item;
  const quoted = formatCodeBlock(problem.snippet, 'yaml')
    .split('\n')
    .map((line) => `  ${line}`)
    .join('\n');
  return `${item}\n\n${quoted}`;
}
