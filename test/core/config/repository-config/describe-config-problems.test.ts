import { describe, expect, it } from '@jest/globals';
import { describeConfigProblems } from '../../../../core/config/repository-config/describe-config-problems.js';
import { parseRepositoryConfig } from '../../../../core/config/repository-config/parse-repository-config.js';

describe('describeConfigProblems', () => {
  it('quotes each key with its line, column and source line, and says the run uses defaults', () => {
    const parsed = parseRepositoryConfig('review:\n  profile: strict\n  tone: friendly\n');
    if (parsed.success) throw new Error('fixture is valid');
    const markdown = describeConfigProblems(parsed.errors);
    expect(markdown).toContain('The run falls back to defaults');
    expect(markdown).toContain('2 problems');
    expect(markdown).toContain('- `review.profile` (line 2, column 3) must be one of "chill", "assertive"');
    expect(markdown).toContain('```yaml\n    profile: strict\n  ```');
    expect(markdown).toContain('- `review.tone` (line 3, column 3) is not a known key in review');
    expect(markdown).toContain('    tone: friendly');
  });

  it('names the file when a problem concerns all of it', () => {
    const markdown = describeConfigProblems([
      { path: '', message: 'is 70.0 KiB; Switchyard reads files of at most 64 KiB: shorten it' },
    ]);
    expect(markdown).toContain('- `.switchyard.yml` is 70.0 KiB');
    expect(markdown).toContain('1 problem)');
  });

  it('mentions nobody and keeps its layout whatever the file contains', () => {
    const parsed = parseRepositoryConfig('"@acme/everyone": 1\n"`x` *y*": 2\n');
    if (parsed.success) throw new Error('fixture is valid');
    const markdown = describeConfigProblems(parsed.errors);
    expect(markdown).toContain('- `@acme/everyone` (line 1, column 1)');
    expect(markdown).toContain('- `` `x` *y* `` (line 2, column 1)');
    const prose = markdown.replace(/^ *```[\s\S]*?^ *```$/gm, '').replace(/(`+).*?\1/g, '');
    expect(prose).not.toContain('@acme');
    expect(prose).not.toContain('*y*');
  });

  it('lists at most 20 problems and counts the rest', () => {
    const problems = Array.from({ length: 25 }, (_, index) => ({ path: `key${index}`, message: 'is wrong' }));
    const markdown = describeConfigProblems(problems);
    expect(markdown).toContain('`key19`');
    expect(markdown).not.toContain('`key20`');
    expect(markdown).toContain('… and 5 more problems');
  });
});
