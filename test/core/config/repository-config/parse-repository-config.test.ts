import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { findProjectRoot } from '../../../../core/config/project-root.js';
import type { ConfigProblem } from '../../../../core/config/repository-config/config-problem.js';
import { parseRepositoryConfig } from '../../../../core/config/repository-config/parse-repository-config.js';
import {
  defaultRepositoryConfig,
  type RepositoryConfig,
} from '../../../../core/config/repository-config/repository-config-schema.js';

function parsed(text: string): { value: RepositoryConfig; warnings: string[] } {
  const result = parseRepositoryConfig(text);
  if (!result.success) throw new Error(`expected a valid file, got ${JSON.stringify(result.errors)}`);
  return result;
}

function problems(text: string): ConfigProblem[] {
  const result = parseRepositoryConfig(text);
  if (result.success) throw new Error('expected problems, the file was accepted');
  return result.errors;
}

function firstYamlBlock(markdown: string): string {
  const block = /```yaml\n([\s\S]*?)\n```/.exec(markdown);
  if (!block) throw new Error('no ```yaml block');
  return block[1]!;
}

describe('parseRepositoryConfig', () => {
  it('gives the defaults for an empty file, a file of comments and a bare document marker', () => {
    for (const text of ['', '   \n', '# nothing yet\n', '---\n']) {
      const { value, warnings } = parsed(text);
      expect(value).toEqual(defaultRepositoryConfig);
      expect(warnings).toEqual([]);
    }
  });

  it('has the documented defaults', () => {
    const { value } = parsed('');
    expect(value.agents.review).toEqual({
      enabled: true,
      triggers: ['opened', 'synchronize', 'reopened', 'ready_for_review', 'command'],
    });
    expect(value.agents.describe).toEqual({ enabled: true, triggers: ['command'] });
    expect(value.agents.ask).toEqual({ enabled: true, triggers: ['command'] });
    expect(value.paths).toEqual({ include: ['**'], exclude: [], instructions: [] });
    expect(value.review).toEqual({
      instructions: '',
      profile: 'chill',
      language: 'en',
      inlineComments: true,
      maxInlineComments: 20,
    });
    expect(value.models).toEqual({});
    expect(value.limits).toEqual({});
    expect(value.drafts).toBe('skip');
    expect(value.ignore.bots).toBe(true);
    expect(value.commands).toEqual({ prefix: '/agent', authorizedUsers: [] });
  });

  it('parses the full example in docs/config.md, every key set', () => {
    const documentation = readFileSync(join(findProjectRoot(), 'docs', 'config.md'), 'utf8');
    const { value, warnings } = parsed(firstYamlBlock(documentation));
    expect(warnings).toEqual([]);
    expect(value.agents.describe.triggers).toEqual(['opened', 'command']);
    expect(value.paths.exclude).toContain('dist/');
    expect(value.paths.instructions[1]).toEqual({
      path: '*.tsx',
      instructions: 'Flag components that fetch data directly; we use the hooks in src/data.',
    });
    expect(value.review.maxInlineComments).toBe(15);
    expect(value.models).toEqual({
      policy: 'fallback',
      candidates: ['anthropic:claude-haiku-4-5', 'openai:gpt-4.1-mini'],
    });
    expect(value.limits).toEqual({ perRunUsd: 0.5, dailyUsd: 10, monthlyUsd: 150 });
    expect(value.ignore.titleKeywords).toEqual(['WIP', '[skip review]']);
    expect(value.commands.authorizedUsers).toEqual(['octocat', 'jane.doe']);
  });

  it('documents every key of the schema in docs/config.md', () => {
    const documentation = readFileSync(join(findProjectRoot(), 'docs', 'config.md'), 'utf8');
    const keys = (value: object, prefix: string): string[] =>
      Object.entries(value).flatMap(([key, child]) =>
        child && typeof child === 'object' && !Array.isArray(child)
          ? keys(child, `${prefix}${key}.`)
          : [`${prefix}${key}`],
      );
    const full = parsed(firstYamlBlock(documentation)).value;
    const missing = keys(full, '').filter((key) => !documentation.includes(`| \`${key}\``));
    expect(missing).toEqual([]);
  });

  it('fills in defaults for keys left out or written with no value', () => {
    const { value } = parsed('review:\n  profile: assertive\nagents:\n  review:\nlimits:\n');
    expect(value.review).toEqual({ ...defaultRepositoryConfig.review, profile: 'assertive' });
    expect(value.agents.review).toEqual(defaultRepositoryConfig.agents.review);
    expect(value.limits).toEqual({});
  });

  it('refuses an unknown key, naming it with its line, column and source line', () => {
    const errors = problems('review:\n  profile: chill\n  tone: friendly\n');
    expect(errors).toEqual([
      {
        path: 'review.tone',
        message: expect.stringContaining('is not a known key in review'),
        line: 3,
        column: 3,
        snippet: '  tone: friendly',
      },
    ]);
  });

  it('suggests the closest key for a typo or a snake_case spelling', () => {
    const errors = problems('review:\n  max_inline_comments: 3\npaths:\n  exlude: [dist/]\nrevew: {}\n');
    expect(errors.map((error) => [error.path, error.message, error.line])).toEqual([
      ['review.max_inline_comments', 'is not a known key in review: did you mean "maxInlineComments"?', 2],
      ['paths.exlude', 'is not a known key in paths: did you mean "exclude"?', 4],
      ['revew', 'is not a known key at the top level: did you mean "review"?', 5],
    ]);
  });

  it('suggests keys inside list items too', () => {
    const errors = problems('paths:\n  instructions:\n    - path: a\n      instruction: b\n');
    expect(errors.map((error) => [error.path, error.line, error.message])).toEqual([
      ['paths.instructions[0].instructions', 3, 'is required (text)'],
      [
        'paths.instructions[0].instruction',
        4,
        'is not a known key in paths.instructions[0]: did you mean "instructions"?',
      ],
    ]);
  });

  it('lists the allowed keys when no known key is close', () => {
    const [error] = problems('agents:\n  summarize:\n    enabled: true\n');
    expect(error!.message).toBe(
      'is not a known key in agents; the keys allowed here are review, describe, ask',
    );
  });

  it('points at the right line for a wrong type deep in a list', () => {
    const text = [
      'paths:',
      '  instructions:',
      '    - path: "src/**"',
      '      instructions: Be careful.',
      '    - path: "docs/**"',
      '      instructions: [1, 2]',
    ].join('\n');
    expect(problems(text)).toEqual([
      {
        path: 'paths.instructions[1].instructions',
        message: 'must be text (found a list)',
        line: 6,
        column: 7,
        snippet: '      instructions: [1, 2]',
      },
    ]);
  });

  it('points at the item of a flow list holding a value that is not allowed', () => {
    const [error] = problems('agents:\n  describe:\n    triggers: [opened, synchronize]\n');
    expect(error).toMatchObject({ path: 'agents.describe.triggers[1]', line: 3, column: 24 });
    expect(error!.message).toBe('must be one of "opened", "command" (found "synchronize")');
  });

  it('explains YAML 1.1 booleans, scalars where a list belongs and out-of-range numbers', () => {
    const errors = problems(
      'agents:\n  ask:\n    enabled: yes\nignore:\n  labels: wip\nreview:\n  maxInlineComments: 500\nlimits:\n  dailyUsd: -5\n',
    );
    expect(errors.map((error) => [error.path, error.line, error.message])).toEqual([
      ['agents.ask.enabled', 3, expect.stringMatching(/^must be true or false \(found "yes"\)/)],
      ['ignore.labels', 5, 'must be a list (found "wip"): write a list, e.g. ["wip"]'],
      ['review.maxInlineComments', 7, 'must be at most 100'],
      ['limits.dailyUsd', 9, 'must be greater than 0'],
    ]);
  });

  it('refuses models that are not provider:model, an unknown policy and a duplicate candidate', () => {
    const errors = problems(
      'models:\n  policy: random\n  candidates: [gpt-4, openai:gpt-4.1, openai:gpt-4.1]\n',
    );
    expect(errors.map((error) => error.path)).toEqual([
      'models.policy',
      'models.candidates',
      'models.candidates[0]',
    ]);
    expect(errors[2]!.message).toContain('provider:model');
  });

  it('refuses globs written from "/" or negated, and command prefixes with spaces', () => {
    const errors = problems(
      'paths:\n  include: ["/src/**"]\n  exclude: ["!docs"]\ncommands:\n  prefix: "/my bot"\n',
    );
    expect(errors.map((error) => [error.path, error.line])).toEqual([
      ['paths.include[0]', 2],
      ['paths.exclude[0]', 3],
      ['commands.prefix', 5],
    ]);
    expect(errors[0]!.message).toContain('relative to the repository root');
    expect(errors[1]!.message).toContain('paths.exclude');
  });

  it('names a required key that is missing from a list item', () => {
    expect(problems('paths:\n  instructions:\n    - path: "migrations/**"\n')).toEqual([
      {
        path: 'paths.instructions[0].instructions',
        message: 'is required (text)',
        line: 3,
        column: 7,
        snippet: '    - path: "migrations/**"',
      },
    ]);
  });

  it('refuses a file that is not a mapping, at its first line', () => {
    expect(problems('- review\n- describe\n')).toEqual([
      {
        path: '',
        message: 'must be a mapping of keys to values (found a list)',
        line: 1,
        column: 1,
        snippet: '- review',
      },
    ]);
  });

  it('reports a YAML syntax error with its line and the source line', () => {
    expect(problems('review:\n  profile: chill\n language: en\n')).toEqual([
      {
        path: '',
        message: 'is not valid YAML: All mapping items must start at the same column',
        line: 3,
        column: 1,
        snippet: ' language: en',
      },
    ]);
    expect(problems('review:\n  profile: chill\n\tlanguage: en\n')[0]).toMatchObject({
      message: expect.stringContaining('Tabs'),
      line: 3,
      snippet: '\tlanguage: en',
    });
  });

  it('reports a key set twice and a second document in plain words', () => {
    expect(problems('drafts: skip\ndrafts: review\n')).toEqual([
      {
        path: '',
        message: 'sets the same key twice in one mapping: keep one',
        line: 2,
        column: 1,
        snippet: 'drafts: review',
      },
    ]);
    expect(problems('drafts: skip\n---\ndrafts: review\n')[0]).toMatchObject({
      message: expect.stringContaining('more than one YAML document'),
      line: 2,
    });
  });

  it('warns about settings that have no effect', () => {
    const { warnings } = parsed(
      'review:\n  inlineComments: false\n  maxInlineComments: 5\nagents:\n  describe:\n    triggers: []\n',
    );
    expect(warnings).toEqual([
      'review.maxInlineComments (line 3) has no effect while review.inlineComments is false',
      'agents.describe.triggers (line 6) is empty: the describe agent never runs',
    ]);
  });

  it('returns a fresh value each time, so callers cannot change the shared defaults', () => {
    const first = parsed('').value;
    first.paths.exclude.push('dist/');
    expect(parsed('').value.paths.exclude).toEqual([]);
    expect(() => defaultRepositoryConfig.paths.exclude.push('x')).toThrow(TypeError);
  });
});
