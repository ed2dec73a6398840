import type { ChangedFile } from '../pull-request-platform.js';

/** How many secrets of one kind were masked. */
export interface MaskFinding {
  kind: string;
  count: number;
}

/** Text with its secrets masked, and what was masked. */
export interface MaskResult {
  text: string;
  findings: MaskFinding[];
}

interface SecretRule {
  kind: string;
  pattern: RegExp;
  /** The replacement of a match, or undefined to leave it (a placeholder, or not a secret after all). */
  replace?: (match: string, groups: Record<string, string | undefined>, mask: string) => string | undefined;
}

// Every quantifier is bounded or runs over a class that cannot overlap what follows it, and most patterns
// start with a fixed prefix, so matching stays linear in the input (no catastrophic backtracking).
const secretRules: SecretRule[] = [
  { kind: 'anthropic-key', pattern: /\bsk-ant-[A-Za-z0-9_-]{20,300}/g },
  {
    kind: 'openai-key',
    pattern: /\bsk-(?:proj-|svcacct-|admin-)?[A-Za-z0-9_-]{20,300}/g,
    // Real keys mix letters and digits; `sk-` followed by a long kebab-case word is a name, not a key.
    replace: (match, _groups, mask) => (/\d/.test(match) && /[A-Za-z]/.test(match) ? mask : undefined),
  },
  { kind: 'stripe-key', pattern: /\b[sr]k_live_[A-Za-z0-9]{16,200}/g },
  { kind: 'github-token', pattern: /\b(?:gh[pousr]_[A-Za-z0-9]{36,255}|github_pat_[A-Za-z0-9_]{22,255})/g },
  { kind: 'gitlab-token', pattern: /\bglpat-[A-Za-z0-9_-]{20,255}/g },
  { kind: 'slack-token', pattern: /\b(?:xox[abposr]|xapp)-[A-Za-z0-9-]{10,255}/g },
  { kind: 'google-api-key', pattern: /\bAIza[A-Za-z0-9_-]{35}/g },
  { kind: 'aws-access-key-id', pattern: /\b(?:AKIA|ASIA)[A-Z0-9]{16}\b/g },
  {
    kind: 'aws-secret-key',
    pattern:
      /(?<keep>aws[_-]?secret[_-]?(?:access[_-]?)?key["']?[ \t]{0,5}(?:=|:=|:|=>)[ \t]{0,5}["']?)[A-Za-z0-9/+=]{40}(?![A-Za-z0-9/+=])/gi,
    replace: (_match, groups, mask) => `${groups.keep}${mask}`,
  },
  { kind: 'jwt', pattern: /\beyJ[A-Za-z0-9_-]{10,4000}\.[A-Za-z0-9_-]{10,4000}\.[A-Za-z0-9_-]{10,4000}/g },
  {
    kind: 'secret-assignment',
    pattern:
      /(?<keep>(?:password|passwd|secret|token|api[_-]?key|access[_-]?key|auth[_-]?key|private[_-]?key|client[_-]?secret)(?:[_-]?(?:key|token|value|phrase|hash))?["']?[ \t]{0,5}(?:=|:=|:|=>)[ \t]{0,5})(?:(?<quote>["'`])(?<quoted>[^"'`\r\n]{8,200})\k<quote>|(?<bare>[^\s"'`,;()]{8,200}))/gi,
    replace: (_match, groups, mask) => {
      const value = groups.quoted ?? groups.bare ?? '';
      if (isPlaceholder(value)) return undefined;
      // An unquoted value is usually code (`password = userPassword`, `token: request.token`): only a
      // value mixing letters and digits without a member access looks like a literal secret.
      if (
        groups.bare !== undefined &&
        (value.includes('.') || !/\d/.test(value) || !/[A-Za-z]/.test(value))
      ) {
        return undefined;
      }
      const quote = groups.quote ?? '';
      return `${groups.keep}${quote}${mask}${quote}`;
    },
  },
];

const placeholderPattern =
  /^(?:change[_-]?me|changeit|password\d*|secret|example|placeholder|dummy|redacted|not[_-]?set|none|null|undefined|todo|fixme|test(?:ing)?|your[_-].*|(.)\1*)$/i;

/**
 * Placeholders are left alone so that the review still sees them: `changeme`, `password123`, `your-api-key`,
 * `xxxxxxxx`, `********`, references such as `${DB_PASSWORD}`, `{{ .Values.password }}`, `<token>`, `%(pw)s`,
 * and values that Switchyard masked already.
 */
function isPlaceholder(value: string): boolean {
  if (value.includes('[MASKED:')) return true;
  if (/^(?:\$|\{\{|<|%\(|process\.env|os\.environ|env\()/i.test(value)) return true;
  return placeholderPattern.test(value);
}

const pemBeginPattern = /-----BEGIN [A-Z0-9 ]{0,40}PRIVATE KEY(?: BLOCK)?-----/;
const pemEndPattern = /-----END [A-Z0-9 ]{0,40}PRIVATE KEY(?: BLOCK)?-----/;
/** A key body line, optionally behind a diff prefix: what follows a BEGIN line that has no END nearby. */
const pemBodyLinePattern = /^[ +-]?\s*[A-Za-z0-9+/=]{16,}\s*$/;
const maxPemLines = 200;

function maskText(kind: string): string {
  return `[MASKED:${kind}]`;
}

/**
 * Masks obvious secrets before text leaves for a model provider: private key blocks, cloud and platform
 * tokens of well-known shapes, JWTs, and long literals assigned to names like `password` or `api_key`.
 * Each secret becomes `[MASKED:<kind>]`; the number of lines never changes, so diff line numbers stay right.
 */
export function maskSecrets(text: string): MaskResult {
  const counts = new Map<string, number>();
  const count = (kind: string) => counts.set(kind, (counts.get(kind) ?? 0) + 1);
  let masked = maskPrivateKeys(text, () => count('private-key'));
  for (const rule of secretRules) {
    rule.pattern.lastIndex = 0;
    masked = masked.replace(rule.pattern, (match: string, ...rest: unknown[]) => {
      const last = rest.at(-1);
      const groups = (typeof last === 'object' && last !== null ? last : {}) as Record<
        string,
        string | undefined
      >;
      const replacement = rule.replace
        ? rule.replace(match, groups, maskText(rule.kind))
        : maskText(rule.kind);
      if (replacement === undefined) return match;
      count(rule.kind);
      return replacement;
    });
  }
  return { text: masked, findings: [...counts].map(([kind, total]) => ({ kind, count: total })) };
}

function maskPrivateKeys(text: string, onBlock: () => void): string {
  if (!text.includes('PRIVATE KEY')) return text;
  const mask = maskText('private-key');
  const lines = text.split('\n');
  for (let index = 0; index < lines.length; index++) {
    const line = lines[index]!;
    const begin = pemBeginPattern.exec(line);
    if (!begin) continue;
    onBlock();
    const before = line.slice(0, begin.index);
    const after = line.slice(begin.index + begin[0].length);
    const sameLineEnd = pemEndPattern.exec(after);
    if (sameLineEnd) {
      lines[index] = `${before}${mask}${after.slice(sameLineEnd.index + sameLineEnd[0].length)}`;
      index--; // the rest of the line may hold another key
      continue;
    }
    lines[index] = `${before}${mask}`;
    const endIndex = findEndLine(lines, index + 1);
    if (endIndex === undefined) {
      while (index + 1 < lines.length && pemBodyLinePattern.test(lines[index + 1]!)) {
        index++;
        lines[index] = maskBodyLine(lines[index]!, mask);
      }
      continue;
    }
    for (let body = index + 1; body < endIndex; body++) lines[body] = maskBodyLine(lines[body]!, mask);
    const endLine = lines[endIndex]!;
    const end = pemEndPattern.exec(endLine)!;
    lines[endIndex] = `${endLine.slice(0, end.index)}${mask}${endLine.slice(end.index + end[0].length)}`;
    index = endIndex - 1; // the END line may be followed by another BEGIN on the same line
  }
  return lines.join('\n');
}

function findEndLine(lines: readonly string[], from: number): number | undefined {
  const last = Math.min(lines.length, from + maxPemLines);
  for (let index = from; index < last; index++) {
    if (pemEndPattern.test(lines[index]!)) return index;
    if (pemBeginPattern.test(lines[index]!)) return undefined;
  }
  return undefined;
}

/** Keeps a diff prefix (` `, `+`, `-`) and indentation so the diff still parses. */
function maskBodyLine(line: string, mask: string): string {
  const prefix = /^[ +-]?\s*/.exec(line)![0];
  return `${prefix}${mask}`;
}

/** Adds up findings of several masked texts (title, description, each file), kinds in first-seen order. */
export function mergeMaskFindings(...lists: ReadonlyArray<readonly MaskFinding[]>): MaskFinding[] {
  const counts = new Map<string, number>();
  for (const list of lists) {
    for (const finding of list) counts.set(finding.kind, (counts.get(finding.kind) ?? 0) + finding.count);
  }
  return [...counts].map(([kind, count]) => ({ kind, count }));
}

/** Masks the patch of every file (and nothing else: paths are not secrets). */
export function maskChangedFiles(files: readonly ChangedFile[]): {
  files: ChangedFile[];
  findings: MaskFinding[];
} {
  const findings: MaskFinding[][] = [];
  const masked = files.map((file) => {
    if (!file.patch) return file;
    const result = maskSecrets(file.patch);
    findings.push(result.findings);
    return result.findings.length > 0 ? { ...file, patch: result.text } : file;
  });
  return { files: masked, findings: mergeMaskFindings(...findings) };
}
