import picomatch from 'picomatch';
import type { RepositoryConfig } from './repository-config-schema.js';

/** Which changed files the agents look at, and the extra instructions for each. */
export interface PathFilter {
  /** True when `path` (relative to the repository root) is included and not excluded. */
  includes(path: string): boolean;
  /** The `paths.instructions` whose glob matches `path`, in the file's order. */
  instructionsFor(path: string): string[];
}

type PathMatcher = (path: string) => boolean;

/**
 * Compiles the `paths` section once. Globs follow `.gitignore` habits: dot files match like any other,
 * a glob without "/" matches a file or folder name at any depth (`*.lock`, `generated`), one with "/"
 * matches from the repository root (`src/**`), and a trailing "/" means everything below (`dist/`).
 * Exclude wins over include.
 */
export function createPathFilter(config: Pick<RepositoryConfig, 'paths'>): PathFilter {
  const include = matchAny(config.paths.include);
  const exclude = matchAny(config.paths.exclude);
  const instructions = config.paths.instructions.map((entry) => ({
    matches: compileGlob(entry.path),
    instructions: entry.instructions,
  }));
  return {
    includes(path) {
      const normalized = normalizePath(path);
      return include(normalized) && !exclude(normalized);
    },
    instructionsFor(path) {
      const normalized = normalizePath(path);
      return instructions.filter((entry) => entry.matches(normalized)).map((entry) => entry.instructions);
    },
  };
}

function matchAny(patterns: readonly string[]): PathMatcher {
  const matchers = patterns.map(compileGlob);
  return (path) => matchers.some((matches) => matches(path));
}

function compileGlob(pattern: string): PathMatcher {
  const anchored = pattern.includes('/');
  const matches = picomatch(pattern.endsWith('/') ? `${pattern}**` : pattern, { dot: true });
  if (anchored) return matches;
  return (path) => path.split('/').some((segment) => matches(segment));
}

/** Platforms report paths without a leading "/"; tolerate one (and "./") anyway. */
function normalizePath(path: string): string {
  return path.replace(/^(\.\/|\/)+/, '');
}
