import { describe, expect, it } from '@jest/globals';
import {
  maskChangedFiles,
  maskSecrets,
  mergeMaskFindings,
} from '../../../../core/agents/diff/mask-secrets.js';
import { parsePatch } from '../../../../core/agents/diff/parse-patch.js';
import { changedFile } from '../__fixtures__/agent-fixtures.js';

// Secret-shaped strings are assembled at run time so that no scanner mistakes this file for a leak.
const fake = (prefix: string, body: string, times: number) => `${prefix}${body.repeat(times)}`;

const samples: Array<[kind: string, secret: string]> = [
  ['aws-access-key-id', fake('AKIA', 'Q3ZX', 4)],
  ['aws-access-key-id', fake('ASIA', 'Q3ZX', 4)],
  ['github-token', fake('ghp_', 'a1B2', 9)],
  ['github-token', fake('ghs_', 'a1B2', 9)],
  ['github-token', fake('github_pat_', '11AB2c_', 12)],
  ['gitlab-token', fake('glpat-', 'xY9z-', 4)],
  ['slack-token', fake('xoxb-', '1234-', 5)],
  ['slack-token', fake('xapp-1-', 'A1b2', 6)],
  ['openai-key', fake('sk-', 'Ab3d', 12)],
  ['openai-key', fake('sk-proj-', 'Ab3d_', 12)],
  ['anthropic-key', fake('sk-ant-api03-', 'Ab3d', 20)],
  ['google-api-key', fake('AIza', 'Sy0_-', 7)],
  ['stripe-key', fake('sk_live_', '4eC3', 6)],
  ['stripe-key', fake('rk_live_', '4eC3', 6)],
  ['jwt', `eyJhbGciOiJIUzI1NiJ9.${fake('eyJ', 'zdWIi', 6)}.${fake('', 'SflKxw', 5)}`],
];

