import { describe, expect, it } from '@jest/globals';
import { matchesWildcard } from '../../../../core/config/repository-config/match-wildcard.js';

const exact = { ignoreCase: false };

describe('matchesWildcard', () => {
  it('treats * as any characters, none included, and everything else literally', () => {
    expect(matchesWildcard('*[bot]', 'renovate[bot]', exact)).toBe(true);
    expect(matchesWildcard('*[bot]', 'robot', exact)).toBe(false);
    expect(matchesWildcard('release/*', 'release/', exact)).toBe(true);
    expect(matchesWildcard('release/*', 'release/1.2/hotfix', exact)).toBe(true);
    expect(matchesWildcard('a?c', 'abc', exact)).toBe(false);
    expect(matchesWildcard('main', 'main-old', exact)).toBe(false);
    expect(matchesWildcard('*', '', exact)).toBe(true);
  });

  it('ignores case only when asked', () => {
    expect(matchesWildcard('WIP*', 'wip: draft', { ignoreCase: true })).toBe(true);
    expect(matchesWildcard('WIP*', 'wip: draft', exact)).toBe(false);
  });

  it('stays fast on patterns that make regular expressions backtrack', () => {
    const started = performance.now();
    expect(matchesWildcard(`${'*a'.repeat(100)}b`, 'a'.repeat(200), exact)).toBe(false);
    expect(performance.now() - started).toBeLessThan(200);
  });
});
