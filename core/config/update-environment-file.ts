import { existsSync, readFileSync, writeFileSync } from 'node:fs';

function quote(value: string): string {
  // Double quotes with escaped newlines: what Node's process.loadEnvFile (and dotenv) read back verbatim.
  return `"${value.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\r?\n/g, '\\n')}"`;
}

/**
 * Sets variables in a `.env` file: an existing `NAME=` line is replaced, a new one appended; other lines
 * and comments are kept. The file is written with mode 0600, since it now holds secrets.
 */
export function updateEnvironmentFile(path: string, values: Record<string, string>): void {
  const lines = existsSync(path) ? readFileSync(path, 'utf8').split('\n') : [];
  const pending = new Map(Object.entries(values));
  const updated = lines.map((line) => {
    const name = /^\s*(?:export\s+)?([A-Za-z_][A-Za-z0-9_]*)\s*=/.exec(line)?.[1];
    if (name === undefined || !pending.has(name)) return line;
    const value = pending.get(name)!;
    pending.delete(name);
    return `${name}=${quote(value)}`;
  });
  if (updated.length > 0 && updated[updated.length - 1] === '') updated.pop();
  for (const [name, value] of pending) updated.push(`${name}=${quote(value)}`);
  writeFileSync(path, `${updated.join('\n')}\n`, { mode: 0o600 });
}
