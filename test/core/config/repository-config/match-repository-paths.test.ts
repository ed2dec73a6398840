import { describe, expect, it } from '@jest/globals';
import { createPathFilter } from '../../../../core/config/repository-config/match-repository-paths.js';
import { parseRepositoryConfig } from '../../../../core/config/repository-config/parse-repository-config.js';

function filterFor(yaml: string) {
  const parsed = parseRepositoryConfig(yaml);
  if (!parsed.success) throw new Error(JSON.stringify(parsed.errors));
  return createPathFilter(parsed.value);
}

describe('createPathFilter', () => {
  it('includes every file by default, dot files too', () => {
    const filter = filterFor('');
    for (const path of ['README.md', 'src/a/b.ts', '.github/workflows/ci.yml', 'src/.env.example']) {
      expect(filter.includes(path)).toBe(true);
    }
  });

  it('includes only what include matches, anchored at the root when the glob has a slash', () => {
    const filter = filterFor('paths:\n  include: ["src/**", "docs/*.md"]\n');
    expect(filter.includes('src/deep/file.ts')).toBe(true);
    expect(filter.includes('src/.hidden/file.ts')).toBe(true);
    expect(filter.includes('docs/intro.md')).toBe(true);
    expect(filter.includes('docs/guides/intro.md')).toBe(false);
    expect(filter.includes('packages/src/file.ts')).toBe(false);
    expect(filter.includes('README.md')).toBe(false);
  });

  it('lets exclude win over include', () => {
    const filter = filterFor('paths:\n  include: ["src/**"]\n  exclude: ["src/generated/**"]\n');
    expect(filter.includes('src/app.ts')).toBe(true);
    expect(filter.includes('src/generated/client.ts')).toBe(false);
  });

  it('matches a glob without a slash against file and folder names at any depth', () => {
    const filter = filterFor('paths:\n  exclude: ["*.lock", "__snapshots__", "dist/"]\n');
    expect(filter.includes('yarn.lock')).toBe(false);
    expect(filter.includes('packages/app/Cargo.lock')).toBe(false);
    expect(filter.includes('src/__snapshots__/a.test.ts.snap')).toBe(false);
    expect(filter.includes('dist/index.js')).toBe(false);
    expect(filter.includes('packages/app/dist/index.js')).toBe(true);
    expect(filter.includes('src/lockfile.ts')).toBe(true);
  });

  it('tolerates a leading slash or ./ in the changed path', () => {
    const filter = filterFor('paths:\n  include: ["src/**"]\n');
    expect(filter.includes('/src/a.ts')).toBe(true);
    expect(filter.includes('./src/a.ts')).toBe(true);
  });

  it('returns the instructions of every matching entry, in the file order', () => {
    const filter = filterFor(
      [
        'paths:',
        '  instructions:',
        '    - path: "src/**"',
        '      instructions: Application code.',
        '    - path: "*.sql"',
        '      instructions: Check indexes.',
        '    - path: "src/db/**"',
        '      instructions: Check transactions.',
      ].join('\n'),
    );
    expect(filter.instructionsFor('src/db/migrations/001.sql')).toEqual([
      'Application code.',
      'Check indexes.',
      'Check transactions.',
    ]);
    expect(filter.instructionsFor('schema.sql')).toEqual(['Check indexes.']);
    expect(filter.instructionsFor('README.md')).toEqual([]);
  });
});
