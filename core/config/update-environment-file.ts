import { chmodSync, existsSync, readFileSync, writeFileSync } from 'node:fs';

/**
 * Quotes a value so Node's `.env` parser (process.loadEnvFile, util.parseEnv) reads it back verbatim. That
 * parser undoes no escapes except `\n` inside double quotes, so the quote is chosen to avoid the value's own.
 */
function quote(value: string): string {
  if (/[\r\n]/.test(value)) {
    if (value.includes('"')) throw new Error('a multi-line .env value cannot contain a double quote');
    return `"${value.replace(/\r?\n/g, '\\n')}"`;
  }
  if (!value.includes('"')) return `"${value}"`;
  if (!value.includes("'")) return `'${value}'`;
  if (!value.includes('`')) return `\`${value}\``;
  throw new Error('a .env value cannot contain all three quote characters');
}

/** The quote a value opens without closing on its line (it continues on the next lines), if any. */
function openQuote(rest: string): string | undefined {
  const first = rest.trimStart()[0];
  if (first !== '"' && first !== "'" && first !== '`') return undefined;
  const body = rest.trimStart().slice(1);
  return body.includes(first) ? undefined : first;
}

/**
 * Sets variables in a `.env` file: an existing `NAME=` entry (multi-line ones included) is replaced, a new
 * one appended; other lines and comments are kept. The file ends readable by its owner only (0600), since
 * it now holds secrets.
 */
export function updateEnvironmentFile(path: string, values: Record<string, string>): void {
  const lines = existsSync(path) ? readFileSync(path, 'utf8').split('\n') : [];
  const pending = new Map(Object.entries(values));
  const updated: string[] = [];
  for (let index = 0; index < lines.length; index += 1) {
    const line = lines[index]!;
    const match = /^\s*(?:export\s+)?([A-Za-z_][A-Za-z0-9_]*)\s*=(.*)$/.exec(line);
    const name = match?.[1];
    if (name === undefined || !pending.has(name)) {
      updated.push(line);
      continue;
    }
    const quoteCharacter = openQuote(match![2]!);
    if (quoteCharacter !== undefined) {
      // Skip the old value's continuation lines, up to the one that closes its quote.
      while (index + 1 < lines.length && !lines[index + 1]!.includes(quoteCharacter)) index += 1;
      index += 1;
    }
    updated.push(`${name}=${quote(pending.get(name)!)}`);
    pending.delete(name);
  }
  if (updated.length > 0 && updated[updated.length - 1] === '') updated.pop();
  for (const [name, value] of pending) updated.push(`${name}=${quote(value)}`);
  writeFileSync(path, `${updated.join('\n')}\n`, { mode: 0o600 });
  chmodSync(path, 0o600);
}
