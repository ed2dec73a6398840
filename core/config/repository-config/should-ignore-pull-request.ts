import { matchesWildcard } from './match-wildcard.js';
import type { RepositoryConfig } from './repository-config-schema.js';

/** What the ignore rules look at, as the platform reports it. */
export interface PullRequestFacts {
  /** Login of the pull request's author. */
  author: string;
  labels: readonly string[];
  baseBranch: string;
  sourceBranch: string;
  title: string;
  draft: boolean;
  /** The platform says the author is a bot (GitHub `user.type === 'Bot'`, GitLab `bot: true`), not the login's look. */
  isBot: boolean;
}

/** Whether automatic runs skip a pull request, and why in a sentence. */
export type IgnoreDecision = { ignore: false } | { ignore: true; reason: string };

/**
 * Applies `drafts` and the `ignore` rules to a pull request. Meant for automatic runs (opened, new
 * commits); a command someone types is their explicit request and is for the caller to allow.
 */
export function shouldIgnorePullRequest(
  config: Pick<RepositoryConfig, 'drafts' | 'ignore'>,
  pullRequest: PullRequestFacts,
): IgnoreDecision {
  const { ignore } = config;
  if (pullRequest.draft && config.drafts === 'skip') {
    return skip(
      'This pull request is a draft; it is reviewed once it is marked ready for review (drafts: skip).',
    );
  }
  if (pullRequest.isBot && ignore.bots) {
    return skip(`The author ${pullRequest.author} is a bot, and ignore.bots is true.`);
  }
  const author = ignore.authors.find((pattern) =>
    matchesWildcard(pattern, pullRequest.author, { ignoreCase: true }),
  );
  if (author !== undefined) {
    return skip(`The author ${pullRequest.author} matches "${author}" in ignore.authors.`);
  }
  for (const label of pullRequest.labels) {
    const pattern = ignore.labels.find((candidate) =>
      matchesWildcard(candidate, label, { ignoreCase: true }),
    );
    if (pattern !== undefined) {
      return skip(`The label "${label}" matches "${pattern}" in ignore.labels.`);
    }
  }
  const base = ignore.baseBranches.find((pattern) =>
    matchesWildcard(pattern, pullRequest.baseBranch, { ignoreCase: false }),
  );
  if (base !== undefined) {
    return skip(`The base branch ${pullRequest.baseBranch} matches "${base}" in ignore.baseBranches.`);
  }
  const source = ignore.sourceBranches.find((pattern) =>
    matchesWildcard(pattern, pullRequest.sourceBranch, { ignoreCase: false }),
  );
  if (source !== undefined) {
    return skip(
      `The source branch ${pullRequest.sourceBranch} matches "${source}" in ignore.sourceBranches.`,
    );
  }
  const keyword = ignore.titleKeywords.find((candidate) => containsKeyword(pullRequest.title, candidate));
  if (keyword !== undefined) {
    return skip(`The title contains "${keyword}", listed in ignore.titleKeywords.`);
  }
  return { ignore: false };
}

function skip(reason: string): IgnoreDecision {
  return { ignore: true, reason };
}

/**
 * Case-insensitive, and only as a whole word where the keyword starts or ends with a letter or digit:
 * `WIP` matches "[WIP] Add cache" but not "Wipe the cache".
 */
function containsKeyword(title: string, keyword: string): boolean {
  const text = title.toLowerCase();
  const wanted = keyword.toLowerCase();
  const checkStart = isWordCharacter(wanted[0]);
  const checkEnd = isWordCharacter(wanted[wanted.length - 1]);
  for (let index = text.indexOf(wanted); index !== -1; index = text.indexOf(wanted, index + 1)) {
    const startsWord = !checkStart || !isWordCharacter(text[index - 1]);
    const endsWord = !checkEnd || !isWordCharacter(text[index + wanted.length]);
    if (startsWord && endsWord) return true;
  }
  return false;
}

function isWordCharacter(character: string | undefined): boolean {
  return character !== undefined && /[\p{L}\p{N}_]/u.test(character);
}
