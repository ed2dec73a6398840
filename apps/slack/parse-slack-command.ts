import type { CodePlatform } from '../../core/jobs/job-request.js';
import { neutralizeSlackText as quote } from '../../integrations/slack/format-slack-text.js';
import {
  type ParseResult,
  type PlatformHosts,
  type ProjectNameReference,
  type PullRequestReference,
  parseProjectName,
  parsePullRequestUrl,
} from './parse-pull-request-url.js';

/** One `/switchyard` sub-command, parsed. */
export type SlackCommand =
  | { name: 'review' | 'summarize'; target: PullRequestReference }
  | { name: 'ask'; target: PullRequestReference; question: string }
  | { name: 'status' }
  | { name: 'budget'; project?: ProjectNameReference }
  | { name: 'link' | 'unlink'; projects: ProjectNameReference[] }
  /** Shows the caller's identities, or files a claim to `login` for an admin to confirm. */
  | { name: 'whoami'; claim?: { platform: CodePlatform; login: string } }
  /** A workspace admin confirms (or, with login `none`, removes) a user's identity. */
  | { name: 'identify'; userId: string; platform: CodePlatform; login: string | undefined }
  /** `help`, nothing, or a word Switchyard does not know (`unknown`). */
  | { name: 'help'; unknown?: string };

const loginPattern = /^[A-Za-z0-9](?:[A-Za-z0-9._-]{0,98}[A-Za-z0-9_])?$/;
/** `<@U123|ada>` or `<@U123>` (an escaped mention) or a bare `U123`. */
const userPattern = /^(?:<@([UW][A-Z0-9]{2,20})(?:\|[^>]*)?>|([UW][A-Z0-9]{2,20}))$/;

/** Slack sends `&`, `<` and `>` of the typed text as entities. */
function unescapeEntities(text: string): string {
  return text.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
}

function parsePlatform(word: string | undefined): CodePlatform | undefined {
  const lower = word?.toLowerCase();
  return lower === 'github' || lower === 'gitlab' ? lower : undefined;
}

function parseLogin(word: string | undefined): string | undefined {
  const login = word?.replace(/^@/, '');
  return login !== undefined && loginPattern.test(login) ? login : undefined;
}

const usage = (command: string, form: string) => ({
  success: false as const,
  error: `Usage: \`${command} ${form}\``,
});

/**
 * Parses the text after the slash command. Word one is the sub-command; the rest are its arguments. Errors
 * are mrkdwn for an ephemeral reply (whatever the user typed is escaped in them).
 */
export function parseSlackCommand(
  rawText: string,
  options: { command: string; hosts: PlatformHosts },
): ParseResult<SlackCommand> {
  const text = rawText.trim();
  const [first = '', ...rest] = text.split(/\s+/);
  const word = first.toLowerCase();
  const { command, hosts } = options;
  const projects = () => {
    const parsed: ProjectNameReference[] = [];
    for (const token of rest) {
      const project = parseProjectName(token, hosts);
      if (!project.success) return project;
      parsed.push(project.value);
    }
    return { success: true as const, value: parsed };
  };
  switch (word) {
    case '':
    case 'help':
      return { success: true, value: { name: 'help' } };
    case 'review':
    case 'summarize':
    case 'summarise':
    case 'describe': {
      if (rest.length !== 1) return usage(command, `${word} <pull request or merge request URL>`);
      const target = parsePullRequestUrl(rest[0]!, hosts);
      if (!target.success) return target;
      return {
        success: true,
        value: { name: word === 'review' ? 'review' : 'summarize', target: target.value },
      };
    }
    case 'ask': {
      if (rest.length < 2) return usage(command, 'ask <pull request or merge request URL> <question>');
      const target = parsePullRequestUrl(rest[0]!, hosts);
      if (!target.success) return target;
      const afterUrl = text.slice(text.indexOf(rest[0]!) + rest[0]!.length);
      const question = unescapeEntities(afterUrl).trim();
      if (question.length > 4_000)
        return { success: false, error: 'The question is too long: keep it under 4,000 characters.' };
      return { success: true, value: { name: 'ask', target: target.value, question } };
    }
    case 'status':
      return { success: true, value: { name: 'status' } };
    case 'budget': {
      if (rest.length > 1) return usage(command, 'budget [org/repo]');
      if (rest.length === 0) return { success: true, value: { name: 'budget' } };
      const project = parseProjectName(rest[0]!, hosts);
      if (!project.success) return project;
      return { success: true, value: { name: 'budget', project: project.value } };
    }
    case 'link':
    case 'unlink': {
      if (rest.length === 0) return usage(command, `${word} <org/repo or group/project> [more…]`);
      const parsed = projects();
      if (!parsed.success) return parsed;
      return { success: true, value: { name: word, projects: parsed.value } };
    }
    case 'whoami': {
      if (rest.length === 0) return { success: true, value: { name: 'whoami' } };
      const platform = parsePlatform(rest[0]);
      const login = parseLogin(rest[1]);
      if (rest.length !== 2 || !platform || !login)
        return usage(command, 'whoami [github|gitlab <your login>]');
      return { success: true, value: { name: 'whoami', claim: { platform, login } } };
    }
    case 'identify': {
      const user = userPattern.exec(rest[0] ?? '');
      const platform = parsePlatform(rest[1]);
      const removing = rest[2]?.toLowerCase() === 'none';
      const login = removing ? undefined : parseLogin(rest[2]);
      if (rest.length !== 3 || !user || !platform || (!removing && !login)) {
        return usage(command, 'identify @user github|gitlab <login|none>');
      }
      return {
        success: true,
        value: { name: 'identify', userId: (user[1] ?? user[2])!, platform, login },
      };
    }
    default:
      return { success: true, value: { name: 'help', unknown: quote(first.slice(0, 40)) } };
  }
}