describe('maskSecrets', () => {
  it.each(samples)('masks a secret of kind %s inside code', (kind, secret) => {
    const { text, findings } = maskSecrets(`const value = "${secret}"; // here`);
    expect(text).toBe(`const value = "[MASKED:${kind}]"; // here`);
    expect(findings).toEqual([{ kind, count: 1 }]);
  });

  it('masks an AWS secret access key assigned to its usual name and keeps the name', () => {
    const secret = fake('', 'wJalrXUtnFEMIK7MDENG', 2);
    const { text, findings } = maskSecrets(
      `aws_secret_access_key = ${secret}\nAWS_SECRET_ACCESS_KEY="${secret}"`,
    );
    expect(text).toBe(
      'aws_secret_access_key = [MASKED:aws-secret-key]\nAWS_SECRET_ACCESS_KEY="[MASKED:aws-secret-key]"',
    );
    expect(findings).toEqual([{ kind: 'aws-secret-key', count: 2 }]);
  });

  it('masks long literals assigned to password, secret or api_key names, keeping the name and quotes', () => {
    const input = [
      'password = "Tr0ub4dor&3-horse"',
      "  db_password: 'hunter2hunter2'",
      'API_KEY=9f8e7d6c5b4a3210',
      '"clientSecret": "s3cr3t-v4lue-123"',
    ].join('\n');
    expect(maskSecrets(input).text).toBe(
      [
        'password = "[MASKED:secret-assignment]"',
        "  db_password: '[MASKED:secret-assignment]'",
        'API_KEY=[MASKED:secret-assignment]',
        '"clientSecret": "[MASKED:secret-assignment]"',
      ].join('\n'),
    );
  });

  it('leaves placeholders, references, short values and code alone', () => {
    const input = [
      'password = "changeme"',
      `password: "\${DB_PASSWORD}"`,
      'api_key = "<your-api-key>"',
      'secret: "********"',
      'password = "short"',
      'password = userPassword',
      'token: request.headers.token',
      'const passwordPolicy = "at least 12 characters";',
    ].join('\n');
    expect(maskSecrets(input)).toEqual({ text: input, findings: [] });
  });

  it('leaves words that merely start like a key alone', () => {
    const input = 'sk-learn-is-a-python-library-for-machine-learning and AKIA is four letters';
    expect(maskSecrets(input).text).toBe(input);
  });

  it('masks every line of a PEM private key block in a diff and keeps the line count and diff prefixes', () => {
    const body = fake('', 'MIIEvQIBADANBgkqhkiG9w0BAQEFAASC', 2);
    const patch = [
      '@@ -1,2 +1,6 @@',
      ' config:',
      '+  key: |',
      '+    -----BEGIN RSA PRIVATE KEY-----',
      `+    ${body}`,
      `+    ${body}`,
      '+    -----END RSA PRIVATE KEY-----',
      ' done: true',
    ].join('\n');
    const { text, findings } = maskSecrets(patch);
    expect(text.split('\n')).toEqual([
      '@@ -1,2 +1,6 @@',
      ' config:',
      '+  key: |',
      '+    [MASKED:private-key]',
      '+    [MASKED:private-key]',
      '+    [MASKED:private-key]',
      '+    [MASKED:private-key]',
      ' done: true',
    ]);
    expect(findings).toEqual([{ kind: 'private-key', count: 1 }]);
    expect(parsePatch(text)[0]!.lines.map((line) => line.newLine)).toEqual([1, 2, 3, 4, 5, 6, 7]);
  });

  it('masks a private key written on one line with escaped newlines', () => {
    const input = `{"key": "-----BEGIN PRIVATE KEY-----\\nMIIEabc\\n-----END PRIVATE KEY-----\\n", "id": 1}`;
    expect(maskSecrets(input).text).toBe('{"key": "[MASKED:private-key]\\n", "id": 1}');
  });

  it('masks the body lines after a BEGIN line whose END is missing', () => {
    const body = fake('', 'MIIEvQIBADANBgkqhkiG9w0BAQEFAASC', 2);
    const input = ['-----BEGIN OPENSSH PRIVATE KEY-----', body, body, 'next: value'].join('\n');
    expect(maskSecrets(input).text).toBe(
      ['[MASKED:private-key]', '[MASKED:private-key]', '[MASKED:private-key]', 'next: value'].join('\n'),
    );
  });

  it('does not mask the same secret twice under two rules', () => {
    const { text, findings } = maskSecrets(`api_key = "${fake('sk-', 'Ab3d', 12)}"`);
    expect(text).toBe('api_key = "[MASKED:openai-key]"');
    expect(findings).toEqual([{ kind: 'openai-key', count: 1 }]);
  });

  it('finds nothing more to mask in text it masked already', () => {
    const once = maskSecrets(samples.map(([, secret]) => `key = "${secret}"\nAPI_KEY=${secret}`).join('\n'));
    expect(once.findings.length).toBeGreaterThan(0);
    expect(maskSecrets(once.text)).toEqual({ text: once.text, findings: [] });
  });

  it('counts each kind once per occurrence', () => {
    const token = fake('ghp_', 'a1B2', 9);
    const { findings } = maskSecrets(`${token}\n${token}\n${fake('AKIA', 'Q3ZX', 4)}`);
    expect(findings).toEqual([
      { kind: 'github-token', count: 2 },
      { kind: 'aws-access-key-id', count: 1 },
    ]);
  });

  it('gets through a megabyte of adversarial text', () => {
    const pieces = [
      'password = "',
      'sk-',
      'eyJ'.repeat(50),
      '-----BEGIN PRIVATE KEY-----\n',
      'a'.repeat(300),
      'AIza',
      ' = = : ',
      '"'.repeat(100),
    ];
    let input = '';
    for (let index = 0; input.length < 1_000_000; index++) input += pieces[index % pieces.length];
    const result = maskSecrets(input);
    expect(result.text.split('\n')).toHaveLength(input.split('\n').length);
  });
});

describe('mergeMaskFindings', () => {
  it('adds counts of the same kind, kinds in first-seen order', () => {
    expect(
      mergeMaskFindings(
        [{ kind: 'jwt', count: 1 }],
        [],
        [
          { kind: 'private-key', count: 1 },
          { kind: 'jwt', count: 2 },
        ],
      ),
    ).toEqual([
      { kind: 'jwt', count: 3 },
      { kind: 'private-key', count: 1 },
    ]);
  });
});

describe('maskChangedFiles', () => {
  it('masks patches and leaves files without secrets or patches as they were', () => {
    const clean = changedFile();
    const binary = changedFile({ path: 'logo.png', patch: undefined });
    const leaky = changedFile({ path: '.env', patch: `@@ -0,0 +1 @@\n+TOKEN=${fake('ghp_', 'a1B2', 9)}` });
    const result = maskChangedFiles([clean, binary, leaky]);
    expect(result.files[0]).toBe(clean);
    expect(result.files[1]).toBe(binary);
    expect(result.files[2]!.patch).toBe('@@ -0,0 +1 @@\n+TOKEN=[MASKED:github-token]');
    expect(result.findings).toEqual([{ kind: 'github-token', count: 1 }]);
  });
});
