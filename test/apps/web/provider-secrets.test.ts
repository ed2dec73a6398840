import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import pg from 'pg';
import {
  adminToken,
  createOrganizationAndProject,
  type ManagementServer,
  startManagementServer,
} from '../../support/start-switchyard.js';
import { testDatabaseUrl } from '../../support/test-resources.js';

const plaintext = 'sk-live-PLAINTEXT-never-stored-9f8e7d6c5b4a';

/** Every byte Postgres holds for the matching rows: text columns and raw bytea contents. */
async function readRowBytes(table: string, where: string, value: string): Promise<Buffer> {
  const client = new pg.Client({ connectionString: testDatabaseUrl() });
  await client.connect();
  try {
    const result = await client.query(`SELECT * FROM ${table} WHERE ${where} = $1`, [value]);
    const parts = result.rows.flatMap((row: Record<string, unknown>) =>
      Object.values(row).map((field) =>
        Buffer.isBuffer(field) ? field : Buffer.from(JSON.stringify(field) ?? '', 'utf8'),
      ),
    );
    return Buffer.concat(parts);
  } finally {
    await client.end();
  }
}

describe('provider secrets', () => {
  let management: ManagementServer;
  let withoutKey: ManagementServer;
  beforeAll(async () => {
    management = await startManagementServer();
    withoutKey = await startManagementServer({ SETTINGS_ENCRYPTION_KEY: '' });
  });
  afterAll(async () => {
    await management.close();
    await withoutKey.close();
  });

  it('never reach the database, the logs or an API response in plaintext', async () => {
    const { organizationId, projectId } = await createOrganizationAndProject(management);
    const responses = [
      await management.call('PUT', `/api/v1/projects/${projectId}/providers/openai`, {
        kind: 'openai',
        apiKey: plaintext,
      }),
      await management.call('PUT', `/api/v1/orgs/${organizationId}/providers/openai`, {
        kind: 'openai',
        apiKey: plaintext,
      }),
      await management.call('GET', `/api/v1/projects/${projectId}`),
      await management.call('GET', `/api/v1/orgs/${organizationId}`),
      await management.call('PUT', `/api/v1/projects/${projectId}/providers/bad`, {
        kind: 'x',
        apiKey: plaintext,
      }),
    ];
    expect((await management.context.projectSettings.get(projectId)).providers.openai?.apiKey).toBe(
      plaintext,
    );
    for (const response of responses) expect(response.body).not.toContain(plaintext);
    expect(responses[0]!.json().keyHint).toBe('sk-…5b4a');

    const hex = Buffer.from(plaintext, 'utf8').toString('hex');
    const stored = await readRowBytes('provider_credentials', 'organization_id', organizationId);
    expect(stored.length).toBeGreaterThan(0);
    expect(stored.includes(Buffer.from(plaintext, 'utf8'))).toBe(false);
    expect(stored.toString('utf8')).not.toContain(hex);
    const audit = await readRowBytes('audit_events', 'organization_id', organizationId);
    expect(audit.toString('utf8')).toContain('provider-credential.update');
    expect(audit.includes(Buffer.from(plaintext, 'utf8'))).toBe(false);
    const malformed = await management.send(
      'PUT',
      `/api/v1/projects/${projectId}/providers/openai`,
      { authorization: `Bearer ${adminToken}`, 'content-type': 'application/json' },
      `{"kind":"openai","apiKey": ${plaintext}}`,
    );
    expect(malformed.statusCode).toBe(400);
    expect(malformed.body).not.toContain(plaintext);
    expect(management.logs()).toContain('request completed');
    expect(management.logs()).not.toContain(plaintext);
  });

  it('fail to decrypt with settings.decrypt_failed when a ciphertext is copied to another row', async () => {
    const victim = await createOrganizationAndProject(management);
    const thief = await createOrganizationAndProject(management);
    for (const { projectId } of [victim, thief]) {
      await management.call('PUT', `/api/v1/projects/${projectId}/providers/openai`, {
        kind: 'openai',
        apiKey: `sk-key-of-${projectId}`,
      });
    }
    const { prisma } = management.context;
    const source = await prisma.providerCredential.findUniqueOrThrow({
      where: { scopeId_name: { scopeId: victim.projectId, name: 'openai' } },
    });
    await prisma.providerCredential.update({
      where: { scopeId_name: { scopeId: thief.projectId, name: 'openai' } },
      data: {
        keyCiphertext: source.keyCiphertext,
        keyNonce: source.keyNonce,
        wrappedDataKey: source.wrappedDataKey,
        masterKeyVersion: source.masterKeyVersion,
      },
    });
    await management.context.projectSettings.invalidate({ projectId: thief.projectId });
    await expect(management.context.projectSettings.get(thief.projectId)).rejects.toMatchObject({
      code: 'settings.decrypt_failed',
    });
    // The settings page still shows the project (it never decrypts), so the key can be stored again.
    expect((await management.call('GET', `/api/v1/projects/${thief.projectId}`)).statusCode).toBe(200);
  });

  it('cannot be stored without SETTINGS_ENCRYPTION_KEY, while everything else still works', async () => {
    const { projectId } = await createOrganizationAndProject(withoutKey);
    const refused = await withoutKey.call('PUT', `/api/v1/projects/${projectId}/providers/openai`, {
      kind: 'openai',
      apiKey: plaintext,
    });
    expect(refused.statusCode).toBe(503);
    expect(refused.json().error.code).toBe('settings.encryption_key_missing');
    expect(refused.json().error.message).toContain('set it to a key made with `openssl rand -base64 32`');
    expect(refused.body).not.toContain(plaintext);
    const baseUrlOnly = await withoutKey.call('PUT', `/api/v1/projects/${projectId}/providers/ollama`, {
      kind: 'openai-compatible',
      baseUrl: 'http://127.0.0.1:11434/v1',
    });
    expect(baseUrlOnly.statusCode).toBe(200);
    expect(
      (await withoutKey.call('PUT', `/api/v1/projects/${projectId}/budget`, { dailyUsd: 1 })).statusCode,
    ).toBe(200);
    const settings = await withoutKey.context.projectSettings.get(projectId);
    expect(settings.providers.ollama).toMatchObject({
      baseUrl: 'http://127.0.0.1:11434/v1',
      source: 'project',
    });
    expect(withoutKey.logs()).not.toContain(plaintext);
  });
});
