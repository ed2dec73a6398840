import { describe, expect, it } from '@jest/globals';
import type { ConfigProblem } from '../../../../core/config/repository-config/config-problem.js';
import {
  maxRepositoryConfigBytes,
  parseRepositoryConfig,
} from '../../../../core/config/repository-config/parse-repository-config.js';

function problems(text: string): ConfigProblem[] {
  const result = parseRepositoryConfig(text);
  if (result.success) throw new Error('expected problems, the file was accepted');
  return result.errors;
}

describe('parseRepositoryConfig on hostile input', () => {
  it('refuses a file over 64 KiB without parsing it', () => {
    const text = `review:\n  instructions: "${'a'.repeat(maxRepositoryConfigBytes)}"\n`;
    expect(problems(text)).toEqual([
      { path: '', message: expect.stringMatching(/^is 64\.0 KiB; Switchyard reads files of at most 64 KiB/) },
    ]);
  });

  it('refuses aliases that expand beyond the limit (a billion laughs)', () => {
    const text = [
      'a: &a [x, x, x, x, x, x, x, x, x]',
      'b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]',
      'c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]',
      'd: [*c, *c, *c, *c, *c, *c, *c, *c, *c]',
    ].join('\n');
    const started = performance.now();
    expect(problems(text)).toEqual([{ path: '', message: expect.stringContaining('YAML aliases') }]);
    expect(performance.now() - started).toBeLessThan(1000);
  });

  it('accepts a few aliases that reuse a list', () => {
    const result = parseRepositoryConfig(
      'ignore:\n  sourceBranches: &bots [renovate/*, dependabot/*]\n  baseBranches: *bots\n',
    );
    expect(result.success && result.value.ignore.baseBranches).toEqual(['renovate/*', 'dependabot/*']);
  });

  it('refuses nesting too deep to read instead of throwing', () => {
    const depth = 5_000;
    expect(problems(`review: ${'['.repeat(depth)}${']'.repeat(depth)}\n`)).toEqual([
      {
        path: '',
        message: expect.any(String),
        line: 1,
        column: expect.any(Number),
        snippet: expect.any(String),
      },
    ]);
  });
});
