import type { Environment } from '../../core/config/environment.js';
import type { CodePlatform } from '../../core/jobs/job-request.js';
import { neutralizeSlackText as quote } from '../../integrations/slack/format-slack-text.js';

/** A pull request (merge request) named by its URL in a Slack command. */
export interface PullRequestReference {
  platform: CodePlatform;
  /** `owner/name` on GitHub, the project path on GitLab, as written in the URL. */
  repository: string;
  number: number;
  url: string;
}

/** A project named in a command: `acme/api`, `github:acme/api`, or its URL. */
export interface ProjectNameReference {
  name: string;
  /** Undefined when the name alone does not say (`acme/api` may be on GitHub or GitLab). */
  platform?: CodePlatform;
}

/** The hosts whose URLs Switchyard accepts: github.com (or GHE_HOST) and GITLAB_URL. */
export interface PlatformHosts {
  github: string[];
  gitlab: Array<{ host: string; pathPrefix: string }>;
}

export type ParseResult<Value> = { success: true; value: Value } | { success: false; error: string };

const segment = '[A-Za-z0-9_.-]+';
const githubPullPath = new RegExp(`^/(${segment}/${segment})/pulls?/(\\d{1,9})(?:[/?#].*)?$`);
const gitlabMergePath = new RegExp(`^/(${segment}(?:/${segment})+)/-/merge_requests/(\\d{1,9})(?:[/?#].*)?$`);
const projectPath = new RegExp(`^${segment}(?:/${segment})+$`);
const expected =
  'expected a pull request URL such as https://github.com/acme/api/pull/42, or a merge request URL such as https://gitlab.com/acme/api/-/merge_requests/7';

/** The hosts of this Switchyard, from GHE_HOST and GITLAB_URL. */
export function readPlatformHosts(environment: Pick<Environment, 'GHE_HOST' | 'GITLAB_URL'>): PlatformHosts {
  const gitlab = new URL(environment.GITLAB_URL);
  return {
    github: [
      'github.com',
      'www.github.com',
      ...(environment.GHE_HOST ? [environment.GHE_HOST.toLowerCase()] : []),
    ],
    gitlab: [{ host: gitlab.host.toLowerCase(), pathPrefix: gitlab.pathname.replace(/\/+$/, '') }],
  };
}

/** `<https://…>` and `<https://…|label>` (how Slack sends links when it escapes a command's text) → the URL. */
export function unwrapSlackLink(token: string): string {
  const match = /^<([^|>]+)(?:\|[^>]*)?>$/.exec(token.trim());
  return match ? match[1]! : token.trim();
}

function toUrl(text: string): URL | undefined {
  try {
    const url = new URL(text);
    return url.protocol === 'https:' || url.protocol === 'http:' ? url : undefined;
  } catch {
    return undefined;
  }
}

function gitlabPath(url: URL, hosts: PlatformHosts): string | undefined {
  const gitlab = hosts.gitlab.find((each) => each.host === url.host.toLowerCase());
  if (!gitlab || !url.pathname.startsWith(gitlab.pathPrefix)) return undefined;
  return url.pathname.slice(gitlab.pathPrefix.length);
}

/** Parses a pull request or merge request URL of a platform this Switchyard serves. */
export function parsePullRequestUrl(token: string, hosts: PlatformHosts): ParseResult<PullRequestReference> {
  const text = unwrapSlackLink(token);
  const url = toUrl(text);
  if (!url) return { success: false, error: `\`${quote(text)}\` is not a URL: ${expected}.` };
  const host = url.host.toLowerCase();
  if (hosts.github.includes(host)) {
    const match = githubPullPath.exec(url.pathname);
    if (!match)
      return { success: false, error: `${quote(text)} is not a GitHub pull request URL: ${expected}.` };
    return {
      success: true,
      value: { platform: 'github', repository: match[1]!, number: Number(match[2]), url: text },
    };
  }
  const path = gitlabPath(url, hosts);
  if (path !== undefined) {
    const match = gitlabMergePath.exec(path);
    if (!match)
      return { success: false, error: `${quote(text)} is not a GitLab merge request URL: ${expected}.` };
    return {
      success: true,
      value: { platform: 'gitlab', repository: match[1]!, number: Number(match[2]), url: text },
    };
  }
  const known = [
    ...hosts.github.filter((each) => each !== 'www.github.com'),
    ...hosts.gitlab.map((each) => each.host),
  ];
  return {
    success: false,
    error: `Switchyard does not work with ${quote(host)}: it knows ${known.join(', ')} (GHE_HOST and GITLAB_URL set the others).`,
  };
}

/** Parses a project name: `acme/api`, `github:acme/api`, `gitlab:group/sub/project`, or a repository or PR URL. */
export function parseProjectName(token: string, hosts: PlatformHosts): ParseResult<ProjectNameReference> {
  const text = unwrapSlackLink(token);
  const prefixed = /^(github|gitlab):(.+)$/i.exec(text);
  if (prefixed) {
    const name = prefixed[2]!.replace(/^\/+|\/+$/g, '');
    if (!projectPath.test(name))
      return { success: false, error: `\`${quote(name)}\` is not a repository path such as acme/api.` };
    return { success: true, value: { name, platform: prefixed[1]!.toLowerCase() as CodePlatform } };
  }
  const url = toUrl(text);
  if (url) {
    const pull = parsePullRequestUrl(text, hosts);
    if (pull.success)
      return { success: true, value: { name: pull.value.repository, platform: pull.value.platform } };
    const host = url.host.toLowerCase();
    const path = hosts.github.includes(host) ? url.pathname : gitlabPath(url, hosts);
    const name = path
      ?.replace(/\/-\/.*$/, '')
      .replace(/^\/+|\/+$/g, '')
      .replace(/\.git$/, '');
    if (name === undefined || !projectPath.test(name)) {
      return { success: false, error: `${quote(text)} is not a repository URL Switchyard knows.` };
    }
    return { success: true, value: { name, platform: hosts.github.includes(host) ? 'github' : 'gitlab' } };
  }
  const name = text.replace(/^\/+|\/+$/g, '');
  if (!projectPath.test(name)) {
    return {
      success: false,
      error: `\`${quote(name)}\` is not a repository path: write it as acme/api (GitHub) or group/project (GitLab).`,
    };
  }
  return { success: true, value: { name } };
}
