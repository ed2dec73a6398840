import { generateKeyPairSync } from 'node:crypto';
import { chmodSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseEnv } from 'node:util';
import { afterAll, describe, expect, it } from '@jest/globals';
import { updateEnvironmentFile } from '../../../core/config/update-environment-file.js';

const folder = mkdtempSync(join(tmpdir(), 'switchyard-env-'));
afterAll(() => rmSync(folder, { recursive: true, force: true }));

let fileCount = 0;
/** A fresh `.env` path in the test folder, holding `text` when given. */
function environmentFile(text?: string): string {
  fileCount += 1;
  const path = join(folder, `${fileCount}.env`);
  if (text !== undefined) writeFileSync(path, text);
  return path;
}

const read = (path: string) => parseEnv(readFileSync(path, 'utf8'));
const pem = generateKeyPairSync('rsa', { modulusLength: 1024 })
  .privateKey.export({ type: 'pkcs1', format: 'pem' })
  .toString();

describe('updateEnvironmentFile', () => {
  it('creates the file when there is none', () => {
    const path = environmentFile();
    updateEnvironmentFile(path, { APP_ID: '123' });
    expect(readFileSync(path, 'utf8')).toBe('APP_ID="123"\n');
  });

  it('replaces existing variables in place and keeps every other line and comment', () => {
    const path = environmentFile(
      '# Switchyard\nDATABASE_URL=postgres://db/switchyard\nAPP_ID=1\n\nexport WEBHOOK_SECRET=old\n',
    );
    updateEnvironmentFile(path, { APP_ID: '987', WEBHOOK_SECRET: 'new-secret' });
    expect(readFileSync(path, 'utf8')).toBe(
      '# Switchyard\nDATABASE_URL=postgres://db/switchyard\nAPP_ID="987"\n\nWEBHOOK_SECRET="new-secret"\n',
    );
  });

  it('appends variables the file does not have yet', () => {
    const path = environmentFile('REDIS_URL=redis://cache:6379');
    updateEnvironmentFile(path, { APP_ID: '5', WEBHOOK_SECRET: 's' });
    expect(read(path)).toEqual({ REDIS_URL: 'redis://cache:6379', APP_ID: '5', WEBHOOK_SECRET: 's' });
  });

  it('writes a PEM key that Node reads back with its newlines', () => {
    const path = environmentFile('APP_ID=1\n');
    updateEnvironmentFile(path, { PRIVATE_KEY: pem, APP_ID: '2' });
    expect(readFileSync(path, 'utf8').split('\n')).toHaveLength(3);
    expect(read(path)).toEqual({ APP_ID: '2', PRIVATE_KEY: pem });
  });

  it('keeps values with spaces, #, $ and single quotes verbatim', () => {
    const path = environmentFile();
    const values = { A: '  padded  ', B: 'a#b', C: '$HOME', D: "it's" };
    updateEnvironmentFile(path, values);
    expect(read(path)).toEqual(values);
  });

  it('creates the file readable by its owner only, since it holds secrets', () => {
    const path = environmentFile();
    updateEnvironmentFile(path, { PRIVATE_KEY: pem });
    expect(statSync(path).mode & 0o777).toBe(0o600);
  });

  // writeFileSync's `mode` applies only when it creates the file: an existing `.env` (usually 0644)
  // receives the private key and webhook secret and stays readable by everyone.
  it('makes an existing file readable by its owner only once it holds secrets', () => {
    const path = environmentFile('DATABASE_URL=postgres://db/switchyard\n');
    chmodSync(path, 0o644);
    updateEnvironmentFile(path, { PRIVATE_KEY: pem });
    expect(statSync(path).mode & 0o777).toBe(0o600);
  });

  // The quoting escapes `\` and `"` with backslashes, which Node's parser (and dotenv) do not undo: a
  // backslash comes back doubled and a double quote cuts the value short.
  it('keeps values with backslashes and double quotes verbatim', () => {
    const path = environmentFile();
    const values = { WINDOWS_PATH: 'C:\\keys\\app.pem', QUOTED: 'say "hi"' };
    updateEnvironmentFile(path, values);
    expect(read(path)).toEqual(values);
  });

  // A multi-line double-quoted value (which Node reads) is replaced on its first line only; the rest of
  // the old value stays behind and swallows the variable after it.
  it('replaces a multi-line quoted value entirely, so the variables after it survive', () => {
    const path = environmentFile(`PRIVATE_KEY="${pem.trim()}"\nDATABASE_URL=postgres://db/switchyard\n`);
    updateEnvironmentFile(path, { PRIVATE_KEY: 'replaced' });
    expect(read(path)).toEqual({ PRIVATE_KEY: 'replaced', DATABASE_URL: 'postgres://db/switchyard' });
  });
});
